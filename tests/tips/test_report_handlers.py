"""/lapor through the real python-telegram-bot stack with an in-memory Bot API: every step, its validation
messages, /batal, resuming, stale and forged buttons, and what reaches the review group."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.support.telegram_html import check_sent_html
from tests.tips.conftest import REVIEW_CHAT
from tests.tips.factories import gps_jpeg, jpeg
from tests.tips.helpers import DESCRIPTION, Person, file_report


@pytest.fixture
def tipster(tips_app, recording, updates) -> Person:
    return Person(tips_app, recording, updates)


def draft_of(app, person: Person):
    service = app.bot_data.tips
    return service.drafts.get(service.draft_key(person.user["id"]))


async def test_a_complete_report_is_stored_and_reaches_the_review_group_as_copies(tips_app, tipster, recording):
    photo = jpeg(3)
    code = await file_report(tipster, photo=photo)
    service = tips_app.bot_data.tips
    tip = service.store.find_by_code(code)
    assert tip is not None and tip.category == "mobilisasi" and tip.regency_code == "3273"
    assert tip.when_text.startswith("kemarin, ") and tip.agency == "Kantor Kelurahan Sukajadi"
    assert tip.accused_name is None and tip.description == DESCRIPTION
    kinds = [(e.kind, e.url) for e in service.store.evidence_of(tip.id)]
    assert kinds == [("photo", None), ("link", "https://www.facebook.com/posts/123")]
    assert draft_of(tips_app, tipster) is None

    notice = next(c for c in recording.calls_to("sendMessage") if c.params["chat_id"] == REVIEW_CHAT)
    assert f"Laporan #{tip.id}" in notice.params["text"] and "Kota Bandung, Jawa Barat" in notice.params["text"]
    assert "https://www.facebook.com/posts/123" in notice.params["text"]
    assert any(b["callback_data"].startswith("rv:cl:") for row in notice.params["reply_markup"]["inline_keyboard"]
               for b in row)
    (copy,) = recording.calls_to("sendPhoto")
    sent = Image.open(io.BytesIO(copy.params["photo"].content))
    assert copy.params["chat_id"] == REVIEW_CHAT and sent.format == "JPEG" and sent.size == (32, 24)
    assert recording.calls_to("forwardMessage") == []
    assert service.outbox.pending() == []
    assert service.store.get(tip.id).review_message_id is not None
    check_sent_html(recording)


async def test_receipt_is_shown_once_with_a_save_step(tipster, tips_app):
    await file_report(tipster)
    receipt = next(t for t in tipster.texts() if "Kode laporan" in t)
    assert "Simpan kode ini sekarang" in receipt and "sekali" in receipt
    texts = await tipster.press("Sudah saya simpan")
    assert any("/status" in t and "informasi awal" in t and "lapor.go.id" in t for t in texts)
    assert sum("NB-" in t for t in tipster.texts()) == 1  # the code itself appears only in the receipt


async def test_intro_explains_informasi_awal_and_the_official_channels(tipster):
    (intro, first_step) = await tipster.command("/lapor")
    assert "informasi awal" in intro and "7 hari kerja" in intro and "identitas" in intro
    for channel in ("sigaplapor.bawaslu.go.id", "sbt.bkn.go.id", "lapor.go.id"):
        assert channel in intro
    assert "1/9" in first_step


async def test_summary_says_what_anonymity_means(tipster):
    await tipster.command("/lapor")
    await tipster.press("Media sosial")
    await tipster.send("jabar")
    await tipster.send("kab bandung")
    await tipster.send("12 Mei 2024 pagi")
    await tipster.send("Dinas Pendidikan Kabupaten Bandung")
    await tipster.send("guru SD")
    await tipster.send("Budi <Santoso> & co")
    await tipster.send(DESCRIPTION)
    (summary,) = await tipster.press("Tanpa bukti")
    assert "Kabupaten Bandung, Jawa Barat" in summary and "12 Mei 2024 pagi" in summary
    assert "Budi &lt;Santoso&gt; &amp; co" in summary
    for words in ("tidak menyimpan", "Telegram sendiri", "forward", "tangkapan layar", "/privasi"):
        assert words in summary


async def test_every_step_validates_and_explains(tipster, tips_app):
    await tipster.command("/lapor")
    assert "Pilih jenis pelanggaran" in (await tipster.send("halo"))[0]
    await tipster.send("1")
    assert draft_of(tips_app, tipster).step == "province"
    assert "tidak saya kenali" in (await tipster.send("Atlantis"))[0]
    (choices,) = await tipster.send("kalimantan")
    assert "beberapa yang cocok" in choices
    await tipster.press("Kalimantan Timur")
    assert "tidak ada di provinsi ini" in (await tipster.send("Bandung"))[0]
    await tipster.send("samarinda")
    assert "kapan kejadiannya" in (await tipster.send("x"))[0]
    assert "paling banyak 100" in (await tipster.send("kemarin " * 20))[0]
    await tipster.press("Hari ini")
    assert "paling sedikit 3" in (await tipster.send("ab"))[0]
    assert "200" in (await tipster.send("a" * 201))[0]
    await tipster.send("Dinas Kesehatan Kota Samarinda")
    assert "paling sedikit 2" in (await tipster.send("1"))[0]
    await tipster.send("kepala puskesmas")
    assert "Lewati" in (await tipster.send("X"))[0]
    await tipster.send("lewati")
    assert "paling sedikit 20" in (await tipster.send("dia kampanye"))[0]
    assert "3000" in (await tipster.send("kata " * 700))[0]
    await tipster.send("Kepala puskesmas memasang spanduk calon gubernur di halaman puskesmas.")
    assert "tautan" in (await tipster.send("ini buktinya ya"))[0]
    (sticker_answer,) = await tipster.media(sticker={"file_id": "s1", "file_unique_id": "s1", "width": 1,
                                                     "height": 1, "is_animated": False, "is_video": False,
                                                     "type": "regular"})
    assert "tidak bisa dijadikan bukti" in sticker_answer
    assert "tidak diterima" in (await tipster.document(file_name="virus.exe", mime_type="application/x-msdownload"))[0]
    assert "20 MB" in (await tipster.document(file_size=25 * 1024 * 1024))[0]
    assert draft_of(tips_app, tipster).data["files"] == []
    (refused,) = await tipster.document(b"\xff\xd8 not really", file_name="IMG_0.jpg", mime_type="image/jpeg")
    assert "tidak bisa saya baca" in refused and draft_of(tips_app, tipster).data["files"] == []
    (cleaned,) = await tipster.document(gps_jpeg(), file_name="IMG_1.jpg", mime_type="image/jpeg")
    assert "saya hapus: lokasi (GPS), merek/model kamera" in cleaned and "1 file" in cleaned
    (summary,) = await tipster.send("selesai")
    assert "Ringkasan" in summary and "Kota Samarinda, Kalimantan Timur" in summary
    (again,) = await tipster.send("kirim")
    assert "sedang membuat laporan" in again and "Ringkasan" in again  # typed text at the summary: shown again


async def test_files_before_the_evidence_step_are_refused_politely(tipster, tips_app):
    await tipster.command("/lapor")
    (answer,) = await tipster.photo()
    assert "langkah 9" in answer and draft_of(tips_app, tipster).step == "category"


async def test_province_keyboard_is_paginated_and_back_works(tipster, tips_app, recording):
    await tipster.command("/lapor")
    await tipster.press("Ikut kampanye")
    with pytest.raises(AssertionError):
        await tipster.press("Jawa Barat")  # not on the first page
    await tipster.press("▶️")
    assert "Jawa Barat" in str(recording.last("editMessageText").params["reply_markup"])
    await tipster.press("Jawa Barat")
    assert draft_of(tips_app, tipster).step == "regency"
    await tipster.press("▶️")
    await tipster.press("Kota Bandung")  # cities are on the last page of Jawa Barat
    await tipster.press("Kembali")
    assert draft_of(tips_app, tipster).step == "regency"


async def test_editing_from_the_summary(tipster, tips_app):
    await file_report_until_summary(tipster)
    await tipster.press("Ubah")
    await tipster.press("Instansi")
    (summary,) = await tipster.send("Kantor Camat Lembang")
    assert "Kantor Camat Lembang" in summary and "Ringkasan" in summary
    await tipster.press("Ubah")
    await tipster.press("Bukti")
    await tipster.send("https://x.test/baru")
    (summary,) = await tipster.press("Selesai")
    assert "0 file, 1 tautan" in summary


async def file_report_until_summary(tipster: Person) -> None:
    await tipster.command("/lapor")
    await tipster.send("2")
    await tipster.send("Jawa Tengah")
    await tipster.send("kota semarang")
    await tipster.send("kemarin")
    await tipster.send("Dinas Perhubungan Kota Semarang")
    await tipster.send("staf")
    await tipster.send("-")
    await tipster.send(DESCRIPTION)
    await tipster.press("Tanpa bukti")


async def test_batal_cancels_at_any_step_and_deletes_files(tipster, tips_app):
    service = tips_app.bot_data.tips
    await tipster.command("/batal")
    assert "Tidak ada laporan" in tipster.last_text()
    await file_report_until_summary(tipster)
    await tipster.press("Ubah")
    await tipster.press("Bukti")
    await tipster.photo()
    draft = draft_of(tips_app, tipster)
    assert service.evidence.draft_dir(draft.draft_id).exists()
    (answer,) = await tipster.command("/batal")
    assert "dibatalkan" in answer
    assert draft_of(tips_app, tipster) is None and not service.evidence.draft_dir(draft.draft_id).exists()
    # the old draft's buttons are dead now, and pressing them is harmless
    (toast,) = await tipster.press("Selesai")
    assert toast == "Tombol ini sudah kedaluwarsa."
    assert service.store.count() == 0
    # the cancel button asks first, and "no" keeps everything
    await tipster.command("/lapor")
    await tipster.press("Media sosial")
    (question,) = await tipster.press("Batal")
    assert "Batalkan seluruh laporan?" in question
    (kept,) = await tipster.press("Tidak, lanjutkan")
    assert "2/9" in kept and draft_of(tips_app, tipster).data["category"] == "sosmed"
    await tipster.press("Batal")
    await tipster.press("Ya, batalkan")
    assert draft_of(tips_app, tipster) is None


async def test_lapor_again_resumes_where_the_tipster_was(tipster, tips_app):
    await tipster.command("/lapor")
    await tipster.send("1")
    await tipster.send("DKI Jakarta")
    resume, step = await tipster.command("/lapor")
    assert "belum selesai" in resume and "3/9" in step and "DKI Jakarta" in step


async def test_a_report_survives_a_restart_of_the_application(settings, services, recording, updates, service):
    from bot.app import build_application

    first = build_application(settings, services, request=recording, updater=False, rate_limiter=False)
    first.bot_data.tips = service
    async with first:
        person = Person(first, recording, updates)
        await person.command("/lapor")
        await person.send("4")
        await person.send("Bali")
        await person.send("denpasar")
    from bot.tips.service import TipsService
    from tests.tips.conftest import FAST

    second = build_application(settings, services, request=recording, updater=False, rate_limiter=False)
    second.bot_data.tips = TipsService(services, FAST)  # nothing carried over in memory
    async with second:
        person = Person(second, recording, updates)
        (prompt,) = await person.send("Senin lalu, 29 April")
        assert "5/9" in prompt
        draft = draft_of(second, person)
        assert draft.data["regency"] == "5171" and draft.data["when"] == "Senin lalu, 29 April"


async def test_text_and_photos_without_a_report_pass_through_to_other_features(tipster, tips_app, recording):
    (answer,) = await tipster.send("boleh gak PNS jadi timses caleg?")
    assert "DILARANG" in answer or "Maksud Anda" in answer or "belum tahu" in answer
    (hint,) = await tipster.photo()
    assert "langkah 9" not in hint and hint  # their unsupported-media hint, not the report flow


async def test_forged_and_stale_report_buttons_are_answered_politely(tipster, tips_app, recording):
    await tipster.command("/lapor")
    draft = draft_of(tips_app, tipster)
    for data in ("lp:000000:c:sosmed", f"lp:{draft.nonce}:c:forged", f"lp:{draft.nonce}:p:32",
                 f"lp:{draft.nonce}:zz", "lp:", "lp:" + "x" * 61, f"lp:{draft.nonce}:pp:999",
                 f"lp:{draft.nonce}:r:3273",
                 f"lp:{draft.nonce}:send", f"lp:{draft.nonce}:e:agency", f"lp:{draft.nonce}:back"):
        texts = await tipster.press_data(data)
        assert texts == ["Tombol ini sudah kedaluwarsa."], (data, texts)
    assert draft_of(tips_app, tipster).step == "category"
    assert not any("kesalahan" in t for t in tipster.texts())


async def test_lapor_in_a_group_points_to_a_private_chat(tips_app, recording, updates):
    person = Person(tips_app, recording, updates, chat=updates.group_chat)
    (answer,) = await person.command("/lapor")
    assert "chat pribadi" in answer


async def test_quota_three_per_hour_and_duplicate_text(tipster, tips_app):
    for n in range(3):
        await file_report(tipster, photo=None, description=f"{DESCRIPTION} Kejadian ke-{n}.")
    (refusal,) = await tipster.command("/lapor")
    assert "3 laporan dalam satu jam" in refusal
    service = tips_app.bot_data.tips
    assert service.store.count() == 3


async def test_duplicate_text_from_the_same_sender_is_refused(tipster, tips_app):
    await file_report(tipster, photo=None)
    with pytest.raises(AssertionError, match="no receipt"):
        await file_report(tipster, photo=None)
    assert "uraian yang sama" in tipster.alerts()[-1]
    assert draft_of(tips_app, tipster) is not None  # kept, so nothing is lost


async def test_an_update_delivered_twice_is_applied_once(tipster, tips_app):
    from tests.tips.helpers import feed

    await tipster.command("/lapor")
    await tipster.send("1")
    await tipster.send("Jawa Barat")
    await tipster.send("Kota Bogor")
    await tipster.send("kemarin")
    update = tipster.updates.text("Dinas Pendidikan Kota Bogor", user=tipster.user, chat=tipster.chat)
    await feed(tips_app, update)
    await feed(tips_app, update)  # Telegram redelivers what the bot had not confirmed before a crash
    draft = draft_of(tips_app, tipster)
    assert draft.step == "role" and draft.data["agency"] == "Dinas Pendidikan Kota Bogor"
    assert "role" not in draft.data


async def test_the_tips_jobs_are_scheduled(tips_app):
    names = {job.name for job in tips_app.job_queue.jobs()}
    assert {"tips-outbox", "tips-housekeeping"} <= names


async def test_an_album_of_photos_arriving_together_is_stored_in_order(tipster, tips_app):
    """An album arrives as several updates at once; the chat's updates are handled one at a time, in order
    (bot/tg/concurrency.py), even though cleaning each photo runs in a thread."""
    import asyncio

    from telegram import Update

    await file_report_until_summary(tipster)
    await tipster.press("Ubah")
    await tipster.press("Bukti")
    albums = []
    for n in range(4):
        data = tipster.updates.photo(user=tipster.user, chat=tipster.chat)
        for size in data["message"]["photo"]:
            tipster.recording.add_file(size["file_id"], jpeg(n))
        albums.append(data)
    await tips_app.start()
    try:
        for data in albums:
            await tips_app.update_queue.put(Update.de_json(data, tips_app.bot))
        await asyncio.wait_for(tips_app.update_queue.join(), 10)
        for _ in range(200):  # join() returns when the updates are taken; wait for their handlers to finish
            if len(draft_of(tips_app, tipster).data["files"]) == 4:
                break
            await asyncio.sleep(0.02)
    finally:
        await tips_app.stop()
    draft = draft_of(tips_app, tipster)
    service = tips_app.bot_data.tips
    colours = [Image.open(io.BytesIO(service.evidence.read(f["relpath"]))).getpixel((5, 5))[:2]
               for f in draft.data["files"]]
    expected = [((n * 47) % 256, (n * 91) % 256) for n in range(4)]
    assert len(colours) == 4
    assert all(abs(a - b) <= 3 for got, want in zip(colours, expected, strict=True)
               for a, b in zip(got, want, strict=True))


async def test_english_speakers_get_the_flow_in_english(tips_app, recording, updates):
    person = Person(tips_app, recording, updates, user=updates.user(first_name="Ann", language_code="en"))
    intro, step = await person.command("/lapor")
    assert "initial information" in intro and "7 working days" in intro and "1/9 · Type of violation" in step
    (error,) = await person.send("hello")
    assert "type its number" in error


async def test_summary_edit_menu_back_and_clearing_evidence(tipster, tips_app):
    await file_report_until_summary(tipster)
    await tipster.press("Ubah")
    await tipster.press("Bukti")
    await tipster.photo()
    (summary,) = await tipster.press("Selesai")
    assert "1 file" in summary
    (menu,) = await tipster.press("Ubah")
    assert "Bagian mana" in menu
    (back,) = await tipster.press("Kembali")
    assert "Ringkasan" in back
    await tipster.press("Ubah")
    texts = await tipster.press("Hapus bukti")
    assert any("dihapus" in t for t in texts)
    draft = draft_of(tips_app, tipster)
    assert draft.step == "evidence" and draft.data["files"] == []
    assert not tips_app.bot_data.tips.evidence.draft_dir(draft.draft_id).exists()


async def test_editing_a_field_offers_a_way_back_to_the_summary_without_losing_anything(tipster, tips_app):
    await file_report_until_summary(tipster)
    await tipster.press("Ubah")
    (step,) = await tipster.press("Instansi")
    assert "5/9" in step
    (summary,) = await tipster.press("Ringkasan")
    assert "Ringkasan laporan" in summary and "Dinas Perhubungan Kota Semarang" in summary
    draft = draft_of(tips_app, tipster)
    assert draft.step == "confirm" and "editing" not in draft.data
    # the cancel button asks first here too, and "no" brings the step back
    await tipster.press("Ubah")
    await tipster.press("Wilayah")
    (question,) = await tipster.press("Batal")
    assert "Batalkan seluruh laporan?" in question
    await tipster.press("Tidak, lanjutkan")
    assert draft_of(tips_app, tipster) is not None
    (regency_step,) = await tipster.send("Jawa Timur")
    assert "3/9" in regency_step
    texts = await tipster.press("Ringkasan")  # a new province still needs its kabupaten/kota
    assert any("belum lengkap" in t for t in texts)


async def test_a_question_typed_mid_report_gets_a_hint_and_is_not_taken_as_an_answer(tipster, tips_app):
    await tipster.command("/lapor")
    await tipster.press("Media sosial")
    (hint,) = await tipster.send("boleh pns like postingan caleg?")  # at the province step
    assert "sedang membuat laporan (langkah 2/9)" in hint and "/batal" in hint and "Provinsi itu" in hint
    await tipster.send("jabar")
    await tipster.send("kota bandung")
    await tipster.press("Kemarin")
    (hint,) = await tipster.send("Apakah ASN boleh ikut kampanye?")  # at the agency step: not an agency
    assert "terdengar seperti pertanyaan" in hint and "langkah 5/9" in hint
    assert draft_of(tips_app, tipster).step == "agency" and "agency" not in draft_of(tips_app, tipster).data
    (step,) = await tipster.send("Apakah ASN boleh ikut kampanye?")  # sent again: the tipster means it
    assert "6/9" in step
