"""Drafts (keyed by sender hash, sealed, expiring), quota (per-sender limits and duplicates, in memory only),
outbox (backoff, progress), evidence files (encrypted, randomly named, confined to the data directory), CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.tips.crypto import Cipher, DecryptError
from bot.tips.drafts import Draft, DraftStore
from bot.tips.evidence import EvidenceStore, extension_for
from bot.tips.export import BOM, export_csv
from bot.tips.outbox import backoff
from bot.tips.quota import Quota, QuotaLimits
from bot.tips.timefmt import utcnow
from tests.tips.conftest import TEST_KEY
from tests.tips.factories import tip_input

CIPHER = Cipher(bytes.fromhex(TEST_KEY))


def test_drafts_are_saved_read_and_expire(service, services):
    store = DraftStore(services.db, CIPHER, ttl=timedelta(hours=48))
    now = utcnow()
    draft = Draft(key="h" * 64, step="when", data={"category": "sosmed", "files": [], "agency": "Dinas Rahasia"})
    store.save(draft, now)
    (raw,) = services.db.execute("SELECT data FROM tip_drafts").fetchone()
    assert b"Dinas Rahasia" not in raw and b"sosmed" not in raw  # sealed
    again = store.get("h" * 64, now + timedelta(hours=47))
    assert again.step == "when" and again.data["category"] == "sosmed" and again.nonce == draft.nonce
    assert store.exists("h" * 64, now)
    assert store.get("h" * 64, now + timedelta(hours=49)) is None
    assert not store.exists("h" * 64, now + timedelta(hours=49))
    assert store.purge_expired(now + timedelta(hours=49)) == [draft.draft_id]
    assert store.get("h" * 64, now) is None
    store.save(draft, now)
    store.delete("h" * 64)
    assert store.get("h" * 64, now) is None


def test_quota_limits_per_sender_and_duplicates(services):
    quota = Quota(QuotaLimits(tips_per_hour=3, tips_per_day=10, status_attempts_per_hour=2))
    now = utcnow()
    for n in range(3):
        assert quota.tip_refusal(1, f"t{n}", now) is None
        quota.record_tip(1, f"t{n}", now)
    assert quota.tip_refusal(1, "new", now) == "hour"
    assert quota.tip_refusal(2, "t0", now) is None  # another sender
    assert quota.tip_refusal(1, "T0!", now + timedelta(hours=2)) == "duplicate"  # same words
    later = now + timedelta(hours=2)
    for n in range(7):
        quota.record_tip(1, f"u{n}", later + timedelta(minutes=n * 9))
    assert quota.tip_refusal(1, "fresh", later + timedelta(hours=2)) == "day"
    assert quota.tip_refusal(1, "fresh", now + timedelta(days=2)) is None
    quota.record_failed_status(1, now)
    assert not quota.status_blocked(1, now)
    quota.record_failed_status(1, now)
    assert quota.status_blocked(1, now) and not quota.status_blocked(1, now + timedelta(hours=2))
    assert quota.purge(now + timedelta(days=3)) == 12
    tables = {r[0] for r in services.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "tip_quota" not in tables  # nothing of the quota is on disk


def test_quota_keys_rotate_daily_and_still_cover_a_full_day():
    quota = Quota(QuotaLimits(tips_per_hour=1, tips_per_day=2))
    day = utcnow().replace(hour=23, minute=30, second=0, microsecond=0)
    quota.record_tip(7, "before midnight", day)
    after = day + timedelta(hours=1)  # the next epoch: a new key, the old one still counted
    assert quota.tip_refusal(7, "before midnight", after) == "duplicate"
    quota.record_tip(7, "after midnight", after + timedelta(hours=1))
    assert quota.tip_refusal(7, "third", after + timedelta(hours=3)) == "day"
    keys = {epoch.key for epoch in quota._epochs.values()}
    assert len(keys) == 2
    quota.purge(day + timedelta(days=2, hours=1))  # two epochs later the first key is gone
    assert not keys & {epoch.key for epoch in quota._epochs.values()}


def test_outbox_backoff_and_retry(service):
    service.store.create(tip_input())
    outbox = service.outbox
    now = utcnow()
    (item,) = outbox.due(now)
    assert backoff(1) == timedelta(seconds=10) and backoff(3) == timedelta(seconds=40)
    assert backoff(50) == timedelta(hours=1)
    assert outbox.mark_failed(item.id, "Forbidden: bot was kicked", now) == timedelta(seconds=10)
    assert outbox.due(now) == [] and outbox.due(now + timedelta(seconds=11))[0].attempts == 1
    assert outbox.mark_failed(item.id, "NetworkError", now) == timedelta(seconds=20)
    outbox.set_progress(item.id, 2)
    assert outbox.pending()[0].progress == 2 and outbox.pending()[0].last_error == "NetworkError"
    assert outbox.retry_now(now) == 1 and outbox.due(now)
    outbox.mark_sent(item.id, now)
    assert outbox.pending() == [] and outbox.due(now + timedelta(days=1)) == []
    assert outbox.purge_sent(timedelta(days=7), now + timedelta(days=8)) == 1


def test_evidence_files_are_encrypted_randomly_named_and_confined(tmp_path):
    store = EvidenceStore(tmp_path, CIPHER)
    first = store.save_draft_file("abc123", b"hello", "jpg")
    assert first.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert first.relpath.startswith("evidence/drafts/abc123/") and first.relpath.endswith(".jpg")
    assert first.sha256 not in first.relpath and first.size == 5  # the name says nothing about the content
    on_disk = (tmp_path / first.relpath).read_bytes()
    assert b"hello" not in on_disk and store.read(first.relpath) == b"hello"
    with pytest.raises(DecryptError):
        EvidenceStore(tmp_path, Cipher(b"\x01" * 32)).read(first.relpath)  # another key
    with pytest.raises(ValueError):
        store.read("../../etc/passwd")
    with pytest.raises(ValueError):
        store.save_draft_file("../x", b"x", "jpg")
    with pytest.raises(ValueError):
        store.save_draft_file("ok", b"x", "p/h")
    (adopted,) = store.adopt_draft_files("abc123", 7, [first])
    assert adopted.relpath.startswith("evidence/7/") and store.read(adopted.relpath) == b"hello"
    store.remove_draft("abc123")
    assert store.read(adopted.relpath) == b"hello"  # the tip's copy outlives the draft folder


def test_document_types():
    assert extension_for("application/pdf", "x.bin") == "pdf"
    assert extension_for(None, "Foto.JPEG") == "jpg"
    assert extension_for("application/x-msdownload", "setup.exe") is None
    assert extension_for("text/html", "page.html") is None
    assert extension_for(None, None) is None


def test_csv_opens_in_excel_and_defuses_formulas(service):
    store = service.store
    tip_id, _ = store.create(tip_input(agency="=HYPERLINK(\"http://evil\")", role="+guru", accused_name="@budi",
                                       description="Ketua RW bilang \"pilih nomor 2\";\nlalu membagikan kaus.",
                                       links=["https://a.test/1"]))
    data = export_csv(store, store.list(), service.wilayah, delimiter=",")
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))
    assert record["No"] == str(tip_id) and record["Kabupaten/Kota"] == "Kota Bandung"
    assert record["Provinsi"] == "Jawa Barat" and record["Status"] == "Diterima"
    assert record["Instansi"].startswith("'=") and record["Jabatan"] == "'+guru" and record["Nama ASN"] == "'@budi"
    assert record["Uraian"] == "Ketua RW bilang \"pilih nomor 2\";\nlalu membagikan kaus."
    assert record["Tautan"] == "https://a.test/1"
    semicolons = export_csv(store, store.list(), service.wilayah).decode("utf-8-sig")  # the default
    assert list(csv.reader(io.StringIO(semicolons), delimiter=";"))[1][0] == str(tip_id)


def test_housekeeping_forgets_expired_drafts_their_files_and_old_quota_marks(service):
    # Noon: the quota mark 30 hours back must fall in the previous day's key (before 06:00 UTC it would fall two days
    # back, whose key the newer mark's recording already dropped, so housekeeping would find nothing to count).
    now = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    stale = Draft(key="s" * 64, step="evidence", data={"files": [], "links": []})
    fresh = Draft(key="f" * 64, step="evidence", data={"files": [], "links": []})
    service.drafts.save(stale, now - timedelta(hours=49))
    service.drafts.save(fresh, now)
    for draft in (stale, fresh):
        service.evidence.save_draft_file(draft.draft_id, b"bytes of " + draft.key.encode(), "jpg")
    orphan = service.evidence.save_draft_file("0rphan", b"left behind by a crash", "jpg")
    service.quota.record_tip(5, "t", now - timedelta(hours=30))
    service.quota.record_tip(5, "u", now)
    counts = service.housekeeping(now)
    assert counts["drafts"] == 1 and counts["draft_folders"] == 1 and counts["quota"] == 1
    assert not service.evidence.draft_dir(stale.draft_id).exists()
    assert not (service.evidence.data_dir / orphan.relpath).exists()
    assert service.evidence.draft_dir(fresh.draft_id).exists() and service.drafts.get(fresh.key, now)
    assert service.quota.tip_refusal(5, "u", now) == "duplicate" and service.quota.tip_refusal(5, "t", now) is None
