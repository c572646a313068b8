"""What users tell the maintainers without saying who they are: 👍/👎 per entry, unanswered questions, the questions
that got a 👎 with what the user meant instead, and how often each entry is answered.

Nothing here stores a Telegram id, chat id, username, name or message id. Unanswered questions keep only the text,
its normalised tokens, the best score and the day (not the time), and identical questions on the same day are
counted in one row, so the table cannot be lined up against a chat's message times.
The bot buffers unanswered questions in memory (`buffer_unanswered`) and writes them in batches: they are maintainer
analytics, never acknowledged to anyone, and one fsync per batch instead of one per question keeps a
synchronous=FULL commit (about 1-2 ms) off the path of every unknown question. The handlers flush on a timer and
when the bot stops; readers in this process flush first.
A 👎 is kept as a row of `wrong_answers`: the question text, the day, the entry the bot gave and the entry the user
then chose ("" until they choose, "-" for "none of these"), counted like `unanswered`, so that a confident wrong card
can be found (`python -m bot feedback`) and fixed. Answers per entry (`asked`) are counted in memory and written
with the unanswered questions; they order the inline mode's suggestions.
`VoteGuard` stops one person voting twice on the same card, and `RecentQuestions` remembers which question a card
answered until someone votes on it; both live in memory only and forget after a day or two.
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


def _create_wrong_answers(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS wrong_answers (question TEXT NOT NULL, day TEXT NOT NULL, given TEXT NOT NULL, "
        "chosen TEXT NOT NULL DEFAULT '', count INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (question, day, given, chosen))"
    )
    db.execute("CREATE TABLE IF NOT EXISTS asked (entry_id TEXT PRIMARY KEY, count INTEGER NOT NULL DEFAULT 0)")


MIGRATIONS = [_create_tables, _create_wrong_answers]
NOT_CHOSEN = ""  # wrong_answers.chosen before the user picks
NONE_FITS = "-"  # wrong_answers.chosen when the user says that no entry fits


class FeedbackStore:
    """Counts votes per entry and keeps the questions the bot could not answer."""

    def __init__(self, db: sqlite_utils.Database, flush_at: int = FLUSH_AT) -> None:
        self.db = db
        self.flush_at = flush_at
        # (question, day) -> [tokens, best score, times asked]: the same fields as a row of `unanswered`, no more.
        self._pending: dict[tuple[str, str], list] = {}
        self._asked: dict[str, int] = {}  # entry id -> answers not yet written
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
        """Write the buffered unanswered questions (and answer counts) in one transaction; returns how many
        unanswered rows were written."""
        if not self._pending and not self._asked:
            return 0
        asked = list(self._asked.items())
        rows = [(question, day, tokens, score, count)
                for (question, day), (tokens, score, count) in self._pending.items()]
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO unanswered (question, day, tokens, best_score, count) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(question, day) DO UPDATE SET count = count + excluded.count, "
                "best_score = MAX(best_score, excluded.best_score)",
                rows,
            )
            self.db.conn.executemany(
                "INSERT INTO asked (entry_id, count) VALUES (?, ?) "
                "ON CONFLICT(entry_id) DO UPDATE SET count = count + excluded.count",
                asked,
            )
        self._pending.clear()  # only after the commit: a failed write keeps the questions for the next flush
        self._asked.clear()
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


    # -- answers per entry ---------------------------------------------------------------------------------------

    def buffer_answered(self, entry_id: str) -> None:
        """Count one confident answer with `entry_id` (written with the next `flush`)."""
        self._asked[entry_id] = self._asked.get(entry_id, 0) + 1

    def most_asked(self, limit: int = 8) -> list[str]:
        """Entry ids, most often answered first (written and buffered counts together; no write here)."""
        counts = dict(self.db.execute("SELECT entry_id, count FROM asked").fetchall())
        for entry_id, count in self._asked.items():
            counts[entry_id] = counts.get(entry_id, 0) + count
        return sorted(counts, key=lambda entry_id: (-counts[entry_id], entry_id))[:limit]

    # -- 👎 and what the user meant ---------------------------------------------------------------------------------

    def record_wrong(self, question: str, given: str, day: str) -> None:
        """A 👎 on the card `given` that answered `question` (on `day`, an ISO date); the choice follows later."""
        self._add_wrong(question, day, given, NOT_CHOSEN)

    def record_choice(self, question: str, given: str, chosen: str | None, day: str) -> None:
        """What the user meant after a 👎: an entry id, or None for "none of these". Moves one count of the row
        recorded by `record_wrong` (if it is there) to the row with the choice, in one transaction."""
        question = " ".join(question.split())
        key = [question, day, given, NOT_CHOSEN]
        with self.db.atomic():
            self.db.execute("UPDATE wrong_answers SET count = count - 1 WHERE question = ? AND day = ? AND given = ? "
                            "AND chosen = ?", key)
            self.db.execute("DELETE FROM wrong_answers WHERE count <= 0")
            self._upsert_wrong([question, day, given, chosen or NONE_FITS])

    def _add_wrong(self, question: str, day: str, given: str, chosen: str) -> None:
        with self.db.atomic():
            self._upsert_wrong([" ".join(question.split()), day, given, chosen])

    def _upsert_wrong(self, key: list[str]) -> None:
        self.db.execute("INSERT INTO wrong_answers (question, day, given, chosen) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(question, day, given, chosen) DO UPDATE SET count = count + 1", key)

    def wrong_answers(self, limit: int = 50) -> list[dict]:
        """The questions that got a 👎, with the entry given and the one chosen, most frequent first."""
        rows = self.db.execute(
            "SELECT question, given, chosen, SUM(count) AS times, MAX(day) FROM wrong_answers "
            "GROUP BY question, given, chosen ORDER BY times DESC, given, question LIMIT ?",
            [limit],
        ).fetchall()
        keys = ("question", "given", "chosen", "times", "last_day")
        return [dict(zip(keys, row, strict=True)) for row in rows]


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


class RecentQuestions:
    """Which question each card answered (by an opaque key for the card), in memory only, for `ttl` seconds: a 👎
    needs the question to offer what else it could have meant and to record it for the maintainers."""

    def __init__(self, ttl: float = 2 * 24 * 3600, max_items: int = 20_000) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._items: OrderedDict[str, tuple[float, str, str, str]] = OrderedDict()

    def remember(self, key: str, question: str, entry_id: str, day: str | None = None) -> None:
        """The card `key` answered `question` with `entry_id` ("" for a menu of choices)."""
        self._items.pop(key, None)
        self._items[key] = (time.monotonic(), question, entry_id, day or today())
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def recall(self, key: str) -> tuple[str, str, str] | None:
        """(question, entry id, day) for the card `key`, or None if unknown or forgotten."""
        item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > self.ttl:
            self._items.pop(key, None)
            return None
        return item[1], item[2], item[3]


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
