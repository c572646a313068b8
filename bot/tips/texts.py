"""User-facing strings of the anonymous-tips feature (Indonesian first, English where it is simple).

Kept apart from `bot/texts.py` so the two features never edit the same file. `tt(key, language, **values)` looks a
string up (falling back to Indonesian) and fills it with str.format. Strings are HTML for parse_mode=HTML: callers
escape any user text they insert. Reviewer-facing strings are Indonesian only.
"""

from __future__ import annotations

from bot.texts import LANGUAGES, t
from bot.tips.texts_privacy import PRIVACY_STRINGS, metadata_labels
from bot.tips.texts_review import REVIEW_STRINGS

CHANNELS = (
    "• Bawaslu: https://sigaplapor.bawaslu.go.id (Pilkada) atau kantor/WhatsApp Bawaslu kabupaten/kota setempat\n"
    "• BKN, pengaduan netralitas ASN: https://sbt.bkn.go.id (Pelaporan Publik → Netralitas)\n"
    "• SP4N-LAPOR!: https://www.lapor.go.id (ada pilihan anonim/rahasia)"
)

CATEGORY = {
    "id": {
        "sosmed": "Media sosial (unggah, like, komentar, bagikan)",
        "kampanye": "Ikut kampanye / tim sukses",
        "fasilitas": "Memakai fasilitas negara",
        "keputusan": "Keputusan atau program yang menguntungkan calon",
        "mobilisasi": "Mengerahkan bawahan / warga",
        "hadiah": "Memberi barang atau uang",
        "partai": "Anggota atau pengurus partai",
        "lain": "Lainnya",
    },
    "en": {
        "sosmed": "Social media (posts, likes, comments, shares)",
        "kampanye": "Campaigning / campaign team",
        "fasilitas": "Using state facilities",
        "keputusan": "Decisions or programmes favouring a candidate",
        "mobilisasi": "Mobilising subordinates / residents",
        "hadiah": "Giving goods or money",
        "partai": "Party member or official",
        "lain": "Other",
    },
}
CATEGORY_SHORT = {
    "sosmed": "Media sosial", "kampanye": "Kampanye", "fasilitas": "Fasilitas negara", "keputusan": "Keputusan/program",
    "mobilisasi": "Mobilisasi", "hadiah": "Barang/uang", "partai": "Partai", "lain": "Lainnya",
}
STATUS = {
    "id": {
        "received": "Diterima",
        "verifying": "Sedang diverifikasi",
        "forwarded_bawaslu": "Diteruskan ke Bawaslu",
        "forwarded_bkn": "Diteruskan ke BKN",
        "closed": "Ditutup",
    },
    "en": {
        "received": "Received",
        "verifying": "Being verified",
        "forwarded_bawaslu": "Forwarded to Bawaslu",
        "forwarded_bkn": "Forwarded to BKN",
        "closed": "Closed",
    },
}
CLOSE_REASON = {
    "id": {
        "done": "selesai ditindaklanjuti",
        "insufficient": "informasi/bukti belum cukup untuk ditindaklanjuti",
        "out_of_scope": "di luar cakupan netralitas ASN",
        "duplicate": "sama dengan laporan lain",
        "spam": "tidak dapat diproses",
    },
    "en": {
        "done": "followed up",
        "insufficient": "not enough information or evidence to act on",
        "out_of_scope": "outside civil-servant neutrality",
        "duplicate": "same as another report",
        "spam": "cannot be processed",
    },
}
EDIT_LABEL = {
    "id": {"category": "Jenis", "province": "Wilayah", "when": "Waktu", "agency": "Instansi", "role": "Jabatan",
           "name": "Nama ASN", "description": "Uraian", "evidence": "Bukti"},
    "en": {"category": "Type", "province": "Place", "when": "When", "agency": "Agency", "role": "Role",
           "name": "Name", "description": "What happened", "evidence": "Evidence"},
}

STRINGS: dict[str, dict[str, str]] = {
    # -- starting --------------------------------------------------------------------------------------------
    "intro": {
        "id": "📝 <b>Lapor dugaan pelanggaran netralitas ASN</b> (anonim)\n\n"
        "Saya akan menanyakan 9 hal: jenis pelanggaran, provinsi, kabupaten/kota, waktu, instansi dan jabatan ASN, "
        "nama (boleh dilewati), uraian kejadian, lalu bukti. Di akhir Anda melihat ringkasan sebelum mengirim.\n\n"
        "ℹ️ Laporan anonim ini adalah <b>informasi awal</b>. Laporan resmi ke Bawaslu memerlukan identitas pelapor "
        "dan harus disampaikan paling lambat <b>7 hari kerja</b> (Pemilu; Pilkada: 7 hari) sejak pelanggaran "
        "diketahui. Jika Anda ingin menempuh jalur resmi, gunakan juga:\n{channels}\n\n"
        "Ketik /batal kapan saja untuk membatalkan. Draf tersimpan 48 jam.",
        "en": "📝 <b>Report a suspected civil-servant neutrality violation</b> (anonymous)\n\n"
        "I will ask 9 things: type of violation, province, regency/city, when, the civil servant's agency and role, "
        "a name (optional), what happened, then evidence. You see a summary before sending.\n\n"
        "ℹ️ An anonymous report here is <b>initial information</b> (\"informasi awal\"). A formal report to Bawaslu "
        "needs the reporter's identity and must be filed within <b>7 working days</b> (general elections; regional "
        "elections: 7 days) of learning of the violation. For the formal route, also use:\n{channels}\n\n"
        "Type /batal at any time to cancel. Drafts are kept for 48 hours.",
    },
    "resume": {
        "id": "↩️ Anda punya laporan yang belum selesai. Kita lanjutkan dari langkah terakhir (atau /batal untuk "
        "membatalkan).",
        "en": "↩️ You have an unfinished report. Let's continue where you left off (or /batal to cancel).",
    },
    "private_only": {
        "id": "Untuk menjaga kerahasiaan, laporan hanya bisa dibuat di chat pribadi dengan bot ini.",
        "en": "To keep it confidential, reports can only be made in a private chat with this bot.",
    },
    # -- steps -----------------------------------------------------------------------------------------------
    "step.category": {"id": "<b>1/9 · Jenis pelanggaran</b>\nPilih salah satu (atau ketik nomornya, 1–8):",
                      "en": "<b>1/9 · Type of violation</b>\nChoose one (or type its number, 1–8):"},
    "step.province": {"id": "<b>2/9 · Provinsi</b>\nPilih dari daftar atau ketik nama provinsinya "
                      "(mis. <i>Jawa Barat</i>, <i>Jabar</i>).",
                      "en": "<b>2/9 · Province</b>\nChoose from the list or type its name (e.g. <i>Jawa Barat</i>)."},
    "step.regency": {"id": "<b>3/9 · Kabupaten/kota</b> di {province}\nPilih dari daftar atau ketik namanya "
                     "(mis. <i>Kota Bandung</i>, <i>Kab Garut</i>).",
                     "en": "<b>3/9 · Regency/city</b> in {province}\nChoose from the list or type its name "
                     "(e.g. <i>Kota Bandung</i>)."},
    "step.when": {"id": "<b>4/9 · Kapan terjadi?</b>\nPilih, atau tulis sendiri (mis. <i>12 Mei 2024 pagi</i>, "
                  "<i>sejak awal April</i>), paling banyak 100 karakter.",
                  "en": "<b>4/9 · When did it happen?</b>\nChoose, or write it (e.g. <i>12 May 2024, morning</i>), "
                  "at most 100 characters."},
    "step.agency": {"id": "<b>5/9 · Instansi ASN</b>\nDi mana ASN itu bekerja? (mis. <i>Dinas Pendidikan Kab. Garut"
                    "</i>, <i>Kantor Kelurahan Sukamaju</i>). 3–{limit} karakter.",
                    "en": "<b>5/9 · Agency</b>\nWhere does the civil servant work? (e.g. <i>Dinas Pendidikan Kab. "
                    "Garut</i>). 3–{limit} characters."},
    "step.role": {"id": "<b>6/9 · Jabatan/peran</b>\nApa jabatan atau perannya? (mis. <i>guru SD</i>, <i>lurah</i>, "
                  "<i>kepala seksi</i>). 2–{limit} karakter.",
                  "en": "<b>6/9 · Role</b>\nWhat is their position? (e.g. <i>primary teacher</i>, <i>village head</i>)"
                  ". 2–{limit} characters."},
    "step.name": {"id": "<b>7/9 · Nama ASN (boleh dilewati)</b>\nNama membantu verifikasi tetapi tidak wajib. "
                  "Tulis namanya, atau tekan <b>Lewati</b>.",
                  "en": "<b>7/9 · Name (optional)</b>\nA name helps verification but is not required. Write it, or "
                  "press <b>Skip</b>."},
    "step.description": {"id": "<b>8/9 · Apa yang terjadi?</b>\nCeritakan apa yang Anda lihat atau dengar: apa yang "
                         "dilakukan, di mana persisnya, siapa yang hadir. {minimum}–{limit} karakter.\n"
                         "Jangan menulis nama, nomor HP, atau akun Anda sendiri.",
                         "en": "<b>8/9 · What happened?</b>\nDescribe what you saw or heard: what was done, where "
                         "exactly, who was there. {minimum}–{limit} characters.\n"
                         "Do not write your own name, phone number or account."},
    "step.evidence": {"id": "<b>9/9 · Bukti (opsional)</b>\nKirim foto, tangkapan layar, dokumen (PDF, Word, Excel, "
                      "gambar, video) atau tautan, satu per satu atau sekaligus. Paling banyak {files} file, "
                      "{mb} MB per file, dan {links} tautan.\n"
                      "🧹 Dari gambar, bot menghapus lokasi (GPS), data kamera dan metadata lain sebelum disimpan; "
                      "PDF, Word, Excel dan video tidak bisa dibersihkan. Potong bagian tangkapan layar yang "
                      "memperlihatkan akun Anda sendiri. Jangan <i>forward</i> pesan orang lain: nama pengirim asli "
                      "ikut terbawa.\nTekan <b>Selesai</b> bila sudah.",
                      "en": "<b>9/9 · Evidence (optional)</b>\nSend photos, screenshots, documents (PDF, Word, Excel, "
                      "images, video) or links, one by one or together. At most {files} files, {mb} MB each, and "
                      "{links} links.\n🧹 The bot removes location (GPS), camera data and other metadata from "
                      "images before storing them; PDF, Word, Excel and videos cannot be cleaned. Crop the part of a "
                      "screenshot that shows your own "
                      "account. Do not forward other people's messages: the original sender travels with them.\n"
                      "Press <b>Done</b> when finished."},
    "evidence.progress": {"id": "✅ Bukti diterima: {files} file, {links} tautan. Kirim lagi atau tekan "
                          "<b>Selesai</b>.",
                          "en": "✅ Evidence received: {files} files, {links} links. Send more or press "
                          "<b>Done</b>."},
    "evidence.duplicate": {"id": "File ini sudah ada di laporan Anda.", "en": "This file is already in your report."},
    "step.confirm": {"id": "<b>Ringkasan laporan</b>\n\n{summary}\n\n{anonymity}\n\nKirim laporan ini?",
                     "en": "<b>Summary of your report</b>\n\n{summary}\n\n{anonymity}\n\nSend this report?"},
    "anonymity": {
        "id": "🔒 <b>Seberapa anonim?</b> Bot ini tidak menyimpan apa pun yang mengenali Anda (ID, username, nama, "
        "nomor HP) bersama laporan, dan peninjau hanya menerima salinan yang dibuat bot. Namun Telegram sendiri "
        "tahu siapa yang mengobrol dengan bot ini. Isi laporan juga bisa mengungkap Anda: pesan yang Anda "
        "<i>forward</i> membawa nama pengirim aslinya, tangkapan layar bisa memperlihatkan akun Anda, dan dokumen "
        "atau video bisa memuat nama penulis atau lokasi (dari gambar, bot menghapusnya). Selengkapnya: /privasi",
        "en": "🔒 <b>How anonymous?</b> This bot stores nothing that identifies you (id, username, name, phone) "
        "with the report, and reviewers only receive copies made by the bot. But Telegram itself knows who talks "
        "to this bot. The content can also reveal you: forwarded messages carry their original sender, a "
        "screenshot can show your account, and documents or videos may carry an author's name or a location (the bot "
        "removes these from images). More: /privacy",
    },
    "summary": {
        "id": "<b>Jenis:</b> {category}\n<b>Wilayah:</b> {regency}, {province}\n<b>Waktu:</b> {when}\n"
        "<b>Instansi:</b> {agency}\n<b>Jabatan:</b> {role}\n<b>Nama ASN:</b> {name}\n<b>Uraian:</b> {description}\n"
        "<b>Bukti:</b> {files} file, {links} tautan",
        "en": "<b>Type:</b> {category}\n<b>Place:</b> {regency}, {province}\n<b>When:</b> {when}\n"
        "<b>Agency:</b> {agency}\n<b>Role:</b> {role}\n<b>Name:</b> {name}\n<b>What happened:</b> {description}\n"
        "<b>Evidence:</b> {files} files, {links} links",
    },
    "summary.no_name": {"id": "(tidak disebutkan)", "en": "(not given)"},
    "edit.choose": {"id": "Bagian mana yang ingin diubah?", "en": "Which part do you want to change?"},
    "evidence.cleared": {"id": "Semua bukti dihapus dari draf. Kirim lagi bila perlu.",
                         "en": "All evidence was removed from the draft. Send it again if needed."},
    # -- buttons ---------------------------------------------------------------------------------------------
    "btn.today": {"id": "Hari ini", "en": "Today"},
    "btn.yesterday": {"id": "Kemarin", "en": "Yesterday"},
    "btn.week": {"id": "Minggu ini", "en": "This week"},
    "btn.skip": {"id": "Lewati", "en": "Skip"},
    "btn.done": {"id": "✅ Selesai", "en": "✅ Done"},
    "btn.no_evidence": {"id": "Tanpa bukti", "en": "No evidence"},
    "btn.submit": {"id": "📨 Kirim laporan", "en": "📨 Send report"},
    "btn.edit": {"id": "✏️ Ubah", "en": "✏️ Edit"},
    "btn.cancel": {"id": "❌ Batal", "en": "❌ Cancel"},
    "btn.back": {"id": "⬅️ Kembali", "en": "⬅️ Back"},
    "btn.prev": {"id": "◀️", "en": "◀️"},
    "btn.next": {"id": "▶️", "en": "▶️"},
    "btn.clear_evidence": {"id": "🗑 Hapus bukti", "en": "🗑 Remove evidence"},
    "btn.saved": {"id": "✅ Sudah saya simpan", "en": "✅ I have saved it"},
    "btn.reply": {"id": "💬 Jawab / tambah keterangan", "en": "💬 Reply / add information"},
    "btn.add_evidence": {"id": "📎 Tambah bukti", "en": "📎 Add evidence"},
    # -- submitting ------------------------------------------------------------------------------------------
    "receipt": {
        "id": "✅ <b>Laporan Anda sudah tersimpan.</b>\n\nKode laporan Anda:\n\n<code>{code}</code>\n\n"
        "📌 <b>Simpan kode ini sekarang</b> (salin, tulis, atau foto layar di tempat yang aman). Kode ini hanya "
        "ditampilkan <b>sekali</b>: kami hanya menyimpan sidik acaknya, jadi kode yang hilang tidak bisa "
        "dipulihkan, dan siapa pun yang memegang kode ini bisa melihat status laporan.",
        "en": "✅ <b>Your report has been saved.</b>\n\nYour report code:\n\n<code>{code}</code>\n\n"
        "📌 <b>Save this code now</b> (copy it, write it down, or keep it somewhere safe). It is shown <b>once</b>: "
        "we only keep a one-way hash, so a lost code cannot be recovered, and anyone holding it can see the "
        "report's status.",
    },
    "receipt.saved": {
        "id": "Terima kasih. Cek perkembangan dengan <code>/status KODE-ANDA</code>. Kami tidak dapat menghubungi "
        "Anda (kami memang tidak menyimpan siapa Anda), jadi peninjau menaruh pertanyaan di sana; jawab lewat "
        "/status juga.\n\n"
        "ℹ️ Ingat, ini <b>informasi awal</b>. Laporan resmi ke Bawaslu memerlukan identitas pelapor dan harus "
        "disampaikan paling lambat 7 hari kerja sejak pelanggaran diketahui. Saluran resmi:\n{channels}",
        "en": "Thank you. Check progress with <code>/status YOUR-CODE</code>. We cannot contact you (we do not "
        "know who you are), so reviewers put their questions there; answer through /status too.\n\n"
        "ℹ️ Remember: this is <b>initial information</b>. A formal report to Bawaslu needs the reporter's identity "
        "and must be filed within 7 working days of learning of the violation. Official channels:\n{channels}",
    },
    "deadline.recent": {
        "id": "⏱ Kejadiannya baru saja: jika Anda ingin membuat laporan resmi ke Bawaslu (dengan identitas), "
        "batasnya 7 hari kerja sejak Anda mengetahuinya.",
        "en": "⏱ This happened recently: if you want to file a formal report with Bawaslu (with your identity), "
        "the limit is 7 working days from when you learned of it.",
    },
    "cancelled": {"id": "Laporan dibatalkan dan drafnya dihapus.", "en": "The report was cancelled and its draft "
                  "deleted."},
    "nothing_to_cancel": {"id": "Tidak ada laporan yang sedang dibuat.", "en": "There is no report in progress."},
    "in_progress": {"id": "Anda sedang membuat laporan. Ikuti langkah di atas, atau ketik /batal untuk membatalkan.",
                    "en": "You are in the middle of a report. Follow the step above, or type /batal to cancel."},
    "error.save": {"id": "Maaf, laporan belum bisa disimpan karena gangguan teknis. Draf Anda masih ada; coba tekan "
                   "Kirim lagi sebentar lagi.",
                   "en": "Sorry, the report could not be saved because of a technical problem. Your draft is "
                   "still here; try Send again in a moment."},
    "error.file": {"id": "Maaf, file ini gagal disimpan. Coba kirim lagi.",
                   "en": "Sorry, this file could not be saved. Please send it again."},
    # -- validation ------------------------------------------------------------------------------------------
    "err.stale": {lang: t("button.expired", lang) for lang in LANGUAGES},  # the shared text (bot.texts)
    "err.use_buttons": {"id": "Silakan pilih dengan tombol di atas, atau ketik /batal.",
                        "en": "Please choose with the buttons above, or type /batal."},
    "err.category": {"id": "Saya belum mengerti. Pilih jenis pelanggaran dengan tombol, atau ketik nomornya "
                     "(1–{count}).", "en": "I didn't get that. Choose the type with a button, or type its number "
                     "(1–{count})."},
    "err.province_unknown": {"id": "Provinsi itu tidak saya kenali. Pilih dari daftar, atau ketik nama provinsi "
                             "yang lengkap (mis. <i>Sulawesi Selatan</i>).",
                             "en": "I don't recognise that province. Choose from the list or type its full name."},
    "err.province_many": {"id": "Ada beberapa yang cocok, pilih salah satu:", "en": "Several match; choose one:"},
    "err.regency_unknown": {"id": "Kabupaten/kota itu tidak ada di provinsi ini. Pilih dari daftar, atau ketik "
                            "namanya (mis. <i>Kota Bandung</i>, <i>Kab Garut</i>).",
                            "en": "That regency/city is not in this province. Choose from the list or type its "
                            "name."},
    "err.regency_many": {"id": "Ada beberapa yang cocok, pilih salah satu:", "en": "Several match; choose one:"},
    "err.when": {"id": "Tuliskan kapan kejadiannya (mis. <i>kemarin sore</i>, <i>12 Mei 2024</i>), atau pilih "
                 "tombol.", "en": "Write when it happened (e.g. <i>yesterday evening</i>), or choose a button."},
    "err.too_long": {"id": "Terlalu panjang: {length} karakter, paling banyak {limit}. Silakan persingkat.",
                     "en": "Too long: {length} characters, at most {limit}. Please shorten it."},
    "err.agency": {"id": "Tuliskan nama instansi, paling sedikit {minimum} karakter dan mengandung huruf "
                   "(mis. <i>Dinas Kesehatan Kota Medan</i>).",
                   "en": "Write the agency's name, at least {minimum} characters with letters."},
    "err.role": {"id": "Tuliskan jabatan atau perannya, paling sedikit {minimum} karakter (mis. <i>camat</i>).",
                 "en": "Write their role, at least {minimum} characters (e.g. <i>district head</i>)."},
    "err.name": {"id": "Tuliskan nama (paling sedikit {minimum} huruf), atau tekan Lewati.",
                 "en": "Write the name (at least {minimum} letters), or press Skip."},
    "err.description": {"id": "Ceritakan sedikit lebih lengkap: paling sedikit {minimum} karakter dan beberapa kata "
                        "(apa yang dilakukan, di mana, siapa yang hadir).",
                        "en": "Please tell a little more: at least {minimum} characters and a few words (what was "
                        "done, where, who was there)."},
    "err.evidence_text": {"id": "Di langkah ini kirim foto, dokumen, atau tautan (diawali http:// atau https://). "
                          "Tekan <b>Selesai</b> bila sudah.",
                          "en": "At this step, send photos, documents or links (starting with http:// or https://). "
                          "Press <b>Done</b> when finished."},
    "err.link_long": {"id": "Tautan terlalu panjang (paling banyak {limit} karakter).",
                      "en": "The link is too long (at most {limit} characters)."},
    "err.links_many": {"id": "Paling banyak {limit} tautan per laporan.", "en": "At most {limit} links per report."},
    "err.file_wrong_step": {"id": "File bisa dikirim di langkah 9 (bukti). Selesaikan langkah ini dulu.",
                            "en": "Files can be sent at step 9 (evidence). Please finish this step first."},
    "err.file_kind": {"id": "Jenis pesan ini tidak bisa dijadikan bukti. Kirim foto, dokumen, video, atau tautan.",
                      "en": "This kind of message cannot be evidence. Send photos, documents, videos or links."},
    "err.file_type": {"id": "Jenis file ini tidak diterima. Yang diterima: gambar (JPG, PNG, WEBP, HEIC), PDF, "
                      "Word, Excel, teks, video (MP4, MOV).",
                      "en": "This file type is not accepted. Accepted: images (JPG, PNG, WEBP, HEIC), PDF, Word, "
                      "Excel, text, video (MP4, MOV)."},
    "err.files_many": {"id": "Paling banyak {limit} file per laporan.", "en": "At most {limit} files per report."},
    "err.file_big": {"id": "File terlalu besar: paling besar {limit} MB per file.",
                     "en": "The file is too big: at most {limit} MB per file."},
    "err.files_total": {"id": "Total ukuran bukti paling banyak {limit} MB.",
                        "en": "Evidence may total at most {limit} MB."},
    "err.incomplete": {"id": "Laporan belum lengkap; lengkapi dulu bagian ini.",
                       "en": "The report is not complete yet; please fill in this part."},
    "err.quota_hour": {"id": "Anda sudah mengirim {limit} laporan dalam satu jam terakhir. Coba lagi nanti; draf "
                       "Anda tetap tersimpan.",
                       "en": "You have sent {limit} reports in the last hour. Please try later; your draft is "
                       "kept."},
    "err.quota_day": {"id": "Anda sudah mengirim {limit} laporan hari ini. Coba lagi besok; draf Anda tetap "
                      "tersimpan.",
                      "en": "You have sent {limit} reports today. Please try tomorrow; your draft is kept."},
    "err.duplicate": {"id": "Laporan dengan uraian yang sama sudah Anda kirim. Jika ada perkembangan, tambahkan "
                      "lewat /status dengan kode laporan sebelumnya.",
                      "en": "You already sent a report with the same account. To add to it, use /status with "
                      "that report's code."},
    # -- /status ---------------------------------------------------------------------------------------------
    "status.usage": {"id": "Ketik <code>/status KODE</code>, mis. <code>/status NB-7K4M-Q9XR-2BCD</code>. Kode "
                     "diberikan saat laporan dikirim.",
                     "en": "Type <code>/status CODE</code>, e.g. <code>/status NB-7K4M-Q9XR-2BCD</code>. The code "
                     "was given when the report was sent."},
    "status.malformed": {"id": "Itu bukan format kode laporan. Kode berbentuk <code>NB-XXXX-XXXX-XXXX</code> "
                         "(huruf dan angka, tanpa 0, O, 1, I, L).",
                         "en": "That is not a report code. Codes look like <code>NB-XXXX-XXXX-XXXX</code> "
                         "(letters and digits, without 0, O, 1, I, L)."},
    "status.not_found": {"id": "Kode itu tidak ditemukan. Periksa kembali penulisannya. Laporan dihapus setelah masa "
                         "simpannya berakhir (lihat /privasi).",
                         "en": "That code was not found. Please check it. Reports are deleted after their retention "
                         "period (see /privacy)."},
    "status.blocked": {"id": "Terlalu banyak percobaan kode. Coba lagi dalam satu jam.",
                       "en": "Too many code attempts. Please try again in an hour."},
    "status.header": {"id": "📋 <b>Status laporan</b>\nJenis: {category}\nWilayah: {place}\nDikirim: {created}\n"
                      "<b>Status sekarang: {status}</b>",
                      "en": "📋 <b>Report status</b>\nType: {category}\nPlace: {place}\nSent: {created}\n"
                      "<b>Current status: {status}</b>"},
    "status.history": {"id": "<b>Riwayat</b>", "en": "<b>History</b>"},
    "status.ev.status": {"id": "{at} · {status}", "en": "{at} · {status}"},
    "status.ev.closed": {"id": "{at} · Ditutup: {reason}", "en": "{at} · Closed: {reason}"},
    "status.ev.claim": {"id": "{at} · Peninjau mulai menangani laporan", "en": "{at} · A reviewer took up the report"},
    "status.ev.question": {"id": "{at} · ❓ <b>Pertanyaan peninjau:</b> {text}",
                           "en": "{at} · ❓ <b>Reviewer's question:</b> {text}"},
    "status.ev.reply": {"id": "{at} · 💬 Jawaban Anda: {text}", "en": "{at} · 💬 Your answer: {text}"},
    "status.ev.evidence": {"id": "{at} · 📎 Anda menambah {text} bukti", "en": "{at} · 📎 You added {text} items"},
    "status.footer": {"id": "Anda bisa menjawab pertanyaan atau menambah bukti dengan tombol di bawah.",
                      "en": "You can answer questions or add evidence with the buttons below."},
    "status.closed_footer": {"id": "Laporan ini sudah ditutup.", "en": "This report is closed."},
    "followup.reply_prompt": {"id": "Tulis jawaban atau keterangan tambahan Anda (paling banyak {limit} karakter). "
                              "Ketik /batal untuk batal.",
                              "en": "Write your answer or additional information (at most {limit} characters). "
                              "Type /batal to cancel."},
    "followup.evidence_prompt": {"id": "Kirim foto, dokumen, atau tautan tambahan (paling banyak {files} file, "
                                 "{mb} MB per file). Tekan <b>Selesai</b> bila sudah.",
                                 "en": "Send additional photos, documents or links (at most {files} files, {mb} MB "
                                 "each). Press <b>Done</b> when finished."},
    "followup.reply_saved": {"id": "✅ Jawaban Anda tersimpan dan diteruskan ke peninjau.",
                             "en": "✅ Your answer was saved and passed to the reviewers."},
    "followup.evidence_saved": {"id": "✅ {count} bukti tambahan tersimpan dan diteruskan ke peninjau.",
                                "en": "✅ {count} additional items saved and passed to the reviewers."},
    "followup.nothing": {"id": "Tidak ada bukti baru yang dikirim.", "en": "No new evidence was sent."},
    "followup.expired": {"id": "Sesi ini sudah berakhir. Ketik <code>/status KODE</code> lagi.",
                         "en": "This session has ended. Type <code>/status CODE</code> again."},
    "followup.closed": {"id": "Laporan ini sudah ditutup; tidak bisa ditambah lagi.",
                        "en": "This report is closed; it can no longer be added to."},
    "followup.empty": {"id": "Tulis jawaban Anda dalam teks (paling sedikit 2 karakter).",
                       "en": "Write your answer as text (at least 2 characters)."},
    "followup.cancelled": {"id": "Dibatalkan.", "en": "Cancelled."},
}

STRINGS.update(REVIEW_STRINGS)
STRINGS.update(PRIVACY_STRINGS)


def tt(key: str, language: str = "id", **values: object) -> str:
    entry = STRINGS[key]
    text = entry.get(language) or entry["id"]
    if "{channels}" in text:
        values.setdefault("channels", CHANNELS)
    return text.format(**values) if values else text


def category_label(code: str, language: str = "id") -> str:
    return CATEGORY.get(language, CATEGORY["id"]).get(code, code)


def status_label(code: str, language: str = "id") -> str:
    return STATUS.get(language, STATUS["id"]).get(code, code)


def close_reason_label(code: str | None, language: str = "id") -> str:
    if not code:
        return ""
    return CLOSE_REASON.get(language, CLOSE_REASON["id"]).get(code, code)


def metadata_removed(removed: tuple[str, ...], flag: str | None, kind: str, language: str = "id") -> str:
    """What the tipster is told about a file they just sent: what was removed, or what could not be."""
    if flag in ("author", "video"):
        return tt(f"meta.{flag}", language)
    if removed:
        labels = metadata_labels(language)
        return tt("meta.removed", language, items=", ".join(labels.get(item, item) for item in removed))
    if kind == "document":  # an image sent as a file, re-encoded though it carried nothing we recognise
        return tt("meta.clean", language)
    return ""
