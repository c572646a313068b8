"""The entries nearest to a question, beyond the matcher's own answer: for "Apa yang Anda maksud?" after a 👎, and
for the closest topic when the bot cannot answer.

The matcher decides whether to answer; this module only orders the rest for a person to choose from, so it needs
no thresholds tuned against accuracy. It uses the matcher's public face only (`Matcher.match` and its `Match`): a
question's normalised tokens come from `Match.tokens`, and each entry's from its phrasings and summaries matched
the same way, once per knowledge base. An entry scores the idf-weighted Dice overlap of the question with its
closest phrasing (words that are rare across entries count most); the matcher's own choices (`suggestions`,
`related`) go first.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence

from bot.qa.knowledge import Entry, KnowledgeBase, Topic
from bot.qa.matcher import Match, Matcher

MIN_TOPIC_SCORE = 0.3  # a no-match question must overlap this much with a phrasing to name that entry's topic


class _Index:
    """Every phrasing's normalised tokens (with the entry it belongs to) behind an inverted index, and the idf of
    every token, over one knowledge base. Scoring walks only the postings of the question's tokens."""

    def __init__(self, matcher: Matcher) -> None:
        self.kb: KnowledgeBase = matcher.kb
        owners: list[Entry] = []
        sets: list[frozenset[str]] = []
        for entry in self.kb:
            texts = (*entry.phrasings, entry.id_text.summary, entry.en_text.summary)
            for tokens in {frozenset(matcher.match(text).tokens) for text in texts} - {frozenset()}:
                owners.append(entry)
                sets.append(tokens)
        documents: dict[str, set[str]] = {}
        for entry, tokens in zip(owners, sets, strict=True):
            for token in tokens:
                documents.setdefault(token, set()).add(entry.id)
        total = max(1, len(self.kb))
        self.idf = {token: math.log(1 + total / len(ids)) for token, ids in documents.items()}
        self.unknown_idf = math.log(1 + total)
        self.owners = owners
        self.weights = [sum(self.idf[token] for token in tokens) for tokens in sets]
        self.postings: dict[str, list[int]] = {}
        for number, tokens in enumerate(sets):
            for token in tokens:
                self.postings.setdefault(token, []).append(number)

    def ranked(self, tokens: Sequence[str]) -> list[tuple[float, Entry]]:
        """Entries by the idf-weighted Dice overlap of the question with their closest phrasing (0..1), best
        first; entries that share no word are left out."""
        question = set(tokens)
        question_weight = sum(self.idf.get(token, self.unknown_idf) for token in question)
        shared: dict[int, float] = {}
        for token in question & self.postings.keys():
            weight = self.idf[token]
            for number in self.postings[token]:
                shared[number] = shared.get(number, 0.0) + weight
        best: dict[str, tuple[float, Entry]] = {}
        for number, weight in shared.items():
            entry = self.owners[number]
            score = 2 * weight / (question_weight + self.weights[number])
            if score > best.get(entry.id, (0.0,))[0]:
                best[entry.id] = (score, entry)
        return sorted(best.values(), key=lambda item: (-item[0], item[1].id))


_indexes: dict[int, tuple[Matcher, _Index]] = {}  # id(matcher) -> (that matcher, its index); a handful at most
_lock = threading.Lock()


def _index(matcher: Matcher) -> _Index:
    with _lock:
        cached = _indexes.get(id(matcher))
        if cached is None or cached[0] is not matcher or cached[1].kb is not matcher.kb:
            if len(_indexes) >= 8:
                _indexes.clear()
            cached = _indexes[id(matcher)] = (matcher, _Index(matcher))
        return cached[1]


def warm(matcher: Matcher) -> None:
    """Build the index now (it takes a few hundred milliseconds on the shipped knowledge base)."""
    _index(matcher)


def nearest_entries(matcher: Matcher, match: Match, *, exclude: Sequence[str] = (), limit: int = 3,
                    topic_hint: str | None = None) -> list[Entry]:
    """Up to `limit` entries a person may have meant by `match.question`, best first, never those in `exclude`.

    The matcher's own choices come first; then entries by the share of the question's words they contain; entries
    that share nothing are left out, except that `topic_hint` (e.g. the topic of the card that got a 👎) fills the
    list from that topic when the words say too little.
    """
    index = _index(matcher)
    chosen: list[Entry] = []
    skip = set(exclude)

    def add(entry: Entry) -> None:
        if entry.id not in skip and len(chosen) < limit:
            chosen.append(entry)
            skip.add(entry.id)

    for entry in (*match.suggestions, *match.related):
        add(entry)
    if match.entry is not None:
        add(match.entry)
    for _, entry in index.ranked(match.tokens):
        add(entry)
    if topic_hint:
        for entry in index.kb.in_topic(topic_hint):
            add(entry)
    return chosen


def closest_topic(matcher: Matcher, match: Match) -> Topic | None:
    """The topic of the entry that shares most with a question the bot could not answer, if it shares enough."""
    if not match.tokens:
        return None
    ranked = _index(matcher).ranked(match.tokens)
    if not ranked or ranked[0][0] < MIN_TOPIC_SCORE:
        return None
    return matcher.kb.topic(ranked[0][1].topic)
