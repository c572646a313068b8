"""The acceptance bar, measured on the labelled evaluation questions (never used for tuning) and the shipped
knowledge base: the same numbers `python -m bot eval` prints."""

import pytest

from bot.qa.evaluate import evaluate, load_set
from bot.qa.matcher import Matcher
from bot.settings import DEFAULT_KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def report():
    matcher = Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)
    return evaluate(matcher, load_set("eval"))


def test_question_set_is_large_and_varied():
    questions = load_set("eval") + load_set("tune")
    assert len(questions) >= 200
    assert sum(q.expect == "none" for q in questions) >= 50
    assert len({q.question.lower() for q in questions}) == len(questions), "duplicate questions"


# The assertions compare plain numbers so that a failure prints the table, not the evaluation questions themselves
# (the evaluation part must not leak into tuning).
def test_in_scope_verdicts_are_right(report):
    accuracy = report.in_scope_accuracy
    assert accuracy >= 0.90, report.table()


def test_never_allowed_where_prohibited_or_conditional(report):
    dangerous = len(report.dangerous)
    assert dangerous == 0, report.table()


def test_out_of_scope_gets_no_verdict(report):
    rate = report.out_of_scope_rate
    assert rate >= 0.90, report.table()
