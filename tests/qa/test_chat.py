"""The terminal chat (`python -m bot chat`): one language throughout, two example questions on start."""

from __future__ import annotations

import io

from bot.__main__ import main
from bot.texts import EXAMPLES
from tests.support.constants import FIXTURE_KB


def chat(monkeypatch, capsys, lines: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["--knowledge", str(FIXTURE_KB), "chat", *args]) == 0
    return capsys.readouterr().out


def test_the_chat_greets_prompts_and_answers_in_indonesian_by_default(monkeypatch, capsys):
    out = chat(monkeypatch, capsys, "can a civil servant be on a campaign team?\nkeluar\n")
    greeting = out.split("\n\n", 1)[0]
    assert "entri dimuat" in greeting and "Ctrl-D" in greeting
    assert f'"{EXAMPLES["id"][0]}"' in greeting and f'"{EXAMPLES["id"][1]}"' in greeting
    assert "Anda> " in out and "You> " not in out
    assert "⛔ DILARANG" in out and "PROHIBITED" not in out  # an English question, still the chosen language


def test_the_chat_in_english_stays_in_english(monkeypatch, capsys):
    out = chat(monkeypatch, capsys, "pns jadi timses\npns dan akun capres di instagram\n1\nexit\n", "--lang", "en")
    greeting = out.split("\n\n", 1)[0]
    assert "entries loaded" in greeting and "For example" in greeting
    assert f'"{EXAMPLES["en"][0]}"' in greeting and f'"{EXAMPLES["en"][1]}"' in greeting
    assert "You> " in out and "Anda> " not in out
    assert "⛔ PROHIBITED" in out and "DILARANG" not in out
    assert "Did you mean" in out and "Maksud Anda" not in out
    assert "\n1. " in out and "[medsos-" not in out  # numbered choices in words, no internal ids
    assert "Legal basis" in out and "Dasar hukum" not in out  # the picked card, in full, in English


def test_the_chat_respects_default_language(monkeypatch, capsys):
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    out = chat(monkeypatch, capsys, "")
    assert "entries loaded" in out
