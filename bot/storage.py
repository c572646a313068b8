"""The SQLite database: one file, WAL mode, and small per-feature migrations.

Each feature module (feedback, tips, ...) owns its tables and passes its own ordered list of migration steps to
`migrate(db, "feature", steps)`. sqlite-utils' Migrations records applied steps in `_sqlite_migrations`, so a step
runs exactly once per database and features never have to edit a shared list.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

Migration = Callable[[sqlite_utils.Database], None]
LEGACY_TABLE = "_migrations"  # before sqlite-utils 4's Migrations: (feature, version, applied_at)


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
    """Apply the steps of `feature` that this database has not seen yet. Returns how many ran.

    sqlite-utils' `Migrations` does the work: one migration set per feature, each step in a transaction with its
    record in `_sqlite_migrations`. A step's name is its position ("0001", "0002", ...), so renaming a step function
    never runs it again; append new steps, never reorder or remove old ones.
    """
    migrations = Migrations(feature)
    for version, step in enumerate(steps, start=1):
        migrations(name=_step_name(version))(step)
    _adopt_legacy_records(db, feature)
    pending = len(migrations.pending(db))
    migrations.apply(db)
    return pending


def _step_name(version: int) -> str:
    return f"{version:04d}"


def _adopt_legacy_records(db: sqlite_utils.Database, feature: str) -> None:
    """Bring `feature`'s records from `_migrations` (this module before sqlite-utils' Migrations, one row per
    feature and version) into `_sqlite_migrations`, so that a database made by the old code runs no step twice.
    The old table is dropped once no feature is left in it."""
    if LEGACY_TABLE not in db.table_names():
        return
    Migrations(feature).ensure_migrations_table(db)
    with db.atomic():
        rows = db.execute(f"SELECT version, applied_at FROM {LEGACY_TABLE} WHERE feature = ?", [feature]).fetchall()
        table = Migrations.migrations_table
        for version, applied_at in rows:
            db.execute(f"INSERT OR IGNORE INTO {table} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                       [feature, _step_name(version), applied_at])
        db.execute(f"DELETE FROM {LEGACY_TABLE} WHERE feature = ?", [feature])
        if db.execute(f"SELECT COUNT(*) FROM {LEGACY_TABLE}").fetchone()[0] == 0:
            db.execute(f"DROP TABLE {LEGACY_TABLE}")
