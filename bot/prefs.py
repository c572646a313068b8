"""Per-user preferences (for now only the interface language), keyed by a pseudonym, never by a Telegram id.

The key is `services.sender_hash(user_id, "prefs")`; the table holds nothing else that could identify a person.
"""

from __future__ import annotations

import sqlite_utils

from bot.db import migrate
from bot.texts import LANGUAGES


def _create_prefs(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS prefs (sender TEXT PRIMARY KEY, language TEXT NOT NULL, "
        "updated_on TEXT NOT NULL DEFAULT (date('now')))"
    )


MIGRATIONS = [_create_prefs]


class PrefsStore:
    """Reads and writes the language a user chose with /lang."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        migrate(db, "prefs", MIGRATIONS)

    def language(self, sender: str) -> str | None:
        """The language `sender` chose, or None when they never chose one."""
        row = self.db.execute("SELECT language FROM prefs WHERE sender = ?", [sender]).fetchone()
        return row[0] if row and row[0] in LANGUAGES else None

    def set_language(self, sender: str, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language: {language!r}")
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO prefs (sender, language, updated_on) VALUES (?, ?, date('now')) "
                "ON CONFLICT(sender) DO UPDATE SET language = excluded.language, updated_on = excluded.updated_on",
                [sender, language],
            )
