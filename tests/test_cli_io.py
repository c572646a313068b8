"""The command line's input and output under hostile encodings, in a real subprocess (the interpreter sets up its
standard streams from the environment): an ASCII-only stdout (PYTHONIOENCODING=ascii), bytes on stdin that are not
UTF-8, such bytes in an argument, and a reader that stops early. Every case exits normally and prints nothing
that is not valid in the output's encoding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.constants import FIXTURE_KB

REPO_ROOT = Path(__file__).resolve().parents[1]

QUESTION = "boleh gak asn like postingan caleg di ig?"


def run(*args: str | bytes, stdin: bytes | None = None, encoding: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("TELEGRAM_BOT_TOKEN", "PYTHONIOENCODING")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_KB), *args], input=stdin,
                          capture_output=True, env=env, timeout=60)


def test_json_on_an_ascii_stdout_is_escaped_json_with_the_same_content():
    result = run("ask", "--json", QUESTION, encoding="ascii")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout.isascii()
    (obj,) = [json.loads(line) for line in result.stdout.decode("ascii").splitlines()]
    assert obj["verdict"] == "prohibited" and obj["answer"].startswith("⛔ DILARANG")


def test_text_answers_on_an_ascii_stdout_do_not_crash():
    result = run("ask", QUESTION, encoding="ascii")
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.isascii() and b"DILARANG" in result.stdout


def test_invalid_bytes_on_stdin_are_not_echoed_raw():
    questions = b"boleh pns \xff\xfe like postingan caleg?\n\xc3\x28 halo\nboleh pns nyoblos di tps?\n"
    result = run("ask", "--json", stdin=questions)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    lines = result.stdout.decode("utf-8").splitlines()  # strict: the whole output is valid UTF-8
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 3  # one answer per input line, in order
    assert objects[0]["question"] == "boleh pns \ufffd\ufffd like postingan caleg?"
    assert objects[0]["verdict"] == "prohibited" and objects[2]["verdict"] == "allowed"
    for encoding in (None, "ascii", "latin-1"):
        again = run("ask", "--json", stdin=questions, encoding=encoding)
        assert again.returncode == 0 and len(again.stdout.splitlines()) == 3
        if encoding == "ascii":
            assert again.stdout.isascii()


def test_invalid_bytes_in_an_argument_become_replacement_characters():
    result = run("ask", "--json", os.fsdecode(b"boleh pns \xff like postingan caleg?"))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    (obj,) = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert obj["question"] == "boleh pns \ufffd like postingan caleg?"


def test_chat_survives_invalid_bytes_and_an_ascii_terminal():
    lines = b"pns dan akun capres di instagram\n\xff\xfe\n\xc2\xb2\n1\nkeluar\n"
    result = run("chat", stdin=lines, encoding="ascii")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr == b"" and result.stdout.isascii()
    assert b"Maksud Anda" in result.stdout


def test_a_reader_that_stops_early_ends_the_program_quietly():
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    env["PYTHONPATH"] = str(REPO_ROOT)
    writer = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_KB), "ask", "--json"],
                            input=(QUESTION + "\n").encode() * 3000, stdout=reader.stdin, stderr=subprocess.PIPE,
                            env=env, timeout=120)
    reader.stdin.close()
    first = reader.stdout.read()
    reader.wait(10)
    assert json.loads(first)["verdict"] == "prohibited"
    assert writer.returncode in (0, 141) and b"Traceback" not in writer.stderr, writer.stderr[-2000:]
