"""Tip submission: tips written per second to SQLite with the production settings, and database size per 10,000 tips.

Through the real store API: `bot.storage.open_database` (WAL, synchronous=FULL, foreign keys) and
`bot.tips.store.TipStore.create` (the tip, its first status event, its links and its reviewer notice in the outbox, in
one transaction; secure_delete on). A tip costs two things, measured apart:
  - its receipt: `TipStore.new_receipt()`, PBKDF2 at the configured iterations (slow on purpose; the bot runs it in
    a thread, and hashlib releases the GIL, so receipts for several tips can be computed on several cores);
  - its write: `create(..., receipt=...)` with the receipt computed beforehand, one transaction and one fsync each.
Baselines in the same run: one plain INSERT per transaction into a one-table database with the same pragmas (the
fsync floor of this disk), and the same with synchronous=NORMAL (what durability costs).
Tip texts are synthetic, with realistic lengths (a few sentences; up to the 3,000-character limit).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import common  # noqa: F401 - sets sys.path first
from common import RESULTS, summary_ms

WORDS = ("pegawai kecamatan ikut kampanye calon bupati di lapangan desa sambil memakai seragam dinas dan membagikan "
         "stiker pasangan calon kepada warga setelah apel pagi kepala sekolah mengajak guru honorer memilih caleg "
         "tertentu melalui grup whatsapp sekolah dengan ancaman mutasi camat memasang baliho di kantor kelurahan "
         "lurah mengumpulkan fotokopi ktp warga untuk dukungan calon perseorangan").split()


def synthetic_tip(rng: random.Random, TipInput: Any) -> Any:  # TipInput: the class, passed in
    length = min(3000, int(rng.lognormvariate(5.8, 0.6)))  # median ~330 characters, long tail
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < max(length, 20):
        words.append(rng.choice(WORDS))
    links = [f"https://www.instagram.com/p/{rng.getrandbits(40):x}/" for _ in range(rng.choice((0, 0, 1, 2)))]
    return TipInput(
        category=rng.choice(("sosmed", "kampanye", "fasilitas", "keputusan", "mobilisasi", "hadiah", "partai")),
        province_code=f"{rng.randint(11, 94)}",
        regency_code=f"{rng.randint(11, 94)}.{rng.randint(1, 79):02d}",
        when_text=rng.choice(("kemarin", "tadi pagi", "minggu lalu", "3 hari lalu")),
        agency=rng.choice(("Dinas Pendidikan", "Kecamatan Cibeber", "Kelurahan Sukamaju", "RSUD", "Dinas Kesehatan")),
        role=rng.choice(("guru", "camat", "lurah", "kepala dinas", "staf", "kepala sekolah")),
        description=" ".join(words).capitalize() + ".",
        accused_name=rng.choice((None, None, "Bapak X", "Ibu Y")),
        links=links,
    )


def _baseline(path: Path, n: int, synchronous: str) -> float:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)")
    body = "x" * 330
    t0 = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (body, created_at) VALUES (?, ?)", (f"{i} {body}", "2026-01-01T00:00:00Z"))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return n / elapsed


def run(*, quick: bool, log: Any = print) -> dict[str, Any]:
    from bot.settings import TipsSettings
    from bot.storage import open_database
    from bot.tips.crypto import Cipher
    from bot.tips.evidence import EvidenceStore
    from bot.tips.store import TipInput, TipStore

    n = 1000 if quick else 10000
    receipts_n = 10 if quick else 60
    iterations = TipsSettings().receipt_iterations
    rng = random.Random(6)
    tmp = Path(tempfile.mkdtemp(prefix="tips-", dir=RESULTS))  # on the same disk as the repository's data/
    try:
        db = open_database(tmp / "data" / "netralbot.db")
        cipher = Cipher(bytes(32))  # tips are encrypted at rest: the bench pays for it as the bot does
        store = TipStore(db, b"bench-key-not-for-production", EvidenceStore(tmp / "data", cipher), iterations)
        pragmas = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("journal_mode", "synchronous")}

        log(f"  {receipts_n} receipts (PBKDF2, {iterations:,} iterations), one thread and two...")
        seconds = []
        for _ in range(receipts_n):
            t0 = time.perf_counter()
            store.new_receipt()
            seconds.append(time.perf_counter() - t0)
        receipt = summary_ms(seconds)
        with ThreadPoolExecutor(max_workers=2) as pool:
            t0 = time.perf_counter()
            list(pool.map(lambda _: store.new_receipt(), range(receipts_n)))
            receipts_per_s_2 = receipts_n / (time.perf_counter() - t0)

        log(f"  {n:,} tips written with TipStore.create (WAL, synchronous=FULL, one transaction each)...")
        tips = [synthetic_tip(rng, TipInput) for _ in range(n)]
        codes = [f"NB-BENCH-{i:08d}" for i in range(n)]
        receipts = [(code, hashlib.sha256(code.encode()).hexdigest()) for code in codes]  # same size as PBKDF2's
        seconds = []
        t0 = time.perf_counter()
        for tip, pair in zip(tips, receipts, strict=True):
            t1 = time.perf_counter()
            store.create(tip, receipt=pair)
            seconds.append(time.perf_counter() - t1)
        write_elapsed = time.perf_counter() - t0
        write = summary_ms(seconds)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        files = sorted((tmp / "data").glob("netralbot.db*"))
        size = sum(p.stat().st_size for p in files)
        description_chars = sum(len(t.description) for t in tips) / n
        counted = db.execute("SELECT COUNT(*) FROM tips").fetchone()[0]
        db.close()

        log("  baselines: plain INSERT per transaction, synchronous=FULL and NORMAL...")
        full = _baseline(tmp / "baseline-full.db", min(n, 3000), "FULL")
        normal = _baseline(tmp / "baseline-normal.db", min(n, 3000), "NORMAL")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    writes_per_s = n / write_elapsed
    per_tip_s = receipt["mean_ms"] / 1e3 + 1 / writes_per_s
    return {
        "pragmas": pragmas,
        "tips": counted,
        "receipt_iterations": iterations,
        "receipt": receipt,
        "receipts_per_s_1_thread": 1e3 / receipt["mean_ms"],
        "receipts_per_s_2_threads": receipts_per_s_2,
        "write": write,
        "writes_per_s": writes_per_s,
        "tips_per_s_sequential": 1 / per_tip_s,
        "tips_per_s_receipts_in_2_threads": min(writes_per_s, receipts_per_s_2),
        "baseline_insert_full_per_s": full,
        "baseline_insert_normal_per_s": normal,
        "write_vs_baseline_full": writes_per_s / full,
        "db_bytes": size,
        "db_mb_per_10k_tips": size / counted * 10000 / 1e6,
        "mean_description_chars": description_chars,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
