"""End to end: the real `python -m bot run` process against the fake Bot API on 127.0.0.1.

A full report with a photo and a link reaches the review group as the bot's own copies; a reviewer's button
changes what the tipster's /status shows; a process killed between steps resumes the conversation; a tip whose
code was shown survives `kill -9`; and nothing about the tipster is in the database files, the data directory or
the logs.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
from pathlib import Path
from typing import Any

from bot.settings import TipsSettings
from bot.storage import open_database
from bot.tips.crypto import Cipher
from bot.tips.evidence import EvidenceStore
from bot.tips.store import TipStore
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.recording import UpdateFactory
from tests.tips.conftest import E2E_SECRET as SECRET
from tests.tips.conftest import REVIEW_CHAT, REVIEWER_ID, TEST_KEY
from tests.tips.factories import jpeg
from tests.tips.helpers import DESCRIPTION

TIPSTER = {"id": 987654321, "is_bot": False, "first_name": "Rahasiawati", "last_name": "Sukmawijaya",
           "username": "tipster_unik_42", "language_code": "id"}
NEEDLES = ("987654321", "tipster_unik_42", "Rahasiawati", "Sukmawijaya")


class Remote:
    """A Telegram user talking to the bot through the fake Bot API."""

    def __init__(self, api: FakeBotAPI, updates: UpdateFactory, user: dict[str, Any],
                 chat: dict[str, Any] | None = None) -> None:
        self.api, self.updates, self.user = api, updates, user
        self.chat = chat or updates.private_chat(user)

    async def _push(self, update: dict[str, Any], expect: str, timeout: float = 10) -> str:
        mark = len(self.api.calls)
        self.api.push_update(update)
        return await self.wait(expect, after=mark, timeout=timeout)

    async def wait(self, expect: str, after: int = 0, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for call in self.api.calls[after:]:
                if call.method in ("sendMessage", "editMessageText") and call.params.get("chat_id") == self.chat["id"] \
                        and expect in call.params.get("text", ""):
                    return call.params["text"]
            if time.monotonic() > deadline:
                said = [c.params.get("text", "")[:80] for c in self.api.calls[after:] if c.method == "sendMessage"]
                raise AssertionError(f"no message with {expect!r}; the bot said {said}")
            await asyncio.sleep(0.02)

    async def send(self, text: str, expect: str) -> str:
        return await self._push(self.updates.text(text, user=self.user, chat=self.chat), expect)

    async def photo(self, content: bytes, expect: str) -> str:
        update = self.updates.photo(user=self.user, chat=self.chat)
        for size in update["message"]["photo"]:
            self.api.add_file(size["file_id"], content)
        return await self._push(update, expect)

    async def press(self, label: str, expect: str) -> str:
        for call in reversed(self.api.calls):
            if call.method in ("sendMessage", "editMessageText") and call.params.get("chat_id") == self.chat["id"]:
                markup = call.params.get("reply_markup") or {}
                for row in markup.get("inline_keyboard", []):
                    for button in row:
                        if label in button.get("text", ""):
                            update = self.updates.callback_from(call, button["callback_data"], user=self.user,
                                                                chat=self.chat)
                            return await self._push(update, expect)
        raise AssertionError(f"no button {label!r}")


async def report_until_description(tipster: Remote) -> None:
    await tipster.send("/lapor", "1/9")
    await tipster.press("Media sosial", "2/9")
    await tipster.send("jabar", "3/9")
    await tipster.send("kota bandung", "4/9")
    await tipster.press("Hari ini", "5/9")
    await tipster.send("Dinas Pendidikan Kota Bandung", "6/9")
    await tipster.send("guru SMP", "7/9")
    await tipster.press("Lewati", "8/9")
    await tipster.send(DESCRIPTION, "9/9")


def code_in(text: str) -> str:
    return re.search(r"NB-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)


def open_store(tmp_path: Path) -> TipStore:
    db = open_database(tmp_path / "data" / "netralbot.db")
    evidence = EvidenceStore(tmp_path / "data", Cipher(bytes.fromhex(TEST_KEY)))
    return TipStore(db, SECRET.encode(), evidence, TipsSettings().receipt_iterations)


def assert_nothing_identifying(paths: list[Path]) -> int:
    checked = 0
    for path in paths:
        content = path.read_bytes()
        checked += len(content)
        for needle in NEEDLES:
            for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                assert encoded not in content, f"{needle} found in {path}"
    return checked


async def test_full_report_reaches_reviewers_as_copies_and_status_follows_their_action(api, run_bot, tmp_path):
    proc = await run_bot()
    updates = UpdateFactory()
    tipster = Remote(api, updates, TIPSTER)
    group = updates.group(chat_id=REVIEW_CHAT, title="Peninjau")
    reviewer = Remote(api, updates, updates.user(REVIEWER_ID, first_name="Rina"), chat=group)

    await report_until_description(tipster)
    photo = jpeg(9, size=(64, 48))
    await tipster.photo(photo, "1 file, 0 tautan")
    await tipster.send("https://www.instagram.com/p/xyz", "1 file, 1 tautan")
    summary = await tipster.press("Selesai", "Ringkasan")
    assert "Telegram sendiri" in summary
    receipt = await tipster.press("Kirim laporan", "Kode laporan")
    code = code_in(receipt)

    notice = await reviewer.wait("Laporan #1")
    assert "Kota Bandung, Jawa Barat" in notice and "https://www.instagram.com/p/xyz" in notice
    copy = await api.wait_for("sendPhoto", lambda p: p.get("chat_id") == REVIEW_CHAT)
    assert copy.params["photo"].content.startswith(b"\xff\xd8")  # the bot's own clean copy of the photo
    assert api.calls_to("forwardMessage") == [] and api.calls_to("forwardMessages") == []

    await reviewer.press("Verifikasi", "Sedang diverifikasi")
    status = await tipster.send(f"/status {code}", "Status sekarang")
    assert "Status sekarang: Sedang diverifikasi" in status

    # Privacy: every byte of the database (with -wal and -shm while it runs), the data directory and the logs.
    data_files = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    names = {p.name for p in data_files}
    assert {"netralbot.db", "netralbot.db-wal", "netralbot.db-shm"} <= names
    assert any(p.suffix == ".jpg" for p in data_files)  # stored encrypted (see test_privacy_claims.py)
    assert assert_nothing_identifying(data_files) > 0
    assert await proc.stop(signal.SIGTERM, timeout=15) == 0
    logs = [p for p in tmp_path.glob("bot*.log")]
    assert assert_nothing_identifying(logs + [p for p in (tmp_path / "data").rglob("*") if p.is_file()]) > 0
    assert "tip 1 stored" in proc.output


async def test_killing_the_bot_between_steps_resumes_the_conversation(api, run_bot, tmp_path):
    proc = await run_bot()
    updates = UpdateFactory()
    tipster = Remote(api, updates, TIPSTER)
    await tipster.send("/lapor", "1/9")
    await tipster.press("Memakai fasilitas negara", "2/9")
    mark = len(api.calls)
    sent = api.push_update(updates.text("Jawa Timur", user=TIPSTER, chat=tipster.chat))
    await tipster.wait("3/9", after=mark)
    await api.wait_acknowledged(sent["update_id"], timeout=10)
    proc.kill()  # SIGKILL: no shutdown, no flush

    await run_bot()
    prompt = await tipster.send("kota surabaya", "4/9")
    assert "Kapan terjadi" in prompt
    await tipster.press("Kemarin", "5/9")


async def test_a_tip_acknowledged_before_kill_9_is_in_the_database(api, run_bot, tmp_path):
    proc = await run_bot()
    updates = UpdateFactory()
    tipster = Remote(api, updates, TIPSTER)
    await tipster.send("/lapor", "1/9")
    await tipster.press("Memberi barang atau uang", "2/9")
    await tipster.send("Jawa Tengah", "3/9")
    await tipster.send("kota semarang", "4/9")
    await tipster.press("Kemarin", "5/9")
    await tipster.send("Kantor Kecamatan Tembalang", "6/9")
    await tipster.send("camat", "7/9")
    await tipster.press("Lewati", "8/9")
    await tipster.send("Camat membagikan sembako bergambar calon wali kota kepada warga di kantor kecamatan.", "9/9")
    await tipster.press("Tanpa bukti", "Ringkasan")
    receipt = await tipster.press("Kirim laporan", "Kode laporan")
    proc.process.send_signal(signal.SIGKILL)
    proc.process.wait(5)

    store = open_store(tmp_path)
    tip = store.find_by_code(code_in(receipt))
    assert tip is not None and tip.category == "hadiah" and tip.regency_code == "3374"
    store.db.close()

    # and after a restart the review group gets its notice, even if the first delivery had been cut short
    await run_bot()
    reviewer = Remote(api, updates, updates.user(REVIEWER_ID), chat=updates.group(chat_id=REVIEW_CHAT))
    await reviewer.wait("Laporan #1", timeout=10)


async def test_review_notices_wait_in_the_outbox_and_are_retried_by_the_job(api, run_bot, tmp_path):
    await run_bot()
    updates = UpdateFactory()
    tipster = Remote(api, updates, TIPSTER)
    api.fail("sendPhoto", 403, "Forbidden: bot is not a member of the supergroup chat", times=2)
    await report_until_description(tipster)
    await tipster.photo(jpeg(4), "1 file")
    await tipster.press("Selesai", "Ringkasan")
    await tipster.press("Kirim laporan", "Kode laporan")
    photos = [c for c in api.calls_to("sendPhoto") if c.params.get("chat_id") == REVIEW_CHAT]
    deadline = time.monotonic() + 10
    while len(photos) < 3 and time.monotonic() < deadline:  # two refusals, then the job's retry gets through
        await asyncio.sleep(0.05)
        photos = [c for c in api.calls_to("sendPhoto") if c.params.get("chat_id") == REVIEW_CHAT]
    assert len(photos) == 3 and photos[-1].params["photo"].content == photos[0].params["photo"].content
    notices = [c for c in api.calls_to("sendMessage") if c.params.get("chat_id") == REVIEW_CHAT]
    assert len(notices) == 1  # the notice itself was not repeated by the retries
