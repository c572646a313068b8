"""The tip store: schema and migrations, submitting a tip in one transaction, receipt codes, status history,
reviewers' questions and tipsters' replies, listing and filtering, and retention.

No Telegram types and nothing that identifies a tipster: a tip row holds what the tipster chose to tell, a hash of
its receipt code and a keyed hash of its text (duplicate detection). Reviewers appear as a keyed hash and a short
label ("R-3F2A"); tipsters only ever see the role ("Peninjau").
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from bot.tips import drafts, outbox, quota
from bot.numbers import SQLITE_INT_MAX
from bot.storage import migrate
from bot.tips.evidence import EvidenceStore, StoredFile
from bot.tips.timefmt import to_iso, utcnow

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    reason: str = ""  # "", "not_found", "conflict", "invalid", "claimed"
    tip: Tip | None = None


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS tips (id INTEGER PRIMARY KEY AUTOINCREMENT, receipt_hash TEXT NOT NULL UNIQUE, "
        "category TEXT NOT NULL, province_code TEXT NOT NULL, regency_code TEXT NOT NULL, when_text TEXT NOT NULL, "
        "when_date TEXT, agency TEXT NOT NULL, role TEXT NOT NULL, accused_name TEXT, description TEXT NOT NULL, "
        "text_hash TEXT NOT NULL, duplicate_of INTEGER, language TEXT NOT NULL DEFAULT 'id', "
        "status TEXT NOT NULL DEFAULT 'received', close_reason TEXT, claimed_by TEXT, claimed_hash TEXT, "
        "version INTEGER NOT NULL DEFAULT 1, review_message_id INTEGER, created_at TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, closed_at TEXT)"
    )
    for column in ("status", "created_at", "closed_at", "text_hash", "province_code", "category"):
        db.execute(f"CREATE INDEX IF NOT EXISTS tips_{column} ON tips({column})")
    db.execute(
        "CREATE TABLE IF NOT EXISTS tip_events (id INTEGER PRIMARY KEY AUTOINCREMENT, tip_id INTEGER NOT NULL "
        "REFERENCES tips(id) ON DELETE CASCADE, at TEXT NOT NULL, kind TEXT NOT NULL, status TEXT, text TEXT, "
        "actor TEXT NOT NULL, actor_hash TEXT)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS tip_events_tip ON tip_events(tip_id)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS tip_evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, tip_id INTEGER NOT NULL "
        "REFERENCES tips(id) ON DELETE CASCADE, kind TEXT NOT NULL, sha256 TEXT, path TEXT, size INTEGER, "
        "mime TEXT, url TEXT, source TEXT NOT NULL DEFAULT 'report', created_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS tip_evidence_tip ON tip_evidence(tip_id)")
    drafts.create_table(db)
    quota.create_table(db)
    outbox.create_table(db)


MIGRATIONS = [_create_tables]

_TIP_COLUMNS = ("id, category, province_code, regency_code, when_text, when_date, agency, role, accused_name, "
                "description, status, close_reason, claimed_by, version, duplicate_of, language, created_at, "
                "updated_at, closed_at, review_message_id")


def reviewer_label(reviewer_hash: str) -> str:
    return "R-" + reviewer_hash[:4].upper()


class TipStore:
    def __init__(self, db: sqlite_utils.Database, key: bytes, evidence: EvidenceStore,
                 receipt_iterations: int = 60_000) -> None:
        self.db = db
        self.evidence = evidence
        self._text_key = hmac.new(key, b"tips:text-hash", hashlib.sha256).digest()
        self._code_salt = hmac.new(key, b"tips:receipt-code", hashlib.sha256).digest()
        self.receipt_iterations = receipt_iterations
        # Deleted tips (retention, cancelled drafts) are overwritten on disk, not just unlinked from the b-tree.
        self.db.execute("PRAGMA secure_delete=ON")
        migrate(db, "tips", MIGRATIONS)
        self.outbox = outbox.Outbox(db)

    # -- hashing ---------------------------------------------------------------------------------------------
    def code_hash(self, code: str) -> str:
        return hashlib.pbkdf2_hmac("sha256", code.encode(), self._code_salt, self.receipt_iterations).hex()

    def new_receipt(self) -> tuple[str, str]:
        """A fresh receipt code and its hash. Slow on purpose (PBKDF2): callers in an event loop run it in a
        thread (asyncio.to_thread; hashlib releases the GIL) and pass the pair to `create`."""
        code = generate_code()
        return code, self.code_hash(code)

    def text_hash(self, text: str) -> str:
        normalized = " ".join(re.findall(r"\w+", text.casefold()))
        return hmac.new(self._text_key, normalized.encode(), hashlib.sha256).hexdigest()

    # -- submitting ------------------------------------------------------------------------------------------
    def create(self, tip: TipInput, *, draft_id: str | None = None, now: datetime | None = None,
               in_transaction: Iterable = (), receipt: tuple[str, str] | None = None) -> tuple[int, str]:
        """Write the tip, its evidence, its first status and its review notice in one transaction; returns
        (tip id, receipt code). The code is returned once and never stored; callables in `in_transaction` run
        inside the same transaction (recording the quota, deleting the draft)."""
        now = now or utcnow()
        stamp = to_iso(now)
        code, receipt_hash = receipt or self.new_receipt()
        text_hash = self.text_hash(tip.description)
        try:
            with self.db.atomic():
                duplicate = self.db.execute("SELECT MIN(id) FROM tips WHERE text_hash = ?", [text_hash]).fetchone()[0]
                cursor = self.db.execute(
                    "INSERT INTO tips (receipt_hash, category, province_code, regency_code, when_text, when_date, "
                    "agency, role, accused_name, description, text_hash, duplicate_of, language, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [receipt_hash, tip.category, tip.province_code, tip.regency_code, tip.when_text, tip.when_date,
                     tip.agency, tip.role, tip.accused_name, tip.description, text_hash, duplicate, tip.language,
                     stamp, stamp],
                )
                tip_id = cursor.lastrowid
                self._event(tip_id, "status", stamp, status="received", actor="system")
                stored = [StoredFile(f["sha256"], f["relpath"], f["size"], f["ext"]) for f in tip.files]
                adopted = self.evidence.adopt_draft_files(draft_id, tip_id, stored) if stored and draft_id else []
                for meta, item in zip(tip.files, adopted, strict=True):
                    self._add_file(tip_id, meta["kind"], item, meta.get("mime"), "report", stamp)
                for url in tip.links:
                    self._add_link(tip_id, url, "report", stamp)
                self.outbox.enqueue(tip_id, "new_tip", {}, now)
                for step in in_transaction:
                    step()
        except BaseException:
            if "tip_id" in locals():
                self.evidence.remove_tip(tip_id)
            raise
        if draft_id:
            self.evidence.remove_draft(draft_id)
        log.info("tip %s stored (%d files, %d links)", tip_id, len(tip.files), len(tip.links))
        return tip_id, code

    # -- reading ---------------------------------------------------------------------------------------------
    def get(self, tip_id: int) -> Tip | None:
        if not 1 <= tip_id <= SQLITE_INT_MAX:  # not a tip, and a larger int would overflow SQLite's integer
            return None
        row = self.db.execute(f"SELECT {_TIP_COLUMNS} FROM tips WHERE id = ?", [tip_id]).fetchone()
        return Tip(*row) if row else None

    def find_by_code(self, code: str) -> Tip | None:
        normalized = normalize_code(code)
        if normalized is None:
            return None
        return self.find_by_hash(self.code_hash(normalized))

    def find_by_hash(self, receipt_hash: str) -> Tip | None:
        row = self.db.execute(f"SELECT {_TIP_COLUMNS} FROM tips WHERE receipt_hash = ?", [receipt_hash]).fetchone()
        return Tip(*row) if row else None

    def events(self, tip_id: int) -> list[Event]:
        rows = self.db.execute("SELECT id, tip_id, at, kind, status, text, actor FROM tip_events WHERE tip_id = ? "
                               "ORDER BY id", [tip_id])
        return [Event(*row) for row in rows.fetchall()]

    def event(self, event_id: int) -> Event | None:
        row = self.db.execute("SELECT id, tip_id, at, kind, status, text, actor FROM tip_events WHERE id = ?",
                              [event_id]).fetchone()
        return Event(*row) if row else None

    def evidence_of(self, tip_id: int, ids: Iterable[int] | None = None) -> list[Evidence]:
        rows = self.db.execute("SELECT id, tip_id, kind, sha256, path, size, mime, url, source, created_at "
                               "FROM tip_evidence WHERE tip_id = ? ORDER BY id", [tip_id]).fetchall()
        items = [Evidence(*row) for row in rows]
        if ids is not None:
            wanted = set(ids)
            items = [item for item in items if item.id in wanted]
        return items

    def list(self, *, status: str | None = None, category: str | None = None, province: str | None = None,
             regency: str | None = None, text: str | None = None, open_only: bool = False, limit: int = 20,
             offset: int = 0) -> list[Tip]:
        where, params = self._filters(status, category, province, regency, text, open_only)
        rows = self.db.execute(f"SELECT {_TIP_COLUMNS} FROM tips {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                               [*params, limit, offset])
        return [Tip(*row) for row in rows.fetchall()]

    def count(self, **filters: Any) -> int:
        where, params = self._filters(filters.get("status"), filters.get("category"), filters.get("province"),
                                      filters.get("regency"), filters.get("text"), filters.get("open_only", False))
        return self.db.execute(f"SELECT COUNT(*) FROM tips {where}", params).fetchone()[0]

    @staticmethod
    def _filters(status: str | None, category: str | None, province: str | None, regency: str | None,
                 text: str | None, open_only: bool) -> tuple[str, list]:
        clauses, params = [], []
        for column, value in (("status", status), ("category", category), ("province_code", province),
                              ("regency_code", regency)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if open_only:
            clauses.append("status != 'closed'")
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(description LIKE ? ESCAPE '\\' OR agency LIKE ? ESCAPE '\\' OR role LIKE ? ESCAPE '\\' "
                           "OR accused_name LIKE ? ESCAPE '\\' OR when_text LIKE ? ESCAPE '\\')")
            params.extend([pattern] * 5)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def stats(self) -> dict[str, dict[str, int]]:
        result = {}
        for name, column in (("status", "status"), ("category", "category"), ("province", "province_code"),
                             ("regency", "regency_code")):
            rows = self.db.execute(f"SELECT {column}, COUNT(*) FROM tips GROUP BY {column} ORDER BY COUNT(*) DESC, "
                                   f"{column}").fetchall()
            result[name] = {key: count for key, count in rows}
        result["total"] = {"all": self.db.execute("SELECT COUNT(*) FROM tips").fetchone()[0]}
        return result

    # -- reviewers' actions ----------------------------------------------------------------------------------
    def claim(self, tip_id: int, version: int, reviewer_hash: str, now: datetime | None = None) -> ActionResult:
        label = reviewer_label(reviewer_hash)
        stamp = to_iso(now or utcnow())
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE tips SET claimed_by = ?, claimed_hash = ?, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ? AND claimed_by IS NULL",
                [label, reviewer_hash, stamp, tip_id, version])
            if cursor.rowcount == 1:
                self._event(tip_id, "claim", stamp, actor=label, actor_hash=reviewer_hash)
        return self._result(tip_id, cursor.rowcount == 1)

    def release(self, tip_id: int, version: int, reviewer_hash: str, now: datetime | None = None) -> ActionResult:
        stamp = to_iso(now or utcnow())
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE tips SET claimed_by = NULL, claimed_hash = NULL, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ? AND claimed_hash = ?", [stamp, tip_id, version, reviewer_hash])
        return self._result(tip_id, cursor.rowcount == 1)

    def set_status(self, tip_id: int, version: int, new_status: str, reviewer_hash: str,
                   reason: str | None = None, now: datetime | None = None) -> ActionResult:
        """Compare-and-set: succeeds only if the tip is still at `version` (what the reviewer saw)."""
        if new_status not in STATUSES or (new_status == "closed") != (reason is not None):
            return ActionResult(False, "invalid", self.get(tip_id))
        if reason is not None and reason not in CLOSE_REASONS:
            return ActionResult(False, "invalid", self.get(tip_id))
        current = self.get(tip_id)
        if current is None:
            return ActionResult(False, "not_found")
        if current.version != version:
            return ActionResult(False, "conflict", current)
        if new_status not in TRANSITIONS[current.status]:
            return ActionResult(False, "invalid", current)
        label = reviewer_label(reviewer_hash)
        stamp = to_iso(now or utcnow())
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE tips SET status = ?, close_reason = ?, closed_at = ?, version = version + 1, updated_at = ? "
                "WHERE id = ? AND version = ? AND status = ?",
                [new_status, reason, stamp if new_status == "closed" else None, stamp, tip_id, version,
                 current.status])
            if cursor.rowcount == 1:
                self._event(tip_id, "status", stamp, status=new_status, text=reason, actor=label,
                            actor_hash=reviewer_hash)
        return self._result(tip_id, cursor.rowcount == 1)

    def ask(self, tip_id: int, question: str, reviewer_hash: str, now: datetime | None = None) -> Event | None:
        if self.get(tip_id) is None:
            return None
        stamp = to_iso(now or utcnow())
        with self.db.atomic():
            event_id = self._event(tip_id, "question", stamp, text=question, actor=reviewer_label(reviewer_hash),
                                   actor_hash=reviewer_hash)
            self.db.execute("UPDATE tips SET updated_at = ? WHERE id = ?", [stamp, tip_id])
        return self.event(event_id)

    def set_review_message(self, tip_id: int, message_id: int) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE tips SET review_message_id = ? WHERE id = ?", [message_id, tip_id])

    # -- tipster's follow-ups --------------------------------------------------------------------------------
    def reply(self, tip_id: int, text: str, now: datetime | None = None) -> Event:
        now = now or utcnow()
        stamp = to_iso(now)
        with self.db.atomic():
            event_id = self._event(tip_id, "reply", stamp, text=text, actor="tipster")
            self.db.execute("UPDATE tips SET updated_at = ? WHERE id = ?", [stamp, tip_id])
            self.outbox.enqueue(tip_id, "reply", {"event_id": event_id}, now)
        return self.event(event_id)

    def add_followup_evidence(self, tip_id: int, files: list[tuple[str, StoredFile, str | None]],
                              links: list[str], now: datetime | None = None) -> list[int]:
        """Record files already saved into the tip's folder and links; one review notice for all of them."""
        now = now or utcnow()
        stamp = to_iso(now)
        ids = []
        with self.db.atomic():
            for kind, stored, mime in files:
                ids.append(self._add_file(tip_id, kind, stored, mime, "followup", stamp))
            for url in links:
                ids.append(self._add_link(tip_id, url, "followup", stamp))
            count = len(ids)
            self._event(tip_id, "evidence", stamp, text=str(count), actor="tipster")
            self.db.execute("UPDATE tips SET updated_at = ? WHERE id = ?", [stamp, tip_id])
            self.outbox.enqueue(tip_id, "evidence", {"evidence_ids": ids}, now)
        return ids

    # -- retention -------------------------------------------------------------------------------------------
    def purge_closed(self, retention_days: int, now: datetime | None = None) -> list[int]:
        """Delete tips closed more than `retention_days` ago, with their events, evidence rows, outbox items and
        files. Returns the deleted ids."""
        cutoff = to_iso((now or utcnow()) - timedelta(days=retention_days))
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM tips WHERE status = 'closed' AND closed_at IS NOT NULL AND closed_at <= ?", [cutoff])]
        for tip_id in ids:
            with self.db.atomic():
                for table in ("tip_events", "tip_evidence", outbox.TABLE):
                    self.db.execute(f"DELETE FROM {table} WHERE tip_id = ?", [tip_id])
                self.db.execute("DELETE FROM tips WHERE id = ?", [tip_id])
            self.evidence.remove_tip(tip_id)
        if ids:
            log.info("retention: deleted %d closed tips", len(ids))
        return ids

    # -- helpers ---------------------------------------------------------------------------------------------
    def _event(self, tip_id: int, kind: str, stamp: str, *, status: str | None = None, text: str | None = None,
               actor: str, actor_hash: str | None = None) -> int:
        return self.db.execute(
            "INSERT INTO tip_events (tip_id, at, kind, status, text, actor, actor_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tip_id, stamp, kind, status, text, actor, actor_hash]).lastrowid

    def _add_file(self, tip_id: int, kind: str, stored: StoredFile, mime: str | None, source: str,
                  stamp: str) -> int:
        return self.db.execute(
            "INSERT INTO tip_evidence (tip_id, kind, sha256, path, size, mime, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [tip_id, kind, stored.sha256, stored.relpath, stored.size, mime, source, stamp]).lastrowid

    def _add_link(self, tip_id: int, url: str, source: str, stamp: str) -> int:
        return self.db.execute(
            "INSERT INTO tip_evidence (tip_id, kind, url, source, created_at) VALUES (?, 'link', ?, ?, ?)",
            [tip_id, url, source, stamp]).lastrowid

    def _result(self, tip_id: int, ok: bool) -> ActionResult:
        tip = self.get(tip_id)
        if tip is None:
            return ActionResult(False, "not_found")
        return ActionResult(ok, "" if ok else "conflict", tip)
