"""Abuse control without identity: per-sender counters under `sender_hash(user_id, "quota")`.

Each accepted tip (and each failed /status lookup) leaves one row: the keyed sender hash, the kind, the time and,
for tips, a keyed hash of the text (duplicate detection). Rows are deleted as soon as no rule needs them (24 h
for tips, 1 h for lookups), so the table never holds more than a day of activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from bot.tips.timefmt import to_iso, utcnow

TABLE = "tip_quota"
KEEP = {"tip": timedelta(days=1), "status": timedelta(hours=1)}


def create_table(db: sqlite_utils.Database) -> None:
    db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, sender TEXT NOT NULL, kind TEXT NOT NULL, "
               "at TEXT NOT NULL, text_hash TEXT)")
    db.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_sender ON {TABLE}(sender, kind, at)")


@dataclass(frozen=True)
class QuotaLimits:
    tips_per_hour: int = 3
    tips_per_day: int = 10
    status_attempts_per_hour: int = 20


class Quota:
    def __init__(self, db: sqlite_utils.Database, limits: QuotaLimits = QuotaLimits()) -> None:
        self.db = db
        self.limits = limits

    def tip_refusal(self, sender: str, text_hash: str | None = None, now: datetime | None = None) -> str | None:
        """None when `sender` may submit a tip now; otherwise "hour", "day" or "duplicate"."""
        now = now or utcnow()
        if text_hash is not None and self._count(sender, "tip", now - KEEP["tip"], text_hash) > 0:
            return "duplicate"
        if self._count(sender, "tip", now - timedelta(hours=1)) >= self.limits.tips_per_hour:
            return "hour"
        if self._count(sender, "tip", now - timedelta(days=1)) >= self.limits.tips_per_day:
            return "day"
        return None

    def record_tip(self, sender: str, text_hash: str, now: datetime | None = None) -> None:
        """Record an accepted tip; called inside the caller's transaction (the tip's own)."""
        self.db.execute(f"INSERT INTO {TABLE} (sender, kind, at, text_hash) VALUES (?, 'tip', ?, ?)",
                        [sender, to_iso(now or utcnow()), text_hash])

    def status_blocked(self, sender: str, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self._count(sender, "status", now - KEEP["status"]) >= self.limits.status_attempts_per_hour

    def record_failed_status(self, sender: str, now: datetime | None = None) -> None:
        with self.db.atomic():
            self.db.execute(f"INSERT INTO {TABLE} (sender, kind, at) VALUES (?, 'status', ?)",
                            [sender, to_iso(now or utcnow())])

    def purge(self, now: datetime | None = None) -> int:
        now = now or utcnow()
        removed = 0
        with self.db.atomic():
            for kind, keep in KEEP.items():
                cursor = self.db.execute(f"DELETE FROM {TABLE} WHERE kind = ? AND at <= ?", [kind, to_iso(now - keep)])
                removed += cursor.rowcount
        return removed

    def _count(self, sender: str, kind: str, since: datetime, text_hash: str | None = None) -> int:
        sql = f"SELECT COUNT(*) FROM {TABLE} WHERE sender = ? AND kind = ? AND at > ?"
        params: list = [sender, kind, to_iso(since)]
        if text_hash is not None:
            sql += " AND text_hash = ?"
            params.append(text_hash)
        return self.db.execute(sql, params).fetchone()[0]
