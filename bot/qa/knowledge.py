"""Load and validate the YAML knowledge base into immutable dataclasses.

The knowledge base is legal guidance, so loading is strict: every problem is reported as
`file:line: entry <id>: <field>: <what is wrong>` and all problems are reported at once, so a content editor can
fix a whole file in one go. `python -m bot check` adds lints (warnings) on top of these errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeGuard

from bot.qa.yamlfile import KnowledgeError, load_yaml

if TYPE_CHECKING:
    from bot.qa.sources import Source

VERDICTS = ("prohibited", "allowed", "conditional", "info")
CONFIDENCES = ("high", "medium", "low")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,31}$")
ROW_RE = re.compile(r"^([A-H]\d{1,2}a?|S[0-3])$")  # a LEGAL.md section-1 row (e.g. "D24", "G46a") or S0-S3
SUMMARY_MAX = 200
EXPLANATION_MAX = 1200
OUT_OF_SCOPE_FILE = "luar-cakupan.yaml"
SOURCES_FILE = "sources.yaml"  # the cited instruments: gloss and link (bot/qa/sources.py)
NON_KNOWLEDGE_FILES = {"topics.yaml", "lexicon.yaml", OUT_OF_SCOPE_FILE, SOURCES_FILE}

# Repealed or wrong instruments that must never be cited as a basis (LEGAL.md, "Pitfalls").
FORBIDDEN_BASIS = (
    (re.compile(r"\bUU\b\D*5\s*/\s*2014|\bUU\b.*\b5\b.*\b2014\b", re.I), "UU 5/2014 is repealed: cite UU 20/2023"),
    (re.compile(r"\bPP\b\D*42\s*/\s*2024|\bPP\b.*\b42\b.*\b2024\b", re.I),
     "PP 42/2024 is about halal products: cite PP 42/2004"),
    (re.compile(r"\bPP\b\D*53\s*/\s*2010|\bPP\b.*\b53\b.*\b2010\b", re.I), "PP 53/2010 is superseded: cite PP 94/2021"),
)


@dataclass(frozen=True)
class Citation:
    instrument: str
    article: str
    source: Source | None = None  # the sources.yaml record of the instrument (gloss, url), when there is one

    def __str__(self) -> str:
        return f"{self.instrument} {self.article}".strip()


@dataclass(frozen=True)
class Text:
    """The user-facing text of an entry in one language."""

    summary: str
    explanation: str
    questions: tuple[str, ...]
    conditions: tuple[str, ...]
    sanction: str | None


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    verdict: str
    confidence: str
    basis: tuple[Citation, ...]
    reviewed: dt.date
    id_text: Text
    en_text: Text
    source: str  # "file.yaml:line", for error messages and lints
    rows: tuple[str, ...] = ()  # the LEGAL.md rows this entry answers ("D24", "G46a", "S2"), for the evaluation
    # Others whose conduct the entry's legal basis also binds, as lexicon `other_actors` tokens ("kepaladesa": UU
    # 10/2016 Ps 71 names village heads beside ASN officials): a question about them is the entry's to answer.
    covers: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # Entries key the card and keyboard caches on every reply; the generated hash would walk every field (all
        # the phrasings) each time. Equal entries have equal ids, so this agrees with the generated __eq__.
        return hash(self.id)

    def text(self, language: str = "id") -> Text:
        return self.en_text if language == "en" else self.id_text

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every phrasing the matcher indexes for this entry, Indonesian then English."""
        return self.id_text.questions + self.en_text.questions


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    title_en: str
    emoji: str

    def label(self, language: str = "id") -> str:
        return f"{self.emoji} {self.title_en if language == 'en' else self.title}"


@dataclass(frozen=True)
class Scope:
    """A kind of question the bot must not rule on (salary, TPS hours, chit-chat), with a pointer instead."""

    id: str
    reply: str
    reply_en: str
    questions: tuple[str, ...]
    source: str
    verdict: str = "none"  # never a verdict, so ranking code can treat scopes and entries alike

    @property
    def phrasings(self) -> tuple[str, ...]:
        return self.questions

    def text(self, language: str = "id") -> str:
        return self.reply_en if language == "en" else self.reply


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    topics: tuple[Topic, ...]
    scopes: tuple[Scope, ...] = ()
    sources: tuple[Source, ...] = ()  # every record of sources.yaml, cited or not

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({e.id: e for e in self.entries}))
        object.__setattr__(self, "_topics", MappingProxyType({t.id: t for t in self.topics}))

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)  # type: ignore[attr-defined]

    def topic(self, topic_id: str) -> Topic | None:
        return self._topics.get(topic_id)  # type: ignore[attr-defined]

    def in_topic(self, topic_id: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.topic == topic_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def load_knowledge_base(directory: Path | str) -> KnowledgeBase:
    """Load `topics.yaml` and every topic file in `directory`; raise KnowledgeError listing all problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError([f"{directory}: knowledge directory not found (set KNOWLEDGE_DIR)"])
    problems: list[str] = []
    topics = _load_topics(directory / "topics.yaml", problems)
    topic_ids = {t.id for t in topics}
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name in NON_KNOWLEDGE_FILES:
            continue
        try:
            data = load_yaml(path)
        except KnowledgeError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            problems.append(f"{path.name}:1: expected a top-level 'entries:' list")
            continue
        for raw in data["entries"]:
            entry = _parse_entry(raw, path.name, topic_ids, problems)
            if entry is None:
                continue
            if entry.id in seen:
                problems.append(f"{entry.source}: entry {entry.id}: id: duplicate of the entry at {seen[entry.id]}")
                continue
            seen[entry.id] = entry.source
            entries.append(entry)
    if not entries and not problems:
        problems.append(f"{directory}: no entries found")
    scopes = _load_scopes(directory / OUT_OF_SCOPE_FILE, seen, problems)
    from bot.qa.sources import SourceIndex, load_sources  # here: bot.qa.sources imports this module

    try:
        index = load_sources(directory / SOURCES_FILE)
    except KnowledgeError as exc:
        problems.extend(exc.problems)
        index = SourceIndex()
    if problems:
        raise KnowledgeError(problems)
    order = {t.id: i for i, t in enumerate(topics)}
    entries.sort(key=lambda e: order.get(e.topic, len(order)))  # stable: file order within a topic
    entries = [_with_sources(e, index) for e in entries]
    return KnowledgeBase(entries=tuple(entries), topics=tuple(topics), scopes=tuple(scopes), sources=index.records)


def _with_sources(entry: Entry, index: Any) -> Entry:
    """The entry with each citation's sources.yaml record attached (exact instrument name; None when unknown)."""
    if not len(index):
        return entry
    return replace(entry, basis=tuple(replace(c, source=index.find(c.instrument)) for c in entry.basis))


def _load_scopes(path: Path, seen: dict[str, str], problems: list[str]) -> list[Scope]:
    """The optional out-of-scope file: `scopes:` with id, reply, en and questions."""
    if not path.exists():
        return []
    try:
        data = load_yaml(path)
    except KnowledgeError as exc:
        problems.extend(exc.problems)
        return []
    if not isinstance(data, dict) or not isinstance(data.get("scopes"), list):
        problems.append(f"{path.name}:1: expected a top-level 'scopes:' list")
        return []
    scopes = []
    for raw in data["scopes"]:
        where = f"{path.name}:{raw.get('__line__', '?') if isinstance(raw, dict) else '?'}"
        questions = raw.get("questions") if isinstance(raw, dict) else None
        if (not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not ID_RE.match(raw["id"])
                or not _text(raw.get("reply")) or not _text(raw.get("en"))
                or not isinstance(questions, list) or not questions or not all(_text(q) for q in questions)):
            problems.append(f"{where}: a scope needs id, reply, en and a non-empty list of questions")
            continue
        if raw["id"] in seen:
            problems.append(f"{where}: scope {raw['id']}: id: already used at {seen[raw['id']]}")
            continue
        seen[raw["id"]] = where
        scopes.append(Scope(raw["id"], raw["reply"].strip(), raw["en"].strip(),
                            tuple(q.strip() for q in questions), where))
    return scopes


def _load_topics(path: Path, problems: list[str]) -> list[Topic]:
    try:
        data = load_yaml(path)
    except KnowledgeError as exc:
        problems.extend(exc.problems)
        return []
    topics = []
    for raw in (data or {}).get("topics", []) if isinstance(data, dict) else []:
        where = f"{path.name}:{raw.get('__line__', '?') if isinstance(raw, dict) else '?'}"
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "title", "en", "emoji")):
            problems.append(f"{where}: a topic needs the text fields id, title, en and emoji")
            continue
        topics.append(Topic(id=raw["id"], title=raw["title"], title_en=raw["en"], emoji=raw["emoji"]))
    if not topics:
        problems.append(f"{path.name}:1: expected a top-level 'topics:' list")
    return topics


def _parse_entry(raw: Any, filename: str, topic_ids: set[str], problems: list[str]) -> Entry | None:
    if not isinstance(raw, dict):
        problems.append(f"{filename}: every item under 'entries' must be a mapping")
        return None
    source = f"{filename}:{raw.get('__line__', '?')}"
    entry_id = raw.get("id")
    label = f"{source}: entry {entry_id if isinstance(entry_id, str) else '?'}"
    before = len(problems)

    def fail(field: str, message: str) -> None:
        problems.append(f"{label}: {field}: {message}")

    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        fail("id", "required; 3-32 characters of a-z, 0-9 and '-', starting with a letter or digit")
    topic = raw.get("topic")
    if topic not in topic_ids:
        fail("topic", f"must be one of the topics in topics.yaml, got {topic!r}")
    elif filename != f"{topic}.yaml":
        fail("topic", f"entry of topic {topic!r} belongs in {topic}.yaml")
    verdict = raw.get("verdict")
    if verdict not in VERDICTS:
        fail("verdict", f"must be one of {', '.join(VERDICTS)}, got {verdict!r}")
    confidence = raw.get("confidence", "medium")
    if confidence not in CONFIDENCES:
        fail("confidence", f"must be one of {', '.join(CONFIDENCES)}, got {confidence!r}")
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, dt.date):
        fail("reviewed", "required, a date written as YYYY-MM-DD")

    basis = _parse_basis(raw.get("basis"), fail)
    if verdict in ("prohibited", "allowed", "conditional") and not basis:
        fail("basis", f"a {verdict} entry must cite its legal basis")
    rows = _parse_rows(raw.get("rows"), fail)
    covers = raw.get("covers") or []
    if not isinstance(covers, list) or not all(isinstance(c, str) and c.strip() for c in covers):
        fail("covers", "must be a list of words from the lexicon's other_actors, such as kepaladesa")
        covers = []

    id_text = _parse_text(raw, verdict, "", fail)
    en = raw.get("en")
    if not isinstance(en, dict):
        fail("en", "required: the English block with summary, explanation and questions")
        en = {}
    en_text = _parse_text(en, verdict, "en.", fail)
    if len(id_text.conditions) != len(en_text.conditions):
        fail("en.conditions", "must have as many items as conditions")

    if len(problems) > before:
        return None
    assert isinstance(entry_id, str) and isinstance(reviewed, dt.date)  # checked above
    return Entry(
        id=entry_id,
        topic=str(topic),
        verdict=str(verdict),
        confidence=confidence,
        basis=tuple(basis),
        reviewed=reviewed,
        id_text=id_text,
        en_text=en_text,
        source=source,
        rows=tuple(rows),
        covers=tuple(c.strip() for c in covers),
    )


def _parse_basis(raw_basis: Any, fail: Any) -> list[Citation]:
    if not raw_basis:
        return []
    if not isinstance(raw_basis, list):
        fail("basis", "must be a list of {instrument, article}")
        return []
    basis: list[Citation] = []
    for item in raw_basis:
        if not isinstance(item, dict) or not _text(item.get("instrument")) or not _text(item.get("article")):
            fail("basis", "every item needs non-empty 'instrument' and 'article'")
            continue
        citation = Citation(item["instrument"].strip(), item["article"].strip())
        for pattern, why in FORBIDDEN_BASIS:
            if pattern.search(citation.instrument):
                fail("basis", f"{citation.instrument!r}: {why}")
        basis.append(citation)
    return basis


def _parse_rows(raw_rows: Any, fail: Any) -> list[str]:
    """The LEGAL.md rows an entry answers (optional)."""
    if raw_rows is None:
        return []
    if not isinstance(raw_rows, list) or not all(isinstance(r, str) for r in raw_rows):
        fail("rows", "must be a list of LEGAL.md rows such as D24, G46a or S2")
        return []
    rows: list[str] = []
    for row in raw_rows:
        if not ROW_RE.match(row.strip()):
            fail("rows", f"{row!r}: expected a section letter and row number (A1-H55, e.g. G46a) or S0-S3")
        elif row.strip() in rows:
            fail("rows", f"{row!r}: listed twice")
        else:
            rows.append(row.strip())
    return rows


def _parse_text(raw: dict[str, Any], verdict: Any, prefix: str, fail: Any) -> Text:
    summary = raw.get("summary")
    if not _text(summary):
        fail(f"{prefix}summary", "required, one line")
    elif len(summary) > SUMMARY_MAX or "\n" in summary.strip():
        fail(f"{prefix}summary", f"must be one line of at most {SUMMARY_MAX} characters")
    explanation = raw.get("explanation")
    if not _text(explanation):
        fail(f"{prefix}explanation", "required")
    elif len(explanation) > EXPLANATION_MAX:
        fail(f"{prefix}explanation", f"at most {EXPLANATION_MAX} characters (it is read on a phone)")
    questions = _text_list(raw.get("questions"), f"{prefix}questions", fail)
    if not questions:
        fail(f"{prefix}questions", "at least one phrasing is required")
    conditions = _text_list(raw.get("conditions"), f"{prefix}conditions", fail)
    if verdict == "conditional" and not conditions:
        fail(f"{prefix}conditions", "required for a conditional entry")
    sanction = raw.get("sanction")
    if sanction is not None and not _text(sanction):
        fail(f"{prefix}sanction", "must be text")
    if verdict in ("prohibited", "allowed", "conditional") and not _text(sanction):
        fail(f"{prefix}sanction", "required: the sanction and its level, or a plain statement that there is none")
    return Text(
        summary=(summary or "").strip(),
        explanation=(explanation or "").strip(),
        questions=tuple(q.strip() for q in questions),
        conditions=tuple(c.strip() for c in conditions),
        sanction=sanction.strip() if _text(sanction) else None,
    )


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _text_list(value: Any, field: str, fail: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(_text(v) for v in value):
        fail(field, "must be a list of non-empty texts")
        return []
    return value
