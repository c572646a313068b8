"""What users tell the maintainers without saying who they are: 👍/👎 per entry, and unanswered questions.

Nothing here stores a Telegram id, chat id, username, name or message id. Unanswered questions keep only the text,
its normalised tokens, the best score and the day (not the time), and identical questions on the same day are
counted in one row, so the table cannot be lined up against a chat's message times.
`VoteGuard` stops one person voting twice on the same card; it lives in memory only and forgets after a day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Sequence

import sqlite_utils

from bot.db import migrate


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS feedback (entry_id TEXT PRIMARY KEY, helpful INTEGER NOT NULL DEFAULT 0, "
        "not_helpful INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS unanswered (question TEXT NOT NULL, day TEXT NOT NULL, tokens TEXT NOT NULL, "
        "best_score REAL NOT NULL, count INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (question, day))"
    )


MIGRATIONS = [_create_tables]


class FeedbackStore:
    """Counts votes per entry and keeps the questions the bot could not answer."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        migrate(db, "feedback", MIGRATIONS)

    def vote(self, entry_id: str, helpful: bool) -> None:
        column = "helpful" if helpful else "not_helpful"
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO feedback (entry_id, {column}) VALUES (?, 1) "  # column is one of two fixed names
                f"ON CONFLICT(entry_id) DO UPDATE SET {column} = {column} + 1",
                [entry_id],
            )

    def counts(self, entry_id: str) -> tuple[int, int]:
        """(helpful, not helpful) for `entry_id`."""
        row = self.db.execute(
            "SELECT helpful, not_helpful FROM feedback WHERE entry_id = ?", [entry_id]
        ).fetchone()
        return (row[0], row[1]) if row else (0, 0)

    def record_unanswered(self, question: str, tokens: Sequence[str], best_score: float,
                          today: dt.date | None = None) -> None:
        question = " ".join(question.split())  # one line; the text itself is what maintainers need
        if not question:
            return
        day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO unanswered (question, day, tokens, best_score) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(question, day) DO UPDATE SET count = count + 1, "
                "best_score = MAX(best_score, excluded.best_score)",
                [question, day, " ".join(tokens), float(best_score)],
            )

    def unanswered(self, limit: int = 50) -> list[dict]:
        """The most often asked unanswered questions, for maintainers."""
        rows = self.db.execute(
            "SELECT question, tokens, MAX(best_score), SUM(count) AS asked, MAX(day) FROM unanswered "
            "GROUP BY question ORDER BY asked DESC, question LIMIT ?",
            [limit],
        ).fetchall()
        keys = ("question", "tokens", "best_score", "asked", "last_day")
        return [dict(zip(keys, row, strict=True)) for row in rows]


class VoteGuard:
    """Remembers (in memory, for `ttl` seconds) which voter already voted on which card."""

    def __init__(self, ttl: float = 24 * 3600, max_items: int = 100_000) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_vote(self, key: str) -> bool:
        """True the first time `key` is seen within `ttl`; records it."""
        now = time.monotonic()
        while self._seen:  # drop expired keys (oldest first) so memory stays bounded
            seen_at = next(iter(self._seen.values()))
            if now - seen_at < self.ttl and len(self._seen) < self.max_items:
                break
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True
