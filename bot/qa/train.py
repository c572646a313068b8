"""Fit the decision model (bot/qa/decision.json) on the labelled tuning questions: `python -m bot train`.

A development command, never run by the bot: it needs scikit-learn and numpy (the `test` extra) and the labelled
question sets (`--data`, default ./tests/data, listed with their roles in its sets.yaml).

1. Every tuning question goes through the normaliser and both rankers (`decide.signals`), giving one feature vector
   of its best candidate entry and two labels: is that candidate's verdict right, and is the question in scope.
2. Two logistic regressions (scikit-learn, L2, standardised features) learn p_right and p_scope.
3. Thresholds are chosen by group k-fold cross-validation with one fold per question file (a file is one writer's
   batch, so a fold is a new style): out-of-fold probabilities, then, over the grid, the thresholds (one per
   candidate verdict, `allowed` the highest: `allowed_ok`) that give the most right answers directly while the
   pooled out-of-fold rates keep a margin inside the acceptance bar: at most WRONG_MAX wrong verdicts, at least
   SILENT_MIN of the off-topic questions without a verdict, no dangerous `allowed` (`choose_thresholds`); and the
   lowest p_scope threshold for choices that offers choices to at most CHOICES_BUDGET of the off-topic
   questions (the rest get a pointer or "don't know"; choices carry no verdict, so this trades only convenience).
4. A third regression learns the order of choices (`decide.CHOICE_FEATURES`) on the questions that get choices under
   those thresholds, out of fold per file for the rates (`choices_out_of_fold`).
5. The final models are fitted on the whole pool and written, rounded, with the cross-validated rates.

The evaluation sets (role `eval`) are never read here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import product
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from bot.qa.decide import FEATURES, DecisionModel, allowed_threshold, signals, vetoed
from bot.qa.evaluate import Labelled
from bot.qa.examples import Sample, assign
from bot.qa.matcher import cut

C = 1.0  # inverse L2 strength of both regressions (1, 3 and 10 cross-validated per file: docs/answering.md)
# Targets: the pooled out-of-fold rates the thresholds must keep, a margin inside the acceptance bar (wrong <= 2%,
# silent >= 95%). Until round 8 these were budgets over the strictest rule's rates, which turned the search more
# cautious each time hard sets joined the pool (docs/answering.md, Round 8).
WRONG_MAX = 0.015  # share of in-scope questions answered with a wrong verdict
# share of off-topic questions answered without a verdict. 0.975, not 0.96: the bar holds per set, and out of fold
# (141 files) 77 of the 134 fresh sets meet all of it at 0.975, 73 at 0.97, 70 at 0.96, 76 at 0.98 (round 15). With
# 146 files and `allowed_plain`: 79 of 139 at 0.975, 77 at 0.97, 73 at 0.96; 82 at 0.98, for 0.85 points of direct
# answers. With 151 files: 78 of 144 at 0.975, 73 at 0.97, 69 at 0.96, 77 at 0.98. The ten sets scored once on 0.975
# (EE-EN, 96.7% silent or more, six under 90% direct) are hard on direct answers at any target: out of fold 91.5% at
# 0.96, 90.5% at 0.975, three of ten meeting the bar at either (docs/answering.md, round 15).
SILENT_MIN = 0.975
ALLOWED_MARGIN = 0.15  # `allowed` needs at least this much more p_right than prohibited and conditional
ALLOWED_FLOOR = 0.90  # ...and at least this: a wrong "allowed" can cost a career, a choice costs a tap (0.85 gave
# a dangerous answer leaving questions_tune2 out, 0.90 none at the same rates: docs/answering.md, Round 4)
ALLOWED_WRONG = 0.05  # share of the `allowed` answers (out of fold) that may be wrong (never dangerously: none)
CHOICES_BUDGET = 0.2  # pooled out-of-fold share of off-topic questions that may get choices instead of a pointer
SUGGEST_FLOOR = 0.1  # the least p_scope that may offer choices (see choose_thresholds)
GRID = tuple(round(0.55 + 0.05 * i, 2) for i in range(9))  # 0.55 .. 0.95 (from 0.30 answered vague questions; Round 4)
ALLOWED_GRID = tuple(round(ALLOWED_FLOOR + 0.01 * i, 2) for i in range(10))  # 0.90 .. 0.99: one step finer than GRID
DIGITS = 6


@dataclass
class Example:
    question: Labelled
    group: str
    values: list[float]
    verdict: str  # the candidate's verdict, "none" without a candidate
    blocked: bool  # a facet veto or an unlicensed prohibited act: never answered directly
    plain: bool = False  # the question names no prohibited act (Signals.plain): `allowed_plain` applies
    # the shortlist's CHOICE_FEATURES, each with whether that candidate's verdict is the label's (Signals.choices)
    choices: list[tuple[list[float], bool]] = field(default_factory=list)
    first_right: bool | None = None  # offered choices, the first has the right verdict (out of fold; `rates`)

    @property
    def right(self) -> bool:
        return self.question.expect != "none" and self.verdict == self.question.expect

    @property
    def in_scope(self) -> bool:
        return self.question.expect != "none"


def label_examples(matcher: Any, groups: Sequence[tuple[str, Sequence[Labelled]]]) -> dict[str, list[Sample]]:
    """Per group, its questions as (entry or kind id, question, tokens) examples for the classifier
    (bot/qa/examples.py), assigned by `matcher`, whose classifier must know the phrasings only."""
    pairs: dict[str, list[Sample]] = {}
    for group, questions in groups:
        pairs[group] = []
        for q in questions:
            tokens = matcher.normalizer.analyse(cut(q.question)[0]).tokens
            doc = assign(matcher, tokens, q.expect, q.row)
            if doc is not None:
                pairs[group].append((doc, q.question, tokens))
    return pairs


def examples(matcher: Any, groups: Sequence[tuple[str, Sequence[Labelled]]],
             pairs: Mapping[str, Sequence[Sample]] | None = None) -> list[Example]:
    """Every question's decision features and labels. With `pairs` (`label`), cross-fitted: a group's features
    come from a classifier trained on the phrasings and the OTHER groups' examples, so the decision model learns
    how far to trust the classifier on a writer it has not seen, as the bot meets one (stacking). The groups are
    independent, so they are spread over the machine's cores (fork: the workers share the matcher as it is)."""
    global _FOLDS
    if pairs is None or (os.cpu_count() or 1) < 2 or len(groups) < 2 or "fork" not in get_all_start_methods():
        return [row for g in range(len(groups)) for row in _group_examples(matcher, groups, pairs, g)]
    _FOLDS = (matcher, groups, pairs)
    try:
        with ProcessPoolExecutor(os.cpu_count(), mp_context=get_context("fork")) as pool:
            return [row for rows in pool.map(_fold, range(len(groups))) for row in rows]
    finally:
        _FOLDS = None


# What a forked worker of `examples` reads (set only while the pool runs).
_FOLDS: tuple[Any, Sequence[tuple[str, Sequence[Labelled]]], Mapping[str, Sequence[Sample]]] | None = None


def _fold(index: int) -> list[Example]:
    assert _FOLDS is not None
    return _group_examples(*_FOLDS, index)


def _group_examples(matcher: Any, groups: Sequence[tuple[str, Sequence[Labelled]]],
                    pairs: Mapping[str, Sequence[Sample]] | None, index: int) -> list[Example]:
    group, questions = groups[index]
    fold = matcher if pairs is None else matcher.with_examples(
        [pair for other, listed in pairs.items() if other != group for pair in listed])
    out = []
    for item in questions:
        text = cut(item.question)[0]
        analysis = fold.normalizer.analyse(text)
        found = signals(fold, analysis, fold.tail_tokens(text)) if analysis.tokens else None
        if found is None or not found.candidates:
            out.append(Example(item, group, [0.0] * len(FEATURES), "none", True))
            continue
        entry = found.candidates[0][0]
        blocked = vetoed(found, entry.verdict)
        choices = [(v, e.verdict == item.expect) for e, v in found.choices()]
        out.append(Example(item, group, found.values, entry.verdict, blocked, found.plain, choices))
    return out


def _fit(rows: Sequence[Example], label: str) -> tuple[list[float], list[float], list[float]]:
    return _regression([r.values for r in rows], [getattr(r, label) for r in rows])


def _regression(values: Sequence[Sequence[float]],
                labels: Sequence[bool]) -> tuple[list[float], list[float], list[float]]:
    """A standardised L2 logistic regression: (mean, scale, intercept and weights)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    x = np.array(values, dtype=float)
    y = np.array(labels, dtype=int)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0  # constant (or nearly: it would round to 0 in decision.json)
    model = LogisticRegression(C=C, max_iter=10_000).fit((x - mean) / scale, y)
    return list(mean), list(scale), [float(model.intercept_[0]), *map(float, model.coef_[0])]


def _model(rows: Sequence[Example], thresholds: dict[str, float], meta: dict[str, Any],
           offered: Sequence[Example] = ()) -> DecisionModel:
    mean, scale, right = _fit(rows, "right")
    _, _, scope = _fit(rows, "in_scope")
    return DecisionModel(FEATURES, _round(mean), _round(scale), _round(right), _round(scope), thresholds, meta,
                         _choice_model(offered))


def _choice_model(offered: Sequence[Example]) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """The choice-order regression (decide.CHOICE_FEATURES), fitted on the candidates of the questions that get
    choices (`offered`): is this candidate's verdict the right one. Fitted on those alone, not on every question: in
    round 17's experiment (186 files, out of fold), 755 of 928 first choices right against 751."""
    pairs = [pair for r in offered for pair in r.choices]
    if len({ok for _, ok in pairs}) < 2:
        return (), (), ()
    mean, scale, weights = _regression([v for v, _ in pairs], [ok for _, ok in pairs])
    return _round(mean), _round(scale), _round(weights)


def offered_choices(scored: Sequence[tuple[Example, float, float]], need: Mapping[str, float]) -> list[Example]:
    """The in-scope questions that get choices under `need`: not answered directly, p_scope at the choice
    threshold, and a shortlist to offer."""
    return [r for r, p, q in scored
            if r.in_scope and r.choices and not _answers(r, p, need) and q >= need["suggest"]]


def choices_out_of_fold(scored: Sequence[tuple[Example, float, float]], need: Mapping[str, float]) -> dict[str, int]:
    """Set `first_right` on every question that gets choices, from a choice model fitted without its group; count
    the first choices right, against the hand-set order's (DecisionModel.order_choices untrained)."""
    offered = offered_choices(scored, need)
    hand_set = DecisionModel.untrained()
    count = {"offered": len(offered), "first_right": 0, "first_right_hand_set": 0}
    for group in sorted({r.group for r in offered}):
        model = replace(hand_set, choice=_choice_model([r for r in offered if r.group != group]))
        for r in offered:
            if r.group == group:
                shortlist = [(ok, v) for v, ok in r.choices]  # the "entries" ordered: is this candidate's verdict right
                r.first_right = model.order_choices(shortlist)[0]
                count["first_right"] += r.first_right
                count["first_right_hand_set"] += hand_set.order_choices(shortlist)[0]
    return count


def _round(values: Sequence[float]) -> tuple[float, ...]:
    return tuple(round(float(v), DIGITS) for v in values)


def out_of_fold(rows: Sequence[Example]) -> list[tuple[Example, float, float]]:
    """(example, p_right, p_scope) for every example, from models fitted without its group."""
    out = []
    for group in sorted({r.group for r in rows}):
        train = [r for r in rows if r.group != group]
        model = _model(train, {}, {})
        out += [(r, *model.probabilities(r.values)) for r in rows if r.group == group]
    return out


VERDICTS = ("prohibited", "conditional", "info", "allowed")
# The verdicts a wrong `allowed` would hide (a dangerous answer): `allowed` keeps its margin above their thresholds.
# Not above info's: an explanation card's threshold says nothing about the risk of a permission, and tying them
# sent every `allowed` question to choices whenever the info threshold stayed high.
HIDDEN_BY_ALLOWED = ("prohibited", "conditional")


def rates(scored: Sequence[tuple[Example, float, float]], need: Mapping[str, float],
          suggest: float = 0.5) -> dict[str, float]:
    """The evaluation rates of a decision rule (`need`: the answer threshold per candidate verdict) over scored
    examples (see bot/qa/evaluate.py for the definitions)."""
    inside = [s for s in scored if s[0].in_scope]
    outside = [s for s in scored if not s[0].in_scope]

    def answers(example: Example, p_right: float) -> bool:  # under these thresholds
        return _answers(example, p_right, need)

    def first_right(example: Example) -> bool:  # the choice model's first, where known; else the top candidate
        return example.right if example.first_right is None else example.first_right

    direct = sum(1 for r, p, _ in inside if answers(r, p) and r.right)
    wrong = sum(1 for r, p, _ in inside if answers(r, p) and not r.right)
    tap = direct + sum(1 for r, p, q in inside if not answers(r, p) and q >= suggest and first_right(r))
    dangerous = sum(1 for r, p, _ in scored if answers(r, p) and r.verdict == "allowed"
                    and r.question.expect in HIDDEN_BY_ALLOWED)
    loud = sum(1 for r, p, _ in outside if answers(r, p))
    n, m = max(len(inside), 1), max(len(outside), 1)
    return {"direct": direct / n, "tap": tap / n, "wrong": wrong / n, "dangerous": dangerous,
            "offtopic_silent": 1 - loud / m, "in_scope": len(inside), "off_topic": len(outside)}


def _answers(example: Example, p_right: float, need: Mapping[str, float]) -> bool:
    """The question is answered directly under the thresholds `need`."""
    if example.verdict == "none" or example.blocked:
        return False
    if example.verdict == "allowed":
        return p_right >= allowed_threshold(need, example.plain)
    return p_right >= need.get(example.verdict, 2.0)


def choose_thresholds(scored: Sequence[tuple[Example, float, float]]) -> dict[str, float]:
    """One answer threshold per candidate verdict: of every combination on the grid, the one with the most right
    answers given directly whose pooled out-of-fold rates stay within WRONG_MAX and SILENT_MIN with no dangerous
    answer, `allowed` at the lowest threshold its own rules accept (`allowed_ok`; never, if none does), and on a
    question that names no prohibited act (`Example.plain`) at the lowest such threshold of those questions alone
    (`allowed_plain`): with the acts in one pool, one story crossing the line moved `allowed` for all. Verdicts
    differ in how often a confident candidate is wrong (info and prohibited candidates rarely are, conditional ones
    more often), so one shared threshold is either too cautious for some or too bold for others. Then the choice
    threshold."""
    import numpy as np

    p_right = np.array([p for _, p, _ in scored])
    inside = np.array([r.in_scope for r, _, _ in scored])
    right = np.array([r.right for r, _, _ in scored])
    hides = np.array([r.question.expect in HIDDEN_BY_ALLOWED for r, _, _ in scored])
    open_ = {v: np.array([r.verdict == v and not r.blocked for r, _, _ in scored]) for v in VERDICTS}
    plain = np.array([r.plain for r, _, _ in scored])
    n_in, n_out = max(int(inside.sum()), 1), max(int((~inside).sum()), 1)
    # `allowed` on a question that names a prohibited act, and on a plain one (no such act): each subset keeps the
    # rules of `allowed_ok` on its own, the plain threshold never above the other.
    allowed_at = {(t, kind): open_["allowed"] & (plain == kind) & (p_right >= t)
                  for t in (*ALLOWED_GRID, 2.0) for kind in (False, True)}
    best: tuple[tuple[float, float], dict[str, float]] | None = None
    for combo in product(GRID, repeat=3):
        need = dict(zip(("prohibited", "conditional", "info"), combo, strict=True))
        others = np.zeros(len(scored), dtype=bool)
        for verdict, t in need.items():
            others |= open_[verdict] & (p_right >= t)
        feasible = None
        plain_ok = [a for a in ALLOWED_GRID if allowed_ok(need, a, allowed_at[a, True], right, hides)]
        for t in (*[a for a in ALLOWED_GRID if allowed_ok(need, a, allowed_at[a, False], right, hides)], 2.0):
            for tp in (*[a for a in plain_ok if a <= t], 2.0):
                answered = others | allowed_at[t, False] | allowed_at[tp, True]
                wrong = (answered & inside & ~right).sum() / n_in
                silent = 1 - (answered & ~inside).sum() / n_out
                if wrong <= WRONG_MAX and silent >= SILENT_MIN:
                    feasible = (answered, wrong, t, tp)
                    break  # the lowest plain threshold that keeps the targets
            if feasible is not None:
                break  # the lowest `allowed` threshold that keeps the targets
        if feasible is None:
            continue
        answered, wrong, t, tp = feasible
        key = ((answered & right).sum() / n_in, -wrong)
        if best is None or key > best[0]:
            best = (key, {**need, "allowed": t if t <= 1 else 1.01, "allowed_plain": tp if tp <= 1 else 1.01})
    need = best[1] if best else {**{v: GRID[-1] for v in VERDICTS}, "allowed": 1.01, "allowed_plain": 1.01}
    outside = [q for r, _, q in scored if not r.in_scope]
    # Not below SUGGEST_FLOOR however big the pool: under it the model is 90% sure the question is off-topic, and
    # "pemilihan ketua rt, pns boleh nyalon?" should get the pointer to other elections, not cards about Pemilu. On
    # 115 files, 0.05 would have added 0.1 point within one tap (round 14).
    suggest = next((t for t in (SUGGEST_FLOOR, *GRID) if sum(q >= t for q in outside) <= CHOICES_BUDGET * len(outside)),
                   0.5)
    return {"answer": max(need[v] for v in VERDICTS if v != "allowed"), **need, "suggest": suggest}


def allowed_ok(need: Mapping[str, float], threshold: float, given: Any, right: Any, hides: Any) -> bool:
    """`allowed` stays the hardest verdict to give: its threshold is at least ALLOWED_FLOOR and at least
    ALLOWED_MARGIN above those of prohibited and conditional (capped at the top of the grid), it gives no dangerous
    answer in any fold, and at most ALLOWED_WRONG of its answers are wrong (`given`: the questions it answers)."""
    others = max(need[v] for v in HIDDEN_BY_ALLOWED)
    if threshold < max(min(others + ALLOWED_MARGIN, GRID[-1]), ALLOWED_FLOOR) - 1e-9:
        return False
    return not (given & hides).any() and (given & ~right).sum() <= ALLOWED_WRONG * given.sum()


def train(matcher: Any, groups: Sequence[tuple[str, Sequence[Labelled]]],
          pairs: Mapping[str, Sequence[Sample]] | None = None) -> tuple[DecisionModel, dict[str, Any]]:
    """The decision model fitted on `groups` (name, questions), cross-fitted over `pairs` (see `examples`), and
    its cross-validated rates."""
    rows = examples(matcher, groups, pairs)
    scored = out_of_fold(rows)
    thresholds = choose_thresholds(scored)
    first = choices_out_of_fold(scored, thresholds)
    cv = rates(scored, thresholds, thresholds["suggest"])
    cv = {k: round(v, 4) if isinstance(v, float) else v for k, v in cv.items()}
    meta = {"trained_on": [name for name, _ in groups], "questions": len(rows), "cross_validated": cv,
            "choices_out_of_fold": first, "folds": "one per question file (group k-fold)"}
    return _model(rows, thresholds, meta, offered_choices(scored, thresholds)), cv


def per_file(matcher: Any, groups: Sequence[tuple[str, Sequence[Labelled]]],
             pairs: Mapping[str, Sequence[Sample]] | None = None) -> dict[str, dict[str, float]]:
    """Leave one file out: for each tuning file, the whole fit (models and thresholds, the thresholds chosen by the
    same one-fold-per-file search inside) on the other files, measured on it. The honest estimate for a new
    writer's style, file by file (`python -m bot train --per-file`). With `pairs`, each file's features come from a
    classifier trained without its examples; the other files' features, which fit the model, saw them (one level
    of cross-fitting, not two: 14 times faster, and only the fitting side sees the held-out file)."""
    rows = examples(matcher, groups, pairs)
    out = {}
    for name, _ in groups:
        others = [r for r in rows if r.group != name]
        thresholds = choose_thresholds(out_of_fold(others))
        model = _model(others, thresholds, {})
        scored = [(r, *model.probabilities(r.values)) for r in rows if r.group == name]
        out[name] = rates(scored, thresholds, thresholds["suggest"])
    return out


def main(knowledge_dir: Any, data_dir: Any, output: Any = None, per_file_only: bool = False) -> int:
    """`python -m bot train`: fit on the manifest's tuning sets, write decision.json and examples.jsonl (into
    `output`, a directory, default bot/qa/), print the cross-validated rates."""
    from pathlib import Path

    from bot.qa.decide import MODEL_PATH
    from bot.qa.evaluate import load_manifest, select
    from bot.qa.examples import EXAMPLES_PATH, dump
    from bot.qa.matcher import Matcher

    matcher = Matcher.from_directory(knowledge_dir, model=DecisionModel.untrained(), examples=())
    groups = [(s.name, s.questions()) for s in select(load_manifest(data_dir), "tune")]
    pairs = label_examples(matcher, groups)
    if per_file_only:
        for name, r in per_file(matcher, groups, pairs).items():
            print(f"{name:24} direct {r['direct']:.1%}  1 tap {r['tap']:.1%}  wrong {r['wrong']:.1%}  "
                  f"dangerous {r['dangerous']}  off-topic silent {r['offtopic_silent']:.1%}")
        return 0
    model, cv = train(matcher, groups, pairs)
    directory = Path(output) if output else MODEL_PATH.parent
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MODEL_PATH.name).write_text(model.to_json(), encoding="utf-8")
    every = [pair for name, _ in groups for pair in pairs[name]]
    meta = {"from": [name for name, _ in groups], "examples": len(every),
            "unassigned": sum(len(q) for _, q in groups) - len(every)}
    (directory / EXAMPLES_PATH.name).write_text(dump(every, meta), encoding="utf-8")
    print(f"wrote {directory / MODEL_PATH.name}: thresholds {model.thresholds}")
    print(f"wrote {directory / EXAMPLES_PATH.name}: {meta['examples']} examples, {meta['unassigned']} unassigned")
    print("cross-validated (one fold per tuning file): " + ", ".join(f"{k} {v}" for k, v in cv.items()))
    return 0
