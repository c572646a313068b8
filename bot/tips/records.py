"""What the tip store hands out and takes in: plain dataclasses (decrypted values), the statuses and their
transitions, and receipt codes. No storage and no Telegram types here.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("sosmed", "kampanye", "fasilitas", "keputusan", "mobilisasi", "hadiah", "partai", "lain")
STATUSES = ("received", "verifying", "forwarded_bawaslu", "forwarded_bkn", "closed")
CLOSE_REASONS = ("done", "insufficient", "out_of_scope", "duplicate", "spam")
# Which status may follow which; "closed" can be reopened into verification.
TRANSITIONS = {
    "received": {"verifying", "forwarded_bawaslu", "forwarded_bkn", "closed"},
    "verifying": {"forwarded_bawaslu", "forwarded_bkn", "closed"},
    "forwarded_bawaslu": {"forwarded_bkn", "closed"},
    "forwarded_bkn": {"forwarded_bawaslu", "closed"},
    "closed": {"verifying"},
}

# Receipt codes: NB-XXXX-XXXX-XXXX from 31 symbols without 0/O, 1/I/L: about 59 bits, typed from paper easily.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 3
_CODE_RE = re.compile(rf"^NB([{CODE_ALPHABET}]{{4}})([{CODE_ALPHABET}]{{4}})([{CODE_ALPHABET}]{{4}})$")


def generate_code() -> str:
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS)]
    return "NB-" + "-".join(groups)


def normalize_code(text: str) -> str | None:
    """'nb 7k4m-q9xr-2bcd ' -> 'NB-7K4M-Q9XR-2BCD'; None when it cannot be a receipt code."""
    compact = re.sub(r"[\s\-_.–—]", "", text or "").upper()
    if not compact.startswith("NB"):
        compact = "NB" + compact
    match = _CODE_RE.match(compact)
    if not match:
        return None
    return "NB-" + "-".join(match.groups())


@dataclass
class TipInput:
    """What a finished draft holds; `files` are already on disk in the draft's folder."""
    category: str
    province_code: str
    regency_code: str
    when_text: str
    agency: str
    role: str
    description: str
    accused_name: str | None = None
    when_date: str | None = None
    links: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)  # {"kind","mime", **StoredFile fields}
    language: str = "id"


@dataclass(frozen=True)
class Tip:
    id: int
    category: str
    province_code: str
    regency_code: str
    when_text: str
    when_date: str | None
    agency: str
    role: str
    accused_name: str | None
    description: str
    status: str
    close_reason: str | None
    claimed_by: str | None
    version: int
    duplicate_of: int | None
    language: str
    created_at: str
    updated_at: str
    closed_at: str | None
    review_message_id: int | None


@dataclass(frozen=True)
class Event:
    id: int
    tip_id: int
    at: str
    kind: str  # status | claim | question | reply | evidence
    status: str | None
    text: str | None
    actor: str  # "tipster", "system" or a reviewer label such as "R-3F2A"


@dataclass(frozen=True)
class Evidence:
    id: int
    tip_id: int
    kind: str  # photo | document | video | link
    sha256: str | None
    path: str | None
    size: int | None
    mime: str | None
    url: str | None
    source: str  # report | followup
    created_at: str
    note: str | None = None  # "author" (PDF/Office) or "video": may still carry metadata the bot cannot remove


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    reason: str = ""  # "", "not_found", "conflict", "invalid", "claimed"
    tip: Tip | None = None


def reviewer_label(reviewer_hash: str) -> str:
    return "R-" + reviewer_hash[:4].upper()


def inserted_id(cursor: Any) -> int:
    """The rowid of the row an INSERT just wrote (sqlite3 gives None only when nothing was inserted)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("INSERT wrote no row")
    return int(rowid)
