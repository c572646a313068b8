"""The legal instruments the knowledge base cites (`knowledge/sources.yaml`): a plain-words gloss and a link.

A pure data loader, strict like the rest of the knowledge base: every problem is reported as `sources.yaml:line:
...`, all at once, as a KnowledgeError. `load_knowledge_base` attaches the matching record to every citation
(`Citation.source`), so that a card can show the gloss and the link the first time an instrument appears.

Matching is by name, exactly, after a light normalisation that only forgives spelling noise (case, runs of spaces,
spaces around "/", "-" and "."): "PP 94/2021" matches "pp 94 / 2021" but never "PP 9/2021" or "PP 94/2012". A
record may list `aliases` for other exact spellings (e.g. "MK 135/PUU-XXII/2024" for "Putusan MK 135/PUU-XXII/2024").
The form of each `url` (https, an official host) is checked by `python -m bot check` (bot/lint.py), not here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

SOURCES_FILE = "sources.yaml"
GLOSS_MAX = 160
_SPACES = re.compile(r"\s+")
_AROUND_PUNCT = re.compile(r"\s*([/.\-])\s*")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


@dataclass(frozen=True)
class Source:
    """One legal instrument: its name exactly as cited, a gloss in each language and, where one exists, a link."""

    instrument: str
    gloss: str
    gloss_en: str
    url: str | None = None
    aliases: tuple[str, ...] = ()
    where: str = ""  # "sources.yaml:12", for lints

    def text(self, language: str = "id") -> str:
        """The gloss in `language` ("id" or "en")."""
        return self.gloss_en if language == "en" else self.gloss

    @property
    def names(self) -> tuple[str, ...]:
        return (self.instrument, *self.aliases)


def instrument_key(name: str) -> str:
    """The form two instrument names are compared in: exact up to case, spaces and unicode dashes."""
    text = unicodedata.normalize("NFKC", name).translate(_DASHES)
    text = _SPACES.sub(" ", text).strip()
    return _AROUND_PUNCT.sub(r"\1", text).casefold()


class SourceIndex:
    """Source records by instrument name (and alias)."""

    def __init__(self, records: Iterable[Source] = ()):
        self.records: tuple[Source, ...] = tuple(records)
        self._by_key = {instrument_key(name): s for s in self.records for name in s.names}

    def find(self, instrument: str) -> Source | None:
        return self._by_key.get(instrument_key(instrument))

    def __len__(self) -> int:
        return len(self.records)


def load_sources(path: Path) -> SourceIndex:
    """Read `sources.yaml`; a missing file is an empty index. Raises KnowledgeError listing every problem."""
    from bot.qa.knowledge import (  # here: bot.qa.knowledge imports this module lazily too
        KnowledgeError,
        load_yaml,
    )

    if not path.exists():
        return SourceIndex()
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise KnowledgeError([f"{path.name}:1: expected a top-level 'sources:' list"])
    problems: list[str] = []
    records: list[Source] = []
    seen: dict[str, str] = {}
    for raw in data["sources"]:
        if not isinstance(raw, dict):
            problems.append(f"{path.name}: every item under 'sources' must be a mapping")
            continue
        record = _parse(raw, f"{path.name}:{raw.get('__line__', '?')}", problems)
        if record is None:
            continue
        clash = [name for name in record.names if instrument_key(name) in seen]
        for name in clash:
            problems.append(f"{record.where}: source {record.instrument}: {name!r} is already listed at "
                            f"{seen[instrument_key(name)]}")
        if clash:
            continue
        for name in record.names:
            seen[instrument_key(name)] = record.where
        records.append(record)
    if problems:
        raise KnowledgeError(problems)
    return SourceIndex(records)


def _parse(raw: dict[str, Any], where: str, problems: list[str]) -> Source | None:
    before = len(problems)
    instrument = raw.get("instrument")
    label = f"{where}: source {instrument if isinstance(instrument, str) else '?'}"

    def fail(field: str, message: str) -> None:
        problems.append(f"{label}: {field}: {message}")

    unknown = sorted(set(raw) - {"instrument", "gloss", "en", "url", "aliases", "__line__"})
    if unknown:
        fail(unknown[0], "unknown field; a source has instrument, gloss, en, url and aliases")
    if not _text(instrument):
        fail("instrument", "required: the name exactly as cited in basis, e.g. 'PP 94/2021'")
    for field in ("gloss", "en"):
        value = raw.get(field)
        if not _text(value):
            fail(field, "required: a short plain-words gloss")
        elif len(value.strip()) > GLOSS_MAX or "\n" in value.strip():
            fail(field, f"one line of at most {GLOSS_MAX} characters")
    url = raw.get("url")
    if url is not None and not _text(url):
        fail("url", "must be text (leave the field out where no official text is known)")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(_text(a) for a in aliases):
        fail("aliases", "must be a list of other spellings")
        aliases = []
    if len(problems) > before:
        return None
    return Source(
        instrument=str(instrument).strip(),  # checked by _text above
        gloss=raw["gloss"].strip(),
        gloss_en=raw["en"].strip(),
        url=url.strip() if isinstance(url, str) else None,
        aliases=tuple(a.strip() for a in aliases),
        where=where,
    )


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())
