"""The tip store: one transaction per tip, receipt codes stored only as hashes, status history, compare-and-set
reviewer actions, questions and replies, listing, statistics, retention."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.tips.store import CODE_ALPHABET, TipStore, generate_code, normalize_code, reviewer_label
from bot.tips.timefmt import utcnow
from tests.tips.factories import DESCRIPTION, tip_input

R1, R2 = "a" * 64, "b" * 64


@pytest.fixture
def store(service) -> TipStore:
    return service.store


def test_codes_are_long_unambiguous_and_typable():
    codes = {generate_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        assert re.fullmatch(r"NB-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert not set(code[3:].replace("-", "")) & set("01OIL")
    assert len(CODE_ALPHABET) == 31 and len(set(CODE_ALPHABET)) == 31  # 31**12: about 59 bits


def test_code_normalisation_forgives_case_spaces_and_dashes():
    assert normalize_code("nb-7k4m-q9xr-2bcd") == "NB-7K4M-Q9XR-2BCD"
    assert normalize_code(" NB 7K4M Q9XR 2BCD ") == "NB-7K4M-Q9XR-2BCD"
    assert normalize_code("7k4mq9xr2bcd") == "NB-7K4M-Q9XR-2BCD"
    for bad in ("", "NB-7K4M-Q9XR", "NB-7K4M-Q9XR-2BC0", "NB-IIII-LLLL-OOOO", "<b>NB</b>", "x" * 500,
                "NB-7K4M-Q9XR-2BCD-AAAA"):
        assert normalize_code(bad) is None


def test_a_tip_is_stored_with_history_evidence_and_notice_and_only_a_hash_of_its_code(store, service):
    tip_id, code = store.create(tip_input(links=["https://example.org/post/1"]))
    tip = store.get(tip_id)
    assert tip.status == "received" and tip.version == 1 and tip.description == DESCRIPTION
    assert [(e.kind, e.status, e.actor) for e in store.events(tip_id)] == [("status", "received", "system")]
    assert [(e.kind, e.url) for e in store.evidence_of(tip_id)] == [("link", "https://example.org/post/1")]
    assert [(i.tip_id, i.kind) for i in service.outbox.pending()] == [(tip_id, "new_tip")]
    # the code itself is nowhere in the database; its hash is
    dump = "\n".join(service.services.db.conn.iterdump())
    assert code not in dump and code.replace("-", "") not in dump
    assert store.code_hash(code) in dump
    assert store.find_by_code(code).id == tip_id
    assert store.find_by_code(code.lower().replace("-", " ")).id == tip_id


def test_wrong_codes_find_nothing(store):
    store.create(tip_input())
    assert store.find_by_code(generate_code()) is None
    assert store.find_by_code("not a code") is None


def test_a_failed_transaction_leaves_no_tip_and_no_files(store, service, tmp_path):
    stored = service.evidence.save_draft_file("d1", b"photo-bytes", "jpg")
    files = [{"kind": "photo", "mime": "image/jpeg", **stored.__dict__}]

    def boom():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.create(tip_input(files=files), draft_id="d1", in_transaction=[boom])
    assert store.count() == 0 and service.outbox.pending() == []
    assert not (service.evidence.root / "1").exists()
    assert (service.evidence.data_dir / stored.relpath).exists()  # the draft keeps its file
    tip_id, _ = store.create(tip_input(files=files), draft_id="d1")
    (evidence,) = store.evidence_of(tip_id)
    name = stored.relpath.rsplit("/", 1)[1]
    assert evidence.path == f"evidence/{tip_id}/{name}" and evidence.sha256 == stored.sha256
    assert service.evidence.read(evidence.path) == b"photo-bytes"
    assert not service.evidence.draft_dir("d1").exists()


def test_claim_and_status_are_compare_and_set(store):
    tip_id, _ = store.create(tip_input())
    first = store.claim(tip_id, 1, R1)
    second = store.claim(tip_id, 1, R2)  # pressed the same (stale) button
    assert first.ok and not second.ok and second.reason == "conflict"
    assert store.get(tip_id).claimed_by == reviewer_label(R1) == "R-AAAA"
    stale = store.set_status(tip_id, 1, "verifying", R2)
    assert not stale.ok and stale.reason == "conflict"
    moved = store.set_status(tip_id, 2, "verifying", R2)
    assert moved.ok and moved.tip.status == "verifying" and moved.tip.version == 3
    racing = store.set_status(tip_id, 2, "forwarded_bkn", R1)
    assert not racing.ok and store.get(tip_id).status == "verifying"


def test_status_transitions_and_closing_needs_a_reason(store):
    tip_id, _ = store.create(tip_input())
    assert store.set_status(tip_id, 1, "closed", R1).reason == "invalid"
    assert store.set_status(tip_id, 1, "closed", R1, reason="bogus").reason == "invalid"
    assert store.set_status(tip_id, 1, "received", R1).reason == "invalid"
    assert store.set_status(tip_id, 1, "nonsense", R1).reason == "invalid"
    assert store.set_status(999, 1, "verifying", R1).reason == "not_found"
    assert store.set_status(tip_id, 1, "forwarded_bawaslu", R1).ok
    closed = store.set_status(tip_id, 2, "closed", R1, reason="done")
    assert closed.ok and closed.tip.closed_at and closed.tip.close_reason == "done"
    reopened = store.set_status(tip_id, 3, "verifying", R2)
    assert reopened.ok and reopened.tip.closed_at is None
    history = [(e.kind, e.status, e.text, e.actor) for e in store.events(tip_id)]
    assert history == [("status", "received", None, "system"), ("status", "forwarded_bawaslu", None, "R-AAAA"),
                       ("status", "closed", "done", "R-AAAA"), ("status", "verifying", None, "R-BBBB")]


def test_release_only_by_the_claimer(store):
    tip_id, _ = store.create(tip_input())
    store.claim(tip_id, 1, R1)
    assert not store.release(tip_id, 2, R2).ok
    assert store.release(tip_id, 2, R1).ok and store.get(tip_id).claimed_by is None


def test_questions_replies_and_followup_evidence_reach_the_outbox(store, service):
    tip_id, _ = store.create(tip_input())
    question = store.ask(tip_id, "Apakah ada foto grup WA-nya?", R1)
    assert question.kind == "question" and question.actor == "R-AAAA"
    assert store.ask(999, "?", R1) is None
    reply = store.reply(tip_id, "Ada, saya kirim lewat status.")
    stored = service.evidence.save_tip_file(tip_id, b"\x89PNG...", "png")
    ids = store.add_followup_evidence(tip_id, [("document", stored, "image/png")], ["https://x.test/a"])
    kinds = [(i.kind, i.payload) for i in service.outbox.pending()]
    assert kinds == [("new_tip", {}), ("reply", {"event_id": reply.id}), ("evidence", {"evidence_ids": ids})]
    assert [e.source for e in store.evidence_of(tip_id)] == ["followup", "followup"]


def test_duplicate_text_is_flagged_for_reviewers(store):
    first, _ = store.create(tip_input())
    second, _ = store.create(tip_input(description="  " + DESCRIPTION.upper() + "!! "))
    other, _ = store.create(tip_input(description="Sesuatu yang sama sekali berbeda terjadi di balai desa kemarin."))
    assert store.get(first).duplicate_of is None
    assert store.get(second).duplicate_of == first
    assert store.get(other).duplicate_of is None


def test_list_filter_search_and_stats(store):
    a, _ = store.create(tip_input())
    b, _ = store.create(tip_input(category="hadiah", province_code="35", regency_code="3578",
                                  description="Camat membagikan amplop berisi uang kepada ketua RT se-kecamatan."))
    c, _ = store.create(tip_input(category="hadiah", province_code="35", regency_code="3507", agency="Dinas 100%_X",
                                  description="Lurah mengerahkan staf kelurahan ke acara kampanye calon bupati."))
    store.set_status(c, 1, "closed", R1, reason="spam")
    assert [t.id for t in store.list()] == [c, b, a]
    assert [t.id for t in store.list(category="hadiah")] == [c, b]
    assert [t.id for t in store.list(province="35", open_only=True)] == [b]
    assert [t.id for t in store.list(status="closed")] == [c]
    assert [t.id for t in store.list(text="amplop")] == [b]
    assert [t.id for t in store.list(text="100%_")] == [c]  # LIKE wildcards are literal
    assert [t.id for t in store.list(limit=1, offset=1)] == [b]
    assert store.count(category="hadiah", open_only=True) == 1
    stats = store.stats()
    assert stats["total"] == {"all": 3}
    assert stats["category"] == {"hadiah": 2, "sosmed": 1}
    assert stats["status"] == {"received": 2, "closed": 1}
    assert stats["province"] == {"35": 2, "32": 1}


def test_retention_deletes_closed_tips_and_every_tip_idle_too_long_with_their_files(store, service):
    now = utcnow()
    old, _ = store.create(tip_input(), now=now - timedelta(days=400))
    recent, _ = store.create(tip_input(), now=now - timedelta(days=400))
    idle_open, _ = store.create(tip_input(), now=now - timedelta(days=366))
    live_open, _ = store.create(tip_input(), now=now - timedelta(days=300))
    for tip_id in (old, recent, idle_open):
        service.evidence.save_tip_file(tip_id, f"file of {tip_id}".encode(), "pdf")
    store.set_status(old, 1, "closed", R1, reason="done", now=now - timedelta(days=181))
    store.set_status(recent, 1, "closed", R1, reason="done", now=now - timedelta(days=179))
    store.ask(old, "Pertanyaan lama yang harus ikut terhapus", R1)
    assert store.purge_expired(180, 365, now) == [old, idle_open]
    for gone in (old, idle_open):
        assert store.get(gone) is None and store.events(gone) == [] and store.evidence_of(gone) == []
        assert not service.evidence.tip_dir(gone).exists()
        assert all(item.tip_id != gone for item in service.outbox.pending())
    assert service.evidence.tip_dir(recent).exists()
    assert store.get(recent) and store.get(live_open)
    # the WAL was emptied after the deletion: no old page image of the deleted rows is left in it
    wal = service.settings.database_path.with_name("netralbot.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_reviewer_can_delete_a_tip_now(store, service):
    tip_id, code = store.create(tip_input(links=["https://example.org/x"]))
    service.evidence.save_tip_file(tip_id, b"bukti", "pdf")
    assert store.delete(tip_id) is True
    assert store.get(tip_id) is None and store.find_by_code(code) is None and store.evidence_of(tip_id) == []
    assert not service.evidence.tip_dir(tip_id).exists()
    assert store.delete(tip_id) is False


def test_housekeeping_runs_every_clean_up(service):
    counts = service.housekeeping()
    assert set(counts) == {"tips", "drafts", "draft_folders", "quota", "outbox"}
