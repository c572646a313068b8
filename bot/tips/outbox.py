"""Notices for the review group that must not be lost: written in the same transaction as the tip (or reply,
or added evidence) and delivered later by a job, with exponential backoff while the group is unreachable.

An item carries only ids (`tip_id`, event or evidence ids); the text is rendered at delivery time from the tip
store, so nothing about the tipster is ever in the payload. `progress` counts the parts already delivered (the
notice, then each evidence file), so a retry resumes instead of repeating what reviewers already have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from bot.tips.records import inserted_id
from bot.tips.timefmt import to_iso, utcnow

TABLE = "tip_outbox"
BACKOFF_START = timedelta(seconds=10)
BACKOFF_MAX = timedelta(hours=1)


def create_table(db: sqlite_utils.Database) -> None:
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, tip_id INTEGER NOT NULL, "
        "kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', state TEXT NOT NULL DEFAULT 'pending', "
        "progress INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT NOT NULL, "
        "last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT)"
    )
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_due ON {TABLE}(state, next_at)")


@dataclass(frozen=True)
class OutboxItem:
    id: int
    tip_id: int
    kind: str
    payload: dict[str, Any]
    progress: int
    attempts: int
    next_at: str
    last_error: str | None
    created_at: str


def backoff(attempts: int, start: timedelta = BACKOFF_START) -> timedelta:
    """Delay before the next try after `attempts` failures: 10 s, 20 s, 40 s ... at most an hour."""
    return min(start * (2 ** min(max(attempts - 1, 0), 16)), BACKOFF_MAX)


class Outbox:
    def __init__(self, db: sqlite_utils.Database, backoff_start: timedelta = BACKOFF_START) -> None:
        self.db = db
        self.backoff_start = backoff_start

    def enqueue(self, tip_id: int, kind: str, payload: dict[str, Any] | None = None,
                now: datetime | None = None) -> int:
        """Add an item; called inside the caller's transaction so that it commits with what it announces."""
        stamp = to_iso(now or utcnow())
        cursor = self.db.execute(
            f"INSERT INTO {TABLE} (tip_id, kind, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?)",
            [tip_id, kind, json.dumps(payload or {}), stamp, stamp],
        )
        return inserted_id(cursor)

    def due(self, now: datetime | None = None, limit: int = 20) -> list[OutboxItem]:
        rows = self.db.execute(
            f"SELECT * FROM {TABLE} WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT ?",
            [to_iso(now or utcnow()), limit],
        )
        return [_item(row) for row in rows.fetchall()]

    def pending(self) -> list[OutboxItem]:
        rows = self.db.execute(f"SELECT * FROM {TABLE} WHERE state = 'pending' ORDER BY id")
        return [_item(row) for row in rows.fetchall()]

    def set_progress(self, item_id: int, progress: int) -> None:
        with self.db.atomic():
            self.db.execute(f"UPDATE {TABLE} SET progress = ? WHERE id = ?", [progress, item_id])

    def mark_sent(self, item_id: int, now: datetime | None = None) -> None:
        with self.db.atomic():
            self.db.execute(f"UPDATE {TABLE} SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
                            [to_iso(now or utcnow()), item_id])

    def mark_failed(self, item_id: int, error: str, now: datetime | None = None) -> timedelta:
        now = now or utcnow()
        with self.db.atomic():
            row = self.db.execute(f"SELECT attempts FROM {TABLE} WHERE id = ?", [item_id]).fetchone()
            attempts = (row[0] if row else 0) + 1
            delay = backoff(attempts, self.backoff_start)
            self.db.execute(f"UPDATE {TABLE} SET attempts = ?, next_at = ?, last_error = ? WHERE id = ?",
                            [attempts, to_iso(now + delay), error[:300], item_id])
        return delay

    def retry_now(self, now: datetime | None = None) -> int:
        """Make every pending item due at once (a reviewer asked for it)."""
        with self.db.atomic():
            return self.db.execute(f"UPDATE {TABLE} SET next_at = ? WHERE state = 'pending'",
                                   [to_iso(now or utcnow())]).rowcount

    def purge_sent(self, older_than: timedelta = timedelta(days=7), now: datetime | None = None) -> int:
        cutoff = to_iso((now or utcnow()) - older_than)
        with self.db.atomic():
            return self.db.execute(f"DELETE FROM {TABLE} WHERE state = 'sent' AND sent_at <= ?", [cutoff]).rowcount


def _item(row: tuple) -> OutboxItem:
    (item_id, tip_id, kind, payload, _state, progress, attempts, next_at, last_error, created_at, _sent) = row
    return OutboxItem(item_id, tip_id, kind, json.loads(payload), progress, attempts, next_at, last_error,
                      created_at)
