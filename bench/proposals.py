"""Fixes proposed for code this benchmark does not own, applied by monkeypatching so their gain can be measured.

Nothing here is used by the bot. Each function changes one thing in the running process only; bench/README.md
("Where the time goes") gives each fix as the owner would apply it.
"""

from __future__ import annotations

import heapq
import math

import common  # noqa: F401 - sets sys.path first
from bot.matcher import Ranked  # noqa: E402


def use_libyaml_line_loader() -> None:
    """bot/knowledge.py: base `_LineLoader` on libyaml's `CSafeLoader` (when PyYAML has it) instead of the
    pure-Python `SafeLoader`. Same constructor, so the same `__line__` numbers and duplicate-key errors."""
    import yaml

    import bot.knowledge as knowledge

    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return

    class _LibyamlLineLoader(base):  # type: ignore[misc, valid-type]
        """A safe loader that remembers the line where each mapping starts (as the key `__line__`)."""

    _LibyamlLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, knowledge._construct_mapping)
    knowledge._LineLoader = _LibyamlLineLoader


# -- bot/matcher.py: pick the candidate entries without walking the long profile posting lists -------------------

from bot.matcher import Matcher  # noqa: E402

try:
    from bot.matcher import CANDIDATE_ENTRIES
except ImportError:  # an older matcher without candidate selection: the proposal does not apply
    CANDIDATE_ENTRIES = None

_SAFETY = 1e-9  # relative slack on the bound: far above float rounding, far below any real score difference


class PrunedRankMatcher(Matcher):
    """The shipped Matcher with one change inside `rank`: the `CANDIDATE_ENTRIES` entries of highest profile
    similarity are found without adding up every posting of every question word.

    The shipped `rank` adds `idf * profile weight` over the profile postings of every question word, for every
    entry that has the word, then keeps the best `CANDIDATE_ENTRIES`. A word in most entries ("asn", "calon",
    "kampanye") has a posting for most entries but a tiny idf, so at 100x the knowledge base almost all the time goes
    into sums that cannot change the candidates.

    The bound. Take the question's words rarest first (shortest profile posting list); E = the first few, N = the
    rest. An entry that has no word of E shares only words S of N with the question; by Cauchy-Schwarz its profile
    similarity sum_S idf_t w_t / (|q| |w|) is at most sqrt(sum_S idf_t^2) / |q| <= sqrt(sum_N idf_t^2) / |q| = B.
    So: compute the similarity of every entry that has a word of E (walking only E's short lists, and looking up its
    other words in that entry's own profile), and if the `CANDIDATE_ENTRIES`-th best of them is above B, no other
    entry can be a candidate. Otherwise add the next rarest word to E and repeat; with every word in E this is the
    shipped computation, so after two rounds (or when the lists are short anyway, as in a small knowledge base)
    `rank` simply runs the shipped loop. The rest of `rank` (scoring the candidates' phrasings, the blend, the order) is unchanged.

    Same answers: each similarity adds the same products in the same order as the shipped loop (question order,
    starting from 0.0), so the floats are identical; ties for the last candidate place are broken as
    `heapq.nlargest` breaks them in the shipped code (first seen first: by the first question word the entry has,
    then by the entry's place in the index). bench/matching.py compares every Match with the shipped one.
    """

    START_POSTINGS = 600  # E starts with the rarest words, up to about this many profile postings in all

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._prepare()

    @classmethod
    def adopt(cls, matcher: Matcher) -> PrunedRankMatcher:
        """This proposal over an already built shipped Matcher (sharing its index and normaliser)."""
        pruned = cls.__new__(cls)
        pruned.__dict__.update(matcher.__dict__)
        pruned._prepare()
        return pruned

    def _prepare(self) -> None:
        """Each entry's own profile weights, and its place in the index (the order of the profile postings)."""
        if CANDIDATE_ENTRIES is None:
            raise TypeError("this proposal is for the matcher that picks CANDIDATE_ENTRIES by profile similarity")
        profiles: dict[str, dict[str, float]] = {}
        place: dict[str, int] = {}
        for token, postings in self._profile_postings.items():
            for doc_id, weight in postings:
                profiles.setdefault(doc_id, {})[token] = weight
        for doc_id in self._profile_norms:  # built in the same order as every profile posting list
            place[doc_id] = len(place)
        self._doc_profiles = profiles
        self._doc_place = place

    def rank(self, tokens):  # noqa: ANN001, ANN201
        # The shipped rank with `similarity` restricted to the entries that can be candidates.
        if not tokens:
            return []
        unknown_weight = (self.thresholds.unknown_score_weight * self.max_idf) ** 2
        query_norm = math.sqrt(sum(self.idf[t] ** 2 if t in self.idf else unknown_weight for t in tokens))
        weights = [(t, self.idf[t]) for t in tokens if t in self.idf]
        squared = {t: w * w for t, w in weights}
        query_set = squared.keys()
        similarity = self._candidate_similarity(weights, query_norm)
        if similarity is None:  # nothing worth pruning: the shipped computation as it is
            return super().rank(tokens)
        share = self.thresholds.phrasing_share
        ranked = []
        for doc_id in similarity:
            best_score, best_text = 0.0, ""
            for index in self._doc_phrasings[doc_id]:
                shared = query_set & self._phrasings[index][2]
                if shared:
                    score = sum(map(squared.__getitem__, shared)) / (query_norm * self._norms[index])
                    if score > best_score:
                        best_score, best_text = score, self._phrasings[index][1]
            blended = share * best_score + (1 - share) * similarity[doc_id]
            ranked.append(Ranked(self._docs[doc_id], blended, best_text))
        return sorted(ranked, key=lambda r: (-r.score, r.entry.id))

    def _candidate_similarity(self, weights: list[tuple[str, float]], query_norm: float) -> dict[str, float] | None:
        """{entry id: profile similarity} of the shipped candidates, best first as heapq.nlargest gives them; None
        when the rare words do not settle them (the shipped loop is then the faster way)."""
        postings = self._profile_postings
        if sum(len(postings[t]) for t, _ in weights) <= 4 * self.START_POSTINGS:
            return None  # a short walk anyway (a small knowledge base): the shipped loop is faster
        order = sorted(range(len(weights)), key=lambda i: (len(postings[weights[i][0]]), i))
        profiles, norms, place = self._doc_profiles, self._profile_norms, self._doc_place
        similarity: dict[str, float] = {}
        tie: dict[str, tuple[int, int]] = {}  # the shipped dict's order: first question word the entry has, place
        cut, budget = 0, self.START_POSTINGS
        while True:
            walked = 0
            if len(postings[weights[order[cut]][0]]) > budget:
                return None  # even the rarest remaining word is common: the shipped loop is faster
            while cut < len(order) and walked + len(postings[weights[order[cut]][0]]) <= budget:
                token = weights[order[cut]][0]
                walked += len(postings[token])
                cut += 1
                for doc_id, _ in postings[token]:
                    if doc_id in similarity:
                        continue
                    profile = profiles[doc_id]
                    dot = 0.0
                    first = -1
                    for position, (word, weight) in enumerate(weights):
                        profile_weight = profile.get(word)
                        if profile_weight is not None:
                            dot += weight * profile_weight
                            if first < 0:
                                first = position
                    similarity[doc_id] = dot / (query_norm * norms[doc_id])
                    tie[doc_id] = (first, place[doc_id])
            best = heapq.nsmallest(CANDIDATE_ENTRIES, similarity, key=lambda d: (-similarity[d], tie[d]))
            if cut >= len(order):
                return {d: similarity[d] for d in best}
            bound = math.sqrt(sum(weights[i][1] ** 2 for i in order[cut:])) / query_norm
            if len(best) == CANDIDATE_ENTRIES and similarity[best[-1]] > bound * (1 + _SAFETY):
                return {d: similarity[d] for d in best}
            if budget >= self.START_POSTINGS * 2:
                return None
            budget *= 2


# -- bot/normalize.py: phrases by dictionary look-up instead of one 600-way regular expression -----------------------

_POSSESSIVES = ("nya", "ku", "mu")


def phrase_substituter(lexicon) -> object:  # noqa: ANN001
    """A function equal to `lambda text: lexicon.phrase_re.sub(lambda m: lexicon.phrases[m.group(1)], text)` on
    cleaned text (words of [a-z0-9] separated by single spaces), by looking words up instead of trying every
    alternative at every position.

    The regular expression `\\b(p1|p2|...)(?:nya|ku|mu)?\\b`, alternatives longest first, takes at each word start
    the longest phrase (in characters) that ends a word or ends a word before a possessive suffix, replaces it
    (suffix dropped) and goes on after it. Here: at each word, try the phrases of n words for n from the largest
    down, the longest candidate first, the same way.
    """
    phrases = lexicon.phrases
    by_words: dict[int, set[str]] = {}
    sizes_of: dict[str, set[int]] = {}  # first word (or a one-word phrase with a suffix) -> phrase lengths in words
    for phrase in phrases:
        words = phrase.split(" ")
        by_words.setdefault(len(words), set()).add(phrase)
        sizes_of.setdefault(words[0], set()).add(len(words))
        if len(words) == 1:
            for suffix in _POSSESSIVES:
                sizes_of.setdefault(words[0] + suffix, set()).add(1)
    sizes_of_sorted = {w: sorted(n, reverse=True) for w, n in sizes_of.items()}

    def substitute(text: str) -> str:
        words = text.split(" ") if text else []
        out: list[str] = []
        i = 0
        count = len(words)
        while i < count:
            word = words[i]
            sizes = sizes_of_sorted.get(word)
            if sizes is None:
                out.append(word)
                i += 1
                continue
            best: tuple[int, int, str] | None = None  # (characters matched, words used, replacement)
            for n in sizes:
                if i + n > count:
                    continue
                candidate = " ".join(words[i:i + n])
                found = None
                if candidate in by_words[n]:
                    found = candidate
                else:
                    for suffix in _POSSESSIVES:
                        if candidate.endswith(suffix) and candidate[: -len(suffix)] in by_words[n]:
                            found = candidate[: -len(suffix)]
                            break
                if found is not None and (best is None or len(found) > best[0]):
                    best = (len(found), n, phrases[found])
            if best is None:
                out.append(word)
                i += 1
            else:
                out.append(best[2])
                i += best[1]
        return " ".join(out)

    return substitute


class _LookupPattern:
    """Stands in for `Lexicon.phrase_re` in the shipped `_map`: its `.sub(replacement, text)` ignores the
    replacement function (always `lexicon.phrases[m.group(1)]` there) and substitutes by look-up."""

    def __init__(self, substitute) -> None:  # noqa: ANN001
        self._substitute = substitute

    def sub(self, _replacement, text: str) -> str:  # noqa: ANN001
        return self._substitute(text)


def use_phrase_lookup(lexicon) -> object:  # noqa: ANN001
    """Make `lexicon` (as used by a Normalizer) find phrases by look-up. Returns a function that undoes it."""
    original = lexicon.phrase_re
    object.__setattr__(lexicon, "_phrase_re", _LookupPattern(phrase_substituter(lexicon)))

    def undo() -> None:
        object.__setattr__(lexicon, "_phrase_re", original)

    return undo
