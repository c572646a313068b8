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
   SILENT_MIN of the off-topic questions without a verdict, no dangerous `allowed` (thresholds.py); and the
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
from dataclasses import replace
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from bot.qa.decide import FEATURES, DecisionModel, signals, vetoed
from bot.qa.evaluate import Labelled
from bot.qa.examples import Sample, assign
from bot.qa.matcher import cut
from bot.qa.thresholds import Example, answered_directly, choose_thresholds, rates

C = 1.0  # inverse L2 strength of both regressions (1, 3 and 10 cross-validated per file: docs/answering.md)
DIGITS = 6



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
        out.append(Example(item, group, found.values, entry.verdict, blocked, found.plain, choices, entry=entry.id))
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
            if r.in_scope and r.choices and not answered_directly(r, p, need) and q >= need["suggest"]]


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
