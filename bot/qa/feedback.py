"""What users tell the maintainers without saying who they are: 👍/👎 per entry, and unanswered questions.

Nothing here stores a Telegram id, chat id, username, name or message id. Unanswered questions keep only the text,
its normalised tokens, the best score and the day (not the time), and identical questions on the same day are
counted in one row, so the table cannot be lined up against a chat's message times.
The bot buffers unanswered questions in memory (`buffer_unanswered`) and writes them in batches: they are maintainer
analytics, never acknowledged to anyone, and one fsync per batch instead of one per question keeps a
synchronous=FULL commit (about 1-2 ms) off the path of every unknown question. The handlers flush on a timer and
when the bot stops; readers in this process flush first.
`VoteGuard` stops one person voting twice on the same card; it lives in memory only and forgets after a day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Sequence

import sqlite_utils

from bot.storage import migrate

FLUSH_AT = 100  # buffered unanswered questions (distinct question and day) that trigger a write


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

    def __init__(self, db: sqlite_utils.Database, flush_at: int = FLUSH_AT) -> None:
        self.db = db
        self.flush_at = flush_at
        # (question, day) -> [tokens, best score, times asked]: the same fields as a row of `unanswered`, no more.
        self._pending: dict[tuple[str, str], list] = {}
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
        """Keep an unanswered question now (with anything buffered before it)."""
        self.buffer_unanswered(question, tokens, best_score, today)
        self.flush()

    def buffer_unanswered(self, question: str, tokens: Sequence[str], best_score: float,
                          today: dt.date | None = None) -> None:
        """Keep an unanswered question in memory; written with the next `flush` (at the latest when `flush_at`
        distinct questions are waiting)."""
        question = " ".join(question.split())  # one line; the text itself is what maintainers need
        if not question:
            return
        day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
        pending = self._pending.get((question, day))
        if pending is None:  # like the table: the first tokens stay, the count and the best score grow
            self._pending[(question, day)] = [" ".join(tokens), float(best_score), 1]
        else:
            pending[1] = max(pending[1], float(best_score))
            pending[2] += 1
        if len(self._pending) >= self.flush_at:
            self.flush()

    def flush(self) -> int:
        """Write the buffered unanswered questions in one transaction; returns how many rows were written."""
        if not self._pending:
            return 0
        rows = [(question, day, tokens, score, count)
                for (question, day), (tokens, score, count) in self._pending.items()]
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO unanswered (question, day, tokens, best_score, count) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(question, day) DO UPDATE SET count = count + excluded.count, "
                "best_score = MAX(best_score, excluded.best_score)",
                rows,
            )
        self._pending.clear()  # only after the commit: a failed write keeps the questions for the next flush
        return len(rows)

    def unanswered(self, limit: int = 50) -> list[dict]:
        """The most often asked unanswered questions, for maintainers."""
        self.flush()
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
