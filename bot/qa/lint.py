"""Lints for the knowledge base, beyond what loading already rejects (`python -m bot check`).

Warnings point at things that make answers worse without making the YAML invalid: too few phrasings, phrasings
that the matcher routes to another entry, and near-identical phrasings in entries whose verdicts differ (the bot
could give opposite answers to the same words).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

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
