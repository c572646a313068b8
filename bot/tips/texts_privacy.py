"""Tipster-facing strings about privacy: /privasi (/privacy), what was removed from a file, erasing the report
conversation, a code typed in a group, and the fail-closed messages. Merged into `bot.tips.texts.STRINGS`.

Every claim in "privacy" is stated (and tested) in docs/privacy.md; change both together.
"""

from __future__ import annotations

METADATA_LABELS = {
    "id": {"gps": "lokasi (GPS)", "device": "merek/model kamera atau perangkat", "time": "waktu pengambilan",
           "exif": "data EXIF", "xmp": "data XMP (mis. nama pembuat)", "iptc": "data IPTC", "comment": "komentar"},
    "en": {"gps": "location (GPS)", "device": "camera or device make/model", "time": "capture time",
           "exif": "EXIF data", "xmp": "XMP data (e.g. the author's name)", "iptc": "IPTC data",
           "comment": "comments"},
}


def metadata_labels(language: str) -> dict[str, str]:
    return METADATA_LABELS.get(language, METADATA_LABELS["id"])


PRIVACY_STRINGS: dict[str, dict[str, str]] = {
    "privacy": {
        "id": "🔒 <b>Privasi di NetralBot</b>\n\n"
        "<b>Yang disimpan</b>\n"
        "• Isi laporan (instansi, jabatan, nama ASN bila Anda tulis, waktu, uraian, tautan, bukti, tanya-jawab "
        "dengan peninjau), <b>terenkripsi</b> di server. Jenis pelanggaran, wilayah, status dan tanggal tidak "
        "dienkripsi agar bisa disaring dan dihitung.\n"
        "• Sidik acak kode laporan Anda, bukan kodenya.\n"
        "• Dari gambar, bot menghapus lokasi (GPS), merek/model kamera, waktu pengambilan dan metadata lain "
        "sebelum disimpan atau diteruskan. PDF, Word, Excel dan video tidak bisa dibersihkan: bisa memuat nama "
        "penulis atau lokasi.\n"
        "• Untuk tanya-jawab: pertanyaan yang belum bisa dijawab (tanpa pengirim), pilihan bahasa di bawah nama "
        "samaran, dan jumlah 👍/👎 per jawaban.\n\n"
        "<b>Yang tidak disimpan</b>\n"
        "• ID Telegram, username, nama atau nomor HP Anda: tidak bersama laporan, tidak di log.\n"
        "• Siapa mengirim laporan yang mana. Batas jumlah laporan dihitung di memori dengan kunci yang diganti "
        "setiap hari, dan terlupa bila bot dinyalakan ulang.\n"
        "• Satu pengecualian: selama laporan belum dikirim (paling lama {draft_hours} jam), drafnya disimpan "
        "terenkripsi di bawah nama samaran Anda agar bisa dilanjutkan. Draf dihapus saat dikirim, dibatalkan "
        "atau kedaluwarsa.\n\n"
        "<b>Berapa lama</b>\n"
        "Laporan dihapus {closed_days} hari setelah ditutup, dan setiap laporan {idle_days} hari setelah "
        "aktivitas terakhirnya. Peninjau bisa menghapusnya lebih awal.\n\n"
        "<b>Siapa yang membaca</b>\n"
        "Peninjau di grup peninjau, lewat salinan buatan bot (bukan <i>forward</i>). Mereka tampil kepada Anda "
        "sebagai \"Peninjau\". Pengelola server memegang kunci enkripsi.\n\n"
        "<b>Yang diketahui Telegram</b>\n"
        "Telegram tahu akun Anda mengobrol dengan bot ini dan menyimpan pesannya (chat dengan bot tidak "
        "terenkripsi ujung-ke-ujung). Salinan bukti di grup peninjau juga ada di server Telegram.\n\n"
        "<b>Di ponsel Anda</b>\n"
        "Siapa pun yang memegang ponsel Anda bisa membaca chat ini dan memakai kode laporan Anda. Setelah "
        "menyimpan kode di tempat aman, hapus percakapan laporan dengan tombol 🧹 (bisa dalam 48 jam).",
        "en": "🔒 <b>Privacy in NetralBot</b>\n\n"
        "<b>What is stored</b>\n"
        "• What a report says (agency, role, the civil servant's name if you give it, when, what happened, links, "
        "evidence, questions and answers with reviewers), <b>encrypted</b> on the server. The type of violation, "
        "region, status and dates are not encrypted so that they can be filtered and counted.\n"
        "• A one-way hash of your report code, not the code.\n"
        "• From images the bot removes location (GPS), camera make/model, capture time and other metadata before "
        "they are stored or passed on. PDF, Word, Excel and videos cannot be cleaned: they may carry an author's "
        "name or a location.\n"
        "• For questions: questions the bot could not answer (without who asked), your language choice under a "
        "pseudonym, and 👍/👎 counts per answer.\n\n"
        "<b>What is not stored</b>\n"
        "• Your Telegram id, username, name or phone number: not with a report, not in the logs.\n"
        "• Who sent which report. Report limits are counted in memory under a key replaced every day, and are "
        "forgotten when the bot restarts.\n"
        "• One exception: while a report is unfinished (at most {draft_hours} hours), its draft is kept encrypted "
        "under a pseudonym of you so that you can continue. It is deleted when sent, cancelled or expired.\n\n"
        "<b>How long</b>\n"
        "Reports are deleted {closed_days} days after they are closed, and every report {idle_days} days after its "
        "last activity. Reviewers can delete one earlier.\n\n"
        "<b>Who reads it</b>\n"
        "The reviewers in the review group, through copies made by the bot (never forwards). You see them as "
        "\"Reviewer\". The server's operator holds the encryption key.\n\n"
        "<b>What Telegram knows</b>\n"
        "Telegram knows your account talks to this bot and keeps the messages (bot chats are not end-to-end "
        "encrypted). Copies of evidence in the review group are on Telegram's servers too.\n\n"
        "<b>On your phone</b>\n"
        "Anyone holding your phone can read this chat and use your report code. Once the code is somewhere safe, "
        "erase the report conversation with the 🧹 button (possible within 48 hours).",
    },
    "unavailable": {
        "id": "Maaf, fitur laporan anonim belum diaktifkan oleh pengelola bot ini. Pertanyaan tentang netralitas "
        "ASN tetap bisa Anda ajukan.",
        "en": "Sorry, anonymous reporting has not been switched on by this bot's operator yet. You can still ask "
        "questions about civil-servant neutrality.",
    },
    "error.state": {
        "id": "Maaf, pesan Anda belum bisa saya proses karena gangguan teknis, dan tidak saya simpan. Silakan "
        "kirim lagi sebentar lagi (atau ketik /batal).",
        "en": "Sorry, I could not process your message because of a technical problem, and did not keep it. "
        "Please send it again in a moment (or type /batal).",
    },
    "hint.report_open": {
        "id": "📝 Anda sedang membuat laporan (langkah {step}/9), jadi pertanyaan tidak saya jawab dulu. Lanjutkan "
        "laporan, atau ketik /batal untuk membatalkannya lalu bertanya.",
        "en": "📝 You are in the middle of a report (step {step}/9), so I am not answering questions right now. "
        "Continue the report, or type /batal to cancel it and then ask.",
    },
    "err.question": {
        "id": "Itu terdengar seperti pertanyaan, bukan jawaban untuk langkah ini, jadi belum saya simpan. Jika memang "
        "itu jawabannya, kirim sekali lagi.",
        "en": "That sounds like a question rather than an answer to this step, so I did not keep it. If it really "
        "is the answer, send it once more.",
    },
    "cancel.confirm": {
        "id": "Batalkan seluruh laporan? Semua isian dan bukti di draf ini akan dihapus.",
        "en": "Cancel the whole report? Everything in this draft, evidence included, will be deleted.",
    },
    "btn.cancel_yes": {"id": "🗑 Ya, batalkan laporan", "en": "🗑 Yes, cancel the report"},
    "btn.cancel_no": {"id": "↩️ Tidak, lanjutkan", "en": "↩️ No, continue"},
    "btn.back_summary": {"id": "⬅️ Ringkasan", "en": "⬅️ Summary"},
    "err.image_unreadable": {
        "id": "Gambar ini tidak bisa saya baca, jadi metadatanya (mis. lokasi) tidak bisa dibersihkan dan file "
        "tidak saya simpan. Kirim sebagai foto, atau tangkapan layarnya.",
        "en": "I cannot read this image, so its metadata (e.g. location) cannot be cleaned, and I did not keep it. "
        "Send it as a photo, or a screenshot of it.",
    },
    "meta.removed": {"id": "🧹 Dari file ini saya hapus: {items}.", "en": "🧹 I removed from this file: {items}."},
    "meta.clean": {"id": "🧹 File gambar ini disimpan ulang tanpa metadata.",
                   "en": "🧹 This image was saved again without metadata."},
    "meta.author": {
        "id": "⚠️ Dokumen PDF/Word/Excel bisa memuat nama penulis, organisasi atau perangkat di propertinya, dan bot "
        "tidak bisa menghapusnya. Peninjau diberi tahu. Jika itu bisa mengungkap Anda, batalkan bukti ini dan kirim "
        "tangkapan layarnya saja.",
        "en": "⚠️ PDF/Word/Excel documents can carry the author's name, organisation or device in their "
        "properties, and the bot cannot remove them. Reviewers are told. If that could reveal you, remove this "
        "evidence and send a screenshot instead.",
    },
    "meta.video": {
        "id": "⚠️ Video bisa memuat lokasi dan data perangkat yang tidak bisa dihapus bot. Peninjau diberi tahu. "
        "Jika itu bisa mengungkap Anda, hapus bukti ini dari ringkasan.",
        "en": "⚠️ Videos can carry location and device data that the bot cannot remove. Reviewers are told. If that "
        "could reveal you, remove this evidence from the summary.",
    },
    "btn.erase": {"id": "🧹 Hapus percakapan laporan ini", "en": "🧹 Erase this report conversation"},
    "btn.erase_keep": {"id": "🧹 Hapus, sisakan petunjuk kode", "en": "🧹 Erase, keep a code hint"},
    "erase.offer": {
        "id": "🧹 Agar orang yang memegang ponsel Anda tidak melihat laporan ini, Anda bisa menghapus seluruh "
        "percakapan laporan dari chat ini (bisa dalam 48 jam). Pastikan kodenya sudah Anda simpan di tempat lain.",
        "en": "🧹 So that someone holding your phone does not see this report, you can erase the whole report "
        "conversation from this chat (possible within 48 hours). Make sure you saved the code elsewhere first.",
    },
    "erase.hint": {"id": "🧾 Petunjuk: kode berakhiran <code>{hint}</code>.",
                   "en": "🧾 Hint: the code ends in <code>{hint}</code>."},
    "erase.done": {"id": "Percakapan sudah dihapus.", "en": "The conversation was erased."},
    "erase.partly": {
        "id": "Sebagian pesan tidak bisa dihapus bot (lebih dari 48 jam). Hapus sisanya secara manual.",
        "en": "Some messages could not be deleted by the bot (older than 48 hours). Please delete the rest "
        "yourself.",
    },
    "status.group": {
        "id": "⚠️ Kode laporan jangan ditulis di grup. {deleted} Cek status hanya di chat pribadi dengan bot ini.",
        "en": "⚠️ Never type a report code in a group. {deleted} Check a status only in a private chat with this "
        "bot.",
    },
    "status.group_deleted": {"id": "Pesannya sudah saya hapus, tetapi anggota grup mungkin sempat melihatnya.",
                             "en": "I deleted the message, but members may have seen it."},
    "status.group_kept": {"id": "Saya tidak bisa menghapus pesannya; mintalah admin grup menghapusnya.",
                          "en": "I could not delete the message; ask a group admin to delete it."},
    "status.burnt": {
        "id": "⚠️ Kode laporan yang Anda ketik di grup tadi sudah terlihat orang lain: anggap kode itu "
        "<b>bocor</b>. Siapa pun yang memegangnya bisa melihat status laporan dan menjawab atas nama pelapor. "
        "Jangan memakainya lagi di tempat umum; jika Anda menambah keterangan lewat /status, ingat bahwa orang "
        "lain juga bisa membacanya.",
        "en": "⚠️ The report code you typed in the group has been seen by others: treat it as <b>burnt</b>. "
        "Anyone holding it can see the report's status and answer as the reporter. Do not use it in public again; "
        "if you add information through /status, remember that others can read it too.",
    },
    "status.private_only": {"id": "Status laporan hanya bisa dicek di chat pribadi dengan bot ini.",
                            "en": "A report's status can only be checked in a private chat with this bot."},
}
