"""The thresholds of the decision (bot/qa/decide.py), chosen on out-of-fold scored tuning questions (bot/qa/train.py).

`choose_thresholds` picks one answer threshold per candidate verdict, `allowed` the highest (`allowed_ok`), lower
ones for single `allowed` cards (`card_thresholds`), and the choice threshold; `rates` gives the evaluation rates of
such a rule (the definitions are bot/qa/evaluate.py's).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from bot.qa.decide import CARD, allowed_threshold
from bot.qa.evaluate import Labelled

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
# A card's own `allowed` threshold (card_thresholds): never below CARD_FLOOR, and CARD_MARGIN above the most confident
# dangerous candidate of that card out of fold. On 10 chunks of the round 39 pool, choosing them without a chunk and
# scoring it: at 0.90 and 0.01 three dangerous answers, at 0.93 and 0.02 none, for 242 more right answers (0.43 point).
CARD_FLOOR = 0.93
CARD_MARGIN = 0.02
ALLOWED_WRONG = 0.05  # share of the `allowed` answers (out of fold) that may be wrong (never dangerously: none)
CHOICES_BUDGET = 0.2  # pooled out-of-fold share of off-topic questions that may get choices instead of a pointer
SUGGEST_FLOOR = 0.1  # the least p_scope that may offer choices (see choose_thresholds)
GRID = tuple(round(0.55 + 0.05 * i, 2) for i in range(9))  # 0.55 .. 0.95 (from 0.30 answered vague questions; Round 4)
ALLOWED_GRID = tuple(round(ALLOWED_FLOOR + 0.01 * i, 2) for i in range(10))  # 0.90 .. 0.99: one step finer than GRID


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
    entry: str = ""  # the candidate's id: a card may have its own `allowed` threshold (card_thresholds)

    @property
    def right(self) -> bool:
        return self.question.expect != "none" and self.verdict == self.question.expect

    @property
    def in_scope(self) -> bool:
        return self.question.expect != "none"


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
        return answered_directly(example, p_right, need)

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


def answered_directly(example: Example, p_right: float, need: Mapping[str, float]) -> bool:
    """The question is answered directly under the thresholds `need`."""
    if example.verdict == "none" or example.blocked:
        return False
    if example.verdict == "allowed":
        return p_right >= allowed_threshold(need, example.plain, example.entry)
    return p_right >= need.get(example.verdict, 2.0)


def choose_thresholds(scored: Sequence[tuple[Example, float, float]]) -> dict[str, float]:
    """One answer threshold per candidate verdict: of every combination on the grid, the one with the most right
    answers given directly whose pooled out-of-fold rates stay within WRONG_MAX and SILENT_MIN with no dangerous
    answer, `allowed` at the lowest threshold its own rules accept (`allowed_ok`; never, if none does), and on a
    question that names no prohibited act (`Example.plain`) at the lowest such threshold of those questions alone
    (`allowed_plain`): with the acts in one pool, one story crossing the line moved `allowed` for all. Verdicts
    differ in how often a confident candidate is wrong (info and prohibited candidates rarely are, conditional ones
    more often), so one shared threshold is either too cautious for some or too bold for others. Then single cards'
    own `allowed` thresholds (`card_thresholds`), if the pool keeps its targets with them, and the choice
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
    need.update(_within_targets(scored, need, card_thresholds(scored, need)))
    outside = [q for r, _, q in scored if not r.in_scope]
    # Not below SUGGEST_FLOOR however big the pool: under it the model is 90% sure the question is off-topic, and
    # "pemilihan ketua rt, pns boleh nyalon?" should get the pointer to other elections, not cards about Pemilu. On
    # 115 files, 0.05 would have added 0.1 point within one tap (round 14).
    suggest = next((t for t in (SUGGEST_FLOOR, *GRID) if sum(q >= t for q in outside) <= CHOICES_BUDGET * len(outside)),
                   0.5)
    return {"answer": max(need[v] for v in VERDICTS if v != "allowed"), **need, "suggest": suggest}


def card_thresholds(scored: Sequence[tuple[Example, float, float]], need: Mapping[str, float]) -> dict[str, float]:
    """Lower `allowed` thresholds for single cards, under the shared ones of `need`. The shared threshold must stay
    above every dangerous candidate of every card, so a photo pose at 0.97 held back every voting question (round
    39: 516 right `allowed` candidates out of fold between 0.90 and the shared 0.97-0.98, 11 dangerous ones, one of
    them for the voting card, at 0.92). A card's own is CARD_MARGIN above its most confident dangerous candidate, at
    least CARD_FLOOR and the margins of `allowed_ok`, with at most ALLOWED_WRONG of its answers wrong."""
    answered: dict[str, list[tuple[Example, float]]] = {}
    for r, p, _ in scored:
        if r.verdict == "allowed" and not r.blocked and r.entry:
            answered.setdefault(r.entry, []).append((r, p))
    floor = max(min(max(need[v] for v in HIDDEN_BY_ALLOWED) + ALLOWED_MARGIN, GRID[-1]), ALLOWED_FLOOR, CARD_FLOOR)
    out = {}
    for card, rows in answered.items():
        risky = max((p for r, p in rows if r.question.expect in HIDDEN_BY_ALLOWED), default=0.0)
        threshold = max(floor, math.ceil(round((risky + CARD_MARGIN) * 100, 6)) / 100)
        given = [r for r, p in rows if p >= min(threshold, allowed_threshold(need, r.plain))]
        if threshold < need["allowed"] and sum(not r.right for r in given) <= ALLOWED_WRONG * len(given):
            out[CARD + card] = threshold
    return out


def _within_targets(scored: Sequence[tuple[Example, float, float]], need: Mapping[str, float],
                    cards: Mapping[str, float]) -> dict[str, float]:
    """The cards' own thresholds that the pool's targets allow, the cheapest first (fewest wrong or off-topic answers
    added per right one): the shared thresholds sit at the edge of SILENT_MIN, and in round 39 five cards that
    together answered a few off-topic questions more were all turned down when they were tried only as a whole."""
    base = rates(scored, need)

    def cost(key: str) -> float:
        r = rates(scored, {**need, key: cards[key]})
        wrong = (r["wrong"] - base["wrong"]) * r["in_scope"]
        loud = (base["offtopic_silent"] - r["offtopic_silent"]) * r["off_topic"]
        return (wrong + loud) / max((r["direct"] - base["direct"]) * r["in_scope"], 1e-9)

    kept: dict[str, float] = {}
    for key in sorted(cards, key=cost):
        r = rates(scored, {**need, **kept, key: cards[key]})
        if r["wrong"] <= WRONG_MAX and r["offtopic_silent"] >= SILENT_MIN:
            kept[key] = cards[key]
    return kept


def allowed_ok(need: Mapping[str, float], threshold: float, given: Any, right: Any, hides: Any) -> bool:
    """`allowed` stays the hardest verdict to give: its threshold is at least ALLOWED_FLOOR and at least
    ALLOWED_MARGIN above those of prohibited and conditional (capped at the top of the grid), it gives no dangerous
    answer in any fold, and at most ALLOWED_WRONG of its answers are wrong (`given`: the questions it answers)."""
    others = max(need[v] for v in HIDDEN_BY_ALLOWED)
    if threshold < max(min(others + ALLOWED_MARGIN, GRID[-1]), ALLOWED_FLOOR) - 1e-9:
        return False
    return not (given & hides).any() and (given & ~right).sum() <= ALLOWED_WRONG * given.sum()
