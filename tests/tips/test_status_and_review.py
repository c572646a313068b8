"""/status for tipsters (right, wrong, malformed codes; answering questions; adding evidence) and the reviewers'
buttons and commands, including actions by non-reviewers, Telegram's service accounts and forged buttons."""

from __future__ import annotations

import csv
import io
import re

import pytest

from bot.tips.store import generate_code
from tests.support.telegram_html import check_sent_html
from tests.tips.conftest import OTHER_REVIEWER_ID, REVIEW_CHAT, REVIEWER_ID, TEST_KEY
from tests.tips.helpers import Person, buttons, file_report


@pytest.fixture
def tipster(tips_app, recording, updates) -> Person:
    return Person(tips_app, recording, updates)


@pytest.fixture
def review_group(updates) -> dict:
    return updates.group(chat_id=REVIEW_CHAT, title="Peninjau NetralBot")


@pytest.fixture
def reviewer(tips_app, recording, updates, review_group) -> Person:
    user = updates.user(REVIEWER_ID, first_name="Rina", username="rina_bawaslu")
    return Person(tips_app, recording, updates, user=user, chat=review_group)


@pytest.fixture
def other_reviewer(tips_app, recording, updates, review_group) -> Person:
    user = updates.user(OTHER_REVIEWER_ID, first_name="Dodi")
    return Person(tips_app, recording, updates, user=user, chat=review_group)


@pytest.fixture
def outsider(tips_app, recording, updates, review_group) -> Person:
    return Person(tips_app, recording, updates, user=updates.user(5555, first_name="Iseng"), chat=review_group)


def service_of(app):
    return app.bot_data.tips


# -- /status ------------------------------------------------------------------------------------------------------


async def test_status_with_the_right_code_shows_the_history(tipster):
    code = await file_report(tipster)
    (view,) = await tipster.command("/status", code.lower().replace("-", " "))
    assert "Status sekarang: Diterima" in view and "Kota Bandung, Jawa Barat" in view
    assert "Jawab" in str(tipster.recording.last("sendMessage").params["reply_markup"])


async def test_wrong_and_unknown_codes_get_the_same_answer(tipster, tips_app):
    code = await file_report(tipster)
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    (first,) = await tipster.command("/status", wrong)
    (second,) = await tipster.command("/status", generate_code())
    assert first == second and "tidak ditemukan" in first
    (malformed,) = await tipster.command("/status", "12345")
    assert "bukan format kode" in malformed
    (usage,) = await tipster.command("/status")
    assert "/status KODE" in usage


async def test_too_many_wrong_codes_are_refused_for_a_while(tipster, tips_app):
    service = service_of(tips_app)
    for _ in range(service.config.status_attempts_per_hour):
        await tipster.command("/status", generate_code())
    (refused,) = await tipster.command("/status", generate_code())
    assert "Terlalu banyak percobaan" in refused


async def test_the_wrong_code_delay_does_not_hold_up_other_users(tips_app, recording, updates, service):
    """Through the Application's update queue, as when polling: another user's question posted after the wrong
    code is answered while the code's sender still waits out the delay (bot/tg/concurrency.py)."""
    import asyncio

    from telegram import Update

    from bot.settings import TipsSettings
    from bot.tips.service import TipsService

    tips_app.bot_data.tips = TipsService(service.services, TipsSettings(status_delay_seconds=0.5, key=TEST_KEY,
                                                                        receipt_iterations=1000))
    guesser, other = updates.user(), updates.user()
    await tips_app.start()
    try:
        await tips_app.update_queue.put(Update.de_json(updates.command("/status", generate_code(), user=guesser),
                                                       tips_app.bot))
        await tips_app.update_queue.put(Update.de_json(updates.text("halo", user=other), tips_app.bot))
        await asyncio.wait_for(tips_app.update_queue.join(), 10)
    finally:
        await tips_app.stop()
    order = [call.params["chat_id"] for call in recording.calls_to("sendMessage")]
    assert order == [other["id"], guesser["id"]]
    assert "tidak ditemukan" in recording.calls_to("sendMessage")[-1].params["text"]


async def test_reviewer_question_reply_and_extra_evidence(tipster, reviewer, tips_app, recording):
    code = await file_report(tipster, photo=None)
    service = service_of(tips_app)
    tip = service.store.find_by_code(code)
    (ok,) = await reviewer.command("/pertanyaan", str(tip.id), "Jam berapa kejadiannya?")
    assert "tersimpan" in ok
    (view,) = await tipster.command("/status", code)
    assert "Pertanyaan peninjau:</b> Jam berapa kejadiannya?" in view
    assert "Rina" not in view and "R-" not in view  # reviewers appear by role only
    await tipster.press("Jawab")
    (saved,) = await tipster.send("Sekitar jam 9 pagi, di aula.")
    assert "tersimpan" in saved
    forwarded = recording.last("sendMessage")
    assert forwarded.params["chat_id"] == REVIEW_CHAT and "Sekitar jam 9 pagi" in forwarded.params["text"]
    assert forwarded.params["reply_parameters"]["message_id"] == service.store.get(tip.id).review_message_id
    # the next message is an ordinary question again
    (answer,) = await tipster.send("boleh PNS like postingan caleg?")
    assert "tersimpan" not in answer

    await tipster.command("/status", code)
    await tipster.press("Tambah bukti")
    (saved,) = await tipster.document(b"%PDF-1.7 surat edaran", file_name="surat.pdf")
    assert "1 bukti tambahan" in saved
    copies = [c for c in recording.calls_to("sendDocument") if c.params["chat_id"] == REVIEW_CHAT]
    assert copies[-1].params["document"].content == b"%PDF-1.7 surat edaran"
    await tipster.send("https://t.me/grupkantor/55")
    (done,) = await tipster.press("Selesai")
    assert "2 bukti tambahan" in done
    (view,) = await tipster.command("/status", code)
    assert "Jawaban Anda: Sekitar jam 9 pagi" in view and "menambah 1 bukti" in view
    kinds = [(e.kind, e.source) for e in service.store.evidence_of(tip.id)]
    assert kinds == [("link", "report"), ("document", "followup"), ("link", "followup")]
    assert recording.calls_to("forwardMessage") == []
    check_sent_html(recording)


async def test_followup_buttons_are_tied_to_the_session(tipster, tips_app):
    code = await file_report(tipster, photo=None)
    await tipster.command("/status", code)
    assert await tipster.press_data("st:AAAAAAAA:rp") == ["Tombol ini sudah kedaluwarsa."]
    assert await tipster.press_data("st:bad") == ["Tombol ini sudah kedaluwarsa."]
    await tipster.press("Jawab")
    (cancelled,) = await tipster.command("/batal")
    assert cancelled == "Dibatalkan."


# -- reviewers ----------------------------------------------------------------------------------------------------


async def notice_call(recording, tip_id: int):
    for call in reversed(recording.calls):
        if call.method in ("sendMessage", "editMessageText") and call.params.get("chat_id") == REVIEW_CHAT \
                and f"Laporan #{tip_id}" in call.params.get("text", "") and call.params.get("reply_markup"):
            return call
    raise AssertionError("no notice")


async def test_claim_and_status_buttons_and_the_tipster_sees_the_change(tipster, reviewer, tips_app, recording):
    code = await file_report(tipster, photo=None)
    tip = service_of(tips_app).store.find_by_code(code)
    await reviewer.press("Ambil")
    edited = recording.last("editMessageText")
    assert "Ditangani:</b> R-" in edited.params["text"]
    assert any(b["callback_data"].startswith("rv:rl:") for b in buttons(edited))
    await reviewer.press("Verifikasi")
    assert "Sedang diverifikasi" in recording.last("editMessageText").params["text"]
    (view,) = await tipster.command("/status", code)
    assert "Status sekarang: Sedang diverifikasi" in view and "Peninjau mulai menangani" in view
    (reasons,) = await reviewer.press("Tutup")
    assert "Alasan menutup" in reasons
    await reviewer.press("Kembali")
    await reviewer.press("Tutup")
    await reviewer.press("bukti belum cukup")
    assert service_of(tips_app).store.get(tip.id).status == "closed"
    (view,) = await tipster.command("/status", code)
    assert "Ditutup: informasi/bukti belum cukup" in view and "sudah ditutup" in view
    assert "reply_markup" not in recording.last("sendMessage").params or \
        recording.last("sendMessage").params.get("reply_markup") is None
    closed = recording.last("editMessageText")
    labels = [b["text"] for b in buttons(closed)]
    assert "🔄 Buka lagi" in labels and not any("Lepas" in label or "Ambil" in label for label in labels)
    check_sent_html(recording)


async def test_only_one_reviewer_wins_and_everyone_sees_the_result(tipster, reviewer, other_reviewer, tips_app,
                                                                   recording):
    code = await file_report(tipster, photo=None)
    tip = service_of(tips_app).store.find_by_code(code)
    notice = await notice_call(recording, tip.id)
    claim = next(b["callback_data"] for b in buttons(notice) if b["callback_data"].startswith("rv:cl:"))
    await reviewer.press_data(claim, notice)
    texts = await other_reviewer.press_data(claim, notice)  # the same, now stale, button
    assert "peninjau lain" in texts[0]
    assert service_of(tips_app).store.get(tip.id).claimed_by == "R-" + service_of(tips_app).reviewer_hash(
        REVIEWER_ID)[:4].upper()
    assert "Ditangani:</b> R-" in recording.last("editMessageText").params["text"]  # refreshed for everyone


async def test_non_reviewers_and_service_accounts_cannot_act(tipster, outsider, tips_app, recording, updates,
                                                             review_group):
    code = await file_report(tipster, photo=None)
    tip = service_of(tips_app).store.find_by_code(code)
    notice = await notice_call(recording, tip.id)
    claim = next(b["callback_data"] for b in buttons(notice) if b["callback_data"].startswith("rv:cl:"))
    assert await outsider.press_data(claim, notice) == ["Perintah dan tombol ini hanya untuk peninjau."]
    assert "hanya untuk peninjau" in (await outsider.command("/tips"))[0]
    for service_id in (1087968824, 777000):
        ghost = Person(tips_app, recording, updates, user=updates.user(service_id, first_name="Group"),
                       chat=review_group)
        assert await ghost.press_data(claim, notice) == ["Perintah dan tombol ini hanya untuk peninjau."]
    # an admin posting anonymously "as the group" is not acting as themselves
    sneaky = updates.command("/tips", user=updates.user(REVIEWER_ID), chat=review_group)
    sneaky["message"]["sender_chat"] = review_group
    person = Person(tips_app, recording, updates, chat=review_group)
    assert "hanya untuk peninjau" in (await person._feed(sneaky))[0]
    assert service_of(tips_app).store.get(tip.id).claimed_by is None


async def test_reviewer_commands_elsewhere_stay_silent(tips_app, recording, updates):
    stranger_group = Person(tips_app, recording, updates, user=updates.user(REVIEWER_ID),
                            chat=updates.group(title="Grup lain"))
    assert await stranger_group.command("/tips") == []


async def test_forged_review_buttons_get_the_expired_answer(tipster, reviewer, tips_app):
    code = await file_report(tipster, photo=None)
    tip = service_of(tips_app).store.find_by_code(code)
    for data in ("rv:st:1:1:zzz", "rv:xx:1:1", "rv:cl:abc:1", f"rv:st:{tip.id}:1:cls", "rv:st:1:1:ver:extra",
                 "rv:cr:1:1:no"):
        texts = await reviewer.press_data(data)
        assert texts == ["Tombol ini sudah kedaluwarsa."], (data, texts)
    assert "tidak ada" in (await reviewer.press_data("rv:cl:999999:1"))[0]
    assert "peninjau lain" in (await reviewer.press_data(f"rv:cl:{tip.id}:77"))[0]
    assert service_of(tips_app).store.get(tip.id).version == 1
    assert not any("kesalahan" in t for t in reviewer.texts())


async def test_list_show_stats_and_whoami(tipster, reviewer, tips_app):
    await file_report(tipster, photo=None)
    (listing,) = await reviewer.command("/tips")
    assert "#1 · Diterima · Mobilisasi · Kota Bandung" in listing
    (filtered,) = await reviewer.command("/tips", "ditutup")
    assert "Tidak ada laporan" in filtered
    (found,) = await reviewer.command("/tips", "prov=jabar", "cari=ketua RT")
    assert "#1" in found
    notice, history = await reviewer.command("/tip", "1")
    assert "Laporan #1" in notice and "Riwayat" in history
    assert "NOMOR" in (await reviewer.command("/tip", "satu"))[0]
    (stats,) = await reviewer.command("/statistik")
    assert "total 1" in stats and "Mobilisasi: 1" in stats and "Jawa Barat: 1" in stats
    (me,) = await reviewer.command("/peninjau")
    assert "R-" in me and "Rina" not in me


async def test_export_is_an_excel_friendly_csv_document(tipster, reviewer, tips_app, recording):
    await file_report(tipster, photo=None)
    await reviewer.command("/ekspor")
    document = recording.last("sendDocument")
    assert document.params["chat_id"] == REVIEW_CHAT
    upload = document.params["document"]
    assert upload.filename.endswith(".csv") and upload.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(upload.content.decode("utf-8-sig")), delimiter=";"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["No"] == "1" and "ketua RT" in record["Uraian"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", record["Masuk (WIB)"])  # a date Excel understands
    await reviewer.command("/ekspor", "koma")
    comma = recording.last("sendDocument").params["document"].content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(comma)))[1][0] == "1"
    assert "Tidak ada laporan" in (await reviewer.command("/ekspor", "ditutup"))[0]


async def test_unreachable_review_group_keeps_notices_in_the_outbox(tipster, reviewer, tips_app, recording):
    from tests.support.recording import fake_result

    group_down = {"now": True}

    def send_message(params):
        if params.get("chat_id") == REVIEW_CHAT and group_down["now"]:
            raise ConnectionError("review group unreachable")
        return fake_result("sendMessage", params, recording.state)

    recording.respond("sendMessage", send_message)
    code = await file_report(tipster)
    service = service_of(tips_app)
    assert service.store.find_by_code(code) is not None  # the tipster got the code regardless
    (pending,) = service.outbox.pending()
    assert pending.attempts == 1 and "review group unreachable" in pending.last_error
    group_down["now"] = False
    (listing,) = await Person(tips_app, recording, tipster.updates, user=reviewer.user).command("/outbox")
    assert "1 pemberitahuan tertunda" in listing and "NetworkError" in listing
    # a photo fails after the notice went out: the retry resumes with the photo, without repeating the notice
    recording.fail("sendPhoto", 502, "Bad Gateway")
    await reviewer.command("/outbox", "kirim")
    (pending,) = service.outbox.pending()
    assert pending.progress == 1
    notices = [c for c in recording.calls_to("sendMessage") if c.params["chat_id"] == REVIEW_CHAT
               and "Laporan #" in c.params.get("text", "")]
    await reviewer.command("/outbox", "kirim")
    assert service.outbox.pending() == []
    notices_after = [c for c in recording.calls_to("sendMessage") if c.params["chat_id"] == REVIEW_CHAT
                     and "Laporan #" in c.params.get("text", "")]
    assert len(notices) == len(notices_after) == 2  # the failed first try and the one delivery, no repeat
    assert len([c for c in recording.calls_to("sendPhoto") if c.params["chat_id"] == REVIEW_CHAT]) == 2
    (listing,) = await reviewer.command("/outbox")
    assert "Tidak ada pemberitahuan" in listing


async def test_nothing_identifying_is_stored(tipster, reviewer, tips_app, settings, services, updates, recording):
    person = Person(tips_app, recording, updates,
                    user=updates.user(987654321, first_name="Rahasiawati", username="tipster_unik_42"))
    code = await file_report(person)
    await person.command("/status", code)
    await person.press("Jawab")
    await person.send("Tambahan keterangan dari saya.")
    services.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    needles = [b"987654321", b"tipster_unik_42", b"Rahasiawati", "Rahasiawati".encode("utf-16-le")]
    for path in settings.data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for needle in needles:
                assert needle not in content, (path, needle)
    # and the review group saw nothing of them either
    for call in recording.calls:
        if call.params.get("chat_id") == REVIEW_CHAT:
            flat = repr(call.params)
            assert "987654321" not in flat and "tipster_unik_42" not in flat and "Rahasiawati" not in flat


async def test_history_reads_naturally_and_export_carries_questions_answers_and_hashes(tipster, reviewer,
                                                                                       tips_app, recording):
    code = await file_report(tipster)
    await reviewer.command("/pertanyaan", "1", "Jam berapa kejadiannya?")
    await tipster.command("/status", code)
    await tipster.press("Jawab")
    await tipster.send("Sekitar jam sembilan pagi.")
    _notice, history = await reviewer.command("/tip", "1")
    assert "· Bot · Diterima" in history and "· Pelapor · menjawab: Sekitar jam sembilan" in history
    assert "· Peninjau R-" in history and "system" not in history and "tipster" not in history
    await reviewer.command("/ekspor")
    content = recording.last("sendDocument").params["document"].content.decode("utf-8-sig")
    record = dict(zip(*list(csv.reader(io.StringIO(content), delimiter=";")), strict=True))
    assert "Peninjau R-" in record["Tanya-jawab"] and "Jam berapa kejadiannya?" in record["Tanya-jawab"]
    assert "Pelapor: Sekitar jam sembilan pagi." in record["Tanya-jawab"]
    (photo,) = [e for e in service_of(tips_app).store.evidence_of(1) if e.kind == "photo"]
    assert record["SHA-256 bukti"] == f"1. {photo.sha256}"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["Tanggal kejadian"])


async def test_a_reviewer_can_delete_a_tip_for_good_after_confirming(tipster, reviewer, tips_app, recording):
    code = await file_report(tipster)
    service = service_of(tips_app)
    (usage,) = await reviewer.command("/hapus")
    assert "/hapus NOMOR" in usage
    (question,) = await reviewer.command("/hapus", "1")
    assert "selamanya" in question
    await reviewer.press("Batal")
    assert service.store.get(1) is not None
    await reviewer.command("/hapus", "1")
    (done,) = await reviewer.press("Ya, hapus selamanya")
    assert "sudah dihapus" in done and service.store.get(1) is None
    assert not service.evidence.tip_dir(1).exists()
    assert recording.calls_to("deleteMessage")  # the notice in the group too, if the bot may
    (gone,) = await tipster.command("/status", code)
    assert "tidak ditemukan" in gone
