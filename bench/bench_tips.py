"""How long the tips feature's storage steps take on this machine, against a minimal durable write.

    python bench/bench_tips.py

Uses a real SQLite file in a temporary directory, opened as the bot opens it (WAL, synchronous=FULL), so every
commit is fsynced. The baseline is one single-row INSERT committed the same way: the ratios say what the tip's
transaction costs beyond the fsync any durable write pays. Also prints the database size per stored tip.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.db import open_database
from bot.drafts import Draft, DraftStore
from bot.evidence import EvidenceStore
from bot.tips import TipInput, TipStore
from bot.tips_config import TipsConfig

DESCRIPTION = ("Kepala seksi di kantor kecamatan membagikan ajakan memilih pasangan calon nomor 2 di grup WhatsApp "
               "kantor pada jam kerja, lalu meminta semua staf hadir di acara kampanye hari Sabtu. ") * 2


def timed(function, repeat: int) -> list[float]:
    samples = []
    for n in range(repeat):
        started = time.perf_counter()
        function(n)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def tip(n: int, **extra) -> TipInput:
    return TipInput(category="sosmed", province_code="32", regency_code="3273", when_text="kemarin, 30-04-2024",
                    agency="Kantor Kecamatan Coblong", role="kepala seksi", description=f"{DESCRIPTION} ({n})",
                    links=["https://www.facebook.com/groups/kantor/posts/1234567890"], **extra)


def main() -> int:
    config = TipsConfig()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        db = open_database(data / "netralbot.db")
        store = TipStore(db, b"bench-key", EvidenceStore(data), config.receipt_iterations)
        drafts = DraftStore(db)
        db.execute("CREATE TABLE baseline (id INTEGER PRIMARY KEY, x TEXT)")

        def baseline(n: int) -> None:
            with db.atomic():
                db.execute("INSERT INTO baseline (x) VALUES (?)", [DESCRIPTION])

        receipts = [store.new_receipt() for _ in range(5)]  # warm-up and a few codes for look-ups
        rows = {
            "baseline: one-row INSERT, committed": timed(baseline, 200),
            "tip (text + link), one transaction": timed(lambda n: store.create(tip(n), receipt=("c", f"h{n}")), 200),
        }
        photo = bytes(range(256)) * 400  # ~100 KB, like a recompressed phone photo

        def with_photo(n: int) -> None:
            stored = store.evidence.save_draft_file(f"d{n}", photo + n.to_bytes(4, "big"), "jpg")
            files = [{"kind": "photo", "mime": "image/jpeg", **stored.__dict__}]
            store.create(tip(10_000 + n, files=files), draft_id=f"d{n}", receipt=("c", f"p{n}"))

        rows["tip + 100 KB photo (file fsync, link)"] = timed(with_photo, 50)
        draft = Draft(key="k" * 64, step="description", data={"category": "sosmed", "files": [], "links": []})
        rows["draft saved (one step)"] = timed(lambda n: drafts.save(draft), 300)
        rows["receipt code hash (PBKDF2)"] = timed(lambda n: store.code_hash(f"NB-AAAA-BBBB-{n:04d}"), 10)
        rows["status look-up by hash"] = timed(lambda n: store.find_by_hash(receipts[n % 5][1]), 1000)

        base = statistics.median(rows["baseline: one-row INSERT, committed"])
        print(f"{'step':42} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}")
        for name, samples in rows.items():
            samples.sort()
            p95 = samples[int(len(samples) * 0.95) - 1]
            print(f"{name:42} {statistics.median(samples):10.3f} {p95:8.3f} {statistics.median(samples) / base:11.1f}")

        count = store.count()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = (data / "netralbot.db").stat().st_size
        baseline_bytes = db.execute("SELECT COUNT(*) FROM baseline").fetchone()[0] * (len(DESCRIPTION) + 8)
        print(f"\n{count} tips: database {size / 1024:.0f} KiB, about {(size - baseline_bytes) / count / 1024:.2f} KiB "
              f"per tip (text ~{len(DESCRIPTION)} characters, one link, events, outbox); evidence files are separate")
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
