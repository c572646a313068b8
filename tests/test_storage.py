"""The database: per-feature migrations through sqlite-utils' Migrations, and the bridge from the `_migrations`
table that the code before it wrote."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import sqlite_utils

from bot.prefs import PrefsStore
from bot.qa.feedback import FeedbackStore
from bot.storage import Migration, migrate, open_database
from bot.tips.crypto import Cipher
from bot.tips.evidence import EvidenceStore
from bot.tips.store import TipStore


def old_migrate(db: sqlite_utils.Database, feature: str, steps: Sequence[Migration]) -> int:
    """bot.storage.migrate as it was before sqlite-utils' Migrations (commit 227187b), verbatim but for the name."""
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
        with db.atomic():
            step(db)
            db.execute("INSERT INTO _migrations (feature, version) VALUES (?, ?)", [feature, version])
        ran += 1
    return ran


def test_each_step_runs_once_and_a_new_step_runs_later(tmp_path: Path):
    db = open_database(tmp_path / "x.db")
    ran: list[str] = []

    def create(db: sqlite_utils.Database) -> None:
        ran.append("create")
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

    def add_column(db: sqlite_utils.Database) -> None:
        ran.append("add_column")
        db["notes"].add_column("language", str)

    assert migrate(db, "notes", [create]) == 1
    assert migrate(db, "notes", [create]) == 0
    assert migrate(db, "notes", [create, add_column]) == 1
    assert ran == ["create", "add_column"]
    assert "language" in db["notes"].columns_dict
    rows = db.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert rows == [("notes", "0001"), ("notes", "0002")]


def test_a_renamed_step_function_does_not_run_again(tmp_path: Path):
    db = open_database(tmp_path / "x.db")
    migrate(db, "notes", [lambda db: db.execute("CREATE TABLE notes (id INTEGER)")])

    def create_notes_table(db: sqlite_utils.Database) -> None:  # the same step, renamed
        db.execute("CREATE TABLE notes (id INTEGER)")

    assert migrate(db, "notes", [create_notes_table]) == 0


def test_a_failed_step_leaves_nothing_behind_and_stays_pending():
    db = open_database(None)

    def broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half (x INTEGER)")
        raise RuntimeError("step fails half way")

    with pytest.raises(RuntimeError):
        migrate(db, "demo", [broken])
    assert "half" not in db.table_names()
    assert migrate(db, "demo", [lambda db: db.execute("CREATE TABLE half (x INTEGER)")]) == 1


def test_a_database_made_by_the_old_code_keeps_its_data_and_runs_no_step_twice(tmp_path: Path):
    path = tmp_path / "netralbot.db"
    old = open_database(path)
    from bot.prefs import MIGRATIONS as PREFS
    from bot.qa.feedback import MIGRATIONS as FEEDBACK
    from bot.tips.store import MIGRATIONS as TIPS

    for feature, steps in (("prefs", PREFS), ("feedback", FEEDBACK), ("tips", TIPS)):
        assert old_migrate(old, feature, steps) == len(steps)
    old.execute("INSERT INTO prefs (sender, language) VALUES ('s1', 'en')")
    old.execute("INSERT INTO feedback (entry_id, helpful, not_helpful) VALUES ('kampanye-timses', 4, 1)")
    old.conn.commit()
    old.close()

    db = open_database(path)  # the new code; a step that ran again would fail on CREATE TABLE of an existing table
    assert PrefsStore(db).language("s1") == "en"
    assert FeedbackStore(db).counts("kampanye-timses") == (4, 1)
    TipStore(db, b"k" * 32, EvidenceStore(tmp_path / "data", Cipher(b"k" * 32)), 1000)  # adds tips step 2: encryption
    assert "_migrations" not in db.table_names()
    rows = db.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY migration_set, name").fetchall()
    expected = [(feature, f"{n:04d}") for feature, steps in (("feedback", FEEDBACK), ("prefs", PREFS),
                                                                ("tips", [*TIPS, "encryption"]))
                for n in range(1, len(steps) + 1)]
    assert rows == expected
    assert migrate(db, "prefs", [*PREFS, lambda db: db["prefs"].add_column("note", str)]) == 1  # and it grows on


def test_the_old_table_stays_until_every_feature_has_moved(tmp_path: Path):
    db = open_database(tmp_path / "x.db")
    old_migrate(db, "a", [lambda db: db.execute("CREATE TABLE a (x)")])
    old_migrate(db, "b", [lambda db: db.execute("CREATE TABLE b (x)")])
    assert migrate(db, "a", [lambda db: db.execute("CREATE TABLE a (x)")]) == 0
    assert db.execute("SELECT feature FROM _migrations").fetchall() == [("b",)]
    assert migrate(db, "b", [lambda db: db.execute("CREATE TABLE b (x)")]) == 0
    assert "_migrations" not in db.table_names()
