"""Sentence ends, which the normaliser's words no longer show (`normalize.clean` keeps letters and digits only).

One use so far: a negation that opens a sentence. In "foto deng maitua yg caleg bole? seng posting" (round 39, VF)
the "seng" denies the post, but as words "bole seng posting" reads as the tag question "boleh gak" and the negation
became framing, so the question named a post. The same held "nonton debat kan? ga komen" (allowed) back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# What stands for a sentence end before an opening negation: two numbers, because `Normalizer._content` drops numbers
# and looks two words back for framing, so the word before the question mark is no longer the negation's neighbour.
SENTENCE_END = " 0 0 "


def opening_negations(negations: Iterable[str]) -> re.Pattern[str]:
    """A sentence end followed by one of `negations` and the word after it (group 1)."""
    words = "|".join(map(re.escape, sorted(negations, key=len, reverse=True)))
    return re.compile(rf"[?!.]+\s*(?=(?:{words})\s+(\w+))", re.IGNORECASE)


def mark_opening_negations(text: str, pattern: re.Pattern[str], denies: Callable[[str], bool]) -> str:
    """`text` with SENTENCE_END at each sentence end whose next sentence opens with a negation of a word that
    `denies` accepts (a post-like act): only there, so that "boleh? gak ada masalah kan" reads as before."""
    return pattern.sub(lambda m: SENTENCE_END if denies(m.group(1)) else m.group(0), text)
