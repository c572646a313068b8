"""Menus people can read on a phone: every choice written in full and numbered in the message, and short, distinct
button labels that carry the same number.

A phone cuts an inline button at about 35 characters, and summaries start alike ("ASN dilarang ..."), so a button
that shows the start of a summary loses the words that tell two choices apart. `choice_labels` drops what every
summary of its kind opens with (the verdict words, which the emoji already says), keeps the words that differ and
cuts at a word boundary; the full summaries are in the message text above the buttons (`numbered_list`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.qa.cards import verdict_label
from bot.qa.knowledge import Entry

LABEL_MAX = 36  # characters of a button label, number and emoji included: what a 390 px phone shows uncut
ELLIPSIS = "…"

# What summaries open with, by language: the verdict in words ("Boleh dengan syarat, tapi abu-abu:", "Info:") and
# the subject with its modal ("ASN dilarang", "Civil servants must not"). The verdict emoji on the button says it.
_OPENINGS = {
    "id": (re.compile(r"^(?:info|boleh[^:]{0,40}|bersyarat[^:]{0,40}|abu-abu[^:]{0,40}):\s*", re.IGNORECASE),
           re.compile(r"^(?:ASN|PNS|PPPK|CPNS)\s+(?:dilarang|boleh|tidak boleh|berhak)\s+", re.IGNORECASE),
           re.compile(r"^(?=Atasan|Suami dan istri)(\S+(?: dan istri)?)\s+dilarang\s+", re.IGNORECASE)),
    "en": (re.compile(r"^(?:info|allowed[^:]{0,40}|only with conditions[^:]{0,40}|conditional[^:]{0,40}"
                      r"|grey area[^:]{0,40}):\s*", re.IGNORECASE),
           re.compile(r"^(?:civil servants?|a civil servant|a pns)\s+(?:must not|may not|may|can)\s+", re.IGNORECASE),
           re.compile(r"^(?=Superiors)(\S+)\s+must not\s+", re.IGNORECASE)),
}
_TRAILING = " ,;:.-–—"
# "memposting atau membuat" -> "memposting/membuat": alternatives joined the way people write them in a hurry,
# which keeps the object of the sentence ("... status", "... grup") on the button.
_OR = {"id": re.compile(r"\s+atau\s+", re.IGNORECASE), "en": re.compile(r"\s+or\s+", re.IGNORECASE)}


def verdict_emoji(entry: Entry, language: str = "id") -> str:
    return verdict_label(entry.verdict, language).split()[0]


def gist(entry: Entry, language: str = "id") -> str:
    """The summary without its stock opening: "ASN dilarang memberi like, ..." -> "Memberi like, ..."."""
    text = entry.text(language).summary.strip()
    for pattern in _OPENINGS.get(language, _OPENINGS["id"]):
        shorter = pattern.sub(lambda m: f"{m.group(1)} " if m.groups() else "", text, count=1)
        if shorter:
            text = shorter
    return text[:1].upper() + text[1:]


def _cut(words: Sequence[str], room: int) -> str:
    """As many whole words as fit in `room` characters, with "…" when something was left out."""
    if len(" ".join(words)) <= room:
        return " ".join(words).rstrip(_TRAILING) or " ".join(words)
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) + len(ELLIPSIS) > room:
            # "komentar/membagikan" does not fit: "komentar" may (the ellipsis says something follows).
            alternatives = word.split("/")
            while len(alternatives) > 1:
                alternatives.pop()
                if len(" ".join([*kept, "/".join(alternatives)])) + len(ELLIPSIS) <= room:
                    kept.append("/".join(alternatives))
                    break
            break
        kept.append(word)
    if not kept:  # one very long word
        return words[0][: room - len(ELLIPSIS)] + ELLIPSIS
    return " ".join(kept).rstrip(_TRAILING) + ELLIPSIS


def choice_labels(entries: Sequence[Entry], language: str = "id", *, start: int = 1) -> list[str]:
    """Button labels "1. ⛔ Memberi like, komentar…", at most LABEL_MAX characters and all different.

    Where two labels would read the same (summaries that differ only late), the words they share at the start are
    replaced by "…" so that the words that differ are what the button shows.
    """
    compact = _OR.get(language, _OR["id"])
    words = [compact.sub("/", gist(entry, language)).split() for entry in entries]
    prefixes = [f"{start + i}. {verdict_emoji(entry, language)} " for i, entry in enumerate(entries)]
    bodies = [_cut(w, LABEL_MAX - len(p)) for w, p in zip(words, prefixes, strict=True)]
    for i, body in enumerate(bodies):
        twins = [j for j, other in enumerate(bodies) if other == body and j != i]
        if not twins:
            continue
        shared = _shared_start([words[k] for k in [i, *twins]])
        for k in [i, *twins]:
            rest = words[k][shared:] or words[k]
            bodies[k] = ELLIPSIS + _cut(rest, LABEL_MAX - len(prefixes[k]) - len(ELLIPSIS))
    return [prefix + body for prefix, body in zip(prefixes, bodies, strict=True)]


def _shared_start(word_lists: Sequence[Sequence[str]]) -> int:
    count = 0
    for column in zip(*word_lists, strict=False):  # up to the shortest list
        if len({w.lower() for w in column}) != 1:
            break
        count += 1
    return count


def numbered_list(entries: Sequence[Entry], language: str = "id", *, start: int = 1) -> str:
    """HTML lines "<b>1.</b> ⛔ <full summary>", one per entry, YAML text escaped."""
    return "\n".join(
        f"<b>{start + i}.</b> {verdict_emoji(entry, language)} {html.escape(entry.text(language).summary, quote=False)}"
        for i, entry in enumerate(entries)
    )


def numbered_text(entries: Sequence[Entry], language: str = "id", *, start: int = 1) -> str:
    """The same list in plain text, for the terminal."""
    return "\n".join(f"{start + i}. {verdict_emoji(entry, language)} {entry.text(language).summary}"
                     for i, entry in enumerate(entries))
