"""bot.numbers.parse_int, the one way a number typed by a user (or carried in button data) becomes an int, and the
CLI chat that reads one: digits from other scripts, superscripts, signs, spaces and huge numbers are "not a
number", never an exception."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.__main__ import main
from bot.numbers import SQLITE_INT_MAX, parse_int

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "kb"


@pytest.mark.parametrize("text, expected", [
    ("0", 0), ("7", 7), ("007", 7), ("12", 12), (str(SQLITE_INT_MAX), SQLITE_INT_MAX),
])
def test_ascii_digits_are_numbers(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", [
    "", " ", "²", "③", "①", "٣", "१२", "１２", "1²", " 7", "7 ", "+7", "-7", "1_000", "1.0", "1e3", "0x1f", "½",
    "7\n", "\u200b7", str(SQLITE_INT_MAX + 1), "9" * 20, "9" * 5000, None,
])
def test_anything_else_is_none(text):
    assert parse_int(text) is None


def test_bounds_are_inclusive_and_enforced():
    assert parse_int("1", 1, 3) == 1 and parse_int("3", 1, 3) == 3
    assert parse_int("0", 1, 3) is None and parse_int("4", 1, 3) is None
    assert parse_int("0003", 1, 3) == 3
    assert parse_int("1", 1, 0) is None  # an empty range (e.g. no suggestions yet) accepts nothing


@given(st.text(max_size=80), st.integers(-5, 10**6), st.integers(-5, 10**20))
def test_never_raises_and_only_returns_what_the_digits_say(text, low, high):
    value = parse_int(text, low, high)
    if value is not None:
        assert text.isascii() and text.isdigit() and int(text) == value and low <= value <= high


@given(st.integers(0, SQLITE_INT_MAX))
def test_every_storable_number_round_trips(number):
    assert parse_int(str(number)) == number


@given(st.integers(1, 10**30))
def test_more_than_sqlite_holds_is_refused_by_default(extra):
    assert parse_int(str(SQLITE_INT_MAX + extra)) is None


def test_chat_takes_a_superscript_as_a_question_not_a_suggestion_number(monkeypatch, capsys):
    # The crash: after a suggestion list, "²" passed isdigit() and int() raised ValueError.
    question = "pns dan akun capres di instagram"
    junk = ["²", "③", "٣", "99999999999999999999999", "0", "4"]
    lines = [line for item in junk for line in (question, item)] + [question, "1", "keluar"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["--knowledge", str(FIXTURE), "chat"]) == 0
    replies = capsys.readouterr().out.split("Anda> ")[1:]
    assert len(replies) == len(lines)  # every line answered, none ended the session
    for index in range(1, 2 * len(junk), 2):  # the junk after each suggestion list picked no card
        assert "DILARANG" not in replies[index] and "BERSYARAT" not in replies[index], lines[index]
    assert "⛔ DILARANG" in replies[-2] or "⚠️ BERSYARAT" in replies[-2]  # "1" still picks the first suggestion
