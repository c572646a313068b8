"""User-facing strings in Indonesian and English, kept in one place (never scattered through handlers).

`t(key, language, **values)` looks a string up; values are inserted with str.format. Strings here are plain text
with HTML markup where the bot sends HTML: whoever inserts user or YAML text escapes it first.
"""

from __future__ import annotations

LANGUAGES = ("id", "en")

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
    "suggest.header": {
        "id": "Saya belum yakin. Maksud Anda salah satu ini?",
        "en": "I'm not sure yet. Did you mean one of these?",
    },
    "suggest.none_of_these": {"id": "Bukan semuanya", "en": "None of these"},
    "nomatch": {
        "id": "Maaf, saya belum tahu jawaban untuk pertanyaan itu, jadi saya tidak mau menebak.\n"
        "Coba tulis kegiatannya dengan kata lain, misalnya \"boleh ASN like postingan caleg?\", atau lihat "
        "daftar topik.\n"
        "Untuk kasus tertentu, tanyakan ke bagian kepegawaian instansi Anda, BKN, atau Bawaslu setempat.",
        "en": "Sorry, I don't know the answer to that yet, and I won't guess.\n"
        "Try describing the activity in other words, e.g. \"can a civil servant like a candidate's post?\", or "
        "browse the topics.\n"
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
    "truncated": {
        "id": "(Pertanyaan Anda saya potong menjadi {limit} karakter pertama.)",
        "en": "(I used only the first {limit} characters of your question.)",
    },
}


def t(key: str, language: str = "id", **values: object) -> str:
    """The string `key` in `language` (Indonesian when the language is unknown), with values filled in."""
    variants = STRINGS[key]
    text = variants.get(language) or variants["id"]
    return text.format(**values) if values else text


def format_date(value, language: str = "id") -> str:  # noqa: ANN001 - a datetime.date
    return f"{value.day} {MONTHS.get(language, MONTHS['id'])[value.month - 1]} {value.year}"
