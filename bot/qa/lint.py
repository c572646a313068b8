"""Lints for the knowledge base, beyond what loading already rejects (`python -m bot check`).

Warnings point at things that make answers worse without making the YAML invalid: too few phrasings, phrasings
that the matcher routes to another entry, and near-identical phrasings in entries whose verdicts differ (the bot
could give opposite answers to the same words).

Legal lints, for mistakes the December 2026 audit found (LEGAL.md C1, C3, C4, C9):
- a spouse entry (suami/istri/pasangan in its id or text) with a phrasing about another relative ("anak saya",
  "bapak saya", "ayahku", "my father"): those questions must never reach a spouse card or its CLTN advice;
- a `prohibited` or `conditional` summary that opens with "Boleh" / "Allowed" / "You may";
- an entry about PPPK that cites PP 42/2004 (the code of ethics covers PNS and CPNS only);
- sources.yaml: a url that is not https on an official host, and a basis instrument without a record.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process

from bot.qa.knowledge import Entry, KnowledgeBase
from bot.qa.matcher import Matcher

MIN_PHRASINGS = {"info": 4}
MIN_PHRASINGS_DEFAULT = 8
NEAR_IDENTICAL = 92.0


def lint(matcher: Matcher) -> list[str]:
    warnings: list[str] = []
    kb = matcher.kb
    for entry in kb:
        label = f"{entry.source}: entry {entry.id}"
        need = MIN_PHRASINGS.get(entry.verdict, MIN_PHRASINGS_DEFAULT)
        if len(entry.id_text.questions) < need:
            warnings.append(f"{label}: questions: {len(entry.id_text.questions)} phrasings, want at least {need}")
        if not entry.en_text.questions:
            warnings.append(f"{label}: en.questions: add at least one English phrasing")
        if not entry.basis:
            warnings.append(f"{label}: basis: no citation; every entry should cite where it comes from")
        for phrasing in entry.phrasings:
            ranked = matcher.rank(matcher.normalizer.tokens(phrasing))
            own = next((r.score for r in ranked if r.entry.id == entry.id), 0.0)
            rival = next((r for r in ranked if r.entry.id != entry.id), None)
            if rival is not None and rival.score >= own - 1e-9:
                warnings.append(
                    f"{label}: phrasing {phrasing!r} routes to {rival.entry.id} "
                    f"({rival.score:.2f} >= {own:.2f}); make it more distinctive"
                )
    warnings.extend(_near_identical(matcher))
    others = matcher.normalizer.lexicon.other_actors
    for entry in kb:
        warnings.extend(legal_lints(entry))
        for word in sorted(set(entry.covers) - others):
            warnings.append(f"{entry.source}: entry {entry.id}: covers: {word!r} is not in the lexicon's other_actors")
    warnings.extend(source_lints(kb))
    for word in matcher.normalizer.lexicon.tokens:
        if " " in word:
            warnings.append(f"lexicon.yaml: tokens: {word!r} has a space; put multi-word keys under phrases")
    return warnings


def _near_identical(matcher: Matcher) -> list[str]:
    """Phrasings of entries with different verdicts whose normalised forms are (almost) the same."""
    items = []
    for entry in matcher.kb:
        for phrasing in entry.phrasings:
            tokens = matcher.normalizer.tokens(phrasing)
            if tokens:
                items.append((entry, phrasing, " ".join(sorted(tokens))))
    if len(items) < 2:
        return []
    keys = [i[2] for i in items]
    warnings = []
    for a, (entry, phrasing, key) in enumerate(items):
        for _, _, b in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_IDENTICAL, limit=None):
            other, other_phrasing, _ = items[b]
            if b > a and other.verdict != entry.verdict:
                warnings.append(
                    f"{entry.source}: entry {entry.id}: phrasing {phrasing!r} is nearly identical to "
                    f"{other_phrasing!r} of {other.id} ({other.verdict}); add the words that tell them apart"
                )
    return warnings


# -- legal lints ------------------------------------------------------------------------------------------------

# "pasangan calon" (paslon) is a candidate ticket, not a spouse.
SPOUSE_RE = re.compile(
    r"\b(?:suami|istri|isteri)(?:nya|ku|mu)?\b|\bpasangan(?:nya|ku|mu)\b"
    r"|\bpasangan\b(?!\s+(?:calon|capres|cawapres|cagub|cawagub|cabup|cawabup|cawalkot|presiden|kepala|nomor|no)\b)"
    r"|\b(?:spouse|husband|wife)s?\b",
    re.I,
)
# Words that are kinship only when someone's own relative is meant: "ibu"/"bapak"/"kakak" are also polite ways of
# addressing anyone, and "anak" is also a pupil ("anak-anak") or a subordinate ("anak buah").
_KIN_ID = (r"anak|putra|putri|bapak|bapa|ayah|papa|papi|abah|ibu|ibunda|mama|mami|emak|umi|kakak|kak|abang|adik|"
           r"adek|paman|om|pakde|bude|bibi|tante|mertua|ipar|keponakan|ponakan|sepupu|saudara|sodara|kakek|nenek|"
           r"cucu|ortu|orang\s+tua|orangtua")
_OWN_ID = r"saya|aku|gue|gua|gw|sy|ane|kami|sendiri|kandung"
_KIN_EN = (r"father|mother|dad|daddy|mum|mom|mummy|mommy|parents?|sons?|daughters?|child|children|kids?|"
           r"brothers?|sisters?|siblings?|uncle|aunt|auntie|cousin|nephew|niece|grand(?:father|mother|parents?|son|"
           r"daughter|child)|(?:father|mother|brother|sister|son|daughter)s?-in-law|in-laws?|relatives?")
OTHER_RELATIVE_RE = re.compile(
    rf"\b(?:{_KIN_ID})(?:\s+(?:{_OWN_ID})\b|ku\b|\s+ipar\b)"  # anak saya, ayahku, kakak ipar
    r"|\b(?:bokap|nyokap|mertua|keponakan|ponakan|sepupu)\b"  # always someone's own relative
    rf"|\bmy\s+(?:(?:own|older|elder|younger|little|big|eldest|youngest|late)\s+)?(?:{_KIN_EN})\b",
    re.I,
)
# A non-spouse relative named in an entry's id or summary makes it an entry about relatives, not about a spouse.
RELATIVE_TOPIC_RE = re.compile(
    r"\b(anak|orang\s*tua|ortu|ayah|kakak|adik|saudara|paman|mertua|ipar|keponakan|sepupu|kerabat|relatives?|"
    r"parents?|child(?:ren)?|siblings?|in-laws?)\b", re.I)
BOLEH_OPENING_RE = re.compile(r"^\W*(boleh|allowed|you\s+may|you\s+are\s+allowed)\b", re.I)
SPOUSE_MENTIONS = 2  # in the explanations (both languages), to count as the subject
PPPK_RE = re.compile(r"\b(pppk|p3k)\b", re.I)
PNS_RE = re.compile(r"\b(c?pns)\b", re.I)
PP_42_2004 = "PP 42/2004"

OFFICIAL_HOSTS = ("peraturan.bpk.go.id", "mkri.id", "www.mkri.id")
OFFICIAL_SUFFIXES = (".go.id",)  # peraturan.go.id, jdih.<body>.go.id, bkn.go.id, ...


def legal_lints(entry: Entry) -> list[str]:
    """The legal lints for one entry (see the module docstring)."""
    label = f"{entry.source}: entry {entry.id}"
    warnings = []
    if is_about_spouse(entry):
        for phrasing in entry.phrasings:
            if not SPOUSE_RE.search(phrasing) and (found := OTHER_RELATIVE_RE.search(phrasing)):
                warnings.append(
                    f"{label}: phrasing {phrasing!r} names another relative ({found.group(0)!r}) in a spouse entry; "
                    f"the CLTN route is only for a spouse (LEGAL.md C3): move it to a relatives entry"
                )
    if entry.verdict in ("prohibited", "conditional"):
        for field, text in (("summary", entry.id_text.summary), ("en.summary", entry.en_text.summary)):
            if found := BOLEH_OPENING_RE.match(text):
                warnings.append(
                    f"{label}: {field}: a {entry.verdict} summary opens with {found.group(1)!r}; open with what is "
                    f"not allowed or the condition (LEGAL.md C1, C4)"
                )
    if any(c.instrument == PP_42_2004 for c in entry.basis) and is_about_pppk(entry):
        warnings.append(
            f"{label}: basis: cites PP 42/2004 in an entry about PPPK; the code of ethics covers PNS and CPNS only: "
            f"cite PP 49/2018 for PPPK (LEGAL.md C9)"
        )
    return warnings


def is_about_spouse(entry: Entry) -> bool:
    """A spouse in the id or a summary, or again and again in the explanations (one aside is not the subject);
    and no other relative in the id or the summaries (that is an entry about relatives, which may name a spouse)."""
    headline = " ".join([entry.id.replace("-", " "), entry.id_text.summary, entry.en_text.summary])
    explanations = " ".join([entry.id_text.explanation, entry.en_text.explanation])
    about = bool(SPOUSE_RE.search(headline)) or len(SPOUSE_RE.findall(explanations)) >= SPOUSE_MENTIONS
    return about and not RELATIVE_TOPIC_RE.search(headline)


def is_about_pppk(entry: Entry) -> bool:
    """PPPK in the id, or PPPK named in the entry's text (summary, explanation, conditions, sanction) with no PNS
    beside it: an entry for all ASN may cite PP 42/2004 for its PNS while naming PP 49/2018 for its PPPK."""
    if PPPK_RE.search(entry.id.replace("-", " ")):
        return True
    text = " ".join(" ".join([t.summary, t.explanation, t.sanction or "", *t.conditions])
                    for t in (entry.id_text, entry.en_text))
    return bool(PPPK_RE.search(text)) and not PNS_RE.search(text)


def source_lints(kb: KnowledgeBase) -> list[str]:
    """sources.yaml: every url well formed and official; every instrument cited in a basis has a record."""
    warnings = []
    for source in kb.sources:
        if source.url is not None and (problem := url_problem(source.url)):
            warnings.append(f"{source.where}: source {source.instrument}: url: {problem}")
    missing: dict[str, str] = {}
    for entry in kb:
        for citation in entry.basis:
            if citation.source is None and citation.instrument not in missing:
                missing[citation.instrument] = entry.source
    for instrument, where in missing.items():
        warnings.append(f"{where}: basis: {instrument!r} has no record in sources.yaml (add its gloss and, where "
                        f"known, the official url)")
    return warnings


def url_problem(url: str) -> str | None:
    """Why `url` is not an acceptable link to an official text, or None."""
    if any(c.isspace() for c in url) or any(c in url for c in "\"<>\\"):
        return f"{url!r} contains a space, a quote or a bracket"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return f"{url!r} is not a valid address"
    if parts.scheme != "https":
        return f"{url!r} must start with https://"
    if parts.username or parts.password or parts.port not in (None, 443):
        return f"{url!r} must not carry a user name or a port"
    if not (host in OFFICIAL_HOSTS or host.endswith(OFFICIAL_SUFFIXES)):
        return f"{url!r} is not on an official host ({', '.join(OFFICIAL_HOSTS)} or *.go.id)"
    return None
