"""Making deleted rows really gone: the database overwrites them (PRAGMA secure_delete=ON, set by `TipStore`), and
`scrub_wal` copies the write-ahead log into the database file and cuts it to zero bytes, so that no old page image
of a deleted draft or tip stays behind in `netralbot.db-wal`.
"""

from __future__ import annotations

import logging

import sqlite_utils

log = logging.getLogger(__name__)


def scrub_wal(db: sqlite_utils.Database) -> None:
    if db.conn.in_transaction:  # a caller's transaction is still open: its own end will come back here
        return
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except Exception:  # noqa: BLE001 - a failed checkpoint is retried at the next deletion
        log.warning("WAL checkpoint failed")
        return
    if busy and busy[0]:
        log.warning("WAL checkpoint could not complete (the database is busy); retried at the next deletion")
