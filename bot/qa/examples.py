"""Labelled user questions that the character-n-gram view learns from, besides the knowledge base's phrasings.

The phrasings are written by editors; people write otherwise (slang, regional words, long stories, formal letters).
`python -m bot train` takes every question of the tuning sets, assigns it to the entry it is about (the entry with
the question's LEGAL.md row and verdict, or the nearest out-of-scope kind for an off-topic one), and writes the
pairs to bot/qa/examples.jsonl. The classifier (bot/qa/classifier.py) is then trained on phrasings and examples at
every index build. Measured leave one file out, this raised the classifier's top-1 verdict on each fresh writer's set
by 1-6 points and its recognition of off-topic questions by 7-16 points (docs/answering.md, Round 4).

The word ranker keeps learning from the phrasings only, so the two views stay independent, and the knowledge base
stays the source of truth: an example whose entry no longer exists is ignored, and a test retrains and compares
with the committed file, so it cannot go stale.

Each example is stored with its normalised tokens, so that start-up does not normalise some 64,000 questions again.
They are what the normaliser made of the question with the shipped lexicon when `python -m bot train` ran: after an
edit of the lexicon or the normaliser, retrain (the same test says so).

The file is JSON Lines: the first line is the training's summary (`meta`), then one `[id, question, tokens]` per
line, so that a retrain's diff reads as the questions that moved, and so that a start reads it line by line and keeps
only each class's word counts (`word_counts`), never the questions themselves: parsed whole, the file briefly took
about 60 MB, the peak of a first start (bench/ask_startup.py, round 36).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

EXAMPLES_PATH = Path(__file__).with_name("examples.jsonl")
WEIGHT = 2  # a labelled example counts as much as two phrasings (1, 2, 3, 5 per file: docs/answering.md)


# (entry or out-of-scope kind id, question, the question's normalised tokens)
Sample = tuple[str, str, tuple[str, ...]]


def word_counts(path: Path | str = EXAMPLES_PATH) -> dict[str, Counter[str]]:
    """Per entry or kind id, how often each word occurs in its examples (none when the file does not exist yet):
    all the classifier learns from them."""
    path = Path(path)
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as lines:
        next(lines, None)  # the meta
        return count((doc, text, tokens.split()) for doc, text, tokens in map(json.loads, lines))


def count(samples: Iterable[Sample]) -> dict[str, Counter[str]]:
    """`word_counts` of examples in memory (`python -m bot train` cross-fits on other files' examples)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, _, tokens in samples:
        counts[doc].update(tokens)
    return counts


def dump(samples: Sequence[Sample], meta: dict[str, Any]) -> str:
    """The file's text (JSON Lines): the meta, then one example per line."""
    lines = [json.dumps({"meta": meta}, ensure_ascii=False)]
    lines += [json.dumps([doc, text, " ".join(tokens)], ensure_ascii=False) for doc, text, tokens in samples]
    return "\n".join(lines) + "\n"


def assign(matcher: Any, tokens: Sequence[str], expect: str, row: str) -> str | None:
    """The id of the entry a labelled question (its normalised `tokens`) is about, or None when no entry fits its
    label.

    In scope: the entries whose `rows` include the question's row and whose verdict is its label; of several, the
    one both views rank highest. Off-topic (`none`): the out-of-scope kind the classifier ranks highest, so that the
    examples teach the kinds rather than one catch-all class (one class for every off-topic question drew long
    in-scope stories into it: docs/answering.md, Round 4).
    """
    from bot.qa.knowledge import Entry

    if not tokens:
        return None
    raw, _, _ = matcher.classifier.scores(tokens)
    if expect == "none":
        kinds = [d for d in matcher._docs if not isinstance(d, Entry)]
        return max(kinds, key=lambda d: raw[matcher._place[d.id]]).id if kinds else None
    fitting = [e for e in matcher.kb.entries if e.verdict == expect and row in e.rows]
    if not fitting:
        return None  # the label's row has no entry with that verdict: it teaches nothing reliable
    ranked = {r.entry.id: r.score for r in matcher.rank(tokens)}
    length = max(len(tokens), 1)
    return max(fitting, key=lambda e: (ranked.get(e.id, 0.0) + 0.01 * raw[matcher._place[e.id]] / length, e.id)).id
