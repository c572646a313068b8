"""Measure the matcher on a labelled question set: verdict accuracy, dangerous answers, abstention.

A question's predicted verdict is the answered entry's verdict, or `none` when the bot gives no verdict (choices,
"don't know", small talk). The rates are the project's acceptance bar (see tests/qa/test_accuracy.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.qa.matcher import ANSWER, Matcher

LABELS = ("prohibited", "allowed", "conditional", "info", "none")
DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"
QUESTION_SETS = {
    "tune": tuple(DATA_DIR / f"questions_tune{n}.yaml" for n in ("", "2", "3", "4", "5", "6", "7")),
    "eval": (DATA_DIR / "questions_eval.yaml",),
}


def load_set(name: str) -> list[Labelled]:
    """All questions of a named part ("tune" or "eval")."""
    return [q for path in QUESTION_SETS[name] for q in load_questions(path)]


@dataclass(frozen=True)
class Labelled:
    question: str
    expect: str
    row: str = ""


@dataclass
class Report:
    total: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, predicted) -> count
    in_scope: int = 0
    in_scope_right: int = 0
    out_of_scope: int = 0
    out_of_scope_silent: int = 0
    dangerous: list[tuple[str, str, str]] = field(default_factory=list)  # (question, expected, entry id)
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # (question, expected, predicted, detail)

    @property
    def in_scope_accuracy(self) -> float:
        return self.in_scope_right / self.in_scope if self.in_scope else 0.0

    @property
    def out_of_scope_rate(self) -> float:
        return self.out_of_scope_silent / self.out_of_scope if self.out_of_scope else 0.0

    def table(self) -> str:
        width = max(len(label) for label in LABELS) + 2
        lines = ["expected \\ got".ljust(16) + "".join(label.rjust(width) for label in LABELS)]
        for expected in LABELS:
            row = "".join(str(self.confusion[(expected, got)]).rjust(width) for got in LABELS)
            lines.append(expected.ljust(16) + row)
        lines += [
            "",
            f"questions: {self.total}",
            f"in scope, right verdict: {self.in_scope_right}/{self.in_scope} = {self.in_scope_accuracy:.1%}"
            "  (bar: >= 90%)",
            f"'allowed' given where prohibited/conditional is right: {len(self.dangerous)}  (bar: 0)",
            f"out of scope, no verdict: {self.out_of_scope_silent}/{self.out_of_scope} = "
            f"{self.out_of_scope_rate:.1%}  (bar: >= 90%)",
        ]
        return "\n".join(lines)

    @property
    def passes(self) -> bool:
        return self.in_scope_accuracy >= 0.9 and not self.dangerous and self.out_of_scope_rate >= 0.9


def load_questions(path: Path | str) -> list[Labelled]:
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or []
    items = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or item.get("expect") not in LABELS:
            raise ValueError(f"{path}: item {number}: needs q (text) and expect (one of {', '.join(LABELS)})")
        items.append(Labelled(item["q"], item["expect"], str(item.get("row", ""))))
    return items


def evaluate(matcher: Matcher, questions: list[Labelled]) -> Report:
    report = Report()
    for item in questions:
        match = matcher.match(item.question)
        got = match.entry.verdict if match.kind == ANSWER and match.entry else "none"
        report.total += 1
        report.confusion[(item.expect, got)] += 1
        if item.expect == "none":
            report.out_of_scope += 1
            report.out_of_scope_silent += got == "none"
        else:
            report.in_scope += 1
            report.in_scope_right += got == item.expect
        if got == "allowed" and item.expect in ("prohibited", "conditional"):
            report.dangerous.append((item.question, item.expect, match.entry.id))
        if got != item.expect:
            detail = match.entry.id if match.entry else ",".join(e.id for e in match.suggestions) or match.kind
            report.wrong.append((item.question, item.expect, got, f"{detail} s={match.score} c={match.coverage} "
                                 f"m={match.margin} t={' '.join(match.tokens)}"))
    return report
