"""The acceptance bar of issue 10, asserted on the evaluation sets listed in tests/data/sets.yaml (role `eval`) taken
together, with the shipped knowledge base: the same numbers `python -m bot eval` prints. Adding a set to the manifest
adds it here."""

from collections import Counter
from pathlib import Path

import pytest

from bot.qa.evaluate import BAR, HEADER, Report, evaluate, load_manifest, pooled, select
from bot.qa.matcher import Matcher
from bot.settings import DEFAULT_KNOWLEDGE_DIR

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = load_manifest(DATA)
EVAL_SETS = select(SETS, "eval")


@pytest.fixture(scope="module")
def matcher():
    return Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)


def test_manifest_lists_every_question_file_and_both_roles():
    listed = {s.path.name for s in SETS}
    on_disk = {p.name for p in DATA.glob("questions_*.yaml")}
    assert listed == on_disk
    assert EVAL_SETS and select(SETS, "tune")


def test_question_sets_are_large_and_varied():
    questions = [q for s in SETS for q in s.questions()]
    assert len(questions) >= 2000
    assert sum(q.expect == "none" for q in questions) >= 500
    assert len({q.question.lower() for q in questions}) == len(questions), "duplicate questions"


# The assertions compare plain numbers so that a failure prints the rates, not the evaluation questions themselves
# (the evaluation sets must not leak into tuning). The sets are one pool (bot.qa.evaluate.pooled says why); the table
# printed on failure gives each set's line too.
def test_evaluation_sets_together_meet_the_bar(matcher):
    reports = [evaluate(matcher, s.questions(), s.name) for s in EVAL_SETS]
    gate = pooled(reports, "evaluation sets pooled")
    table = "\n".join([HEADER, *(r.line() for r in reports), gate.line()])
    rates = gate.rates()
    assert gate.in_scope >= 700 and gate.out_of_scope >= 150, "the gate needs a pool large enough to mean something"
    assert rates["direct"] >= BAR["direct"], table
    assert rates["tap"] >= BAR["tap"], table
    assert rates["wrong"] <= BAR["wrong"], table
    assert rates["dangerous"] == 0, table
    assert rates["offtopic_silent"] >= BAR["offtopic_silent"], table


def test_pooled_report_counts_every_question_once():
    seen = Counter({("allowed", "allowed"): 1})
    first = Report("first", total=3, in_scope=2, direct_right=1, tap_right=2, wrong_verdict=1, out_of_scope=1,
                   out_of_scope_silent=1, dangerous=[("q", "prohibited", "e")], confusion=seen.copy())
    second = Report("second", total=2, in_scope=1, direct_right=1, tap_right=1, out_of_scope=1,
                    confusion=seen.copy())
    gate = pooled([first, second], "both")
    assert (gate.total, gate.in_scope, gate.out_of_scope, gate.out_of_scope_silent) == (5, 3, 2, 1)
    assert gate.rates()["direct"] == pytest.approx(2 / 3) and gate.rates()["tap"] == 1.0
    assert gate.confusion[("allowed", "allowed")] == 2 and gate.failures()
    assert (first.total, len(second.dangerous)) == (3, 0), "pooling leaves each set's own report alone"


def test_eval_command_prints_every_rate_per_set(capsys, tmp_path):
    from bot.__main__ import main

    assert main(["eval", "--set", "eval", "--data", str(DATA)]) == 0
    out = capsys.readouterr().out
    for column in ("direct", "1 tap", "wrong", "dang.", "silent", "card"):
        assert column in out
    assert "questions_eval" in out
    # A set added to a manifest is measured with no code change; an evaluation set below the bar fails the command.
    (tmp_path / "hard.yaml").write_text('- q: "resep rendang padang"\n  expect: prohibited\n', encoding="utf-8")
    (tmp_path / "sets.yaml").write_text("sets:\n  - file: hard.yaml\n    role: eval\n", encoding="utf-8")
    assert main(["eval", "--set", "all", "--data", str(tmp_path)]) == 1
    assert "below the bar: hard" in capsys.readouterr().out
    assert main(["eval", "--set", "missing", "--data", str(tmp_path)]) == 2
