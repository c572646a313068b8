"""Pins for the corrections C1-C18 of the December 2026 audit (../shared/LEGAL.md, issue 11).

Each correction has either a question and the verdict and entry family the shipped bot must give it, or a field of
the shipped knowledge base that must say (or must not say) something. The questions here are written for these tests
and are not copied from tests/data or from the entries' phrasings.
"""

import re

import pytest

from bot.qa.knowledge import load_knowledge_base
from bot.qa.matcher import Matcher
from bot.settings import DEFAULT_KNOWLEDGE_DIR

KB = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def matcher():
    return Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)


def answer(matcher, question):
    found = matcher.match(question)
    assert found.kind == "answer" and found.entry is not None, f"no answer for {question!r}: {found.kind}"
    return found.entry


def entry(entry_id):
    found = KB.get(entry_id)
    assert found is not None, entry_id
    return found


def all_text(e):
    parts = []
    for t in (e.id_text, e.en_text):
        parts += [t.summary, t.explanation, t.sanction or "", *t.conditions]
    return " ".join(parts)


SPOUSE_FAMILY = ("pasangan-",)
RELATIVE_FAMILY = ("kerabat-",)


# -- C1 passive attendance: prohibited per the text, level unspecified, contrary statements mentioned ------------------

def test_c1_passive_attendance_entry(matcher):
    e = entry("kampanye-hadir-pasif")
    assert e.verdict == "prohibited"
    assert not re.match(r"\W*(boleh|allowed)", e.id_text.summary, re.I)
    assert not re.match(r"\W*(boleh|allowed)", e.en_text.summary, re.I)
    assert "Mendagri" in e.id_text.explanation and "Home Affairs Minister" in e.en_text.explanation
    assert "Pasal 7" in e.id_text.sanction and "12 sampai 14" in e.id_text.sanction
    got = answer(matcher, "saya pns mau lihat kampanye capres di lapangan, cuma berdiri diam tanpa kaos partai, boleh?")
    assert got.verdict == "prohibited" and got.id.startswith("kampanye-")


OFF_DUTY = [
    "minggu lalu saya jaga kampanye karena surat tugas, minggu depan saya libur dan tidak ditugaskan, boleh datang?",
    "pns damkar, kalau tanpa surat tugas ke lokasi kampanye cuma mau nonton, gimana?",
    "bukan karena tugas kantor, aku pppk pengen dateng ke kampanye akbar capres",
]


@pytest.mark.parametrize("question", OFF_DUTY)
def test_c1_attending_without_an_assignment_never_gets_the_on_duty_card(matcher, question):
    found = matcher.match(question)
    assert found.entry is None or found.entry.id != "kampanye-hadir-tugas", found.entry
    if found.kind == "answer":
        assert found.entry is not None and found.entry.verdict == "prohibited", found.entry


# -- C2 watching debates, reading news, following KPU/Bawaslu: allowed -------------------------------------------------

@pytest.mark.parametrize("question", [
    "pns nonton siaran debat cawalkot di televisi malam ini, ada larangan?",
    "saya asn tiap pagi baca berita pilkada di koran online, boleh kan?",
])
def test_c2_information_is_allowed(matcher, question):
    got = answer(matcher, question)
    assert got.id == "hak-nonton-debat" and got.verdict == "allowed"


def test_c2_entry_is_allowed_without_conditions():
    e = entry("hak-nonton-debat")
    assert e.verdict == "allowed" and not e.id_text.conditions


# -- C3 a relative other than the spouse is the candidate --------------------------------------------------------------

RELATIVE_QUESTIONS = [
    "anak saya nyaleg dprd kabupaten, saya pns boleh ikut nemenin daftar ke kpu?",
    "ayahku maju pilkada jadi calon bupati, aku asn boleh hadir di kampanye akbarnya?",
    "kakak saya nyalon walikota, saya guru pns diminta masuk timsesnya, boleh?",
    "mertua saya jadi caleg dpr, saya pppk share poster kampanyenya di ig, aman?",
    "adikku nyalon dpd, aku pns ikut ngurus posko pemenangan dia, kena?",
    "paman saya maju cagub, saya asn ikut rombongan pendaftaran ke kpu, gimana?",
    "keponakan nyaleg dprd provinsi, saya pns bikin status wa dukung dia, melanggar?",
    "sepupu saya maju pilkada, saya asn dateng ke kampanye dialogisnya, boleh?",
    "tante saya calon wakil bupati, saya pns ikut jadi relawan tim pemenangannya",
    "ipar saya nyalon bupati, saya cpns hadir di kampanye terbukanya sebagai keluarga",
    "my father is a DPRD candidate; can I, a civil servant, go to his campaign rally?",
    "my sister is running for mayor; can I share her campaign posts as a civil servant?",
    "bapakku nyaleg, aku PNS oleh melu dadi tim sukses e?",
    # round 13: the spouse is the civil servant and the spouse's father runs; Papuan "sa pu bapa"
    "istri saya pns, bapaknya nyalon bupati, boleh dia ikut kampanye bapaknya?",
    "sa pu bapa maju caleg, sa pns boleh bantu kampanye?",
]


@pytest.mark.parametrize("question", RELATIVE_QUESTIONS)
def test_c3_relatives_never_get_a_spouse_or_cltn_entry(matcher, question):
    got = answer(matcher, question)
    assert not got.id.startswith(SPOUSE_FAMILY), got.id
    assert got.verdict == "prohibited", (got.id, got.verdict)
    assert "CLTN" not in got.id_text.summary or "suami/istri" in got.id_text.summary, got.id


@pytest.mark.parametrize("question", RELATIVE_QUESTIONS[:8])
def test_c3_relatives_reach_the_relative_family(matcher, question):
    assert answer(matcher, question).id.startswith(RELATIVE_FAMILY)


def test_c3_relative_entries():
    relatives = [e for e in KB if e.id.startswith(RELATIVE_FAMILY) and e.id != "kerabat-kehidupan-keluarga"]
    assert {e.id for e in relatives} == {"kerabat-dampingi-daftar", "kerabat-hadir-kampanye", "kerabat-tim-sukses",
                                         "kerabat-medsos"}
    # C3: "family life and the vote in the booth are untouched" is its own, allowed, entry.
    family_life = entry("kerabat-kehidupan-keluarga")
    assert family_life.verdict == "allowed" and family_life.rows == ("G46a",)
    assert "bilik suara" in family_life.id_text.summary
    for e in relatives:
        assert e.verdict == "prohibited" and "G46a" in e.rows
        assert len(e.id_text.questions) >= 15 and len(e.en_text.questions) >= 3
        assert re.search(r"bilik suara|di rumah|secara langsung", e.id_text.explanation), e.id
    for e in ("kerabat-dampingi-daftar", "kerabat-hadir-kampanye"):
        assert "CLTN hanya untuk suami/istri" in entry(e).id_text.summary


def test_c3_spouse_phrasings_name_only_a_spouse():
    kin = re.compile(r"\b(anak|ayah|kakak|adik|paman|tante|mertua|ipar|keponakan|sepupu|father|mother|son|daughter|"
                     r"brother|sister|uncle|aunt|cousin)\w*\b", re.I)
    spouse = re.compile(r"\b(suami|istri|bojo|pasangan|salaki|laki|bini|misua|garwa|husband|wife|spouse)", re.I)
    for e in KB:
        if e.id.startswith(SPOUSE_FAMILY):
            for q in e.phrasings:
                assert spouse.search(q), (e.id, q)
                assert not kin.search(q), (e.id, q)


@pytest.mark.parametrize("question", [
    "suami saya nyaleg dprd, saya pns sudah cltn, boleh menemani dia daftar ke kpu?",
    "istri saya caleg, saya pns sudah cltn, boleh hadir di kampanyenya tanpa atribut?",
])
def test_c3_spouse_questions_still_get_the_spouse_family(matcher, question):
    got = answer(matcher, question)
    assert got.id.startswith(SPOUSE_FAMILY) and got.verdict == "conditional", got.id


# -- C4 and C9 PPPK ------------------------------------------------------------------------------------------------

def pppk_entries():
    """Entries whose subject is PPPK (spouse entries mention PPPK only to say that CLTN is not for them)."""
    return [e for e in KB if "pppk" in e.id]


def test_c4_no_pppk_text_advises_cltn():
    assert pppk_entries()
    for e in pppk_entries():
        for summary in (e.id_text.summary, e.en_text.summary):
            assert not re.match(r"\W*(boleh|allowed)", summary, re.I), e.id
        for condition in e.id_text.conditions:
            assert "CLTN" not in condition or "bukan" in condition or "tidak" in condition, (e.id, condition)
        assert not re.search(r"\basal (sedang )?CLTN|\bambil(lah)? CLTN|\bmengambil CLTN", e.id_text.explanation), e.id


def test_c4_pppk_spouse_entry_opens_with_what_is_not_possible(matcher):
    e = entry("pasangan-pppk")
    assert e.verdict == "conditional"
    assert e.id_text.summary.startswith("PPPK tidak punya CLTN")
    got = answer(matcher, "saya pppk guru, suami maju pilkada, bisa cltn untuk menemani dia?")
    assert got.id == "pasangan-pppk"


def test_c4_spouse_cltn_entries_say_pns():
    for entry_id in ("pasangan-dampingi-cltn", "pasangan-kampanye-cltn"):
        e = entry(entry_id)
        assert "PNS" in e.id_text.summary and "PNS" in e.en_text.summary, entry_id
        assert "ASN ... asal CLTN" not in e.id_text.summary


def test_c9_pp_42_2004_only_for_pns():
    for e in pppk_entries():
        assert all(c.instrument != "PP 42/2004" for c in e.basis), e.id
        assert "PP 42/2004" not in (e.id_text.sanction or ""), e.id
    assert "Pasal 1 angka 5" in entry("sanksi-pppk").id_text.explanation
    assert "hanya berlaku bagi PNS dan CPNS" in entry("sanksi-kode-etik").id_text.explanation


# -- C5 state facilities in a Pilkada campaign: criminal side -------------------------------------------------------

def test_c5_facilities_sanction_mentions_pasal_187():
    e = entry("fasilitas-negara")
    for sanction in (e.id_text.sanction, e.en_text.sanction):
        assert "187" in sanction and "69" in sanction
    assert any(c.instrument == "UU 1/2015" and "187 ayat (3)" in c.article for c in e.basis)
    assert "187 ayat (3)" in entry("sanksi-pidana-pilkada").id_text.explanation


# -- C6 tim ahli / penyandang dana: berat ---------------------------------------------------------------------------

def test_c6_expert_and_funder_is_heavy(matcher):
    e = entry("kampanye-tim-ahli-dana")
    assert "berat" in e.id_text.sanction and "sedang" not in e.id_text.sanction
    assert "medium" not in e.en_text.sanction
    got = answer(matcher, "saya pns diminta jadi penyandang dana kampanye calon walikota, boleh?")
    assert got.verdict == "prohibited"


# -- C7 the silent superior: heavier penalty (Ps 28 ayat 2) ---------------------------------------------------------

def test_c7_silent_superior():
    e = entry("lapor-atasan-diam")
    assert "Pasal 28 ayat (2)" in e.id_text.sanction and "lebih berat" in e.id_text.sanction
    assert "Pasal 24 ayat (2)" in e.id_text.sanction and "Pasal 24 ayat (3)" in e.id_text.sanction


# -- C8 resignation timing ------------------------------------------------------------------------------------------

def test_c8_resignation_at_registration_for_pilkada_2024():
    e = entry("calon-wajib-mundur")
    assert any(c.instrument == "PKPU 8/2024" and "26 ayat (2)" in c.article for c in e.basis)
    assert "saat pendaftaran" in e.id_text.explanation and "sejak ditetapkan" in e.id_text.explanation
    assert "registration" in e.en_text.explanation


# -- C10, C11 reporting -----------------------------------------------------------------------------------------------

def test_c10_pilkada_reporter_is_a_local_voter():
    e = entry("lapor-boleh")
    assert "UU 8/2015" in e.id_text.explanation and "di daerah itu" in e.id_text.explanation
    assert "informasi awal" in e.id_text.explanation


def test_c10_a_reporter_who_is_not_a_local_voter_has_an_explanation():
    e = entry("lapor-bukan-pemilih")
    assert e.verdict == "info" and "H52" in e.rows
    assert "pemilih di daerah itu" in e.id_text.summary and "informasi awal" in e.id_text.summary
    assert {"UU 1/2015", "UU 8/2015"} <= {c.instrument for c in e.basis}


def test_row_2_a_superior_keeping_staff_from_voting_is_prohibited():
    e = entry("atasan-halangi-mencoblos")
    assert e.verdict == "prohibited" and e.rows == ("A2",)
    assert [(c.instrument, c.article) for c in e.basis] == [("UU 7/2017", "Pasal 498")]
    assert "Rp12 juta" in e.id_text.sanction


def test_c11_perbawaslu_9_2024_cited():
    e = entry("lapor-formal-vs-awal")
    instruments = [c.instrument for c in e.basis]
    assert "Perbawaslu 8/2020" in instruments and "Perbawaslu 9/2024" in instruments


# -- C12 SE B/71/2017 is past guidance, never the only basis ----------------------------------------------------------

def test_c12_b71_never_alone_and_called_past_guidance():
    for e in KB:
        instruments = [c.instrument for c in e.basis]
        if "SE MenPAN-RB B/71/M.SM.00.00/2017" in instruments:
            assert len(set(instruments)) > 1, e.id
            assert "2019" in e.id_text.explanation or "2018" in e.id_text.explanation, e.id


# -- C13 citations that overreached ---------------------------------------------------------------------------------

def test_c13_citations():
    ktp = entry("kumpul-ktp-dukungan")
    assert not any("angka 7" in c.article for c in ktp.basis)
    assert any(c.instrument == "SKB 5 Instansi 2022" for c in ktp.basis)
    adhoc = entry("penyelenggara-adhoc-kpu")
    assert "Pantarlih tidak disebut" in adhoc.id_text.explanation
    duty = entry("kampanye-hadir-tugas")
    assert not any(c.instrument == "PP 94/2021" and c.article.startswith("Pasal 5 huruf n") for c in duty.basis)
    assert "Bawaslu" in " ".join(str(c) for c in duty.basis)


# -- C14 voting is a right, not a duty ------------------------------------------------------------------------------

def test_c14_never_should_vote():
    for e in KB:
        assert not re.search(r"\bshould vote\b|\bmust vote\b|\bwajib (mencoblos|memilih)\b", all_text(e), re.I), e.id


# -- C15 attending a candidate's declaration ------------------------------------------------------------------------

def test_c15_declaration_has_its_own_answer(matcher):
    e = entry("kampanye-hadir-deklarasi")
    assert e.verdict == "prohibited" and "deklarasi" in e.id_text.summary
    got = answer(matcher, "saya guru pns diundang tetangga ke acara deklarasi calon walikota, boleh datang?")
    assert got.id == "kampanye-hadir-deklarasi"


# -- C16 the next elections -----------------------------------------------------------------------------------------

def test_c16_no_entry_calls_2024_current():
    pattern = re.compile(r"(pemilu|pilkada|election)s? 2024 (ini|sekarang|mendatang)|current (2024 )?elections? "
                         r"\(?2024|the 2024 elections? (is|are) (current|upcoming)|menjelang pemilu 2024", re.I)
    for e in KB:
        assert not pattern.search(all_text(e)), e.id


def test_c16_guidance_of_the_2024_cycle_is_dated():
    for e in KB:
        instruments = {c.instrument for c in e.basis}
        if instruments & {"SKB 5 Instansi 2022", "SE MenPAN-RB 18/2023"}:
            assert "2024" in e.id_text.explanation and "2024" in e.en_text.explanation, e.id


def test_c16_next_elections_entry(matcher):
    e = entry("hak-pemilu-berikutnya")
    assert "2029" in e.id_text.summary and "2031" in e.id_text.summary
    assert any(c.instrument == "Putusan MK 135/PUU-XXII/2024" for c in e.basis)
    assert "135/PUU-XXII/2024" in entry("kampanye-timses-pemilu").id_text.explanation


# -- C17, C18 -------------------------------------------------------------------------------------------------------

def test_c17_pasal_188_scope():
    assert "136/PUU-XXII/2024" in entry("sanksi-pidana-pilkada").id_text.explanation
    assert "136/PUU-XXII/2024" in entry("keputusan-untungkan-calon").id_text.explanation


def test_c18_bkn_for_now():
    e = entry("lapor-siapa-menangani")
    assert "saat ini" in e.id_text.summary.lower() and "2027" in e.id_text.explanation


def test_row_18_going_back_after_losing_is_the_card_that_says_no():
    """The resignation cannot be withdrawn (row 18): "back to PNS if I lose?" has one card, the prohibition, not the
    conditional card on when to resign (round 22 moved three such phrasings off it)."""
    losing = re.compile(r"\b(kalah|lose|balik|ditarik)\b", re.I)
    assert not [q for q in entry("calon-wajib-mundur").phrasings if losing.search(q)]
    assert len([q for q in entry("calon-tetap-asn").phrasings if losing.search(q)]) >= 5


# -- stages and rows ------------------------------------------------------------------------------------------------

def test_stage_dependent_sanctions_explain_the_stages():
    for e in KB:
        if re.search(r"tahap bakal calon|bakal calon:", e.id_text.sanction or "", re.I):
            assert "Bakal calon = sebelum KPU menetapkan calon; calon = sesudah penetapan." in e.id_text.sanction, e.id
            assert "(bakal calon) is someone not yet determined by KPU" in e.en_text.sanction, e.id


def test_every_entry_has_rows():
    for e in KB:
        assert e.rows, e.id
    assert entry("kampanye-hadir-pasif").rows == ("A8",)
    assert entry("hak-nonton-debat").rows == ("A9",)
