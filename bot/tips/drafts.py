"""Half-finished /lapor reports, one row per tipster, keyed by a keyed hash of the sender (see
`TipsService.draft_key`: its key is derived from the sealed pepper, so it needs the tips key to compute).

The row is written at once on every step, so a restart of the bot loses nothing: the tipster continues at the
step where they were. The draft's content is sealed with the tips key. This row is the one place where something
computed from a Telegram id sits next to what a tipster wrote (docs/privacy.md): it exists only while the report
is unfinished and is deleted, with SQLite's secure delete and an emptied WAL, on submit, cancel or expiry.
Drafts expire `ttl` after their last change; expired rows are ignored on read and deleted by `purge_expired`.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from bot.tips.crypto import Cipher
from bot.tips.timefmt import from_iso, to_iso, utcnow

TABLE = "tip_drafts"


def create_table(db: sqlite_utils.Database) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, draft_id TEXT NOT NULL, step TEXT NOT NULL, "
        "data TEXT NOT NULL, language TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
        "expires_at TEXT NOT NULL)"
    )
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_expires ON {TABLE}(expires_at)")


@dataclass
class Draft:
    key: str
    step: str
    language: str = "id"
    data: dict[str, Any] = field(default_factory=dict)
    draft_id: str = field(default_factory=lambda: secrets.token_hex(8))
    created_at: str = field(default_factory=lambda: to_iso(utcnow()))

    @property
    def nonce(self) -> str:
        """Six characters that tie inline buttons to this draft: buttons of an older draft are stale."""
        return self.draft_id[:6]


class DraftStore:
    def __init__(self, db: sqlite_utils.Database, cipher: Cipher, ttl: timedelta = timedelta(hours=48)) -> None:
        self.db = db
        self.cipher = cipher
        self.ttl = ttl

    def get(self, key: str, now: datetime | None = None) -> Draft | None:
        row = self.db.execute(
            f"SELECT key, draft_id, step, data, language, created_at, expires_at FROM {TABLE} WHERE key = ?", [key]
        ).fetchone()
        if row is None:
            return None
        if from_iso(row[6]) <= (now or utcnow()):
            return None
        data = json.loads(self.cipher.open(bytes(row[3]), _where(row[0])))
        return Draft(key=row[0], draft_id=row[1], step=row[2], data=data, language=row[4], created_at=row[5])

    def exists(self, key: str, now: datetime | None = None) -> bool:
        row = self.db.execute(f"SELECT expires_at FROM {TABLE} WHERE key = ?", [key]).fetchone()
        return row is not None and from_iso(row[0]) > (now or utcnow())

    def save(self, draft: Draft, now: datetime | None = None) -> None:
        now = now or utcnow()
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO {TABLE} (key, draft_id, step, data, language, created_at, updated_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET draft_id = excluded.draft_id, "
                "step = excluded.step, data = excluded.data, language = excluded.language, "
                "updated_at = excluded.updated_at, expires_at = excluded.expires_at",
                [draft.key, draft.draft_id, draft.step,
                 self.cipher.seal(json.dumps(draft.data, ensure_ascii=False).encode(), _where(draft.key)),
                 draft.language, draft.created_at, to_iso(now), to_iso(now + self.ttl)],
            )

    def delete(self, key: str) -> None:
        with self.db.atomic():
            self.db.execute(f"DELETE FROM {TABLE} WHERE key = ?", [key])

    def delete_in_transaction(self, key: str) -> None:
        """For callers that delete the draft inside their own transaction (submitting the tip)."""
        self.db.execute(f"DELETE FROM {TABLE} WHERE key = ?", [key])

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Delete expired drafts; returns their draft ids so their evidence folders can be removed."""
        cutoff = to_iso(now or utcnow())
        with self.db.atomic():
            ids = [r[0] for r in self.db.execute(f"SELECT draft_id FROM {TABLE} WHERE expires_at <= ?", [cutoff])]
            self.db.execute(f"DELETE FROM {TABLE} WHERE expires_at <= ?", [cutoff])
        return ids

    def live_draft_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute(f"SELECT draft_id FROM {TABLE}")}


def _where(key: str) -> str:
    return f"{TABLE}.data:{key}"
