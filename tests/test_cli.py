"""The command line: `ask` (text and JSON, argument and stdin), `check`, `eval`, and bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "kb"
KEYS = {"question", "verdict", "entry", "score", "suggestions", "answer"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("TELEGRAM_BOT_TOKEN", "KNOWLEDGE_DIR", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)


def ask_json(capsys, *args):
    assert main(["--knowledge", str(FIXTURE), "ask", "--json", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    return [json.loads(line) for line in lines]


def test_ask_json_confident_answer(capsys):
    [obj] = ask_json(capsys, "boleh gak asn like postingan caleg di ig?")
    assert set(obj) == KEYS
    assert obj["verdict"] == "prohibited"
    assert obj["entry"] == "medsos-like"
    assert isinstance(obj["score"], float) and 0 < obj["score"] <= 100
    assert obj["answer"].startswith("⛔ DILARANG")
    assert "Dasar hukum" in obj["answer"] and "PP 42/2004" in obj["answer"]


def test_ask_json_no_verdict_for_out_of_scope(capsys):
    [obj] = ask_json(capsys, "berapa gaji pns golongan 3?")
    assert obj["verdict"] is None and obj["entry"] is None
    assert obj["suggestions"] == []
    assert "belum tahu" in obj["answer"]


def test_ask_json_suggestions(capsys):
    [obj] = ask_json(capsys, "pns dan akun capres di instagram")
    assert obj["verdict"] is None and obj["entry"] is None
    assert "medsos-like" in obj["suggestions"]
    assert "Maksud Anda" in obj["answer"]


@pytest.mark.parametrize("text", ["", "   ", "🙂" * 50, "\x00\x1b\x07", "<b>x</b>", "' OR 1=1; --", "x" * 20_000])
def test_ask_bad_input_never_crashes(capsys, text):
    [obj] = ask_json(capsys, text)
    assert obj["verdict"] is None
    assert len(obj["question"]) <= 500
    assert obj["answer"]


def test_ask_plain_text(capsys):
    assert main(["--knowledge", str(FIXTURE), "ask", "pns", "jd", "timses"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("⛔ DILARANG")
    assert "<b>" not in out


def test_ask_reads_stdin_one_json_object_per_line_in_order():
    questions = "pns jd timses\nberapa gaji pns\n\nboleh ga pns nyoblos di tps\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(FIXTURE), "ask", "--json"],
        input=questions, capture_output=True, text=True, cwd=ROOT, timeout=60, check=True,
    )
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["question"] for o in objects] == ["pns jd timses", "berapa gaji pns", "", "boleh ga pns nyoblos di tps"]
    assert [o["verdict"] for o in objects] == ["prohibited", None, None, "allowed"]
    assert result.stderr == ""


def test_check_passes_on_fixture(capsys):
    assert main(["--knowledge", str(FIXTURE), "check"]) == 0
    assert "4 entries" in capsys.readouterr().out


def test_check_fails_on_invalid_knowledge(tmp_path, capsys):
    import shutil

    broken = tmp_path / "kb"
    shutil.copytree(FIXTURE, broken)
    path = broken / "kampanye.yaml"
    path.write_text(path.read_text().replace("UU 7/2017", "UU 5/2014"))
    assert main(["--knowledge", str(broken), "check"]) == 1
    assert "UU 5/2014 is repealed" in capsys.readouterr().err


def test_check_warns_about_conflicting_phrasings(tmp_path, capsys):
    import shutil

    broken = tmp_path / "kb"
    shutil.copytree(FIXTURE, broken)
    path = broken / "hak-pilih.yaml"
    path.write_text(path.read_text().replace("asn ikut mencoblos saat pilkada", "pns jadi tim sukses caleg"))
    assert main(["--knowledge", str(broken), "check"]) == 0
    out = capsys.readouterr().out
    assert "routes to kampanye-timses" in out
    assert "nearly identical" in out


def test_chat_session(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("pns dan akun capres di instagram\n1\nhalo\nkeluar\n"))
    assert main(["--knowledge", str(FIXTURE), "chat"]) == 0
    out = capsys.readouterr().out
    assert "Maksud Anda" in out
    assert "⛔ DILARANG" in out or "⚠️ BERSYARAT" in out
    assert "Halo!" in out


def test_no_command_and_no_token_starts_chat(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--knowledge", str(FIXTURE)]) == 0
    assert "entri dimuat" in capsys.readouterr().out  # DEFAULT_LANGUAGE=id


def test_unanswered_lists_what_the_bot_could_not_answer(tmp_path, monkeypatch, capsys):
    from bot.qa.feedback import FeedbackStore
    from bot.storage import open_database

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["unanswered"]) == 0
    assert "No database" in capsys.readouterr().out
    store = FeedbackStore(open_database(tmp_path / "data" / "netralbot.db"))
    store.record_unanswered("boleh pns ikut lomba tumpeng partai?", ["asn", "lomba"], 31.0)
    store.record_unanswered("boleh pns ikut lomba tumpeng partai?", ["asn", "lomba"], 31.0)
    store.vote("medsos-like", helpful=False)
    assert main(["unanswered", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "2x" in out and "lomba tumpeng" in out
    assert "medsos-like" in out
