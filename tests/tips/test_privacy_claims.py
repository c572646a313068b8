"""Each claim of docs/privacy.md, tested. The first test runs the real `python -m bot run` process against the fake
Bot API; the others drive the handlers in memory over a real database file."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import signal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.services import Services
from bot.tips.crypto import Cipher, DecryptError
from bot.tips.evidence import EvidenceStore, file_context
from bot.tips.service import TipsService, TipsUnavailable
from tests.support.recording import UpdateFactory
from tests.tips.conftest import FAST, REVIEW_CHAT, REVIEWER_ID, TEST_KEY
from tests.tips.factories import CAMERA_MAKE, CAMERA_MODEL, gps_jpeg, jpeg
from tests.tips.helpers import Person, file_report
from tests.tips.test_e2e_tips import NEEDLES, TIPSTER, Remote, code_in

TYPED = {
    "agency": "Dinas Kearsipan Sukamaju Rahasia",
    "role": "Kepala Seksi Arsip Khusus",
    "name": "Bapak Tertuduh Sukamajuwan",
    "description": "Kepala seksi mengumpulkan pegawai honorer di ruang arsip dan meminta mereka mencoblos calon "
                   "bupati nomor satu dengan imbalan perpanjangan kontrak.",
    "link": "https://contoh.example/bukti-unik-sukamaju-123",
    "question": "Pertanyaan peninjau yang unik: pukul berapa pertemuan itu?",
    "answer": "Jawaban pelapor yang unik: sekitar pukul delapan pagi di lantai dua.",
}


def data_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_absent(paths: list[Path], needles: list[str]) -> None:
    for path in paths:
        content = path.read_bytes()
        for needle in needles:
            for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                assert encoded not in content, f"{needle!r} readable in {path}"


def assert_clean_image(content: bytes, where: str) -> None:
    image = Image.open(io.BytesIO(content))
    exif = image.getexif()
    assert 0x8825 not in exif and not exif.get_ifd(0x8825), f"GPS block in {where}"
    assert CAMERA_MODEL.encode() not in content and CAMERA_MAKE.encode() not in content, f"camera in {where}"
    assert b"Penulis Rahasia" not in content and b"komentar rahasia" not in content, f"XMP/comment in {where}"


async def send_document(remote: Remote, content: bytes, file_name: str, mime: str, expect: str) -> str:
    update = remote.updates.document(file_name=file_name, mime_type=mime, file_size=len(content), user=remote.user,
                                     chat=remote.chat)
    remote.api.add_file(update["message"]["document"]["file_id"], content)
    return await remote._push(update, expect)


# -- claims 1, 2, 7, 8: a full report by the real bot -------------------------------------------------------------


async def test_a_full_report_leaves_no_typed_text_and_no_metadata_on_disk(api, run_bot, tmp_path):
    proc = await run_bot()
    updates = UpdateFactory()
    tipster = Remote(api, updates, TIPSTER)
    group = updates.group(chat_id=REVIEW_CHAT, title="Peninjau")
    reviewer = Remote(api, updates, updates.user(REVIEWER_ID, first_name="Rina"), chat=group)
    await tipster.send("/lapor", "1/9")
    await tipster.press("Mengerahkan bawahan", "2/9")
    await tipster.send("jabar", "3/9")
    await tipster.send("kota bandung", "4/9")
    await tipster.press("Hari ini", "5/9")
    await tipster.send(TYPED["agency"], "6/9")
    await tipster.send(TYPED["role"], "7/9")
    await tipster.send(TYPED["name"], "8/9")
    await tipster.send(TYPED["description"], "9/9")
    removed = await send_document(tipster, gps_jpeg(), "IMG_2041.jpg", "image/jpeg", "1 file")
    assert "lokasi (GPS)" in removed and "merek/model kamera" in removed  # the tipster is told what went
    await tipster.photo(jpeg(5, size=(48, 36)), "2 file")
    await tipster.send(TYPED["link"], "1 tautan")
    await tipster.press("Selesai", "Ringkasan")
    code = code_in(await tipster.press("Kirim laporan", "Kode laporan"))
    await reviewer.wait("Laporan #1")
    await reviewer.send(f"/pertanyaan 1 {TYPED['question']}", "tersimpan")
    await tipster.send(f"/status {code}", "Status sekarang")
    await tipster.press("Jawab", "Tulis jawaban")
    await tipster.send(TYPED["answer"], "tersimpan")
    await reviewer.wait("Jawaban pelapor")

    data = tmp_path / "data"
    running = data_files(data)
    assert {"netralbot.db", "netralbot.db-wal", "netralbot.db-shm"} <= {p.name for p in running}
    assert_absent(running, [*TYPED.values(), *NEEDLES])
    # every stored evidence file, opened with the key, and every copy sent to reviewers: no GPS, no camera
    cipher = Cipher(bytes.fromhex(TEST_KEY))
    stored = [p for p in running if "/evidence/" in p.as_posix()]
    assert len(stored) == 2
    for path in stored:
        assert_clean_image(cipher.open(path.read_bytes(), file_context(path.name)), str(path))
    copies = [c.params.get("document") or c.params.get("photo") for c in api.calls
              if c.method in ("sendDocument", "sendPhoto") and c.params.get("chat_id") == REVIEW_CHAT]
    assert len(copies) == 2
    for upload in copies:
        assert_clean_image(upload.content, "the copy sent to reviewers")
    for call in api.calls:
        if call.params.get("chat_id") == REVIEW_CHAT:
            assert not any(needle in repr(call.params) for needle in NEEDLES)
    assert await proc.stop(signal.SIGTERM, timeout=15) == 0
    assert_absent(data_files(data) + list(tmp_path.glob("bot*.log")), [*TYPED.values(), *NEEDLES])


# -- claim 3 --------------------------------------------------------------------------------------------------------


def test_without_the_key_nothing_opens(service, services):
    tip_id, _code = service.store.create(tip_input_with_text())
    stored = service.evidence.save_tip_file(tip_id, b"bukti rahasia", "pdf")
    other = Cipher(b"\x07" * 32)
    raw = services.db.execute("SELECT description FROM tips WHERE id = ?", [tip_id]).fetchone()[0]
    with pytest.raises(DecryptError):
        other.open(bytes(raw), f"tips.description:{tip_id}")
    with pytest.raises(DecryptError):
        EvidenceStore(service.settings.data_dir, other).read(stored.relpath)
    with pytest.raises(TipsUnavailable, match="does not open"):
        TipsService(services, type(FAST)(key="07" * 32))


def tip_input_with_text():
    from tests.tips.factories import tip_input

    return tip_input(agency=TYPED["agency"], description=TYPED["description"])


# -- claims 4, 5, 6: nothing links a sender to a submitted tip ----------------------------------------------------


CANDIDATE = 987654321


def keyed_hashes(services: Services, service: TipsService, user_id: int) -> list[str]:
    """Every keyed hash of `user_id` that someone holding DATA_DIR, secret.key and the tips key can compute."""
    purposes = ("draft", "quota", "followup", "prefs", "feedback", "reviewer", "status", "sender")
    found = [services.sender_hash(user_id, purpose) for purpose in purposes]
    found.append(service.draft_key(user_id))
    for purpose in ("draft-owner", "quota", "status", "sender"):
        key = service.store.pseudonym_key(purpose)
        found.append(hmac.new(key, f"{purpose}:{user_id}".encode(), hashlib.sha256).hexdigest())
    found.append(hashlib.sha256(str(user_id).encode()).hexdigest())
    return found


def id_encodings(user_id: int) -> list[bytes]:
    return [str(user_id).encode(), user_id.to_bytes(8, "little"), user_id.to_bytes(8, "big"),
            user_id.to_bytes(4, "little"), user_id.to_bytes(4, "big")]


async def test_a_candidate_id_cannot_be_matched_to_a_submitted_tip(tips_app, recording, updates, services,
                                                                  settings):
    service = tips_app.bot_data.tips
    person = Person(tips_app, recording, updates, user=updates.user(CANDIDATE, first_name="Calon"))
    code = await file_report(person, name=TYPED["name"])
    await person.command("/status", code)
    await person.press("Jawab")
    await person.send(TYPED["answer"])
    services.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    hashes = keyed_hashes(services, service, CANDIDATE)
    # 1. no file under DATA_DIR holds any of them, in hex or raw, nor the id itself
    for path in data_files(settings.data_dir):
        content = path.read_bytes()
        for value in hashes:
            assert value.encode() not in content and bytes.fromhex(value) not in content, path
        for raw in id_encodings(CANDIDATE)[:1]:
            assert raw not in content, path
    # 2. opened with the key, nothing stored names or hashes the sender either
    tip = service.store.find_by_code(code)
    opened = [*(str(v) for v in vars(tip).values()), *(e.text or "" for e in service.store.events(tip.id)),
              *(f"{e.sha256} {e.url} {e.path}" for e in service.store.evidence_of(tip.id))]
    for value in opened:
        assert str(CANDIDATE) not in value and not any(h in value for h in hashes)
    # 3. no table keeps a row per sender: no quota or attempt rows, no draft once the tip is in
    tables = {row[0] for row in services.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {"tip_quota", "tip_status_attempts"} & tables
    assert services.db.execute("SELECT COUNT(*) FROM tip_drafts").fetchone()[0] == 0


async def test_quotas_live_in_memory_and_a_restart_forgets_them(tips_app, recording, updates, services):
    service = tips_app.bot_data.tips
    person = Person(tips_app, recording, updates)
    for n in range(FAST.tips_per_hour):
        await file_report(person, description=f"Laporan nomor {n}: camat membagikan amplop kepada ketua RT di "
                                              "balai desa agar warga memilih calon nomor dua.")
    (refused,) = await person.command("/lapor")
    assert "dalam satu jam terakhir" in refused
    restarted = TipsService(services, FAST)  # what a restart of the bot makes
    assert restarted.quota.tip_refusal(person.user["id"]) is None
    assert service.quota.tip_refusal(person.user["id"]) == "hour"


async def test_a_draft_is_the_only_link_and_it_is_gone_after_submit_or_cancel(tips_app, recording, updates,
                                                                               services, settings):
    service = tips_app.bot_data.tips
    person = Person(tips_app, recording, updates, user=updates.user(CANDIDATE))
    key = service.draft_key(CANDIDATE).encode()

    def anywhere() -> bool:
        return any(key in path.read_bytes() for path in data_files(settings.data_dir))

    await person.command("/lapor")
    await person.press("Media sosial")
    assert anywhere()  # the documented exception: a report in progress
    await person.command("/batal")
    assert not anywhere()  # cancelled: overwritten in the database, and the WAL emptied
    await file_report(person)
    assert not anywhere()  # submitted: the same


# -- claims 9, 10, 12 and the /privasi text -----------------------------------------------------------------------


async def test_the_privacy_command_says_what_telegram_knows(tips_app, recording, updates):
    person = Person(tips_app, recording, updates)
    (text,) = await person.command("/privasi")
    for words in ("Yang disimpan", "Yang tidak disimpan", "Berapa lama", "Siapa yang membaca",
                  "Yang diketahui Telegram", "Di ponsel Anda", "180 hari", "365 hari", "48 jam"):
        assert words in text
    english = Person(tips_app, recording, updates, user=updates.user(language_code="en"))
    (text,) = await english.command("/privacy")
    assert "What Telegram knows" in text and "not end-to-end encrypted" in text


async def test_erasing_the_conversation(tips_app, recording, updates):
    import json

    from tests.tips.helpers import buttons

    person = Person(tips_app, recording, updates)
    code = await file_report(person)
    texts = await person.press("Sudah saya simpan")
    assert "informasi awal" in texts[0] and "menghapus seluruh percakapan" in texts[0]
    offer = recording.calls_to("sendMessage")[-1]
    keep = next(b["callback_data"] for b in buttons(offer) if b["callback_data"].endswith(":1"))
    first = int(keep.split(":")[3])  # the /lapor message
    await person.press("sisakan petunjuk")
    deletions = recording.calls_to("deleteMessages")
    ids = [i for call in deletions if call.params["chat_id"] == person.chat["id"]
           for i in (call.params["message_ids"] if isinstance(call.params["message_ids"], list)
                     else json.loads(call.params["message_ids"]))]
    last = offer.result["message_id"]
    assert ids == list(range(first, last + 1))  # from /lapor to the button: every step, the summary, the receipt
    hint = person.last_text()
    assert code[-4:] in hint and code not in hint
    # without the hint nothing is left behind
    other = Person(tips_app, recording, updates, user=updates.user())
    await file_report(other)
    await other.press("Sudah saya simpan")
    sent_before = len(other.texts())
    await other.press("Hapus percakapan laporan ini")
    assert len(other.texts()) == sent_before


async def test_a_code_typed_in_a_group_is_not_looked_up_and_is_called_burnt(tips_app, recording, updates):
    tipster = Person(tips_app, recording, updates)
    code = await file_report(tipster)
    group = updates.group()
    in_group = Person(tips_app, recording, updates, user=tipster.user, chat=group)
    texts = await in_group.command("/status", code)
    assert any("jangan ditulis di grup" in t for t in texts)
    assert recording.calls_to("deleteMessage")  # the bot tried to delete the message with the code
    warned = [c.params["text"] for c in recording.calls_to("sendMessage") if c.params["chat_id"] == tipster.user["id"]]
    assert "bocor" in warned[-1]
    assert not any("Status sekarang" in c.params.get("text", "") for c in recording.calls_to("sendMessage"))


async def test_a_failing_state_check_fails_closed(tips_app, recording, updates, services, monkeypatch):
    service = tips_app.bot_data.tips
    person = Person(tips_app, recording, updates)
    await person.command("/lapor")
    await person.press("Media sosial")

    def broken(*args: Any, **kwargs: Any) -> bool:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(service.drafts, "exists", broken)
    monkeypatch.setattr(service.drafts, "get", broken)
    (answer,) = await person.send("boleh pns like postingan caleg?")
    assert "tidak saya simpan" in answer and "DILARANG" not in answer
    rows = services.db.execute("SELECT COUNT(*) FROM unanswered").fetchone()[0] \
        if "unanswered" in services.db.table_names() else 0
    assert rows == 0
    monkeypatch.undo()
    (hint,) = await person.send("boleh pns like postingan caleg?")
    assert "sedang membuat laporan" in hint and "/batal" in hint  # a question mid-report: the report is open
    await asyncio.sleep(0)
