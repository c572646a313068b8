"""Measure the matcher on labelled question sets: the rates of issue 10, per set.

The sets are listed in a manifest, `sets.yaml` in the data directory (`--data`, default ./tests/data; nothing in
bot/ knows that path by itself): each file with its role, `tune` (may be used to fit and tune), `eval` (only ever
measured; held to the bar together, as one pool) or `scored` (a fresh set already measured once and recorded,
waiting to join the tuning pool at the next retrain: never fitted on), and a note of when it was scored. Adding a file
to the manifest is all it takes for `python -m bot eval` and tests/qa/test_accuracy.py to measure it.

Per set (in-scope = any label but `none`):
- right directly: the bot answered with an entry whose verdict is the label;
- right within one tap: right directly, or it offered choices and the first has the label's verdict;
- wrong verdict: it answered with another verdict (share of in-scope questions);
- dangerous: it answered `allowed` where `prohibited` or `conditional` is right (a count);
- off-topic without a verdict: share of `none` questions that got no verdict (choices and pointers are fine);
- wrong card: right verdict, but the answered entry's `rows` (LEGAL.md rows) do not include the question's `row`
  (only where both are known).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from bot.qa.matcher import ANSWER, SUGGEST

LABELS = ("prohibited", "allowed", "conditional", "info", "none")
ROLES = ("tune", "eval", "scored")
MANIFEST = "sets.yaml"
BAR = {"direct": 0.90, "tap": 0.97, "wrong": 0.02, "dangerous": 0, "offtopic_silent": 0.95}


@dataclass(frozen=True)
class Labelled:
    question: str
    expect: str
    row: str = ""


@dataclass(frozen=True)
class QuestionSet:
    name: str  # the file name without .yaml
    path: Path
    role: str
    note: str = ""

    def questions(self) -> list[Labelled]:
        return load_questions(self.path)


def load_manifest(data_dir: Path | str) -> list[QuestionSet]:
    """The question sets listed in DATA_DIR/sets.yaml, in order."""
    data_dir = Path(data_dir)
    path = data_dir / MANIFEST
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    sets = []
    for number, item in enumerate(data.get("sets") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or item.get("role") not in ROLES:
            raise ValueError(f"{path}: item {number}: needs file and role (tune, eval or scored)")
        file = data_dir / item["file"]
        sets.append(QuestionSet(file.name.removesuffix(".yaml"), file, item["role"], str(item.get("scored", ""))))
    return sets


def select(sets: list[QuestionSet], which: str) -> list[QuestionSet]:
    """`tune`, `eval`, `all`, or one set by name."""
    if which == "all":
        return list(sets)
    if which in ROLES:
        return [s for s in sets if s.role == which]
    chosen = [s for s in sets if s.name == which or s.path.name == which]
    if not chosen:
        raise ValueError(f"no question set {which!r}; known: {', '.join(s.name for s in sets)}")
    return chosen


@dataclass
class Report:
    name: str = ""
    total: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, predicted) -> count
    in_scope: int = 0
    direct_right: int = 0
    tap_right: int = 0
    wrong_verdict: int = 0
    out_of_scope: int = 0
    out_of_scope_silent: int = 0
    carded: int = 0  # right verdict where the entry's rows and the question's row are both known
    wrong_cards: list[tuple[str, str, str]] = field(default_factory=list)  # (question, row, entry id)
    dangerous: list[tuple[str, str, str]] = field(default_factory=list)  # (question, expected, entry id)
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # (question, expected, predicted, detail)

    def rates(self) -> dict[str, float]:
        n, m = max(self.in_scope, 1), max(self.out_of_scope, 1)
        return {"direct": self.direct_right / n, "tap": self.tap_right / n, "wrong": self.wrong_verdict / n,
                "dangerous": len(self.dangerous),
                "offtopic_silent": (self.out_of_scope_silent / m) if self.out_of_scope else 1.0,
                "wrong_card": len(self.wrong_cards) / max(self.carded, 1)}

    @property
    def in_scope_accuracy(self) -> float:
        return self.rates()["direct"]

    @property
    def out_of_scope_rate(self) -> float:
        return self.rates()["offtopic_silent"]

    def failures(self) -> list[str]:
        """The acceptance bars this report misses (empty when it passes)."""
        r = self.rates()
        out = [f"{k} {r[k]:.1%} < {BAR[k]:.0%}" for k in ("direct", "tap", "offtopic_silent") if r[k] < BAR[k]]
        if r["wrong"] > BAR["wrong"]:
            out.append(f"wrong {r['wrong']:.1%} > {BAR['wrong']:.0%}")
        if self.dangerous:
            out.append(f"dangerous {len(self.dangerous)} > 0")
        return out

    @property
    def passes(self) -> bool:
        return not self.failures()

    def line(self) -> str:
        r = self.rates()
        card = f"{r['wrong_card']:6.1%}" if self.carded else "     -"
        return (f"{self.name[:24]:24} {self.in_scope:5} {self.out_of_scope:5}  {r['direct']:6.1%} {r['tap']:6.1%} "
                f"{r['wrong']:6.1%} {len(self.dangerous):5}  {r['offtopic_silent']:6.1%}  {card}")

    def table(self) -> str:
        width = max(len(label) for label in LABELS) + 2
        lines = ["expected \\ got".ljust(16) + "".join(label.rjust(width) for label in LABELS)]
        for expected in LABELS:
            row = "".join(str(self.confusion[(expected, got)]).rjust(width) for got in LABELS)
            lines.append(expected.ljust(16) + row)
        return "\n".join([*lines, "", HEADER, self.line()])


HEADER = (f"{'set':24} {'in':>5} {'off':>5}  {'direct':>6} {'1 tap':>6} {'wrong':>6} {'dang.':>5}  {'silent':>6}  "
          f"{'card':>6}\n{'bar':24} {'':5} {'':5}  {'>=90%':>6} {'>=97%':>6} {'<=2%':>6} {'0':>5}  {'>=95%':>6}")


def pooled(reports: list[Report], name: str) -> Report:
    """One report over the questions of several. The evaluation sets are a regression gate held to the bar as one
    pool: on a set of ~250 in-scope questions one question moves a rate by 0.4 points, so a gate on each set alone
    fails or passes a change by a single borderline question (tests/data/README.md, "The regression gate")."""
    total = Report(name=name)
    for report in reports:
        for key in (f.name for f in fields(Report) if f.name != "name"):  # counts, the confusion and lists all add
            setattr(total, key, getattr(total, key) + getattr(report, key))
    return total


def load_questions(path: Path | str) -> list[Labelled]:
    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or []
    items = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or item.get("expect") not in LABELS:
            raise ValueError(f"{path}: item {number}: needs q (text) and expect (one of {', '.join(LABELS)})")
        items.append(Labelled(item["q"], item["expect"], str(item.get("row", ""))))
    return items


def evaluate(matcher: Any, questions: list[Labelled], name: str = "") -> Report:
    report = Report(name=name)
    for item in questions:
        match = matcher.match(item.question)
        got = match.entry.verdict if match.kind == ANSWER and match.entry else "none"
        first = match.suggestions[0].verdict if match.kind == SUGGEST and match.suggestions else "none"
        report.total += 1
        report.confusion[(item.expect, got)] += 1
        if item.expect == "none":
            report.out_of_scope += 1
            report.out_of_scope_silent += got == "none"
        else:
            report.in_scope += 1
            report.direct_right += got == item.expect
            report.tap_right += got == item.expect or (got == "none" and first == item.expect)
            report.wrong_verdict += got not in ("none", item.expect)
            rows = getattr(match.entry, "rows", ()) if got == item.expect else ()
            if rows and item.row:
                report.carded += 1
                if item.row not in rows:
                    report.wrong_cards.append((item.question, item.row, match.entry.id))
        if got == "allowed" and item.expect in ("prohibited", "conditional"):
            report.dangerous.append((item.question, item.expect, match.entry.id))
        if got != item.expect:
            detail = match.entry.id if match.entry else ",".join(e.id for e in match.suggestions) or match.kind
            text = f"{detail} p={match.score} t={' '.join(match.tokens)}"
            report.wrong.append((item.question, item.expect, got, text))
    return report
