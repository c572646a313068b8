"""Deciding what to do with a ranked question: answer one entry, offer choices, point elsewhere, or say "don't know".

Two independent views rank the knowledge base (the word-level ranker in bot/qa/matcher.py and the character-n-gram
classifier in bot/qa/classifier.py). `signals()` turns what they say about a question into a few numbers that mean
the same thing for a 3-word and a 40-word question (shares, per-n-gram log-likelihood ratios, agreement flags);
a logistic regression over them, fitted offline on the labelled tuning questions (`python -m bot train`, see
bot/qa/train.py), gives two probabilities:

- `p_right`: the candidate entry's verdict is the right one for this question (and the question is in scope);
- `p_scope`: the question is about what an ASN may do in elections at all.

The bot answers when `p_right` clears the answer threshold (a higher one for `allowed`, the costly mistake), and the
candidate is not contradicted by a facet of the question (bot/qa/facets.py); offers choices when `p_scope` clears the
choice threshold (or the asker says they are a civil servant beside someone else, `asks_own_conduct`), ordered by a
third regression (CHOICE_FEATURES, `DecisionModel.order_choices`); otherwise it points
to an out-of-scope kind or says it does not know. The model (feature names, scaling, coefficients, thresholds) is the
small file `bot/qa/decision.json`; a test checks that retraining on the current knowledge base and data gives the same
file, so it cannot go stale.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.qa.actors import about_someone_else, names_someone_else
from bot.qa.normalize import OTHER_ELECTION

MODEL_PATH = Path(__file__).with_name("decision.json")

FEATURES = (
    "rank_score",  # the candidate's ranker score (0..1)
    "rank_gap",  # its score minus the best entry with another verdict (or an out-of-scope kind)
    "coverage",  # idf-weighted share of the question's words found in the candidate's phrasings
    "evidence",  # idf mass of those words, as a share of the largest idf (one rare word = 1)
    "nb_post",  # the classifier's (length-normalised) probability of the candidate
    "nb_verdict",  # ...of any entry with the candidate's verdict
    "nb_scope",  # ...of the out-of-scope kinds
    "nb_gap",  # per-n-gram log-likelihood of the classifier's top class minus its runner-up
    "agree",  # the classifier's top class is the candidate
    "agree_verdict",  # the classifier's top class has the candidate's verdict
    "known_grams",  # share of the question's character n-grams the knowledge base uses
    "unknown_words",  # share of the question's words the ranker does not know
    "context",  # an election word (lexicon `context`)
    "other_actor",  # only about someone the ASN rules do not cover (lexicon `other_actors`, `contestants`), unless
    # the candidate's phrasings name them and every prohibited act the question names (whether the TNI and Polri vote)
    "permission",  # asks whether something is allowed or what it costs
    "short",  # 1 / number of content words
    "scope_top",  # an out-of-scope kind ranks first in the word ranker
    "info",  # the candidate is an explanation (verdict info)
    "allowed",  # the candidate's verdict is allowed
    "facet_conflict",  # the question names another value of a facet of the candidate ("anak" vs "istri")
    "facet_implied",  # the question names none and the candidate is about someone else (a spouse's candidacy)
    "consequence",  # the question asks what a breach costs (lexicon `consequence`): an act's card or the sanctions'
    "consequence_info",  # ...and the candidate is an explanation (the sanctions card)
    "long",  # a long message with a tail (matcher.tail): its last sentences, where a story puts the question
    "tail_agree_verdict",  # the word ranker's best entry for the tail alone has the candidate's verdict
    "tail_scope",  # an out-of-scope kind ranks first for the tail alone
    "tail_nb_verdict",  # the classifier's probability of the candidate's verdict for the tail alone
    "tail_nb_scope",  # ...of the out-of-scope kinds
    "quantity",  # the question asks how many or how much (lexicon `quantity`): the honorarium, the ballots, a deadline
    "quantity_info",  # ...and the candidate is an explanation (a reporting deadline, a sanction's size)
)

# The order of choices ("Maksud Anda...?") is learnt too: a third logistic regression, fitted on the tuning questions
# that get choices, scores each of the SHORTLIST best candidates (its right verdict or not) and the best score comes
# first. Per candidate: how both views rank it, whether the question contradicts it on a facet or names a prohibited
# act its phrasings never name, and its verdict, alone and with what the question asks (QUESTION_TRAITS, features of
# the question, not of a candidate). Out of fold per file on the shipped pool (206 files), the first choice is right
# for 758 of 917 questions offered choices, against 699 with the hand-set order (ranker score + BLEND x the
# classifier's verdict probability): decision.json, meta `choices_out_of_fold` (round 17).
SHORTLIST = 5
VERDICT_ORDER = ("prohibited", "conditional", "info", "allowed")
QUESTION_TRAITS = ("consequence", "permission", "other_actor", "context", "short", "long", "nb_scope", "plain")
CHOICE_FEATURES = (
    "rank_score", "nb_post", "nb_verdict", "facet_conflict", "unlicensed", "top", *VERDICT_ORDER,
    *(f"{verdict}*{trait}" for verdict in VERDICT_ORDER for trait in QUESTION_TRAITS),
)
_RANK, _MASS, _CONFLICT = (CHOICE_FEATURES.index(f) for f in ("rank_score", "nb_verdict", "facet_conflict"))
_VERDICTS = [CHOICE_FEATURES.index(v) for v in VERDICT_ORDER]  # a candidate's verdict, one-hot
_UNLICENSED_ALLOWED = (CHOICE_FEATURES.index("unlicensed"), CHOICE_FEATURES.index("allowed"))


@dataclass(frozen=True)
class DecisionModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    right: tuple[float, ...]  # intercept first, then one weight per feature
    scope: tuple[float, ...]
    thresholds: dict[str, float]
    meta: dict[str, Any]
    # The choice-order model over CHOICE_FEATURES: (mean, scale, intercept and weights); empty: the hand-set order.
    choice: tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]] = ((), (), ())

    @classmethod
    def load(cls, path: Path | str = MODEL_PATH) -> DecisionModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = tuple(data["features"])
        if features != FEATURES or tuple(data["choice"]["features"]) != CHOICE_FEATURES:
            raise ValueError(f"{path}: trained on other features; run `python -m bot train`")
        choice = data["choice"]
        return cls(features, tuple(data["mean"]), tuple(data["scale"]), tuple(data["right"]),
                   tuple(data["scope"]), dict(data["thresholds"]), dict(data.get("meta", {})),
                   (tuple(choice["mean"]), tuple(choice["scale"]), tuple(choice["weights"])))

    @classmethod
    def untrained(cls) -> DecisionModel:
        """A model that never answers: what `python -m bot train` starts from when there is no model yet."""
        n = len(FEATURES)
        return cls(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * (n + 1), (0.0,) * (n + 1),
                   {"answer": 2.0, "allowed": 2.0, "suggest": 0.5}, {})

    def to_json(self) -> str:
        mean, scale, weights = self.choice
        data = {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "right": list(self.right), "scope": list(self.scope), "thresholds": self.thresholds,
                "choice": {"features": list(CHOICE_FEATURES), "mean": list(mean), "scale": list(scale),
                           "weights": list(weights)},
                "meta": self.meta}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    def probabilities(self, values: Sequence[float]) -> tuple[float, float]:
        """(p_right, p_scope) for one feature vector."""
        scaled = [(v - m) / s for v, m, s in zip(values, self.mean, self.scale, strict=True)]
        return _logistic(self.right, scaled), _logistic(self.scope, scaled)

    def order_choices(self, rows: Sequence[tuple[Any, Sequence[float]]]) -> list[Any]:
        """The shortlist's entries (Signals.choices), the likeliest right verdict first (CHOICE_FEATURES); untrained,
        the hand-set order: a candidate the question contradicts on a facet last, then ranker score + BLEND x
        verdict mass."""
        mean, scale, weights = self.choice

        def hand_set(row: tuple[Any, Sequence[float]]) -> tuple[float, float]:
            return row[1][_CONFLICT], -row[1][_RANK] - BLEND * row[1][_MASS]
        if not weights:
            return [e for e, _ in sorted(rows, key=hand_set)]
        # The regression scores whether a candidate's *verdict* is right, so candidates of one verdict differ only by
        # noise: a verdict ranks by its best candidate, and within it the hand-set order picks the card (round 21:
        # "asn tetap nyoblos atau sama seperti polisi?" got the card on time off to vote before the card on voting).
        scores = [_logistic(weights, [(x - m) / s for x, m, s in zip(v, mean, scale, strict=True)]) for _, v in rows]
        verdicts = [tuple(v[i] for i in _VERDICTS) for _, v in rows]
        best: dict[tuple[float, ...], float] = {}
        for verdict, score in zip(verdicts, scores, strict=True):
            best[verdict] = max(best.get(verdict, 0.0), score)
        order = sorted(range(len(rows)), key=lambda i: (-best[verdicts[i]], hand_set(rows[i])))
        return [rows[i][0] for i in order]

    def shortlist(self, rows: Sequence[tuple[Any, Sequence[float]]], size: int) -> list[Any]:
        """The first `size` choices in order. When every one of them is an `allowed` card that never names a
        prohibited act the question names, the last place goes to the likeliest card of another verdict: "kadis
        nyuruh pegawai gak usah ke tps, lembur aja" must be able to reach the card on a superior keeping staff from
        the polls (round 26). The first choice, which the rates count, is never changed."""
        ordered = self.order_choices(rows)
        head, features = ordered[:size], {id(e): v for e, v in rows}
        if size > 1 and all(all(features[id(e)][i] for i in _UNLICENSED_ALLOWED) for e in head):
            other = next((e for e in ordered[size:] if not features[id(e)][_UNLICENSED_ALLOWED[1]]), None)
            if other is not None:
                head[-1] = other
        return head


CARD = "allowed:"  # thresholds key prefix of one `allowed` card's own threshold (thresholds.card_thresholds)


def allowed_threshold(thresholds: Mapping[str, float], plain: bool, entry_id: str = "") -> float:
    """`allowed`'s threshold; a question that names no prohibited act has its own, never higher, and a card may have
    a lower one of its own (thresholds.py)."""
    shared = thresholds.get("allowed_plain", thresholds["allowed"]) if plain else thresholds["allowed"]
    return min(shared, thresholds.get(CARD + entry_id, shared))


def _logistic(weights: Sequence[float], values: Sequence[float]) -> float:
    z = weights[0] + sum(w * v for w, v in zip(weights[1:], values, strict=True))
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


TEMPERATURE = 8.0  # the classifier's log-likelihoods are divided by (known n-grams / this) before the softmax
FACET_LOOKAHEAD = 4  # a candidate the question contradicts on a facet gives way to the best of the next three
BLEND = 2.0  # candidate order: ranker score + this x the classifier's probability (docs/answering.md)


@dataclass
class Signals:
    """What both views say about one question, and the decision features of its best candidate."""

    candidates: list[tuple[Any, float]]  # (entry, blended score), best first; entries only, no out-of-scope kinds
    top_scope: Any | None  # the best out-of-scope kind, if one ranks first in either view
    values: list[float]  # FEATURES of candidates[0] (empty when there is no candidate)
    conflicts: list[str]  # facets on which the question contradicts candidates[0] (see FacetIndex.conflicts)
    unlicensed: frozenset[str]  # prohibited acts named by the question but not by candidates[0]
    rank_score: float = 0.0
    coverage: float = 0.0
    margin: float = 0.0
    # The SHORTLIST best candidates with their CHOICE_FEATURES, to order the choices (DecisionModel.order_choices);
    # a function, because most questions are answered or turned away and need no per-candidate facet checks.
    choices: Callable[[], list[tuple[Any, list[float]]]] = list
    # The question names a social-media act and no election word (lexicon `social_acts`, `context`): see vetoed.
    unelectoral: bool = False
    # The question is about another body's election ("calon ketua OSIS", normalize.OTHER_ELECTION).
    other_election: bool = False
    # The question names no prohibited act at all (lexicon `prohibited_acts`), or only the acts of the one it would
    # report, to an entry about reporting (FacetIndex.reports): `allowed` has its own threshold then.
    plain: bool = False
    # The question is about what someone the ASN rules do not cover may do, and the candidate is not about them
    # (actors.names_someone_else; see vetoed).
    someone_else: bool = False


def signals(matcher: Any, analysis: Any, tail: Sequence[str] = ()) -> Signals:
    """Rank with both views and compute the decision features (see FEATURES) for the best candidate."""
    from bot.qa.classifier import softmax
    from bot.qa.knowledge import Entry

    tokens = analysis.tokens
    ranked = matcher.rank(tokens)
    raw, known, grams = matcher.classifier.scores(tokens)
    docs = matcher._docs
    post = softmax(raw, TEMPERATURE / max(known, 1))
    order = [i for _, i in sorted(zip(raw, range(len(raw)), strict=True), reverse=True)[:3]]
    nb_top = docs[order[0]]
    nb_gap = (raw[order[0]] - raw[order[1]]) / max(known, 1) if len(order) > 1 else 0.0
    place = matcher._place
    by_entry: dict[str, float] = {r.entry.id: r.score for r in ranked}
    pool = {r.entry.id: r.entry for r in ranked if isinstance(r.entry, Entry)}
    for i in order[:3]:
        if isinstance(docs[i], Entry):
            pool.setdefault(docs[i].id, docs[i])
    candidates = sorted(
        ((e, by_entry.get(e.id, 0.0) + BLEND * post[place[e.id]]) for e in pool.values()),
        key=lambda pair: (-pair[1], place[pair[0].id]),
    )
    scope_top = ranked[0].entry if ranked and not isinstance(ranked[0].entry, Entry) else None
    if scope_top is None and not isinstance(nb_top, Entry):
        scope_top = nb_top
    if not candidates:
        return Signals([], scope_top, [], [], frozenset())
    facets = matcher.facets
    named = facets.named(tokens)
    if facets.conflicts(tokens, candidates[0][0].id, named):
        # The best-ranked entry is about another facet ("istri" vs "anak"): the best of the next few that is not
        # takes its place, and is judged on its own features.
        fitting = next((c for c in candidates[1:FACET_LOOKAHEAD] if not facets.conflicts(tokens, c[0].id, named)),
                       None)
        if fitting is not None:
            candidates.remove(fitting)
            candidates.insert(0, fitting)
    entry = candidates[0][0]
    score = by_entry.get(entry.id, 0.0)
    rival = max((r.score for r in ranked if r.entry.verdict != entry.verdict), default=0.0)
    coverage = matcher.coverage(tokens, entry)
    terms = matcher._entry_terms[entry.id]
    idf = matcher.idf
    evidence = sum(idf.get(t, 0.0) for t in tokens if t in terms) / matcher.max_idf
    lex = matcher.normalizer.lexicon
    words = set(tokens)
    # The classifier's probability of each verdict ("none": the out-of-scope kinds): two features and the choice order.
    mass = {v: sum(map(post.__getitem__, places)) for v, places in matcher.verdict_places.items()}
    conflicts = facets.conflicts(tokens, entry.id, named)
    unlicensed = facets.unlicensed_acts(tokens, entry.id)
    values = [
        score, score - rival, coverage, min(evidence, 3.0),
        post[place[entry.id]], mass[entry.verdict], mass.get("none", 0.0),
        min(nb_gap, 3.0), float(nb_top.id == entry.id), float(nb_top.verdict == entry.verdict),
        known / grams if grams else 0.0, sum(1 for t in tokens if t not in idf) / len(tokens),
        float(not words.isdisjoint(lex.context)),
        float(about_someone_else(analysis, lex) and not _covers(words & lex.other_actors, entry, facets, unlicensed)),
        float(analysis.asks_permission), 1.0 / len(tokens), float(bool(ranked) and ranked[0].entry is scope_top),
        float(entry.verdict == "info"), float(entry.verdict == "allowed"),
        float(any(":" not in c for c in conflicts)), float(any(":" in c for c in conflicts)),
        *_asks(words, lex.consequence, entry), *_tail_values(matcher, tail, entry), *_asks(words, lex.quantity, entry),
    ]
    plain = words.isdisjoint(facets.prohibited_acts) or facets.reports(tokens, entry.id)
    traits = [*(values[FEATURES.index(t)] for t in QUESTION_TRAITS[:-1]), float(plain)]

    def choices() -> list[tuple[Any, list[float]]]:
        rows = []
        for rank, (e, _) in enumerate(candidates[:SHORTLIST]):
            hot = [float(e.verdict == v) for v in VERDICT_ORDER]
            rows.append((e, [by_entry.get(e.id, 0.0), post[place[e.id]], mass[e.verdict],
                             float(bool(facets.conflicts(tokens, e.id, named))),
                             float(bool(facets.unlicensed_acts(tokens, e.id))), float(rank == 0), *hot,
                             *(h * t for h in hot for t in traits)]))
        return rows
    return Signals(candidates, scope_top, values, conflicts, unlicensed,
                   score, coverage, score - max((r.score for r in ranked if r.entry.id != entry.id), default=0.0),
                   choices, unelectoral=bool(words & lex.social_acts) and words.isdisjoint(lex.context), plain=plain,
                   other_election=OTHER_ELECTION in words,
                   someone_else=bool(values[FEATURES.index("other_actor")]) and names_someone_else(analysis, lex))


def _covers(others: frozenset[str] | set[str], entry: Any, facets: Any, unlicensed: frozenset[str]) -> bool:
    """The entry is about the others the question names (the card on whether the TNI and Polri vote names them, or
    its `covers` says its law binds them) and about every prohibited act it names: the ASN rules' silence on them
    does not veto it."""
    return bool(others) and others <= facets.acts(entry.id) | set(entry.covers) and not unlicensed


def _asks(words: set[str], vocabulary: frozenset[str], entry: Any) -> list[float]:
    """A pair of features: the question names one of these words (what a breach costs, how many), and it does while
    the candidate is an explanation (the sanctions card, a reporting deadline)."""
    asks = not words.isdisjoint(vocabulary)
    return [float(asks), float(asks and entry.verdict == "info")]


def _tail_values(matcher: Any, tail: Sequence[str], entry: Any) -> list[float]:
    """The `long` and `tail_*` features: how the last sentences alone rank, in both views."""
    from bot.qa.classifier import softmax
    from bot.qa.knowledge import Entry

    ranked = matcher.rank(tuple(tail)) if tail else []
    if not ranked:
        return [float(bool(tail)), 0.0, 0.0, 0.0, 0.0]
    top = ranked[0].entry
    raw, known, _ = matcher.classifier.scores(tail)
    post = softmax(raw, TEMPERATURE / max(known, 1))
    places = matcher.verdict_places
    return [1.0, float(isinstance(top, Entry) and top.verdict == entry.verdict), float(not isinstance(top, Entry)),
            sum(map(post.__getitem__, places[entry.verdict])), sum(map(post.__getitem__, places["none"]))]


def vetoed(found: Signals, verdict: str) -> bool:
    """The rules no probability overrides: the question names someone the ASN rules do not cover (polisi, kepala
    desa, "dia"), it is about social media with nothing electoral or about another body's election, it contradicts
    the candidate on a facet, or the candidate is `allowed` and the question names a prohibited act its phrasings never
    name. A question that opens with a contestant but asks its may word later (feature `other_actor`) is the model's
    to weigh, not a veto: "calon dewan nitip sembako, angsal?" asks what the asker may do with the candidate's
    parcels. Round 34 dropped the whole veto, which answered "polisi aktif boleh jadi timses caleg?"; round 35 keeps
    it for the others named and for "caleg boleh ...?"."""
    # "polisi boleh jadi timses?"; "pns boleh like postingan kucing lucu?" (the cards on social media are about
    # candidates' posts); "pemilihan ketua koperasi, boleh kampanye?" (another body's election, lexicon `electing`)
    return (found.someone_else or found.unelectoral or found.other_election or bool(found.conflicts)
            or (verdict == "allowed" and bool(found.unlicensed)))


def asks_own_conduct(found: Signals, analysis: Any, lex: Any) -> bool:
    """The asker says they are a civil servant ("saya pns") beside someone the rules do not cover, in an election
    that is not another body's: "suami saya bukan pns jadi timses, saya pns boleh bantu?" asks about the asker's own
    conduct, so it gets choices, never a pointer to someone else's question (round 32: a retraining put its p_scope
    at 0.07, under the choice threshold)."""
    return (analysis.asker_is_asn and not found.other_election
            and not lex.other_actors.isdisjoint(analysis.tokens))
