"""The second, independent view of a question: a multinomial naive Bayes classifier over character n-grams.

The lexical ranker (bot/qa/matcher.py) compares whole normalised words; this model compares pieces of words
(character 3-5-grams inside each word, padded with a space, as scikit-learn's `analyzer="char_wb"` does, and the
whole word), so it still sees "kampanyenya", "twibon" or "relawannya" when the normaliser did not map them. It is
trained on the knowledge base's own phrasings every time the index is built (a closed form: counting, no
iterations), so it can never go stale when an editor adds a phrasing.

Measured against scikit-learn on the shipped knowledge base (docs/answering.md): the top class of this model has
the right verdict as often as `TfidfVectorizer(char_wb, 2-5) + LinearSVC` (about 97% on the tuning pool and the
evaluation split), where the word-level ranker gets about 94% on the evaluation split.

Speed: naive Bayes is linear in the n-gram counts, and char_wb n-grams never cross a word boundary, so a question's
class scores are the sum of its words' scores. Each word's contribution (one float per class) is computed once and
memoised; a question costs one vector addition per word.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from operator import add
from typing import Any

NGRAM_SIZES = (3, 4, 5)
WORD_CACHE = 8192  # words whose class scores are memoised (8 bytes per class each)
ALPHA = 0.1  # additive smoothing; 0.05-0.3 change the verdict accuracy by under half a point (docs/answering.md)


def word_ngrams(word: str) -> list[str]:
    """Character 3-5-grams of one word padded with spaces (" asn " -> " as", "asn", "sn ", " asn", ...), and the
    whole padded word when it is longer than a 5-gram (" kampanye "): a word the examples use often counts as itself
    as well as by its pieces. With it, out of fold over 166 files, 91 of 159 fresh files meet the bar instead of 86
    (direct 93.54 -> 93.63%, within one tap 97.65 -> 97.67%; round 16)."""
    padded = f" {word} "
    grams = [padded[i:i + n] for n in NGRAM_SIZES for i in range(len(padded) - n + 1)]
    return grams + [padded] if len(padded) > NGRAM_SIZES[-1] else grams


class NgramClassifier:
    """P(class | question) over `classes`, trained on (class number, tokens) pairs."""

    def __init__(self, n_classes: int, samples: Iterable[tuple[int, Sequence[str]]], alpha: float = ALPHA) -> None:
        words: list[Counter[str]] = [Counter() for _ in range(n_classes)]
        for label, tokens in samples:
            words[label].update(tokens)  # counted in C
        self._fit(words, alpha)

    @classmethod
    def from_counts(cls, words: Sequence[Mapping[str, int]], alpha: float = ALPHA) -> NgramClassifier:
        """Trained on each class's word counts (the same model as from the samples those words came from)."""
        self = cls.__new__(cls)
        self._fit(words, alpha)
        return self

    def _fit(self, words: Sequence[Mapping[str, int]], alpha: float) -> None:
        self.n_classes = len(words)
        # Each distinct word's n-grams once, times its count in the class; then inverted to n-gram -> classes.
        grams_of: dict[str, list[str]] = {}
        postings: dict[str, tuple[list[int], list[int]]] = {}
        totals = []
        for label, counted in enumerate(words):
            grams: dict[str, int] = {}
            get = grams.get
            for word, times in counted.items():
                listed = grams_of.get(word)
                if listed is None:
                    listed = grams_of[word] = word_ngrams(word)
                for gram in listed:
                    grams[gram] = get(gram, 0) + times
            totals.append(sum(grams.values()))
            for gram, count in grams.items():
                posting = postings.get(gram)
                if posting is None:
                    postings[gram] = ([label], [count])
                else:
                    posting[0].append(label)
                    posting[1].append(count)
        del grams_of  # freed before the weights are built: a first start's peak memory is here
        vocabulary = len(postings)
        # log P(gram | class) = log(count + alpha) - log(total + alpha * V)
        #                     = log(1 + count / alpha) + [log(alpha) - log(total + alpha * V)]
        # The bracket is the same for every gram of a class: it is added once per known gram of the question.
        self._base = [math.log(alpha) - math.log(total + alpha * vocabulary) for total in totals]
        # Per n-gram, the classes that use it and their weights, as two tuples (half the memory of a tuple per pair);
        # counts are small integers, so their weights come from a table.
        top = max((max(c) for _, c in postings.values()), default=0)
        table = [math.log1p(count / alpha) for count in range(top + 1)]
        weight = table.__getitem__
        # Popped one by one, so that each n-gram's lists are freed as its tuples are made: the peak holds one copy.
        self._weights = {}
        while postings:
            gram, (labels, c) = postings.popitem()
            self._weights[gram] = (tuple(labels), tuple(map(weight, c)))
        self.vocabulary_size = vocabulary
        self._word = lru_cache(maxsize=WORD_CACHE)(self._word_scores)

    def state(self) -> dict[str, Any]:
        """What the training computed, in types that marshal stores (bot/qa/buildcache.py)."""
        return {"classes": self.n_classes, "base": self._base, "weights": self._weights,
                "vocabulary": self.vocabulary_size}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NgramClassifier:
        """The classifier whose `state()` this is, without training it again."""
        self = cls.__new__(cls)
        self.n_classes, self._base = state["classes"], list(state["base"])
        self._weights, self.vocabulary_size = state["weights"], state["vocabulary"]
        self._word = lru_cache(maxsize=WORD_CACHE)(self._word_scores)
        return self

    def _word_scores(self, word: str) -> tuple[array[float], int, int]:
        """One word's log-likelihood per class, its number of known n-grams and of all n-grams."""
        scores = [0.0] * self.n_classes
        known = 0
        grams = word_ngrams(word)
        for gram in grams:
            postings = self._weights.get(gram)
            if postings is None:
                continue
            known += 1
            labels, weights = postings
            for label, weight in zip(labels, weights, strict=True):
                scores[label] += weight
        base = self._base
        return array("d", [s + known * b for s, b in zip(scores, base, strict=True)]), known, len(grams)

    def scores(self, tokens: Sequence[str]) -> tuple[list[float], int, int]:
        """Log-likelihood of the question per class (uniform prior), with the question's known and total n-grams."""
        total: list[float] = [0.0] * self.n_classes
        known = grams = 0
        for token in tokens:
            word, k, g = self._word(token)
            total = list(map(add, total, word))  # one vector addition per word, in C
            known += k
            grams += g
        return total, known, grams

    def clear_cache(self) -> None:
        self._word.cache_clear()


def softmax(scores: Sequence[float], scale: float = 1.0) -> list[float]:
    """exp(scale * score), normalised (map over math.exp: the loop runs in C)."""
    top = max(scores)
    exps = list(map(math.exp, [(s - top) * scale for s in scores]))
    total = sum(exps)
    return [e / total for e in exps]
