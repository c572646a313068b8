"""The tip store: submitting a tip in one transaction, receipt codes, status history, reviewers' questions and
tipsters' replies, listing and filtering, retention and deleting a tip for good.

Everything a tip says is sealed with the tips key before it reaches SQLite (see bot/tips/schema.py for which
columns, bot/tips/crypto.py for how) and opened on the way out, so callers see plain `Tip`, `Event` and `Evidence`
values. Category, region, status and dates stay in clear for lists and statistics; searching the text decrypts in
memory. No Telegram types and nothing that identifies a tipster: reviewers appear as a keyed hash and a short label
("R-3F2A"); tipsters only ever see the role ("Peninjau"). Deleted rows are overwritten (secure_delete) and the WAL
is emptied after every deletion.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlite_utils

from bot.numbers import SQLITE_INT_MAX
from bot.storage import migrate
from bot.tips import outbox
from bot.tips.evidence import EvidenceStore, StoredFile
from bot.tips.queries import TIP_COLUMNS as _TIP_COLUMNS
from bot.tips.queries import TipQueries
from bot.tips.records import (  # noqa: F401 - re-exported: callers import these from the store
    CATEGORIES,
    CLOSE_REASONS,
    CODE_ALPHABET,
    STATUSES,
    TRANSITIONS,
    ActionResult,
    Event,
    Evidence,
    Tip,
    TipInput,
    generate_code,
    inserted_id,
    normalize_code,
    reviewer_label,
)
from bot.tips.schema import (
    SEALED_TIP_COLUMNS,
    create_tables,
    ensure_pepper,
    migrations,
    scrub_wal,
    text_hash,
    where,
)
from bot.tips.timefmt import to_iso, utcnow

log = logging.getLogger(__name__)

# The plaintext schema (version 1); `TipStore` adds the step that encrypts it (schema.LegacyEncryption), which
# needs the tips key and so cannot be a module-level function.
MIGRATIONS = [create_tables]
_SEALED_AT = {4: "when_text", 6: "agency", 7: "role", 8: "accused_name", 9: "description"}
_EVIDENCE_COLUMNS = "id, tip_id, kind, sha256, path, size, mime, url, source, created_at, note"


class TipStore(TipQueries):
    def __init__(self, db: sqlite_utils.Database, key: bytes, evidence: EvidenceStore,
                 receipt_iterations: int = 60_000) -> None:
        """`key` is the pseudonym key (receipt-code salt, unchanged so old codes keep working); the tips key comes
        with `evidence.cipher`."""
        self.db = db
        self.evidence = evidence
        self.cipher = evidence.cipher
        self._code_salt = hmac.new(key, b"tips:receipt-code", hashlib.sha256).digest()
        self.receipt_iterations = receipt_iterations
        # Deleted tips (retention, cancelled drafts) are overwritten on disk, not just unlinked from the b-tree.
        self.db.execute("PRAGMA secure_delete=ON")
        steps, legacy = migrations(self.cipher, evidence)
        migrate(db, "tips", steps)
        if legacy.ran:
            self._finish_legacy_encryption(legacy.replaced)
        with self.db.atomic():
            self.pepper = ensure_pepper(db, self.cipher)
        self.outbox = outbox.Outbox(db)

    def _finish_legacy_encryption(self, replaced: list) -> None:
        """After migration 2 committed: remove the plaintext files and draft folders, rewrite the database file
        so no page keeps plaintext, and empty the WAL."""
        for path in replaced:
            path.unlink(missing_ok=True)
        self.evidence.remove_all_drafts()
        if self.db.conn.in_transaction:
            return
        self.db.execute("VACUUM")
        scrub_wal(self.db)

    def pseudonym_key(self, purpose: str) -> bytes:
        """A key derived from the pepper (needs the tips key, survives key rotation), e.g. for draft owners."""
        return hmac.new(self.pepper, f"tips:{purpose}".encode(), hashlib.sha256).digest()

    # -- hashing ---------------------------------------------------------------------------------------------
    def code_hash(self, code: str) -> str:
        return hashlib.pbkdf2_hmac("sha256", code.encode(), self._code_salt, self.receipt_iterations).hex()

    def new_receipt(self) -> tuple[str, str]:
        """A fresh receipt code and its hash. Slow on purpose (PBKDF2): callers in an event loop run it in a
        thread (asyncio.to_thread; hashlib releases the GIL) and pass the pair to `create`."""
        code = generate_code()
        return code, self.code_hash(code)

    def text_hash(self, text: str) -> str:
        return text_hash(self.pepper, text)

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
                    "agency, role, description, text_hash, duplicate_of, language, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, x'', ?, x'', x'', x'', ?, ?, ?, ?, ?)",
                    [receipt_hash, tip.category, tip.province_code, tip.regency_code, tip.when_date, text_hash,
                     duplicate, tip.language, stamp, stamp],
                )
                tip_id = inserted_id(cursor)
                self._seal_tip(tip_id, tip)
                self._event(tip_id, "status", stamp, status="received", actor="system")
                stored = [StoredFile(f["sha256"], f["relpath"], f["size"], f["ext"]) for f in tip.files]
                adopted = self.evidence.adopt_draft_files(draft_id, tip_id, stored) if stored and draft_id else []
                for meta, item in zip(tip.files, adopted, strict=True):
                    self._add_file(tip_id, meta["kind"], item, meta.get("mime"), "report", stamp, meta.get("note"))
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
        scrub_wal(self.db)  # the draft row just deleted must not survive as an old page image in the WAL
        log.info("tip %s stored (%d files, %d links)", tip_id, len(tip.files), len(tip.links))
        return tip_id, code

    # -- reading ---------------------------------------------------------------------------------------------
    def get(self, tip_id: int) -> Tip | None:
        if not 1 <= tip_id <= SQLITE_INT_MAX:  # not a tip, and a larger int would overflow SQLite's integer
            return None
        row = self.db.execute(f"SELECT {_TIP_COLUMNS} FROM tips WHERE id = ?", [tip_id]).fetchone()
        return self._tip(row) if row else None

    def find_by_code(self, code: str) -> Tip | None:
        normalized = normalize_code(code)
        if normalized is None:
            return None
        return self.find_by_hash(self.code_hash(normalized))

    def find_by_hash(self, receipt_hash: str) -> Tip | None:
        row = self.db.execute(f"SELECT {_TIP_COLUMNS} FROM tips WHERE receipt_hash = ?", [receipt_hash]).fetchone()
        return self._tip(row) if row else None

    def events(self, tip_id: int) -> list[Event]:
        rows = self.db.execute("SELECT id, tip_id, at, kind, status, text, actor FROM tip_events WHERE tip_id = ? "
                               "ORDER BY id", [tip_id])
        return [self._event_of(row) for row in rows.fetchall()]

    def event(self, event_id: int) -> Event | None:
        row = self.db.execute("SELECT id, tip_id, at, kind, status, text, actor FROM tip_events WHERE id = ?",
                              [event_id]).fetchone()
        return self._event_of(row) if row else None

    def evidence_of(self, tip_id: int, ids: Iterable[int] | None = None) -> list[Evidence]:
        rows = self.db.execute(f"SELECT {_EVIDENCE_COLUMNS} FROM tip_evidence WHERE tip_id = ? ORDER BY id",
                               [tip_id]).fetchall()
        items = [self._evidence_of(row) for row in rows]
        if ids is not None:
            wanted = set(ids)
            items = [item for item in items if item.id in wanted]
        return items

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
        event = self.event(event_id)
        if event is None:  # pragma: no cover - the row was written in the transaction above
            raise RuntimeError("reply not stored")
        return event

    def add_followup_evidence(self, tip_id: int, files: list[tuple], links: list[str],
                              now: datetime | None = None) -> list[int]:
        """Record files already saved into the tip's folder ((kind, StoredFile, mime[, note]) each) and links;
        one review notice for all of them."""
        now = now or utcnow()
        stamp = to_iso(now)
        ids = []
        with self.db.atomic():
            for kind, stored, mime, *note in files:
                ids.append(self._add_file(tip_id, kind, stored, mime, "followup", stamp, *note))
            for url in links:
                ids.append(self._add_link(tip_id, url, "followup", stamp))
            count = len(ids)
            self._event(tip_id, "evidence", stamp, text=str(count), actor="tipster")
            self.db.execute("UPDATE tips SET updated_at = ? WHERE id = ?", [stamp, tip_id])
            self.outbox.enqueue(tip_id, "evidence", {"evidence_ids": ids}, now)
        return ids

    # -- retention and deletion ------------------------------------------------------------------------------
    def purge_expired(self, closed_days: int, inactive_days: int, now: datetime | None = None) -> list[int]:
        """Delete tips closed more than `closed_days` ago, and every tip (open or closed) without activity for
        `inactive_days`, with their events, evidence rows, outbox items and files. Returns the deleted ids."""
        now = now or utcnow()
        closed_cutoff = to_iso(now - timedelta(days=closed_days))
        idle_cutoff = to_iso(now - timedelta(days=inactive_days))
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM tips WHERE (status = 'closed' AND closed_at IS NOT NULL AND closed_at <= ?) "
            "OR updated_at <= ? ORDER BY id", [closed_cutoff, idle_cutoff])]
        for tip_id in ids:
            self._delete(tip_id)
        if ids:
            scrub_wal(self.db)
            log.info("retention: deleted %d tips", len(ids))
        return ids

    def delete(self, tip_id: int) -> bool:
        """Delete one tip now, for good (a reviewer's purge). False when there is no such tip."""
        if self.get(tip_id) is None:
            return False
        self._delete(tip_id)
        scrub_wal(self.db)
        log.info("tip %s deleted by a reviewer", tip_id)
        return True

    def _delete(self, tip_id: int) -> None:
        with self.db.atomic():
            for table in ("tip_events", "tip_evidence", outbox.TABLE):
                self.db.execute(f"DELETE FROM {table} WHERE tip_id = ?", [tip_id])
            self.db.execute("DELETE FROM tips WHERE id = ?", [tip_id])
        self.evidence.remove_tip(tip_id)

    # -- sealing and opening ---------------------------------------------------------------------------------
    def _seal_tip(self, tip_id: int, tip: TipInput) -> None:
        values = {"when_text": tip.when_text, "agency": tip.agency, "role": tip.role,
                  "accused_name": tip.accused_name, "description": tip.description}
        assignments = ", ".join(f"{column} = ?" for column in SEALED_TIP_COLUMNS)
        self.db.execute(f"UPDATE tips SET {assignments} WHERE id = ?",
                        [*(self.cipher.seal_text(values[c], where("tips", c, tip_id)) for c in SEALED_TIP_COLUMNS),
                         tip_id])

    def _tip(self, row: tuple) -> Tip:
        values = list(row)
        for index, column in _SEALED_AT.items():
            values[index] = self.cipher.open_text(values[index], where("tips", column, values[0]))
        return Tip(*values)

    def _event_of(self, row: tuple) -> Event:
        event_id, tip_id, at, kind, status, text, actor = row
        return Event(event_id, tip_id, at, kind, status,
                     self.cipher.open_text(text, where("tip_events", "text", tip_id)), actor)

    def _evidence_of(self, row: tuple) -> Evidence:
        values = list(row)
        tip_id = values[1]
        values[3] = self.cipher.open_text(values[3], where("tip_evidence", "sha256", tip_id))
        values[7] = self.cipher.open_text(values[7], where("tip_evidence", "url", tip_id))
        return Evidence(*values)

    # -- helpers ---------------------------------------------------------------------------------------------
    def _event(self, tip_id: int, kind: str, stamp: str, *, status: str | None = None, text: str | None = None,
               actor: str, actor_hash: str | None = None) -> int:
        sealed = self.cipher.seal_text(text, where("tip_events", "text", tip_id))
        return inserted_id(self.db.execute(
            "INSERT INTO tip_events (tip_id, at, kind, status, text, actor, actor_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tip_id, stamp, kind, status, sealed, actor, actor_hash]))

    def _add_file(self, tip_id: int, kind: str, stored: StoredFile, mime: str | None, source: str,
                  stamp: str, note: str | None = None) -> int:
        sha = self.cipher.seal_text(stored.sha256, where("tip_evidence", "sha256", tip_id))
        return inserted_id(self.db.execute(
            "INSERT INTO tip_evidence (tip_id, kind, sha256, path, size, mime, source, created_at, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [tip_id, kind, sha, stored.relpath, stored.size, mime, source, stamp, note]))

    def _add_link(self, tip_id: int, url: str, source: str, stamp: str) -> int:
        return inserted_id(self.db.execute(
            "INSERT INTO tip_evidence (tip_id, kind, url, source, created_at) VALUES (?, 'link', ?, ?, ?)",
            [tip_id, self.cipher.seal_text(url, where("tip_evidence", "url", tip_id)), source, stamp]))

    def _result(self, tip_id: int, ok: bool) -> ActionResult:
        tip = self.get(tip_id)
        if tip is None:
            return ActionResult(False, "not_found")
        return ActionResult(ok, "" if ok else "conflict", tip)
