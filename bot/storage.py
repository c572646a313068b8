"""The SQLite database: one file, WAL mode, and small per-feature migrations.

Each feature module (feedback, tips, ...) owns its tables and passes its own ordered list of migration steps to
`migrate(db, "feature", steps)`. Applied steps are recorded in `_migrations`, so a step runs exactly once per
database and features never have to edit a shared list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]


def open_database(path: Path | str | None) -> sqlite_utils.Database:
    """Open (creating if needed) the database at `path`, or an in-memory one for None.

    WAL lets readers (reviewer commands) work while a tip is being written; synchronous=FULL makes a committed
    transaction survive power loss, which is what "nothing acknowledged is lost" needs.
    """
    if path is None:
        return sqlite_utils.Database(memory=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def migrate(db: sqlite_utils.Database, feature: str, steps: Sequence[Migration]) -> int:
    """Apply the steps of `feature` that this database has not seen yet. Returns how many ran."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (feature TEXT NOT NULL, version INTEGER NOT NULL, "
        "applied_at TEXT NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (feature, version))"
    )
    row = db.execute("SELECT MAX(version) FROM _migrations WHERE feature = ?", [feature]).fetchone()
    done = row[0] or 0
    ran = 0
    for version, step in enumerate(steps, start=1):
        if version <= done:
            continue
        with db.atomic():  # the step and its record commit together, or not at all (sqlite-utils 4 autocommits)
            step(db)
            db.execute("INSERT INTO _migrations (feature, version) VALUES (?, ?)", [feature, version])
        ran += 1
    return ran
