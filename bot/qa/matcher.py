"""Match a question to a knowledge-base entry, and decide honestly whether to answer (docs/answering.md).

- Ranking (here): every phrasing is a set of normalised tokens weighted by a Lucene-style idf over entries; an entry
  scores by a blend of its best phrasing's and its profile's weighted cosine with the question. A second view ranks
  too: a character-n-gram classifier trained on the phrasings and labelled examples (classifier.py, examples.py).
- Deciding (decide.py): a model fitted on labelled questions turns what both views say into p_right and p_scope:
  answer (`allowed` needs the most certainty), offer choices ("Maksud Anda...?"), point to an out-of-scope kind, or
  say plainly that the bot does not know.
The verdict always comes from the entry, never from the wording of the question ("gak boleh ya?" = "boleh gak?").
"""

from __future__ import annotations

import copy
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import truediv
from pathlib import Path
from typing import NamedTuple

from bot.qa import examples as labelled_examples
from bot.qa.buildcache import BuildCache
from bot.qa.classifier import NgramClassifier
from bot.qa.decide import DecisionModel, allowed_threshold, asks_own_conduct, signals, vetoed
from bot.qa.facets import FacetIndex
from bot.qa.knowledge import Entry, KnowledgeBase, Scope, load_knowledge_base
from bot.qa.lexicon import Lexicon
from bot.qa.normalize import Normalizer
from bot.settings import DEFAULT_KNOWLEDGE_DIR

MAX_QUESTION_CHARS = 500
HEAD_CHARS = 150  # a longer message keeps its start (who asks) and its end (a story ends in its question)


def cut(question: str) -> tuple[str, bool]:
    """The part of a message that is matched (at most MAX_QUESTION_CHARS) and whether it was cut: the beginning
    and the end, because long WhatsApp-style stories put the question last."""
    if len(question) <= MAX_QUESTION_CHARS:
        return question, False
    tail = MAX_QUESTION_CHARS - HEAD_CHARS - 3
    return question[:HEAD_CHARS] + " … " + question[-tail:], True
TAIL_CHARS = 200  # a message longer than this has a tail (see `tail`): its last TAIL_KEEP sentences,
TAIL_KEEP, TAIL_WORDS = 2, 25  # or its last TAIL_WORDS words when it has no sentence ends
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def tail(question: str) -> str | None:
    """The end of a long message, where a story puts its question (None for a short one). The decision weighs how
    it ranks alone (decide.FEATURES `tail_*`): the background can outweigh the question (docs/answering.md)."""
    if len(question) <= TAIL_CHARS:
        return None
    sentences = [s for s in _SENTENCE_END.split(question) if s.strip()]
    if len(sentences) > TAIL_KEEP:
        return " ".join(sentences[-TAIL_KEEP:])
    words = question.split()  # a dictated story without full stops: its last words
    return " ".join(words[-TAIL_WORDS:]) if len(words) > 2 * TAIL_WORDS else None


CANDIDATE_ENTRIES = 12  # entries whose phrasings are scored for a question (see Matcher.rank)
FULL_WALK_POSTINGS = 2000  # below this many postings for a question, adding them all up is faster than pruning
SORT_LIMIT = 200  # up to this many entries met by the full walk, sorting them beats a heap

ANSWER = "answer"
SUGGEST = "suggest"
NONE = "none"
OUTSIDE = "outside"  # matches a known out-of-scope kind of question: a pointer, no verdict
SMALLTALK = "smalltalk"
EMPTY = "empty"


@dataclass(frozen=True)
class Thresholds:
    """When to answer and when to offer choices. None takes the value the decision model was trained with."""

    answer_score: float | None = None  # least p_right (0..1) to answer
    allowed_score: float | None = None  # least p_right to answer `allowed`: the costly mistake
    suggest_score: float | None = None  # least p_scope to offer choices rather than "don't know"
    max_suggestions: int = 3
    related_gap: float = 0.05  # same-verdict candidates this close to an answer are offered as "see also"
    phrasing_share: float = 0.6  # rank score = this share of the best phrasing's cosine + the rest of the profile's
    unknown_score_weight: float = 0.5  # an unknown word dilutes the rank score less than it dilutes coverage


@dataclass(frozen=True)
class Match:
    kind: str  # ANSWER, SUGGEST, NONE, OUTSIDE, SMALLTALK or EMPTY
    question: str  # the question as matched (`cut` to MAX_QUESTION_CHARS: its beginning and its end)
    language: str  # "id" or "en": a guess from the wording
    entry: Entry | None = None  # set only for ANSWER
    score: float = 0.0  # best entry's score, 0..100
    coverage: float = 0.0
    margin: float = 0.0
    suggestions: tuple[Entry, ...] = ()
    related: tuple[Entry, ...] = ()  # close entries with the same verdict, offered beside an answer
    scope: Scope | None = None  # set only for OUTSIDE
    smalltalk: str | None = None  # "greeting" or "thanks"
    truncated: bool = False
    tokens: tuple[str, ...] = field(default=(), repr=False)


class Ranked(NamedTuple):  # a tuple: a dozen are made per question, and a frozen dataclass is slower to build
    entry: Entry | Scope
    score: float
    phrasing: str


class EntryPhrasings(NamedTuple):
    norms: list[float]  # each phrasing's idf norm
    texts: list[str]
    word_phrasings: dict[str, tuple[int, ...]]  # word -> the numbers of the phrasings that use it


class Matcher:
    """An index over the knowledge base's phrasings, built once at start-up."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, thresholds: Thresholds | None = None,
                 model: DecisionModel | None = None, examples: Sequence[labelled_examples.Sample] | None = None,
                 cache: BuildCache | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self.model = model or DecisionModel.load()
        self.normalizer = Normalizer(lexicon)
        # Out-of-scope kinds of question are indexed like entries so that they can win the ranking.
        phrasings = [(doc, text) for doc in (*kb.entries, *kb.scopes) for text in doc.phrasings]
        cached = cache.load(len(phrasings)) if cache else None  # an earlier build's products from the same files
        normalised = cached["tokens"] if cached else self.normalizer.learn([text for _, text in phrasings])
        self._phrasings: list[tuple[Entry | Scope, str, frozenset[str]]] = [
            (doc, text, frozenset(tokens)) for (doc, text), tokens in zip(phrasings, normalised, strict=True) if tokens]
        self.normalizer.set_vocabulary(t for _, _, tokens in self._phrasings for t in tokens)

        entry_terms: dict[str, set[str]] = defaultdict(set)
        for entry, _, tokens in self._phrasings:
            entry_terms[entry.id] |= tokens
        self._entry_terms = {k: frozenset(v) for k, v in entry_terms.items()}
        n = max(len(self._entry_terms), 1)
        df = Counter(term for terms in self._entry_terms.values() for term in terms)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = max(self.idf.values(), default=1.0)
        # Entries and out-of-scope kinds are numbered in knowledge-base order (their place, which also breaks ties):
        # the per-question loops below index lists by place rather than hashing ids.
        self._docs: list[Entry | Scope] = []
        places: dict[str, int] = {}
        doc_phrasings: list[list[tuple[float, str, frozenset[str]]]] = []
        for doc, text, tokens in self._phrasings:
            if doc.id not in places:
                places[doc.id] = len(self._docs)
                self._docs.append(doc)
                doc_phrasings.append([])
            doc_phrasings[places[doc.id]].append((math.sqrt(sum(self.idf[t] ** 2 for t in tokens)), text, tokens))
        self._place = places
        self._index_facets(lexicon)  # then the classifier: `examples` None reads bot/qa/examples.jsonl
        if cached:
            self.classifier = NgramClassifier.from_state(cached["classifier"])
        else:
            self.classifier = self._train_classifier(
                labelled_examples.word_counts() if examples is None else labelled_examples.count(examples))
            if cache:
                cache.store({"tokens": normalised, "classifier": self.classifier.state()})
        # Each entry's phrasings as rank() scores them: norms, texts, and for each word the phrasings that use it.
        self._doc_phrasings: list[EntryPhrasings] = []
        for listed in doc_phrasings:
            phrasings = sorted(listed, key=lambda p: p[0])  # shortest first: of equal cosines the shortest wins
            word_phrasings: dict[str, list[int]] = defaultdict(list)
            for number, (_, _, tokens) in enumerate(phrasings):
                for token in tokens:
                    word_phrasings[token].append(number)
            self._doc_phrasings.append(EntryPhrasings(
                [norm for norm, _, _ in phrasings], [text for _, text, _ in phrasings],
                {token: tuple(numbers) for token, numbers in word_phrasings.items()},
            ))

        # Each entry's profile: a word weighs more the more of the entry's phrasings use it. This favours an entry's
        # key terms (timses, saksi) over a word that one phrasing happens to contain (lumayan, honor).
        self._profiles: list[dict[str, float]] = []
        self._profile_norms: list[float] = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for place, phrasings in enumerate(doc_phrasings):
            used: dict[str, int] = defaultdict(int)
            for _, _, tokens in phrasings:
                for token in tokens:
                    used[token] += 1
            weights = {t: self.idf[t] * math.sqrt(n / len(phrasings)) for t, n in used.items()}
            self._profiles.append(weights)
            self._profile_norms.append(math.sqrt(sum(w * w for w in weights.values())))
            for token, weight in weights.items():
                postings[token].append((place, weight))
        # Postings in impact order (the word's share of the entry's profile, largest first), so that the candidate
        # search can stop early on a large knowledge base (see _candidates).
        self._profile_postings = {
            token: sorted(docs, key=lambda d: (-d[1] / self._profile_norms[d[0]], d[0]))
            for token, docs in postings.items()
        }

    def _train_classifier(self, examples: Mapping[str, Counter[str]]) -> NgramClassifier:
        """The character-n-gram classifier (a class per entry or kind) over phrasings and examples' word counts."""
        words: list[Counter[str]] = [Counter() for _ in self._docs]
        for doc, _, tokens in self._phrasings:
            words[self._place[doc.id]].update(tokens)
        for doc in filter(self._place.__contains__, examples):  # an id no longer in the knowledge base: ignored
            words[self._place[doc]].update({word: labelled_examples.WEIGHT * n for word, n in examples[doc].items()})
        return NgramClassifier.from_counts(words)

    def with_examples(self, examples: Sequence[labelled_examples.Sample]) -> Matcher:
        """This index with the classifier trained on other examples (`python -m bot train` cross-fits)."""
        other = copy.copy(self)  # the rest of the index is shared, read-only
        other.classifier = self._train_classifier(labelled_examples.count(examples))
        return other

    def _index_facets(self, lexicon: Lexicon) -> None:
        """The facets, and the places of each verdict's entries (the classifier is trained after this)."""
        entry_phrasings: dict[str, list[frozenset[str]]] = defaultdict(list)
        for doc, _, tokens in self._phrasings:
            if isinstance(doc, Entry):
                entry_phrasings[doc.id].append(tokens)
        self.facets = FacetIndex(lexicon.facets, lexicon.prohibited_acts, entry_phrasings,
                                 {e.id: e.verdict for e in self.kb.entries}, lexicon.negation_bridges,
                                 lexicon.reporting, lexicon.hedges, lexicon.posts)
        self.verdict_places: dict[str, list[int]] = defaultdict(list)  # verdict ("none": a kind) -> places
        for number, doc in enumerate(self._docs):
            self.verdict_places[doc.verdict].append(number)

    @classmethod
    def from_directory(cls, directory: Path | str, thresholds: Thresholds | None = None,
                       model: DecisionModel | None = None,
                       examples: Sequence[labelled_examples.Sample] | None = None) -> Matcher:
        """Load a knowledge directory. One without its own lexicon.yaml (a test fixture) uses the shipped one."""
        directory = Path(directory)
        lexicon = directory / "lexicon.yaml"
        if not lexicon.exists():
            lexicon = DEFAULT_KNOWLEDGE_DIR / "lexicon.yaml"
        kb = load_knowledge_base(directory)  # first: an invalid knowledge base is reported, never cached
        inputs = [*directory.glob("*.yaml"), lexicon, labelled_examples.EXAMPLES_PATH]  # what the build reads
        cache = BuildCache(inputs) if examples is None else None  # examples given by the caller (training): none
        return cls(kb, Lexicon.load(lexicon), thresholds, model, examples, cache)

    @property
    def phrasing_count(self) -> int:
        return len(self._phrasings)

    # -- ranking ------------------------------------------------------------------------------------------

    def rank(self, tokens: tuple[str, ...] | list[str],
             prior: Callable[[Entry | Scope], float] | None = None) -> list[Ranked]:
        """Entries (and out-of-scope kinds) by a blend of their best phrasing's and their profile's weighted cosine
        with `tokens` (times `prior(entry)`, if given), best first."""
        if not tokens:
            return []
        unknown_weight = (self.thresholds.unknown_score_weight * self.max_idf) ** 2
        query_norm = math.sqrt(sum(self.idf[t] ** 2 if t in self.idf else unknown_weight for t in tokens))
        weights = [(t, self.idf[t]) for t in tokens if t in self.idf]
        squared = {t: w * w for t, w in weights}
        share = self.thresholds.phrasing_share
        ranked = []
        # Speed: the best profiles pick the candidates (no other entry can win the blend); only their phrasings score.
        for place, similarity in self._candidates(weights, query_norm):
            norms, texts, word_phrasings = self._doc_phrasings[place]
            # Dot products through the entry's word -> phrasings lists: a question's few words touch far fewer
            # (word, phrasing) pairs than intersecting the question with every phrasing would.
            dots = [0.0] * len(norms)
            for token in squared.keys() & word_phrasings.keys():
                weight = squared[token]
                for number in word_phrasings[token]:
                    dots[number] += weight
            cosines = list(map(truediv, dots, norms))
            best = max(cosines)
            best_text = texts[cosines.index(best)] if best > 0 else ""  # the first of equal phrasings, as listed
            doc = self._docs[place]
            blended = share * best / query_norm + (1 - share) * similarity
            ranked.append(Ranked(doc, blended * prior(doc) if prior else blended, best_text))
        return sorted(ranked, key=lambda r: (-r.score, r.entry.id))

    def _candidates(self, weights: list[tuple[str, float]], query_norm: float) -> list[tuple[int, float]]:
        """The CANDIDATE_ENTRIES entries (by place) whose profiles are most similar to the question, with that
        similarity.

        With short posting lists (the shipped knowledge base) every posting is added up. With long ones (a
        knowledge base many times larger, where "asn" or "kampanye" is in most entries) this is Fagin's threshold
        algorithm: walk the lists in impact order, score each entry met from its own profile, and stop once the
        last candidate beats the best score an entry not yet met could have. Both ways give the same candidates
        and the same floats (each entry's products are added in question order).
        """
        postings = [self._profile_postings[t] for t, _ in weights]
        if sum(map(len, postings)) <= FULL_WALK_POSTINGS:
            # A dict, not a list of every entry: this walk must cost what the postings cost, at any size.
            dots: dict[int, float] = defaultdict(float)
            for (_, weight), docs in zip(weights, postings, strict=True):
                for place, profile_weight in docs:
                    dots[place] += weight * profile_weight
            norms = self._profile_norms
            scored = [(-dot / (query_norm * norms[place]), place) for place, dot in dots.items()]
            # The same best CANDIDATE_ENTRIES either way: sorting in C is faster for a short list, a heap for long.
            if len(scored) <= SORT_LIMIT:
                best = sorted(scored)[:CANDIDATE_ENTRIES]
            else:
                best = heapq.nsmallest(CANDIDATE_ENTRIES, scored)
            return [(place, -negative) for negative, place in best]

        best: list[tuple[float, int]] = []  # min-heap of (similarity, -place): the worst candidate on top
        seen: set[int] = set()
        depth, step = 0, 16
        while True:
            for docs in postings:
                for place, _ in docs[depth:depth + step]:
                    if place in seen:
                        continue
                    seen.add(place)
                    item = (self._similarity(place, weights, query_norm), -place)
                    if len(best) < CANDIDATE_ENTRIES:
                        heapq.heappush(best, item)
                    elif item > best[0]:
                        heapq.heapreplace(best, item)
            depth += step
            step *= 2
            # No entry not yet met scores above the next impact in every list, weighted by the question.
            bound = sum(
                weight * docs[depth][1] / self._profile_norms[docs[depth][0]]
                for (_, weight), docs in zip(weights, postings, strict=True) if depth < len(docs)
            ) / query_norm
            exhausted = all(depth >= len(docs) for docs in postings)
            if exhausted or (len(best) == CANDIDATE_ENTRIES and best[0][0] > bound * (1 + 1e-9)):
                return [(-negative_place, similarity) for similarity, negative_place in sorted(best, reverse=True)]

    def _similarity(self, place: int, weights: list[tuple[str, float]], query_norm: float) -> float:
        """The cosine of the question with one entry's profile."""
        profile = self._profiles[place]
        dot = 0.0
        for token, weight in weights:
            profile_weight = profile.get(token)
            if profile_weight is not None:
                dot += weight * profile_weight
        return dot / (query_norm * self._profile_norms[place])

    def coverage(self, tokens: tuple[str, ...] | list[str], entry: Entry | Scope) -> float:
        """The idf-weighted share of the question's terms that the entry's phrasings contain."""
        terms = self._entry_terms.get(entry.id, frozenset())
        total = found = 0.0
        for token in tokens:
            weight = self.idf.get(token, self.max_idf)
            total += weight
            if token in terms:
                found += weight
        return found / total if total else 0.0

    # -- deciding -----------------------------------------------------------------------------------------

    def tail_tokens(self, question: str) -> tuple[str, ...]:
        end = tail(question)  # the tokens of a long message's end (`tail`), none for a short message
        return self.normalizer.analyse(end).tokens if end else ()

    def match(self, question: str) -> Match:
        question, truncated = cut(question)
        analysis = self.normalizer.analyse(question)
        base = {"question": question, "language": analysis.language, "truncated": truncated, "tokens": analysis.tokens}
        if not analysis.tokens:
            if analysis.smalltalk:
                return Match(kind=SMALLTALK, smalltalk=analysis.smalltalk, **base)
            return Match(kind=EMPTY, **base)
        match = self._decide(analysis, base)
        short = len(analysis.tokens) <= 3  # a long story that opens with "selamat malam" is still a question
        if analysis.smalltalk and short and (match.kind in (NONE, OUTSIDE) or len(analysis.tokens) < 2):
            # "makasih, sangat membantu" or "selamat pagi" is politeness, not a question the bot failed to understand.
            return Match(kind=SMALLTALK, smalltalk=analysis.smalltalk, **base)
        return match

    def _decide(self, analysis, base: dict) -> Match:
        """Answer, choices, a pointer or "don't know", from the decision model's two probabilities (decide.py)."""
        t, model = self.thresholds, self.model.thresholds
        found = signals(self, analysis, self.tail_tokens(base["question"]))
        if not found.candidates:
            if found.top_scope is not None:
                return Match(kind=OUTSIDE, scope=found.top_scope, **base)
            return Match(kind=NONE, **base)
        p_right, p_scope = self.model.probabilities(found.values)
        entry, blended = found.candidates[0]
        scores = {"score": round(p_right * 100, 1), "coverage": round(found.coverage, 3),
                  "margin": round(found.margin, 3)}
        # One threshold per verdict (bot/qa/thresholds.py); settings may override `allowed` and the others.
        if entry.verdict == "allowed":
            need = allowed_threshold(model, found.plain, entry.id) if t.allowed_score is None else t.allowed_score
        else:
            need = model.get(entry.verdict, model["answer"]) if t.answer_score is None else t.answer_score
        if p_right >= need and not vetoed(found, entry.verdict):
            related = tuple(
                e for e, score in found.candidates[1:t.max_suggestions + 1]
                if e.verdict == entry.verdict and blended - score <= t.related_gap
            )
            return Match(kind=ANSWER, entry=entry, related=related, **scores, **base)
        if asks_own_conduct(found, analysis, self.normalizer.lexicon) or p_scope >= (
                model["suggest"] if t.suggest_score is None else t.suggest_score):
            # The likeliest right verdict first, as the decision model orders them ("anak saya nyaleg" puts the
            # relatives' card before the spouse's: the question contradicts the latter on a facet).
            shortlist = self.model.shortlist(found.choices(), t.max_suggestions)
            return Match(kind=SUGGEST, suggestions=tuple(shortlist), **scores, **base)
        if found.top_scope is not None:
            return Match(kind=OUTSIDE, scope=found.top_scope, **scores, **base)
        return Match(kind=NONE, **scores, **base)
