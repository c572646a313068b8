"""The /lapor conversation as a small state machine over a `Draft`: which step comes next, and what each step
accepts. Pure Python (no Telegram types), so every validation rule is unit-tested directly; the handler only turns
updates into calls here and renders the resulting step.

Steps: category -> province -> regency -> when -> agency -> role -> name -> description -> evidence -> confirm.
From the summary ("confirm") a field can be edited; the flow then returns to the summary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.numbers import parse_int
from bot.settings import TipsSettings
from bot.tips.drafts import Draft
from bot.tips.regions import Wilayah
from bot.tips.store import CATEGORIES, TipInput

STEPS = ("category", "province", "regency", "when", "agency", "role", "name", "description", "evidence", "confirm")
EDITABLE = ("category", "province", "when", "agency", "role", "name", "description", "evidence")
WHEN_PRESETS = ("today", "yesterday", "week")
QUESTION_SENSITIVE = ("when", "agency", "role", "name")  # short answers that are never phrased as a question
FILE_KINDS = ("photo", "document", "video")
DONE_WORDS = {"selesai", "done", "sudah", "cukup", "lanjut", "finish", "tidak ada", "tanpa bukti", "no"}
SKIP_WORDS = {"-", "lewati", "skip", "tidak", "tidak ada", "gak", "ga", "nggak", "tidak tahu", "no", "none"}
_URL_RE = re.compile(r"(?i)\b((?:https?://|www\.)[^\s<>\"']+)")
MAX_URL = 500
MAX_WHEN = 100
MAX_NAME = 100


@dataclass
class Outcome:
    ok: bool
    error: str | None = None  # a tips_texts key, e.g. "err.too_long"
    values: dict[str, Any] = field(default_factory=dict)
    choices: list[Any] = field(default_factory=list)  # candidates for a typed province/regency
    notice: str | None = None  # an extra tips_texts key to show (e.g. the "sent as file" warning)
    finished: bool = False  # the evidence step is done


def fail(error: str, **values: Any) -> Outcome:
    return Outcome(False, error, values)


# Dropped from typed text: control, format (zero-width tricks; ZWJ kept for emoji), surrogate, unassigned.
_DROP = {"Cc", "Cf", "Cs", "Cn"}


def clean_text(text: str) -> str:
    """Strip control characters (keeping newlines) and surrounding space; collapse runs of blank lines."""
    text = "".join(ch for ch in text if ch in "\n\t\u200d" or unicodedata.category(ch) not in _DROP)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


class ReportFlow:
    def __init__(self, config: TipsSettings, wilayah: Wilayah) -> None:
        self.config = config
        self.wilayah = wilayah

    # -- navigation ------------------------------------------------------------------------------------------
    def new_draft(self, key: str, language: str) -> Draft:
        return Draft(key=key, step="category", language=language, data={"files": [], "links": []})

    def advance(self, draft: Draft) -> None:
        """Move to the step after the current one; when editing from the summary, go back to the summary
        (except that a new province still needs its kabupaten/kota)."""
        if draft.data.get("editing") and draft.step != "province":
            draft.data.pop("editing", None)
            draft.step = "confirm"
            return
        draft.step = STEPS[STEPS.index(draft.step) + 1]
        draft.data.pop("page", None)

    def edit(self, draft: Draft, field_name: str) -> Outcome:
        if draft.step != "confirm" or field_name not in EDITABLE:
            return fail("err.stale")
        draft.data["editing"] = True
        draft.data.pop("page", None)
        draft.step = field_name
        return Outcome(True)

    def missing(self, draft: Draft) -> list[str]:
        d = draft.data
        required = {"category": d.get("category"), "province": d.get("province"), "regency": d.get("regency"),
                    "when": d.get("when"), "agency": d.get("agency"), "role": d.get("role"),
                    "description": d.get("description")}
        return [name for name, value in required.items() if not value]

    # -- buttons ---------------------------------------------------------------------------------------------
    def choose_category(self, draft: Draft, code: str) -> Outcome:
        if draft.step != "category" or code not in CATEGORIES:
            return fail("err.stale")
        draft.data["category"] = code
        self.advance(draft)
        return Outcome(True)

    def choose_province(self, draft: Draft, code: str) -> Outcome:
        if draft.step != "province" or self.wilayah.province(code) is None:
            return fail("err.stale")
        if draft.data.get("province") != code:
            draft.data.pop("regency", None)
        draft.data["province"] = code
        self.advance(draft)
        return Outcome(True)

    def choose_regency(self, draft: Draft, code: str) -> Outcome:
        regency = self.wilayah.regency(code)
        if draft.step != "regency" or regency is None or regency.province_code != draft.data.get("province"):
            return fail("err.stale")
        draft.data["regency"] = code
        self.advance(draft)
        return Outcome(True)

    def choose_when(self, draft: Draft, preset: str, today: date) -> Outcome:
        if draft.step != "when" or preset not in WHEN_PRESETS:
            return fail("err.stale")
        english = draft.language == "en"  # the tipster reads it back in the summary, in their language
        if preset == "today":
            label = "today" if english else "hari ini"
            draft.data.update(when=f"{label}, {today:%d-%m-%Y}", when_date=today.isoformat())
        elif preset == "yesterday":
            day = today - timedelta(days=1)
            label = "yesterday" if english else "kemarin"
            draft.data.update(when=f"{label}, {day:%d-%m-%Y}", when_date=day.isoformat())
        else:
            start = today - timedelta(days=6)
            span = f"({start:%d-%m-%Y} {'to' if english else 's.d.'} {today:%d-%m-%Y})"
            draft.data.update(when=f"{'in the last 7 days' if english else 'dalam 7 hari terakhir'} {span}",
                              when_date=None)
        self.advance(draft)
        return Outcome(True)

    def skip_name(self, draft: Draft) -> Outcome:
        if draft.step != "name":
            return fail("err.stale")
        draft.data["name"] = None
        self.advance(draft)
        return Outcome(True)

    def set_page(self, draft: Draft, step: str, page: int) -> Outcome:
        if draft.step != step or page < 0 or page > 100:
            return fail("err.stale")
        draft.data["page"] = page
        return Outcome(True)

    # -- typed text ------------------------------------------------------------------------------------------
    def text(self, draft: Draft, raw: str, today: date) -> Outcome:
        text = clean_text(raw or "")
        handler = getattr(self, f"_text_{draft.step}", None)
        if handler is None:
            return fail("err.use_buttons")
        if draft.step in QUESTION_SENSITIVE and looks_like_question(text) and draft.data.get("asked") != text:
            # "boleh pns like postingan caleg?" is not an agency: ask once; the same text again is taken as typed
            draft.data["asked"] = text
            return fail("err.question")
        return handler(draft, text, today)

    def _text_category(self, draft: Draft, text: str, today: date) -> Outcome:
        number = parse_int(text, 1, len(CATEGORIES))
        if number is not None:
            return self.choose_category(draft, CATEGORIES[number - 1])
        word = text.casefold()
        for code, keywords in _CATEGORY_WORDS.items():
            if any(re.search(rf"\b{re.escape(k)}\b", word) for k in keywords):
                return self.choose_category(draft, code)
        return fail("err.category", count=len(CATEGORIES))

    def _text_province(self, draft: Draft, text: str, today: date) -> Outcome:
        if len(text) > 60 or letters(text) < 2:
            return fail("err.province_unknown")
        found = self.wilayah.search_provinces(text)
        if len(found) == 1:
            return self.choose_province(draft, found[0].code)
        if found:
            return Outcome(False, "err.province_many", choices=found[:12])
        return fail("err.province_unknown")

    def _text_regency(self, draft: Draft, text: str, today: date) -> Outcome:
        if len(text) > 60 or letters(text) < 2:
            return fail("err.regency_unknown")
        found = self.wilayah.search_regencies(draft.data.get("province", ""), text)
        if len(found) == 1:
            return self.choose_regency(draft, found[0].code)
        if found:
            return Outcome(False, "err.regency_many", choices=found[:12])
        return fail("err.regency_unknown")

    def _text_when(self, draft: Draft, text: str, today: date) -> Outcome:
        lowered = text.casefold()
        if lowered in ("hari ini", "today", "tadi", "barusan"):
            return self.choose_when(draft, "today", today)
        if lowered in ("kemarin", "kmrn", "yesterday"):
            return self.choose_when(draft, "yesterday", today)
        if len(text) < 2 or (letters(text) == 0 and not any(ch.isdigit() for ch in text)):
            return fail("err.when")
        if len(text) > MAX_WHEN:
            return fail("err.too_long", limit=MAX_WHEN, length=len(text))
        draft.data.update(when=text, when_date=None)
        self.advance(draft)
        return Outcome(True)

    def _short(self, draft: Draft, key: str, text: str, minimum: int, limit: int) -> Outcome:
        if len(text) > limit:
            return fail("err.too_long", limit=limit, length=len(text))
        if len(text) < minimum or letters(text) < 2:
            return fail(f"err.{key}", minimum=minimum)
        draft.data[key] = text
        self.advance(draft)
        return Outcome(True)

    def _text_agency(self, draft: Draft, text: str, today: date) -> Outcome:
        return self._short(draft, "agency", text, 3, self.config.max_short_text)

    def _text_role(self, draft: Draft, text: str, today: date) -> Outcome:
        return self._short(draft, "role", text, 2, self.config.max_short_text)

    def _text_name(self, draft: Draft, text: str, today: date) -> Outcome:
        if text.casefold() in SKIP_WORDS:
            return self.skip_name(draft)
        return self._short(draft, "name", text, 2, MAX_NAME)

    def _text_description(self, draft: Draft, text: str, today: date) -> Outcome:
        limit, minimum = self.config.max_description, self.config.min_description
        if len(text) > limit:
            return fail("err.too_long", limit=limit, length=len(text))
        if len(text) < minimum or letters(text) < minimum // 2 or len(text.split()) < 3:
            return fail("err.description", minimum=minimum)
        draft.data["description"] = text
        self.advance(draft)
        return Outcome(True)

    def _text_evidence(self, draft: Draft, text: str, today: date) -> Outcome:
        if text.casefold().strip(" .!") in DONE_WORDS:
            return self.finish_evidence(draft)
        urls = extract_links(text)
        if not urls:
            return fail("err.evidence_text")
        return self.add_links(draft, urls)

    # -- evidence --------------------------------------------------------------------------------------------
    def add_links(self, draft: Draft, urls: list[str]) -> Outcome:
        links = draft.data.setdefault("links", [])
        added = 0
        for url in urls:
            if len(url) > MAX_URL:
                return fail("err.link_long", limit=MAX_URL)
            if url in links:
                continue
            if len(links) >= self.config.max_links:
                return fail("err.links_many", limit=self.config.max_links)
            links.append(url)
            added += 1
        return Outcome(True, values={"added": added, "links": len(links), "files": len(draft.data["files"])})

    def check_file(self, draft: Draft, kind: str, size: int | None, ext: str | None) -> Outcome:
        """Before downloading: is this file acceptable at this step and within the limits?"""
        if draft.step != "evidence":
            return fail("err.file_wrong_step")
        if kind not in FILE_KINDS:
            return fail("err.file_kind")
        if ext is None:
            return fail("err.file_type")
        files = draft.data.setdefault("files", [])
        if len(files) >= self.config.max_files:
            return fail("err.files_many", limit=self.config.max_files)
        mb = self.config.max_file_bytes // (1024 * 1024)
        if size is not None and size > self.config.max_file_bytes:
            return fail("err.file_big", limit=mb)
        total = sum(f["size"] for f in files)
        if size is not None and total + size > self.config.max_total_bytes:
            return fail("err.files_total", limit=self.config.max_total_bytes // (1024 * 1024))
        return Outcome(True)

    def add_file(self, draft: Draft, kind: str, stored: dict[str, Any], mime: str | None) -> Outcome:
        """Record a downloaded file (`stored` = StoredFile fields) in the draft."""
        files = draft.data.setdefault("files", [])
        if stored["size"] > self.config.max_file_bytes:
            return fail("err.file_big", limit=self.config.max_file_bytes // (1024 * 1024))
        if any(f["sha256"] == stored["sha256"] for f in files):
            return Outcome(True, values={"files": len(files), "links": len(draft.data["links"]), "duplicate": True})
        files.append({"kind": kind, "mime": mime, **stored})
        return Outcome(True, values={"files": len(files), "links": len(draft.data["links"])})

    def finish_evidence(self, draft: Draft) -> Outcome:
        if draft.step != "evidence":
            return fail("err.stale")
        self.advance(draft)
        return Outcome(True, finished=True)

    def to_input(self, draft: Draft) -> TipInput:
        d = draft.data
        return TipInput(category=d["category"], province_code=d["province"], regency_code=d["regency"],
                        when_text=d["when"], when_date=d.get("when_date"), agency=d["agency"], role=d["role"],
                        accused_name=d.get("name"), description=d["description"], links=list(d.get("links", [])),
                        files=list(d.get("files", [])), language=draft.language)


_QUESTION_START = re.compile(r"(?i)^(boleh|bolehkah|apakah|apa|apa\s?kah|bagaimana|gimana|bisakah|bisa\s?gak|kenapa|"
                             r"mengapa|kapan|siapa|dimana|di\s?mana|can|may|is|are|what|how|why|should)\b")


def looks_like_question(text: str) -> bool:
    """Whether typed text reads like a question to the Q&A side rather than an answer to the current step."""
    text = clean_text(text or "")
    return text.endswith("?") or bool(_QUESTION_START.match(text))


def extract_links(text: str) -> list[str]:
    urls = []
    for match in _URL_RE.finditer(text or ""):
        url = match.group(1).rstrip(".,;:!?)]}")
        if url.lower().startswith("www."):
            url = "https://" + url
        if url not in urls:
            urls.append(url)
    return urls


_CATEGORY_WORDS = {
    "sosmed": ("medsos", "media sosial", "sosmed", "social media", "facebook", "instagram", "tiktok", "whatsapp",
               "status wa", "like", "postingan"),
    "kampanye": ("kampanye", "campaign", "timses", "tim sukses", "deklarasi"),
    "fasilitas": ("fasilitas", "mobil dinas", "kendaraan dinas", "gedung", "anggaran", "state facilit"),
    "keputusan": ("keputusan", "program", "kebijakan", "decision"),
    "mobilisasi": ("mobilisasi", "bawahan", "mengerahkan", "mobilis", "subordinate", "rt", "rw"),
    "hadiah": ("hadiah", "uang", "sembako", "amplop", "money", "gift", "bagi-bagi"),
    "partai": ("partai", "party", "pengurus", "anggota partai", "kta"),
    "lain": ("lain", "other"),
}
