"""What an English question's words mean where Indonesian rules would misread them (bot/qa/normalize.py applies both
only to a question whose words are at least a quarter common English ones, `Normalizer._language`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

POST_WORDS = frozenset({"share", "foto", "video", "akun"})  # what "like" may be the act on, besides social_acts


def english_base(word: str, listed: Mapping[str, str]) -> str | None:
    """The listed word an English inflection comes from ("attending", "posted", "candidates", "photocopies"), in an
    English question only: Indonesian and Javanese words end in these letters too ("saking", "kados", "nanging").
    Stems need four letters, which keeps "dies" and "takes" from "die" and "tak"; "ending" still becomes the listed
    regional word "ende" (docs/answering.md, round 31)."""
    bases: list[str] = []
    for suffix, adds in (("ies", ("y",)), ("ied", ("y",)), ("ing", ("", "e")), ("ed", ("", "e")), ("es", ("",)),
                         ("s", ("",))):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            bases += [stem + add for add in adds]
            if suffix in ("ing", "ed") and len(stem) > 4 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # "running", "mapped"
    return next((b for b in bases if len(b) >= 4 and b in listed), None)


def likes_a_post(words: list[str], i: int, social_acts: frozenset[str],
                 tokens: Callable[[str, bool], Iterable[str]]) -> bool:
    """"like" (words[i]) is the social-media act only after "a", "the", "no" or "click", or when one of the next
    four words maps (`tokens`) to a social-media token (lexicon `social_acts`, POST_WORDS): "like a candidate's
    post", "like and share", "only like, no comment"; never after "would" or "I'd". Elsewhere it compares ("vote like
    everyone else", "like the TNI") or prefers, and as the act it made a question name a prohibited act (round 32: of
    the 266 "like" in the pool's English questions, this keeps 68 as the act, and drops one that was, "di fb cuma
    like", which ends the message)."""
    before = words[i - 1] if i else ""
    if before in ("would", "d"):
        return False
    if before in ("a", "the", "no", "click"):
        return True
    acts = social_acts | POST_WORDS
    return any(t in acts for w in words[i + 1:i + 5] for t in tokens(w, True))
