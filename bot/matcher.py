"""Match a question to a knowledge-base entry, and decide honestly whether to answer.

Ranking and deciding are separate steps:
- Ranking: every phrasing is a set of normalised tokens weighted by a Lucene-style idf over entries; a question
  scores against a phrasing by weighted cosine, and an entry takes the score of its best phrasing.
- Deciding: answer only when the best entry's score, its coverage of the question's terms (unknown words count at
  the highest idf, which is what separates off-topic questions) and its margin over the runner-up all clear their
  thresholds. An `allowed` verdict needs more certainty than the others, because a wrong "allowed" is the costly
  mistake. Otherwise offer up to three choices ("Maksud Anda...?"), or say plainly that the bot does not know.
The verdict always comes from the entry, never from the wording of the question ("gak boleh ya?" = "boleh gak?").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge import Entry, KnowledgeBase, load_knowledge_base
from bot.normalize import Lexicon, Normalizer, clean

MAX_QUESTION_CHARS = 500

ANSWER = "answer"
SUGGEST = "suggest"
NONE = "none"
SMALLTALK = "smalltalk"
EMPTY = "empty"


@dataclass(frozen=True)
class Thresholds:
    """When to answer, when to offer choices. Scores and coverage are 0..1."""

    answer_score: float = 0.50
    answer_coverage: float = 0.60
    answer_margin: float = 0.06
    # A permissive answer must be clearly right: stricter on every axis.
    allowed_score: float = 0.60
    allowed_coverage: float = 0.70
    allowed_margin: float = 0.10
    suggest_score: float = 0.30
    suggest_coverage: float = 0.40
    suggest_ratio: float = 0.60  # a choice must score at least this share of the best one
    max_suggestions: int = 3
    unknown_score_weight: float = 0.5  # an unknown word dilutes the score less than it dilutes coverage


@dataclass(frozen=True)
class Match:
    kind: str  # ANSWER, SUGGEST, NONE, SMALLTALK or EMPTY
    question: str  # the question as matched (cut to MAX_QUESTION_CHARS)
    language: str  # "id" or "en": a guess from the wording
    entry: Entry | None = None  # set only for ANSWER
    score: float = 0.0  # best entry's score, 0..100
    coverage: float = 0.0
    margin: float = 0.0
    suggestions: tuple[Entry, ...] = ()
    smalltalk: str | None = None  # "greeting" or "thanks"
    truncated: bool = False
    tokens: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Ranked:
    entry: Entry
    score: float
    phrasing: str


class Matcher:
    """An index over the knowledge base's phrasings, built once at start-up."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self.normalizer = Normalizer(lexicon)
        phrasings = [(entry, text) for entry in kb for text in entry.phrasings]
        # Two passes: the first teaches the normaliser the words the phrasings use, so the second can strip affixes
        # and fix typos towards them, exactly as it will for questions.
        self.normalizer.set_vocabulary(w for _, text in phrasings for w in clean(text).split())
        first = [self.normalizer.tokens(text) for _, text in phrasings]
        self.normalizer.set_vocabulary(t for tokens in first for t in tokens)
        self._phrasings: list[tuple[Entry, str, frozenset[str]]] = []
        for entry, text in phrasings:
            tokens = frozenset(self.normalizer.tokens(text))
            if tokens:
                self._phrasings.append((entry, text, tokens))
        self.normalizer.set_vocabulary(t for _, _, tokens in self._phrasings for t in tokens)

        entry_terms: dict[str, set[str]] = defaultdict(set)
        for entry, _, tokens in self._phrasings:
            entry_terms[entry.id] |= tokens
        self._entry_terms = {k: frozenset(v) for k, v in entry_terms.items()}
        n = max(len(self._entry_terms), 1)
        df: dict[str, int] = defaultdict(int)
        for terms in self._entry_terms.values():
            for term in terms:
                df[term] += 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = max(self.idf.values(), default=1.0)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._norms: list[float] = []
        for index, (_, _, tokens) in enumerate(self._phrasings):
            for token in tokens:
                self._postings[token].append(index)
            self._norms.append(math.sqrt(sum(self.idf[t] ** 2 for t in tokens)))

    @classmethod
    def from_directory(cls, directory: Path | str, thresholds: Thresholds | None = None) -> Matcher:
        """Load a knowledge directory. One without its own lexicon.yaml (a test fixture) uses the shipped one."""
        directory = Path(directory)
        lexicon = directory / "lexicon.yaml"
        if not lexicon.exists():
            lexicon = DEFAULT_KNOWLEDGE_DIR / "lexicon.yaml"
        return cls(load_knowledge_base(directory), Lexicon.load(lexicon), thresholds)

    @property
    def phrasing_count(self) -> int:
        return len(self._phrasings)

    # -- ranking ------------------------------------------------------------------------------------------

    def rank(self, tokens: tuple[str, ...] | list[str]) -> list[Ranked]:
        """Entries by their best phrasing's weighted cosine with `tokens`, best first."""
        if not tokens:
            return []
        unknown_weight = (self.thresholds.unknown_score_weight * self.max_idf) ** 2
        query_norm = math.sqrt(sum(self.idf[t] ** 2 if t in self.idf else unknown_weight for t in tokens))
        dots: dict[int, float] = defaultdict(float)
        for token in tokens:
            weight = self.idf.get(token)
            if weight is None:
                continue
            for index in self._postings[token]:
                dots[index] += weight * weight
        best: dict[str, Ranked] = {}
        for index, dot in dots.items():
            entry, text, _ = self._phrasings[index]
            score = dot / (query_norm * self._norms[index])
            current = best.get(entry.id)
            if current is None or score > current.score:
                best[entry.id] = Ranked(entry, score, text)
        return sorted(best.values(), key=lambda r: (-r.score, r.entry.id))

    def coverage(self, tokens: tuple[str, ...] | list[str], entry: Entry) -> float:
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

    def match(self, question: str) -> Match:
        truncated = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS]
        analysis = self.normalizer.analyse(question)
        base = {"question": question, "language": analysis.language, "truncated": truncated, "tokens": analysis.tokens}
        if analysis.smalltalk:
            return Match(kind=SMALLTALK, smalltalk=analysis.smalltalk, **base)
        if not analysis.tokens:
            return Match(kind=EMPTY, **base)
        ranked = self.rank(analysis.tokens)
        if not ranked:
            return Match(kind=NONE, **base)
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        coverage = self.coverage(analysis.tokens, top.entry)
        margin = top.score - runner_up
        scores = {"score": round(top.score * 100, 1), "coverage": round(coverage, 3), "margin": round(margin, 3)}
        t = self.thresholds
        if top.entry.verdict == "allowed":
            need = (t.allowed_score, t.allowed_coverage, t.allowed_margin)
        else:
            need = (t.answer_score, t.answer_coverage, t.answer_margin)
        if top.score >= need[0] and coverage >= need[1] and margin >= need[2]:
            return Match(kind=ANSWER, entry=top.entry, **scores, **base)
        if top.score >= t.suggest_score and coverage >= t.suggest_coverage:
            choices = tuple(
                r.entry for r in ranked[: t.max_suggestions] if r.score >= top.score * t.suggest_ratio
            )
            return Match(kind=SUGGEST, suggestions=choices, **scores, **base)
        return Match(kind=NONE, **scores, **base)
