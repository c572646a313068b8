"""The tips tables, their migrations, and the keyed hashes that live beside them.

Version 1 is the original schema (plaintext). Version 2 encrypts an existing database in place: every text a
tipster or reviewer wrote is sealed (bot/tips/crypto.py), evidence files are cleaned of metadata
(bot/tips/scrub.py), encrypted and renamed to random names, duplicate hashes are recomputed under the new pepper, the
old per-sender quota rows (which could link a sender to a tip) are dropped, and drafts keyed under the old pseudonym
are discarded. `TipStore` then rewrites the database file (VACUUM) and empties the WAL, so no plaintext page survives.

The pepper is 32 random bytes stored sealed in `tips_meta`: the duplicate-text hash and the drafts' sender key are
derived from it, so they need the tips key to compute, yet stay the same when the key is rotated.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from bot.tips import drafts, outbox
from bot.tips.crypto import Cipher
from bot.tips.evidence import EvidenceStore
from bot.tips.scrub import NotAnImage, scrub
from bot.tips.wipe import scrub_wal  # noqa: F401 - re-exported for the store

log = logging.getLogger(__name__)

SEALED_TIP_COLUMNS = ("when_text", "agency", "role", "accused_name", "description")
SEALED_EVIDENCE_COLUMNS = ("sha256", "url")
META = "tips_meta"


def where(table: str, column: str, tip_id: int) -> str:
    """The associated data of a sealed value: it opens only in the column and tip it was written for."""
    return f"{table}.{column}:{int(tip_id)}"


def create_tables(db: sqlite_utils.Database) -> None:
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
    outbox.create_table(db)


def ensure_pepper(db: sqlite_utils.Database, cipher: Cipher) -> bytes:
    db.execute(f"CREATE TABLE IF NOT EXISTS {META} (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
    row = db.execute(f"SELECT value FROM {META} WHERE name = 'pepper'").fetchone()
    if row is not None:
        return cipher.open(bytes(row[0]), f"{META}:pepper")
    pepper = secrets.token_bytes(32)
    db.execute(f"INSERT INTO {META} (name, value) VALUES ('pepper', ?)", [cipher.seal(pepper, f"{META}:pepper")])
    return pepper


def text_hash(pepper: bytes, text: str) -> str:
    """Keyed hash of a description for duplicate detection (same words, any case or punctuation)."""
    key = hmac.new(pepper, b"tips:text-hash", hashlib.sha256).digest()
    normalized = " ".join(re.findall(r"\w+", text.casefold()))
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


class LegacyEncryption:
    """Migration step 2 (see the module docstring). Files replaced by encrypted copies are listed in `replaced`
    and removed by the caller only after the step has committed, so a failed migration loses nothing."""

    def __init__(self, cipher: Cipher, evidence: EvidenceStore) -> None:
        self.cipher = cipher
        self.evidence = evidence
        self.replaced: list[Path] = []
        self.ran = False

    def __call__(self, db: sqlite_utils.Database) -> None:
        self.ran = True
        pepper = ensure_pepper(db, self.cipher)
        db.execute("ALTER TABLE tip_evidence ADD COLUMN note TEXT")
        db.execute("DROP TABLE IF EXISTS tip_quota")  # sender hashes with text hashes and exact times: linkable
        dropped = db.execute(f"DELETE FROM {drafts.TABLE}").rowcount  # keyed under the old pseudonym key
        columns = ", ".join(SEALED_TIP_COLUMNS)
        tips = db.execute(f"SELECT id, {columns} FROM tips").fetchall()
        for tip_id, *values in tips:
            sealed = [self._seal(value, where("tips", column, tip_id))
                      for column, value in zip(SEALED_TIP_COLUMNS, values, strict=True)]
            assignments = ", ".join(f"{column} = ?" for column in SEALED_TIP_COLUMNS)
            db.execute(f"UPDATE tips SET {assignments}, text_hash = ? WHERE id = ?",
                       [*sealed, text_hash(pepper, values[-1] or ""), tip_id])
        events = db.execute("SELECT id, tip_id, text FROM tip_events").fetchall()
        for event_id, tip_id, text in events:
            db.execute("UPDATE tip_events SET text = ? WHERE id = ?",
                       [self._seal(text, where("tip_events", "text", tip_id)), event_id])
        rows = db.execute("SELECT id, tip_id, sha256, url, path, mime FROM tip_evidence").fetchall()
        for evidence_id, tip_id, sha256, url, path, mime in rows:
            self._evidence(db, evidence_id, tip_id, sha256, url, path, mime)
        log.info("tips: encrypted %d tips, %d events and %d evidence rows; %d old drafts discarded", len(tips),
                 len(events), len(rows), dropped)

    def _seal(self, value: object, context: str) -> object:
        return self.cipher.seal_text(value, context) if isinstance(value, str) else value

    def _evidence(self, db: sqlite_utils.Database, evidence_id: int, tip_id: int, sha256: str | None,
                  url: str | None, path: str | None, mime: str | None) -> None:
        note = None
        if path:
            old = self.evidence.data_dir / path
            try:
                data = old.read_bytes()
            except OSError:
                data = None
            if data is not None:
                ext = path.rsplit(".", 1)[-1].lower()
                try:
                    cleaned = scrub(data, ext, mime)
                    data, ext, note = cleaned.data, cleaned.ext, cleaned.flag
                    mime = cleaned.mime or mime
                except NotAnImage:
                    note = "unreadable"
                stored = self.evidence.save_tip_file(tip_id, data, ext)
                path, sha256 = stored.relpath, stored.sha256
                db.execute("UPDATE tip_evidence SET size = ? WHERE id = ?", [stored.size, evidence_id])
                self.replaced.append(old)
        db.execute("UPDATE tip_evidence SET sha256 = ?, url = ?, path = ?, mime = ?, note = ? WHERE id = ?",
                   [self._seal(sha256, where("tip_evidence", "sha256", tip_id)),
                    self._seal(url, where("tip_evidence", "url", tip_id)), path, mime, note, evidence_id])


def migrations(cipher: Cipher, evidence: EvidenceStore) -> tuple[list[Callable], LegacyEncryption]:
    step = LegacyEncryption(cipher, evidence)
    return [create_tables, step], step
