"""Fuzzing, seeded and bounded (a few seconds): no input reaches the error handler or crashes the command line.

Over the bot: random updates from a handful of people (tipsters, a reviewer, Telegram's anonymous-admin and channel
accounts) in private chats, an ordinary group and the review group, through `Application.process_update` with the
in-memory Bot API: every command with junk arguments, text that mixes real questions with junk (other scripts'
digits, HTML, control and zero-width characters, 5,000 characters), every media kind, edits, inline queries, member
updates, buttons pressed from the bot's own keyboards (so the /lapor and /status flows are walked deep) and forged
button data (known prefixes with junk parts, mutated real data, random bytes within Telegram's 64). Each update is
checked on its own: nothing reached the error handler, a button press was answered, and the bot's replies are valid
Telegram HTML.

Over the command line: `ask --json` with random lines (Hypothesis, derandomized) in process, and random bytes on a
real stdin in a subprocess; `chat` with random lines.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

import bot.__main__ as cli
from bot.settings import Settings, TipsSettings
from bot.tips.service import TipsService
from tests.support.constants import FAKE_TOKEN, FIXTURE_KB
from tests.support.recording import BOT_USER, RecordingRequest, UpdateFactory
from tests.support.telegram_html import check_sent_html

SEED = 15
WALK_UPDATES = 800  # the random walk, after every command with every junk argument and the forged buttons
REVIEW_CHAT = -1001234567890
REVIEWER_ID = 4242
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot: a group admin posting "as the group"
CHANNEL_BOT = 777000  # Telegram's account for channel posts
REPO_ROOT = Path(__file__).resolve().parents[1]
RECEIPT = re.compile(r"NB-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")

QUESTIONS = [
    "boleh gak asn like postingan caleg di ig?", "pns jadi timses caleg", "boleh pns nyoblos di tps?",
    "pns dan akun capres di instagram", "berapa gaji pns golongan 3?", "halo", "makasih", "Jawa Barat",
    "kota bandung", "kemarin", "Kantor Kelurahan Sukajadi", "Lurah", "https://example.org/bukti",
    "Lurah mengumpulkan para ketua RT dan meminta mereka mengarahkan warga memilih pasangan calon nomor 2.",
]
JUNK = [
    "", " ", "\n\n", "²", "③", "①", "٣", "１２", "0", "-1", "+1", "1_000", "99999999999999999999", "9" * 400,
    "1", "2", "#1", "#²", "1e9", "NB-AAAA-BBBB-CCCC", "nb aaaa bbbb cccc", "NB-0000-0000-000", "<b>tebal</b>",
    "</i>", "&amp;",
    "a < b & c > d", "<script>alert(1)</script>", "\u200b", "\u202ekanan", "\x00\x01\x1b[31m", "🤖" * 50,
    "ً" * 30, "x" * 5000, "hal=²", "hal=99999999999999999999", "hal=0", "prov=", "prov=jabar", "kab=", "kota=x",
    "cari=", "cari=<b>", "ditutup", "terbuka", "kirim", "retry", "id", "en", "xx", ";", "titikkoma",
    "@NetralTestBot", "/start", "NetralTestBot", "null", "None", "undefined", "'; DROP TABLE tips; --",
]
CALLBACK_PARTS = ["1", "0", "²", "٣", "-1", "99999999999999999999", "id", "en", "xx", "", "ok", "done", "cl",
                  "rl", "st", "cm", "cr", "kb", "ver", "dn", "pp", "rp", "noop", "abcdef", "ffffff", "medsos-like",
                  "kampanye-timses", "<b>", "🤖", "a" * 40]
# A tipster's way through /lapor (labels of the Indonesian buttons), then through /status with the receipt code;
# the fuzzer walks these with random updates in between, so that the deep steps and the reviewer's side are reached.
REPORT_WALK = [("command", "lapor"), ("press", "Mengerahkan"), ("text", "Jawa Barat"), ("text", "kota bandung"),
               ("press", "Kemarin"), ("text", "Kantor Kelurahan Sukajadi"), ("text", "Lurah"), ("press", "Lewati"),
               ("text", QUESTIONS[-1]), ("media", "photo"), ("text", "https://example.org/bukti"),
               ("press", "Selesai"), ("press", "Kirim laporan"), ("press", "Sudah saya simpan")]
STATUS_WALK = [("status", ""), ("press", "Jawab"), ("text", "Kejadiannya pukul sembilan pagi."),
               ("status", ""), ("press", "bukti"), ("media", "document"), ("press", "Selesai")]
REVIEW_WALK = [("command", "tips"), ("command", "tip 1"), ("press", "Ambil"), ("press", "Verifikasi"),
               ("command", "pertanyaan 1 Jam berapa kejadiannya?"), ("press", "Bawaslu"), ("press", "Tutup"),
               ("press", "Kembali"), ("press", "Tutup"), ("press", "Duplikat"), ("press", "Buka lagi"),
               ("press", "Lepas"), ("command", "statistik"), ("command", "ekspor"), ("command", "outbox kirim")]
# capsys and monkeypatch are reset by hand in each example (stdin replaced, output read), so sharing them is fine.
FIXTURES_ARE_FINE = [HealthCheck.function_scoped_fixture]
MEDIA = ["photo", "document", "video", "voice", "audio", "sticker", "animation", "video_note", "location",
         "contact", "poll", "dice", "venue"]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=FAKE_TOKEN, data_dir=tmp_path / "data", knowledge_dir=FIXTURE_KB,
                    tip_secret="test-secret-not-for-production", review_chat_id=REVIEW_CHAT,
                    admin_ids=frozenset({REVIEWER_ID}), tips=TipsSettings(key="5e" * 32))


class Fuzzer:
    """Random update dictionaries, from one seeded generator."""

    def __init__(self, app: Any, recording: RecordingRequest, rng: random.Random) -> None:
        self.rng, self.recording, self.f = rng, recording, UpdateFactory()
        self.commands = sorted({c for h in app.handlers[0] if isinstance(h, CommandHandler) for c in h.commands})
        self.prefixes = sorted({h.pattern.pattern.lstrip("^").split(":")[0].strip("()").split("|")[0]
                                for h in app.handlers[0]
                                if isinstance(h, CallbackQueryHandler) and h.pattern is not None})
        self.people = [self.f.user(language_code=lang) for lang in ("id", "en", None, "id")]
        self.reviewer = self.f.user(REVIEWER_ID, first_name="Rina")
        self.group = self.f.group()
        self.review_group = self.f.group(REVIEW_CHAT, title="Peninjau")
        self.walk: list[tuple[str, str]] = []
        self.walker, self.walker_chat = self.people[0], self.f.private_chat(self.people[0])
        self.codes: list[str] = []
        self._scanned = 0

    # -- pieces ---------------------------------------------------------------------------------------------
    def text(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return self.rng.choice(QUESTIONS)
        if roll < 0.75:
            return self.rng.choice(JUNK)
        if roll < 0.9:
            return " ".join(self.rng.choice(QUESTIONS + JUNK) for _ in range(self.rng.randint(2, 4)))
        return "".join(chr(self._code_point()) for _ in range(self.rng.randint(1, 60)))

    def _code_point(self) -> int:
        while True:  # anything but surrogates, which valid UTF-8 (all Telegram sends) cannot carry
            point = self.rng.choice((self.rng.randint(0, 0x7F), self.rng.randint(0x80, 0x2FFF),
                                     self.rng.randint(0x1F300, 0x1FAFF), self.rng.randint(0, 0x10FFFF)))
            if not 0xD800 <= point <= 0xDFFF:
                return point

    def sender(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """(user, chat, extra message fields)."""
        roll = self.rng.random()
        if roll < 0.6:
            user = self.rng.choice(self.people)
            return user, self.f.private_chat(user), {}
        if roll < 0.75:
            return self.reviewer, self.rng.choice([self.review_group, self.f.private_chat(self.reviewer)]), {}
        if roll < 0.85:
            return self.rng.choice(self.people + [self.reviewer]), self.group, {}
        if roll < 0.93:
            anonymous = self.f.user(ANONYMOUS_ADMIN, first_name="Group")
            chat = self.rng.choice([self.group, self.review_group])
            return anonymous, chat, {"sender_chat": chat}
        channel = {"id": -1009999999999, "type": "channel", "title": "Kanal"}
        return self.f.user(CHANNEL_BOT, first_name="Telegram"), channel, {"sender_chat": channel}

    # -- updates --------------------------------------------------------------------------------------------
    def update(self) -> dict[str, Any]:
        if not self.walk and self.rng.random() < 0.1:
            self._collect_codes()
            self.walker = self.rng.choice([p for p in self.people if p.get("language_code") == "id"])
            self.walker_chat = self.f.private_chat(self.walker)
            roll = self.rng.random()
            self.walk = list(REPORT_WALK if roll < 0.35 or not self.codes else STATUS_WALK if roll < 0.75
                             else REVIEW_WALK)
            if self.walk[0] == REVIEW_WALK[0]:
                self.walker, self.walker_chat = self.reviewer, self.review_group
        if self.walk and self.rng.random() < 0.7:
            walked = self._walk(*self.walk.pop(0))
            if walked is not None:
                return walked
        kind = self.rng.choices(["command", "text", "press", "forged", "media", "inline", "other"],
                                weights=[22, 25, 22, 12, 10, 4, 5])[0]
        return getattr(self, f"_{kind}")()

    def _collect_codes(self) -> None:
        """Receipt codes the bot has shown since the last look (a walk through /status uses one)."""
        for call in self.recording.calls[self._scanned:]:
            text = str(call.params.get("text", ""))
            if call.method == "sendMessage" and "Kode laporan" in text:  # the receipt (help texts show examples)
                self.codes += RECEIPT.findall(text)
        self._scanned = len(self.recording.calls)

    def _walk(self, kind: str, what: str) -> dict[str, Any] | None:
        user, chat = self.walker, self.walker_chat
        if kind == "command":
            return self.f.command(*what.split(" "), user=user, chat=chat)
        if kind == "status":
            return self.f.command("status", self.rng.choice(self.codes), user=user, chat=chat) if self.codes else None
        if kind == "text":
            return self.f.text(what, user=user, chat=chat)
        if kind == "media":
            return self._media(user, chat, what)
        for call in reversed(self.recording.calls[-60:]):
            markup = call.params.get("reply_markup")
            if call.params.get("chat_id") != chat["id"] or not isinstance(markup, dict):
                continue
            for button in (b for row in markup.get("inline_keyboard", []) for b in row):
                if what in button.get("text", "") and "callback_data" in button:
                    return self.f.callback_from(call, button["callback_data"], user=user, chat=chat)
        return None

    def _command(self) -> dict[str, Any]:
        user, chat, extra = self.sender()
        name = self.rng.choice(self.commands + ["lapor", "status", "batal", "tip", "pertanyaan", "tips", "zzz"])
        if self.rng.random() < 0.15:
            name += self.rng.choice(["@NetralTestBot", "@OtherBot", "@"])
        args = [self.text() for _ in range(self.rng.randint(0, 3))]
        data = self.f.command(name, *args, user=user, chat=chat)
        data["message"].update(extra)
        return data

    def _text(self) -> dict[str, Any]:
        user, chat, extra = self.sender()
        if chat["type"] != "private" and self.rng.random() < 0.6:
            data = self.f.mention(self.text(), user=user, chat=chat)
        elif self.rng.random() < 0.2:
            data = self.f.text(self.text(), user=user, chat=chat, reply_to=self.f.bot_message(chat=chat))
        else:
            data = self.f.text(self.text(), user=user, chat=chat)
        data["message"].update(extra)
        if self.rng.random() < 0.05:
            data["edited_message"] = data.pop("message")
        return data

    def _press(self) -> dict[str, Any]:
        """A button from a keyboard the bot really sent, by the person it was sent to (or someone else)."""
        calls = [c for c in self.recording.calls[-200:] if isinstance(c.params.get("reply_markup"), dict)
                 and c.params["reply_markup"].get("inline_keyboard")]
        if not calls:
            return self._forged()
        call = self.rng.choice(calls[-20:])
        buttons = [b for row in call.params["reply_markup"]["inline_keyboard"] for b in row if "callback_data" in b]
        if not buttons:
            return self._forged()
        data = self.rng.choice(buttons)["callback_data"]
        chat_id = call.params.get("chat_id")
        user = next((p for p in self.people + [self.reviewer] if p["id"] == chat_id), None)
        if user is None or self.rng.random() < 0.1:
            user = self.rng.choice(self.people + [self.reviewer])
        chat = self.f.private_chat(user) if chat_id == user["id"] else (
            self.review_group if chat_id == REVIEW_CHAT else self.group)
        return self.f.callback_from(call, data, user=user, chat=chat)

    def mutated_presses(self) -> list[dict[str, Any]]:
        """Buttons the bot sent (up to 40 kinds), each pressed once with one part replaced by junk."""
        pressed: list[dict[str, Any]] = []
        seen: set[str] = set()
        for call in reversed(self.recording.calls):
            markup = call.params.get("reply_markup")
            if not isinstance(markup, dict) or len(seen) >= 40:
                continue
            for button in (b for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b):
                data = button["callback_data"]
                shape = data.split(":")[0] + str(data.count(":"))
                if shape in seen:
                    continue
                seen.add(shape)
                parts = data.split(":")
                parts[self.rng.randrange(len(parts))] = self.rng.choice(CALLBACK_PARTS)
                user = next((p for p in self.people + [self.reviewer] if p["id"] == call.params.get("chat_id")),
                            self.reviewer)
                chat = self.f.private_chat(user) if call.params.get("chat_id") == user["id"] else self.review_group
                forged = ":".join(parts).encode()[:64].decode(errors="ignore")
                pressed.append(self.f.callback_from(call, forged, user=user, chat=chat))
        return pressed

    def _forged(self) -> dict[str, Any]:
        user, chat, _ = self.sender()
        roll = self.rng.random()
        if roll < 0.6:
            parts = [self.rng.choice(self.prefixes)] + [self.rng.choice(CALLBACK_PARTS)
                                                        for _ in range(self.rng.randint(0, 4))]
            data = ":".join(parts)
        elif roll < 0.8:
            data = "".join(chr(self._code_point()) for _ in range(self.rng.randint(1, 20)))
        else:
            data = self.rng.choice(["", ":", "::::", "lp:ok", "lp:ok:xx", "rv:cl:1:1", "rv:st:1:1:zzz",
                                    "st:" + "f" * 16 + ":done", "fb:1:medsos-like:id", "a" * 64])
        data = data.encode()[:64].decode(errors="ignore")
        if self.rng.random() < 0.1:
            return self.f.callback(data, user=user, inline_message_id="im-1")
        return self.f.callback(data, user=user, message=self.f.bot_message(chat=chat, reply_markup={
            "inline_keyboard": [[{"text": "x", "callback_data": data or "x"}]]}))

    def _media(self, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None,
               kind: str | None = None) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if user is None or chat is None:
            user, chat, extra = self.sender()
        kind = kind or self.rng.choice(MEDIA)
        n = self.rng.randint(1, 10**6)
        file = {"file_id": f"f-{n}", "file_unique_id": f"u-{n}", "file_size": self.rng.choice([0, 10, 2048, 10**8])}
        if self.rng.random() < 0.7:
            self.recording.add_file(f"f-{n}", os.urandom(self.rng.randint(0, 64)))
        fields: dict[str, Any] = {
            "photo": {"photo": [{**file, "width": 90, "height": 90}]},
            "document": {"document": {**file, "file_name": self.rng.choice(["a.pdf", "x", "../../etc", "é.exe"]),
                                      "mime_type": self.rng.choice(["application/pdf", "image/jpeg", "x/y"])}},
            "video": {"video": {**file, "width": 1, "height": 1, "duration": 1}},
            "voice": {"voice": {**file, "duration": 1}},
            "audio": {"audio": {**file, "duration": 1}},
            "sticker": {"sticker": {**file, "width": 1, "height": 1, "is_animated": False, "is_video": False,
                                    "type": "regular"}},
            "animation": {"animation": {**file, "width": 1, "height": 1, "duration": 1}},
            "video_note": {"video_note": {**file, "length": 1, "duration": 1}},
            "location": {"location": {"latitude": -6.9, "longitude": 107.6}},
            "contact": {"contact": {"phone_number": "+62811", "first_name": "Ani"}},
            "poll": {"poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
                              "is_anonymous": True, "type": "regular", "allows_multiple_answers": False,
                              "allows_revoting": False, "members_only": False}},
            "dice": {"dice": {"emoji": "🎲", "value": 3}},
            "venue": {"venue": {"location": {"latitude": 0, "longitude": 0}, "title": "t", "address": "a"}},
        }[kind]
        if self.rng.random() < 0.3:
            fields["caption"] = self.text()
        return self.f.update(message=self.f.message(user=user, chat=chat, **fields, **extra))

    def _inline(self) -> dict[str, Any]:
        user = self.rng.choice(self.people)
        if self.rng.random() < 0.8:
            return self.f.inline(self.text()[:256], user=user)
        return self.f.update(chosen_inline_result={"result_id": self.text()[:64] or "x", "from": user,
                                                   "query": self.text()[:256]})

    def _other(self) -> dict[str, Any]:
        user, chat, _ = self.sender()
        member = {"status": "member", "user": BOT_USER}
        change = {"chat": chat, "from": user, "date": 0, "old_chat_member": {"status": "left", "user": BOT_USER},
                  "new_chat_member": member}
        return self.rng.choice([
            self.f.update(my_chat_member=change),
            self.f.update(message=self.f.message(user=user, chat=chat, new_chat_members=[BOT_USER])),
            self.f.update(message=self.f.message(user=user, chat=chat, left_chat_member=user)),
            self.f.update(channel_post={"message_id": 1, "date": 0, "chat": {"id": -1009999999999,
                                                                            "type": "channel", "title": "K"},
                                        "text": self.text()}),
            self.f.update(poll_answer={"poll_id": "p", "user": user, "option_ids": [0],
                                       "option_persistent_ids": ["0"]}),
        ])


class Feeder:
    """Feeds updates to the application one at a time and keeps what went wrong with the update that did it."""

    def __init__(self, app: Any, recording: RecordingRequest) -> None:
        self.app, self.recording = app, recording
        self.errors: list[str] = []
        self.unanswered: list[str | None] = []
        self.fed = 0
        self._current: dict[str, Any] = {}
        app.add_error_handler(self._spy)

    async def _spy(self, update: object, context: Any) -> None:
        error = context.error
        self.errors.append(f"{type(error).__name__}: {str(error)[:200]} <- "
                           f"{json.dumps(self._current, ensure_ascii=True)[:600]}")

    async def __call__(self, data: dict[str, Any]) -> None:
        self._current, mark = data, len(self.recording.calls)
        await self.app.process_update(Update.de_json(data, self.app.bot))
        self.fed += 1
        query = data.get("callback_query")
        if query is not None and not any(c.method == "answerCallbackQuery"
                                         and c.params.get("callback_query_id") == query["id"]
                                         for c in self.recording.calls[mark:]):
            self.unanswered.append(query.get("data"))


async def test_random_updates_never_reach_the_error_handler(app, settings, services, recording):
    app.bot_data.tips = TipsService(services, TipsSettings(status_delay_seconds=0, receipt_iterations=1000,
                                                           key=settings.tips.key))
    feed = Feeder(app, recording)
    rng = random.Random(SEED)
    fuzzer = Fuzzer(app, recording, rng)
    await app.start()  # background tasks (the review outbox) go through Application.create_task and are awaited
    try:
        # Every command with every junk argument, from a reviewer (who may use all of them) in a private chat.
        reviewer_chat = fuzzer.f.private_chat(fuzzer.reviewer)
        for command in fuzzer.commands:
            for junk in JUNK:
                await feed(fuzzer.f.command(command, junk, user=fuzzer.reviewer, chat=reviewer_chat))
            await feed(fuzzer.f.command(command, rng.choice(JUNK), rng.choice(QUESTIONS), user=fuzzer.reviewer,
                                        chat=reviewer_chat))
        # Every button prefix with junk parts, in the shapes the handlers parse.
        for prefix in fuzzer.prefixes:
            for part in CALLBACK_PARTS:
                for data in (f"{prefix}:{part}", f"{prefix}:{part}:id", f"{prefix}:{part}:{part}:en"):
                    await feed(fuzzer.f.callback(data.encode()[:64].decode(errors="ignore"),
                                                 user=fuzzer.reviewer))
        # A random walk: people talking, reporting, checking their status, reviewing, pressing real buttons.
        for _ in range(WALK_UPDATES):
            await feed(fuzzer.update())
            if len(feed.errors) >= 5:
                break
        # Real buttons with one part replaced by junk, pressed by the person they were sent to.
        for data in fuzzer.mutated_presses():
            await feed(data)
    finally:
        await app.stop()
    assert feed.errors == []
    assert feed.unanswered == []
    check_sent_html(recording)
    # The run went deep: tips were filed, reviewed and answered; cards, topics and inline answers were shown.
    kinds = {row[0] for row in services.db.execute("SELECT DISTINCT kind FROM tip_events").fetchall()}
    assert {"status", "claim", "question", "reply", "evidence"} <= kinds, kinds
    assert {"sendMessage", "editMessageText", "answerInlineQuery", "getFile", "sendDocument"} <= {
        c.method for c in recording.calls}
    assert not any("terjadi kesalahan" in text for text in recording.sent_texts())


@hypothesis_settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=FIXTURES_ARE_FINE)
@given(st.lists(st.text(max_size=300), max_size=12))
def test_ask_json_answers_every_line_with_one_json_object(capsys, monkeypatch, fixture_matcher, lines):
    data = "\n".join(lines) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    assert cli._ask(fixture_matcher, None, True, None) == 0  # main()'s `ask --json`, the knowledge base loaded once
    out = capsys.readouterr().out.split("\n")[:-1]
    assert len(out) == len(io.StringIO(data).readlines())
    for line in out:
        obj = json.loads(line)
        assert set(obj) == {"question", "verdict", "entry", "score", "suggestions", "answer"}


@hypothesis_settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=FIXTURES_ARE_FINE)
@given(st.lists(st.text(max_size=80), max_size=10))
def test_chat_survives_any_lines(capsys, monkeypatch, fixture_matcher, lines):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line.replace("\n", " ") + "\n" for line in lines)))
    assert cli._chat(fixture_matcher) == 0
    typed = [line.replace("\n", " ").strip().lower() for line in lines]
    quits = [n for n, text in enumerate(typed) if text in ("keluar", "exit", "quit", "/keluar")]
    asked = quits[0] if quits else len(lines)  # "keluar" ends the chat (Hypothesis finds it among the constants)
    assert capsys.readouterr().out.count("Anda> ") == asked + 1


def test_random_bytes_on_a_real_stdin():
    rng = random.Random(SEED)
    chunks = [bytes(rng.randrange(256) for _ in range(rng.randint(0, 120))) for _ in range(150)]
    data = b"\n".join(chunk.replace(b"\n", b"") for chunk in chunks) + b"\n"
    env = {key: value for key, value in os.environ.items() if key not in ("TELEGRAM_BOT_TOKEN", "PYTHONIOENCODING")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    result = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(FIXTURE_KB), "ask", "--json"],
                            input=data, capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    lines = result.stdout.decode("utf-8").split("\n")[:-1]  # strict: all of it is valid UTF-8
    assert len(lines) == data.count(b"\n")  # one answer per input line (stdin splits at \n only)
    assert all(json.loads(line)["answer"] for line in lines)
