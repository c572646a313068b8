"""Labelled user questions that the character-n-gram view learns from, besides the knowledge base's phrasings.

The phrasings are written by editors; people write otherwise (slang, regional words, long stories, formal letters).
`python -m bot train` takes every question of the tuning sets, assigns it to the entry it is about (the entry with
the question's LEGAL.md row and verdict, or the nearest out-of-scope kind for an off-topic one), and writes the
pairs to bot/qa/examples.json. The classifier (bot/qa/classifier.py) is then trained on phrasings and examples at
every index build. Measured leave one file out, this raised the classifier's top-1 verdict on each fresh writer's set
by 1-6 points and its recognition of off-topic questions by 7-16 points (docs/answering.md, Round 4).

The word ranker keeps learning from the phrasings only, so the two views stay independent, and the knowledge base
stays the source of truth: an example whose entry no longer exists is ignored, and a test retrains and compares
with the committed file, so it cannot go stale.

Each example is stored with its normalised tokens, so that start-up does not normalise some 6,700 questions again
(about a quarter of the index build). They are what the normaliser made of the question with the shipped lexicon
when `python -m bot train` ran: after an edit of the lexicon or the normaliser, retrain (the same test says so).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from sys import intern
from typing import Any

EXAMPLES_PATH = Path(__file__).with_name("examples.json")


# (entry or out-of-scope kind id, question, the question's normalised tokens)
Sample = tuple[str, str, tuple[str, ...]]


def load(path: Path | str = EXAMPLES_PATH) -> tuple[Sample, ...]:
    """The examples; none when the file does not exist yet."""
    path = Path(path)
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    # Interned: about 10,000 distinct words among 300,000 tokens, and 106 ids, one string each (about 20 MB less at
    # a first start, bench/ask_startup.py).
    return tuple((intern(str(doc)), str(text), tuple(map(intern, str(tokens).split())))
                 for doc, text, tokens in data["examples"])


def dump(samples: Sequence[Sample], meta: dict[str, Any]) -> str:
    """The file's text: one example per line, so that a retrain's diff reads as the questions that moved."""
    lines = ",\n".join(json.dumps([doc, text, " ".join(tokens)], ensure_ascii=False) for doc, text, tokens in samples)
    return f'{{"meta": {json.dumps(meta, ensure_ascii=False)},\n"examples": [\n{lines}\n]}}\n'


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
