"""The acceptance bar of issue 10, asserted on every evaluation set listed in tests/data/sets.yaml (role `eval`),
with the shipped knowledge base: the same numbers `python -m bot eval` prints. Adding a set to the manifest adds it
here."""

from pathlib import Path

import pytest

from bot.qa.evaluate import BAR, evaluate, load_manifest, select
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
# (the evaluation sets must not leak into tuning).
@pytest.mark.parametrize("question_set", EVAL_SETS, ids=[s.name for s in EVAL_SETS])
def test_evaluation_set_meets_the_bar(matcher, question_set):
    report = evaluate(matcher, question_set.questions(), question_set.name)
    rates = report.rates()
    assert rates["direct"] >= BAR["direct"], report.table()
    assert rates["tap"] >= BAR["tap"], report.table()
    assert rates["wrong"] <= BAR["wrong"], report.table()
    assert rates["dangerous"] == 0, report.table()
    assert rates["offtopic_silent"] >= BAR["offtopic_silent"], report.table()


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
