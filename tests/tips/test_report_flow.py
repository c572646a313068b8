"""The /lapor state machine without Telegram: every step's validation and where each input leads."""

from __future__ import annotations

from datetime import date

import pytest

from bot.settings import TipsSettings
from bot.tips.flow import STEPS, ReportFlow, clean_text, extract_links
from bot.tips.regions import wilayah

TODAY = date(2024, 5, 1)
MB = 1024 * 1024


@pytest.fixture
def flow() -> ReportFlow:
    return ReportFlow(TipsSettings(), wilayah())


def at(flow: ReportFlow, step: str):
    draft = flow.new_draft("k", "id")
    draft.data.update(category="sosmed", province="32", regency="3273", when="kemarin", agency="Dinas X",
                      role="guru", description="Guru membagikan poster calon di grup kelas kemarin sore.")
    draft.step = step
    return draft


def test_steps_in_order(flow):
    draft = flow.new_draft("k", "id")
    assert draft.step == "category"
    assert flow.choose_category(draft, "kampanye").ok and draft.step == "province"
    assert flow.choose_province(draft, "32").ok and draft.step == "regency"
    assert flow.choose_regency(draft, "3273").ok and draft.step == "when"
    assert flow.choose_when(draft, "today", TODAY).ok and draft.step == "agency"
    assert draft.data["when"] == "hari ini, 01-05-2024" and draft.data["when_date"] == "2024-05-01"
    for text, step in (("Dinas Pendidikan Kota Bandung", "role"), ("guru SD", "name"), ("-", "description"),
                       ("Guru itu membagikan poster calon di grup kelas kemarin sore.", "evidence")):
        assert flow.text(draft, text, TODAY).ok
        assert draft.step == step
    assert draft.data["name"] is None
    assert flow.finish_evidence(draft).finished and draft.step == "confirm"
    assert flow.missing(draft) == []
    tip = flow.to_input(draft)
    assert (tip.category, tip.regency_code, tip.accused_name) == ("kampanye", "3273", None)
    assert STEPS[-1] == "confirm"


def test_category_by_number_or_word_and_errors(flow):
    draft = flow.new_draft("k", "id")
    assert flow.text(draft, "3", TODAY).ok and draft.data["category"] == "fasilitas"
    draft = flow.new_draft("k", "id")
    assert flow.text(draft, "bagi-bagi amplop", TODAY).ok and draft.data["category"] == "hadiah"
    draft = flow.new_draft("k", "id")
    assert flow.text(draft, "anggota partai", TODAY).ok and draft.data["category"] == "partai"
    for bad in ("9", "0", "🙂🙂", "", "<b>x</b>"):
        draft = flow.new_draft("k", "id")
        outcome = flow.text(draft, bad, TODAY)
        assert not outcome.ok and outcome.error == "err.category" and draft.step == "category"
    assert flow.choose_category(flow.new_draft("k", "id"), "forged").error == "err.stale"


def test_province_and_regency_typed_with_choices(flow):
    draft = at(flow, "province")
    assert flow.text(draft, "Jatim", TODAY).ok and draft.data["province"] == "35" and draft.step == "regency"
    assert "regency" not in draft.data  # a new province forgets the old regency
    many = flow.text(draft, "malang", TODAY)
    assert not many.ok and many.error == "err.regency_many"
    assert {c.name for c in many.choices} == {"Kabupaten Malang", "Kota Malang"}
    assert flow.text(draft, "kota malang", TODAY).ok and draft.data["regency"] == "3573"
    draft = at(flow, "province")
    assert flow.text(draft, "atlantis", TODAY).error == "err.province_unknown"
    assert flow.text(draft, "sulawesi", TODAY).error == "err.province_many"
    assert flow.text(draft, "x" * 500, TODAY).error == "err.province_unknown"
    draft = at(flow, "regency")
    assert flow.text(draft, "Surabaya", TODAY).error == "err.regency_unknown"  # in Jawa Timur, not Jawa Barat
    assert flow.choose_regency(draft, "3578").error == "err.stale"  # forged: a regency of another province
    assert flow.choose_province(at(flow, "province"), "99").error == "err.stale"


def test_when_free_text_and_presets(flow):
    draft = at(flow, "when")
    assert flow.text(draft, "kemarin", TODAY).ok and draft.data["when_date"] == "2024-04-30"
    draft = at(flow, "when")
    assert flow.choose_when(draft, "week", TODAY).ok and "25-04-2024 s.d. 01-05-2024" in draft.data["when"]
    draft = at(flow, "when")
    assert flow.text(draft, "12 Mei 2024 pagi", TODAY).ok and draft.data["when_date"] is None
    for bad, error in (("x", "err.when"), ("!!", "err.when"), ("a" * 101, "err.too_long")):
        assert flow.text(at(flow, "when"), bad, TODAY).error == error


def test_short_text_steps(flow):
    assert flow.text(at(flow, "agency"), "ab", TODAY).error == "err.agency"
    assert flow.text(at(flow, "agency"), "123456", TODAY).error == "err.agency"
    outcome = flow.text(at(flow, "agency"), "a" * 201, TODAY)
    assert outcome.error == "err.too_long" and outcome.values == {"limit": 200, "length": 201}
    assert flow.text(at(flow, "role"), "x", TODAY).error == "err.role"
    draft = at(flow, "role")
    assert flow.text(draft, "  Lurah\x00\x07 ", TODAY).ok and draft.data["role"] == "Lurah"
    draft = at(flow, "name")
    assert flow.text(draft, "Budi Santoso", TODAY).ok and draft.data["name"] == "Budi Santoso"
    assert flow.text(at(flow, "name"), "B", TODAY).error == "err.name"
    draft = at(flow, "name")
    assert flow.skip_name(draft).ok and draft.data["name"] is None


def test_description_limits(flow):
    assert flow.text(at(flow, "description"), "terlalu pendek", TODAY).error == "err.description"
    assert flow.text(at(flow, "description"), "🙂" * 40, TODAY).error == "err.description"
    assert flow.text(at(flow, "description"), "a" * 40, TODAY).error == "err.description"  # one "word"
    outcome = flow.text(at(flow, "description"), "kata " * 700, TODAY)
    assert outcome.error == "err.too_long" and outcome.values["limit"] == 3000
    draft = at(flow, "description")
    text = "<script>alert(1)</script> Kepala dinas menyuruh staf memasang baliho calon."
    assert flow.text(draft, text, TODAY).ok and draft.data["description"] == text  # stored raw, escaped on output


def test_evidence_links_files_and_limits(flow):
    draft = at(flow, "evidence")
    outcome = flow.text(draft, "lihat https://fb.com/post/1, dan www.tiktok.com/@x/video/2.", TODAY)
    assert outcome.ok and draft.data["links"] == ["https://fb.com/post/1", "https://www.tiktok.com/@x/video/2"]
    assert flow.text(draft, "https://fb.com/post/1", TODAY).values["added"] == 0  # the same link twice
    assert flow.text(draft, "ini bukan tautan", TODAY).error == "err.evidence_text"
    assert flow.text(draft, "https://x.test/" + "a" * 600, TODAY).error == "err.link_long"
    for n in range(8):
        flow.text(draft, f"https://x.test/{n}", TODAY)
    assert flow.text(draft, "https://x.test/last", TODAY).error == "err.links_many"
    assert flow.check_file(draft, "photo", 100, "jpg").ok
    assert flow.check_file(draft, "document", 21 * MB, "pdf").error == "err.file_big"
    assert flow.check_file(draft, "document", 100, None).error == "err.file_type"
    assert flow.check_file(draft, "other", 100, None).error == "err.file_kind"
    assert flow.check_file(at(flow, "description"), "photo", 100, "jpg").error == "err.file_wrong_step"
    for n in range(10):
        stored = {"sha256": f"{n:064d}", "relpath": f"evidence/drafts/x/{n}.jpg", "size": 5 * MB, "ext": "jpg"}
        assert flow.add_file(draft, "photo", stored, "image/jpeg").ok
    assert flow.check_file(draft, "photo", 100, "jpg").error == "err.files_many"
    assert flow.text(draft, "selesai", TODAY).finished and draft.step == "confirm"


def test_duplicate_file_and_total_size(flow):
    draft = at(flow, "evidence")
    stored = {"sha256": "f" * 64, "relpath": "evidence/drafts/x/f.jpg", "size": 19 * MB, "ext": "jpg"}
    assert flow.add_file(draft, "document", stored, "image/jpeg").ok
    assert flow.add_file(draft, "document", stored, "image/jpeg").values["duplicate"]
    assert len(draft.data["files"]) == 1
    for n in range(2):
        flow.add_file(draft, "photo", {**stored, "sha256": str(n) * 64}, "image/jpeg")
    assert flow.check_file(draft, "photo", 5 * MB, "jpg").error == "err.files_total"


def test_editing_from_the_summary_returns_to_it(flow):
    draft = at(flow, "confirm")
    assert flow.edit(draft, "agency").ok and draft.step == "agency"
    assert flow.text(draft, "Kantor Camat Lembang", TODAY).ok and draft.step == "confirm"
    assert flow.edit(draft, "province").ok
    assert flow.choose_province(draft, "35").ok and draft.step == "regency"  # a new province needs a regency
    assert flow.missing(draft) == ["regency"]
    assert flow.choose_regency(draft, "3578").ok and draft.step == "confirm"
    assert flow.edit(draft, "nonsense").error == "err.stale"
    assert flow.edit(at(flow, "agency"), "role").error == "err.stale"


def test_buttons_of_another_step_are_stale(flow):
    draft = at(flow, "agency")
    assert flow.choose_category(draft, "sosmed").error == "err.stale"
    assert flow.choose_when(draft, "today", TODAY).error == "err.stale"
    assert flow.skip_name(draft).error == "err.stale"
    assert flow.finish_evidence(draft).error == "err.stale"
    assert flow.set_page(draft, "province", 1).error == "err.stale"
    assert flow.text(at(flow, "confirm"), "kirim", TODAY).error == "err.use_buttons"


def test_helpers():
    assert clean_text(" a\u200b\x00b \n\n\n\nc ") == "ab \n\nc"
    assert clean_text("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"
    assert clean_text("a\tb  c") == "a b c"
    assert extract_links("no links here") == []
    assert extract_links("(https://a.test/x).") == ["https://a.test/x"]
