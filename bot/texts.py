"""User-facing strings in Indonesian and English, kept in one place (never scattered through handlers).

`t(key, language, **values)` looks a string up; values are inserted with str.format. Strings here are plain text
with HTML markup where the bot sends HTML: whoever inserts user or YAML text escapes it first.
"""

from __future__ import annotations

from datetime import date

LANGUAGES = ("id", "en")
# The Bot API's limit on one message's text, in characters after entities are parsed; both features cut to it.
TELEGRAM_LIMIT = 4096

VERDICT_LABELS = {
    "id": {
        "prohibited": "⛔ DILARANG",
        "allowed": "✅ BOLEH",
        "conditional": "⚠️ BERSYARAT",
        "info": "ℹ️ INFO",
    },
    "en": {
        "prohibited": "⛔ PROHIBITED",
        "allowed": "✅ ALLOWED",
        "conditional": "⚠️ CONDITIONAL",
        "info": "ℹ️ INFO",
    },
}

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

STRINGS: dict[str, dict[str, str]] = {
    "card.conditions": {"id": "Syarat", "en": "Conditions"},
    "card.key_conditions": {"id": "Syarat utama", "en": "Key conditions"},
    "card.more_conditions": {"id": "Syarat lainnya", "en": "Other conditions"},
    "card.why": {"id": "Alasan", "en": "Why"},
    "card.basis": {"id": "Dasar hukum", "en": "Legal basis"},
    "card.sanction": {"id": "Sanksi", "en": "Sanction"},
    "card.low_confidence": {
        "id": "Aturan soal ini belum tegas; pilih jalan yang paling aman.",
        "en": "The rules on this are not settled; take the safest course.",
    },
    "card.ask": {
        "id": "Untuk kasus Anda sendiri, tanyakan ke bagian kepegawaian (BKPSDM) instansi Anda, BKN, atau Bawaslu "
        "setempat.",
        "en": "For your own case, ask your agency's personnel office (BKPSDM), BKN, or the local Bawaslu.",
    },
    "card.reviewed": {"id": "Ditinjau {date}", "en": "Reviewed {date}"},
    "card.cut": {"id": "(dipersingkat)", "en": "(shortened)"},
    "answer.related": {"id": "Lihat juga:", "en": "See also:"},
    "suggest.header": {
        "id": "Saya belum yakin. Maksud Anda salah satu ini?",
        "en": "I'm not sure yet. Did you mean one of these?",
    },
    "suggest.hint": {
        "id": "Ketuk nomornya di bawah, atau tulis pertanyaan Anda dengan kata lain.",
        "en": "Tap its number below, or ask again in other words.",
    },
    "suggest.none_of_these": {"id": "Bukan semuanya", "en": "None of these"},
    "nomatch": {
        "id": "Maaf, saya belum tahu jawaban untuk pertanyaan itu, dan saya tidak mau menebak.\n"
        "Coba tulis kegiatannya dengan kata lain (misalnya \"like\", \"kampanye\", \"foto bersama calon\"), atau "
        "lihat daftar topik.\n"
        "Untuk kasus tertentu, tanyakan ke bagian kepegawaian instansi Anda, BKN, atau Bawaslu setempat.",
        "en": "Sorry, I don't know the answer to that yet, and I won't guess.\n"
        "Try describing the activity in other words (e.g. \"like\", \"campaign\", \"photo with a candidate\"), or "
        "browse the topics.\n"
        "For a specific case, ask your agency's personnel office, BKN, or the local Bawaslu.",
    },
    "nomatch.topic": {
        "id": "Maaf, saya belum tahu jawaban untuk pertanyaan itu, dan saya tidak mau menebak.\n"
        "Topik yang paling dekat: <b>{topic}</b>. Lihat daftarnya di bawah, atau tulis kegiatannya dengan kata lain.\n"
        "Untuk kasus tertentu, tanyakan ke bagian kepegawaian instansi Anda, BKN, atau Bawaslu setempat.",
        "en": "Sorry, I don't know the answer to that yet, and I won't guess.\n"
        "The closest topic: <b>{topic}</b>. See its questions below, or describe the activity in other words.\n"
        "For a specific case, ask your agency's personnel office, BKN, or the local Bawaslu.",
    },
    "empty": {
        "id": "Silakan tulis pertanyaan Anda tentang netralitas ASN, misalnya \"boleh PNS ikut kampanye?\"",
        "en": "Please write your question about civil-servant neutrality, e.g. \"can a civil servant attend a "
        "campaign rally?\"",
    },
    "greeting": {
        "id": "Halo! Saya NetralBot. Tanyakan apa saja soal netralitas ASN dalam Pemilu dan Pilkada, misalnya "
        "\"boleh PNS like postingan caleg?\" Saya jawab dengan dasar hukumnya.",
        "en": "Hello! I'm NetralBot. Ask me anything about civil-servant neutrality in elections, e.g. \"can a "
        "civil servant like a candidate's post?\" I answer with the legal basis.",
    },
    "thanks": {
        "id": "Sama-sama! Silakan bertanya lagi kapan saja.",
        "en": "You're welcome! Ask again any time.",
    },
    "chat.welcome": {
        "id": "NetralBot: {entries} entri dimuat. Tanyakan apa saja soal netralitas ASN dalam Pemilu dan Pilkada.\n"
        "Contoh: \"{first}\" atau \"{second}\"\n"
        "Ketik nomor untuk memilih salah satu saran; ketik 'keluar' atau tekan Ctrl-D untuk selesai.",
        "en": "NetralBot: {entries} entries loaded. Ask anything about civil-servant neutrality in elections.\n"
        "For example: \"{first}\" or \"{second}\"\n"
        "Type a number to pick a suggestion; type 'exit' or press Ctrl-D to finish.",
    },
    "chat.prompt": {"id": "Anda> ", "en": "You> "},
    "truncated": {
        "id": "(Pesan Anda panjang: saya hanya memakai {limit} karakter, bagian awal dan akhirnya.)",
        "en": "(Your message is long: I used only {limit} characters of it, its beginning and its end.)",
    },
}


# -- The Telegram bot: welcome, menus, buttons and hints (handlers/*). Strings with {placeholders} are filled by the
# handlers; nothing from the user is ever inserted into these without HTML-escaping it first.
STRINGS.update({
    "welcome": {
        "id": "Halo! Saya <b>NetralBot</b>. Saya membantu ASN (PNS, CPNS, PPPK) memahami aturan netralitas dalam "
        "Pemilu dan Pilkada.\n\n"
        "<b>Yang bisa saya lakukan</b>\n"
        "• Menjawab pertanyaan \"boleh gak ...?\" dengan putusan (DILARANG / BOLEH / BERSYARAT), dasar hukum, dan "
        "sanksinya. Tulis saja pertanyaan Anda.\n"
        "• Menampilkan daftar topik: /topik\n"
        "• Menerima laporan dugaan pelanggaran secara anonim: /lapor\n\n"
        "<b>Yang tidak bisa saya lakukan</b>\n"
        "• Memberi nasihat untuk kasus pribadi Anda, atau menjawab soal gaji, cuti, dan pendaftaran CPNS.\n"
        "• Menggantikan laporan resmi ke Bawaslu (laporan resmi memerlukan identitas pelapor).\n\n"
        "Pertanyaan Anda tidak disimpan bersama identitas Anda. Coba salah satu contoh di bawah.\n"
        "English: /lang en",
        "en": "Hello! I'm <b>NetralBot</b>. I help Indonesian civil servants (ASN: PNS, CPNS, PPPK) understand the "
        "political-neutrality rules for elections (Pemilu and Pilkada).\n\n"
        "<b>What I can do</b>\n"
        "• Answer \"am I allowed to ...?\" with a verdict (PROHIBITED / ALLOWED / CONDITIONAL), the legal basis "
        "and the sanction. Just type your question.\n"
        "• Browse the topics: /topik\n"
        "• Take an anonymous report of a suspected violation: /lapor\n\n"
        "<b>What I can't do</b>\n"
        "• Advise on your personal case, or answer questions about salary, leave or CPNS registration.\n"
        "• Replace a formal report to Bawaslu (a formal report needs the reporter's identity).\n\n"
        "Your questions are never stored with your identity. Try one of the examples below.\n"
        "Bahasa Indonesia: /lang id",
    },
    "welcome.group": {
        "id": "Halo! Saya <b>NetralBot</b>, penjawab pertanyaan netralitas ASN. Di grup, saya hanya menjawab jika "
        "disapa: sebut @{username}, balas pesan saya, atau pakai /tanya &lt;pertanyaan&gt;. Daftar topik: /topik. "
        "Untuk melapor secara anonim, chat saya secara pribadi dan ketik /lapor.",
        "en": "Hello! I'm <b>NetralBot</b>; I answer questions on civil-servant neutrality. In a group I only answer "
        "when addressed: mention @{username}, reply to my message, or use /tanya &lt;question&gt;. Topics: /topik. "
        "To report anonymously, message me privately and type /lapor.",
    },
    "button.topics": {"id": "📚 Lihat topik", "en": "📚 Browse topics"},
    "button.all_topics": {"id": "📚 Semua topik", "en": "📚 All topics"},
    "button.topic_more": {"id": "{emoji} Lainnya soal {topic}", "en": "{emoji} More on {topic}"},
    # The one "button expired" text of both features; the questions side adds the hint after it.
    "button.expired": {"id": "Tombol ini sudah kedaluwarsa.", "en": "This button has expired."},
    "button.expired_hint": {
        "id": "Silakan tulis pertanyaan lagi atau buka /topik.",
        "en": "Please ask again or open /topik.",
    },
    "feedback.up": {"id": "👍 Membantu", "en": "👍 Helpful"},
    "feedback.down": {"id": "👎 Kurang tepat", "en": "👎 Not right"},
    "wrong.ask": {
        "id": "Maaf kalau jawaban tadi kurang tepat. <b>Apa yang Anda maksud?</b>",
        "en": "Sorry if that answer was not right. <b>What did you mean?</b>",
    },
    "wrong.hint": {
        "id": "Pilihan Anda membantu kami memperbaiki jawaban. Pertanyaan Anda dicatat tanpa identitas.",
        "en": "Your choice helps us fix the answer. Your question is kept without your identity.",
    },
    "wrong.none": {"id": "Tidak ada yang cocok", "en": "None of these fits"},
    "wrong.noted": {
        "id": "Terima kasih, pertanyaan Anda kami catat (tanpa identitas) agar jawabannya diperbaiki.\n"
        "Sementara itu, coba tulis pertanyaan dengan kata lain atau lihat topik. Untuk kasus tertentu, tanyakan ke "
        "bagian kepegawaian instansi Anda, BKN, atau Bawaslu setempat.",
        "en": "Thank you, we have noted your question (without your identity) so that the answer gets fixed.\n"
        "Meanwhile, try asking in other words or browse the topics. For a specific case, ask your agency's "
        "personnel office, BKN, or the local Bawaslu.",
    },
    "feedback.thanks": {"id": "Terima kasih atas masukan Anda!", "en": "Thank you for your feedback!"},
    "feedback.already": {"id": "Masukan Anda untuk jawaban ini sudah tercatat.", "en": "Your feedback on this "
                         "answer is already recorded."},
    "suggest.none_reply": {
        "id": "Baik. Coba tulis pertanyaan Anda dengan kata lain (sebutkan kegiatannya, misalnya \"like\", "
        "\"kampanye\", \"foto bersama calon\"), atau lihat /topik.\n"
        "Untuk kasus tertentu, tanyakan ke bagian kepegawaian instansi Anda, BKN, atau Bawaslu setempat.",
        "en": "All right. Try asking in other words (name the activity, e.g. \"like\", \"campaign\", \"photo with a "
        "candidate\"), or browse /topik.\n"
        "For a specific case, ask your agency's personnel office, BKN, or the local Bawaslu.",
    },
    "topics.header": {"id": "📚 <b>Topik</b>\nPilih topik:", "en": "📚 <b>Topics</b>\nChoose a topic:"},
    "topics.none": {"id": "Belum ada topik yang berisi jawaban.", "en": "No topic has answers yet."},
    "topics.entries": {"id": "<b>{topic}</b> ({page}/{pages})\n\n{choices}\n\nKetuk nomornya di bawah.",
                       "en": "<b>{topic}</b> ({page}/{pages})\n\n{choices}\n\nTap its number below."},
    "topics.back_all": {"id": "⬅️ Semua topik", "en": "⬅️ All topics"},
    "topics.back_to": {"id": "⬅️ {topic}", "en": "⬅️ {topic}"},
    "pager.prev": {"id": "◀️ Sebelumnya", "en": "◀️ Previous"},
    "pager.next": {"id": "Berikutnya ▶️", "en": "Next ▶️"},
    "lang.choose": {"id": "Pilih bahasa / Choose a language:", "en": "Choose a language / Pilih bahasa:"},
    "lang.set": {"id": "Baik, mulai sekarang saya memakai Bahasa Indonesia.",
                 "en": "OK, I'll use English from now on."},
    "lang.name.id": {"id": "🇮🇩 Bahasa Indonesia", "en": "🇮🇩 Bahasa Indonesia"},
    "lang.name.en": {"id": "🇬🇧 English", "en": "🇬🇧 English"},
    "unsupported": {
        "id": "Maaf, saya hanya bisa membaca pertanyaan berupa teks. Tulis pertanyaan Anda, misalnya \"boleh PNS "
        "ikut kampanye?\"\nIngin melaporkan pelanggaran beserta foto atau dokumen? Ketik /lapor.",
        "en": "Sorry, I can only read questions written as text. Type your question, e.g. \"can a civil servant "
        "attend a campaign rally?\"\nWant to report a violation with photos or documents? Type /lapor.",
    },
    "unknown_command": {
        "id": "Perintah itu tidak saya kenal. Coba /bantuan, /topik, atau /lapor, atau tulis pertanyaan Anda.",
        "en": "I don't know that command. Try /bantuan, /topik or /lapor, or just type your question.",
    },
    "error": {
        "id": "Maaf, terjadi kesalahan di sisi kami. Silakan coba lagi sebentar lagi.",
        "en": "Sorry, something went wrong on our side. Please try again in a moment.",
    },
    "inline.type": {"id": "Ketik pertanyaan, mis. like postingan caleg", "en": "Type a question, e.g. like a "
                    "candidate's post"},
    "inline.none": {"id": "Belum ada jawaban pasti: tanya di chat", "en": "No sure answer yet: ask in the chat"},
    "cmd.start": {"id": "Mulai dan contoh pertanyaan", "en": "Start and example questions"},
    "cmd.bantuan": {"id": "Bantuan: apa yang bisa saya lakukan", "en": "Help: what I can do"},
    "cmd.topik": {"id": "Jelajahi topik", "en": "Browse topics"},
    "cmd.tanya": {"id": "Ajukan pertanyaan (di grup)", "en": "Ask a question (in groups)"},
    "cmd.lapor": {"id": "Laporkan dugaan pelanggaran secara anonim", "en": "Report a suspected violation anonymously"},
    "cmd.status": {"id": "Cek status laporan dengan kode bukti", "en": "Check a report's status with its code"},
    "cmd.lang": {"id": "Ganti bahasa (id/en)", "en": "Change language (id/en)"},
    "cmd.privacy": {"id": "Privasi: apa yang disimpan dan siapa yang membaca",
                    "en": "Privacy: what is stored and who reads it"},
})

# Example questions under /start: pressing one answers it. Worded so the matcher answers them confidently.
EXAMPLES = {
    "id": ["Boleh ASN like postingan caleg?", "PNS jadi timses, boleh?", "Boleh PNS nyoblos di TPS?"],
    "en": ["Can a civil servant like a candidate's post?", "Can a civil servant join a campaign team?",
           "Can civil servants vote?"],
}


def t(key: str, language: str = "id", **values: object) -> str:
    """The string `key` in `language` (Indonesian when the language is unknown), with values filled in."""
    variants = STRINGS[key]
    text = variants.get(language) or variants["id"]
    return text.format(**values) if values else text


def format_date(value: date, language: str = "id") -> str:
    return f"{value.day} {MONTHS.get(language, MONTHS['id'])[value.month - 1]} {value.year}"
