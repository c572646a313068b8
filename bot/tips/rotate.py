"""Key rotation: re-encrypt every sealed value and evidence file from the current tips key to a new one.

Database values are rewritten in one transaction; evidence files one by one, each replaced atomically. Every
sealed value names its key (crypto.MAGIC + key id), so a rotation that was interrupted (power cut, Ctrl-C) is
finished by running the same command again with the same two keys: what is already under the new key is skipped.
Afterwards the database file is rewritten (VACUUM) and the WAL emptied, so no page keeps a value under the old key.

The running bot holds an exclusive lock on `DATA_DIR/tips.lock`; rotation takes the same lock, so it refuses to
run beside the bot (the bot would go on writing under the old key).
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from bot.tips.crypto import Cipher, DecryptError, is_sealed
from bot.tips.drafts import TABLE as DRAFTS
from bot.tips.evidence import EvidenceStore, file_context, write_atomically
from bot.tips.schema import META, SEALED_EVIDENCE_COLUMNS, SEALED_TIP_COLUMNS, where
from bot.tips.wipe import scrub_wal

LOCK_FILE = "tips.lock"


class Busy(Exception):
    """The bot (or another rotation) is running on this data directory."""


def hold_lock(data_dir: Path) -> IO:
    """Take the tips lock of `data_dir` for as long as the returned file stays open; Busy if it is taken."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    handle = open(Path(data_dir) / LOCK_FILE, "a+")  # kept open on purpose: the lock lasts as long as the file
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise Busy(f"{data_dir} is in use by a running bot: stop it first") from None
    return handle


@dataclass
class RotationReport:
    values: int = 0
    files: int = 0
    skipped: int = 0  # already under the new key (an earlier, interrupted run)


def rotate(db: sqlite_utils.Database, evidence_root: EvidenceStore, old: Cipher, new: Cipher) -> RotationReport:
    """Re-seal everything under `new`. DecryptError if a value is under neither key (then nothing changed)."""
    report = RotationReport()
    with db.atomic():
        _column(db, "tips", "id", SEALED_TIP_COLUMNS, lambda c, row: where("tips", c, row), old, new, report)
        _column(db, "tip_events", "tip_id", ("text",), lambda c, row: where("tip_events", c, row), old, new, report)
        _column(db, "tip_evidence", "tip_id", SEALED_EVIDENCE_COLUMNS, lambda c, row: where("tip_evidence", c, row),
                old, new, report)
        _column(db, DRAFTS, "key", ("data",), lambda c, key: f"{DRAFTS}.data:{key}", old, new, report)
        _column(db, META, "name", ("value",), lambda c, name: f"{META}:{name}", old, new, report)
    for path in evidence_root.files():
        sealed = path.read_bytes()
        if new.owns(sealed):
            report.skipped += 1
            continue
        plain = old.open(sealed, file_context(path.name))
        write_atomically(path, new.seal(plain, file_context(path.name)))
        report.files += 1
    if not db.conn.in_transaction:
        db.execute("VACUUM")
    scrub_wal(db)
    return report


def _column(db: sqlite_utils.Database, table: str, key_column: str, columns: tuple[str, ...],
            context: Callable[[str, Any], str], old: Cipher, new: Cipher, report: RotationReport) -> None:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone() is None:
        return
    for column in columns:
        rows = db.execute(f"SELECT rowid, {key_column}, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        for rowid, key, value in rows:
            if not is_sealed(value):
                raise DecryptError(f"{table}.{column} row {rowid} is not encrypted; start the bot once first")
            if new.owns(bytes(value)):
                report.skipped += 1
                continue
            plain = old.open(bytes(value), context(column, key))
            db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [new.seal(plain, context(column, key)),
                                                                           rowid])
            report.values += 1
