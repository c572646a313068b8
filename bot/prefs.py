"""Per-user preferences (for now only the interface language), keyed by a pseudonym, never by a Telegram id.

The key is `services.sender_hash(user_id, "prefs")`; the table holds nothing else that could identify a person.
Every update asks for the sender's language, so answers are kept in a small in-memory LRU, keyed by the same
pseudonym (never by the Telegram id). That is correct only because one process owns the database (see README):
`set_language` writes through the cache, so a /lang choice applies to the very next message.
"""

from __future__ import annotations

from collections import OrderedDict

import sqlite_utils

from bot.storage import migrate
from bot.texts import LANGUAGES

CACHE_SIZE = 4096  # senders whose choice (or lack of one) is remembered; the least recently seen are forgotten


def _create_prefs(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS prefs (sender TEXT PRIMARY KEY, language TEXT NOT NULL, "
        "updated_on TEXT NOT NULL DEFAULT (date('now')))"
    )


MIGRATIONS = [_create_prefs]


class PrefsStore:
    """Reads and writes the language a user chose with /lang."""

    def __init__(self, db: sqlite_utils.Database, cache_size: int = CACHE_SIZE) -> None:
        self.db = db
        self.cache_size = cache_size
        # sender hash -> language, or None for "never chose": most senders never do, and that is worth caching too.
        self._cache: OrderedDict[str, str | None] = OrderedDict()
        migrate(db, "prefs", MIGRATIONS)

    def language(self, sender: str) -> str | None:
        """The language `sender` chose, or None when they never chose one."""
        try:
            self._cache.move_to_end(sender)
            return self._cache[sender]
        except KeyError:
            pass
        row = self.db.execute("SELECT language FROM prefs WHERE sender = ?", [sender]).fetchone()
        language = row[0] if row and row[0] in LANGUAGES else None
        self._remember(sender, language)
        return language

    def set_language(self, sender: str, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language: {language!r}")
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO prefs (sender, language, updated_on) VALUES (?, ?, date('now')) "
                "ON CONFLICT(sender) DO UPDATE SET language = excluded.language, updated_on = excluded.updated_on",
                [sender, language],
            )
        self._remember(sender, language)  # only after the commit: a failed write must not look like a choice

    def _remember(self, sender: str, language: str | None) -> None:
        self._cache[sender] = language
        self._cache.move_to_end(sender)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
