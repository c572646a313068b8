"""The decision model: the committed bot/qa/decision.json and examples.jsonl are what `python -m bot train` gives on
the current knowledge base and tuning sets (so they cannot go stale), and the decision's rules hold on the shipped
knowledge base."""

from pathlib import Path

import pytest

from bot.qa.decide import CHOICE_FEATURES, MODEL_PATH, DecisionModel, signals
from bot.qa.evaluate import load_manifest, select
from bot.qa.examples import EXAMPLES_PATH
from bot.qa.matcher import ANSWER, SUGGEST, Matcher
from bot.qa.thresholds import ALLOWED_FLOOR, SILENT_MIN, WRONG_MAX
from bot.settings import DEFAULT_KNOWLEDGE_DIR

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def shipped():
    return Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)


def test_committed_model_is_what_retraining_gives(tmp_path):
    from bot.qa.train import main

    assert main(DEFAULT_KNOWLEDGE_DIR, DATA, tmp_path) == 0
    retrained = (tmp_path / EXAMPLES_PATH.name).read_text(encoding="utf-8")
    assert retrained == EXAMPLES_PATH.read_text(encoding="utf-8"), "run `python -m bot train` and commit the output"
    fresh, committed = DecisionModel.load(tmp_path / MODEL_PATH.name), DecisionModel.load(MODEL_PATH)
    assert fresh.thresholds == committed.thresholds, "run `python -m bot train` and commit bot/qa/decision.json"
    for name in ("mean", "scale", "right", "scope"):
        assert getattr(fresh, name) == pytest.approx(getattr(committed, name), abs=1e-4), name
    for fitted, shipped_part in zip(fresh.choice, committed.choice, strict=True):
        assert fitted == pytest.approx(shipped_part, abs=1e-4), "choice"
    assert fresh.meta["trained_on"] == [s.name for s in select(load_manifest(DATA), "tune")]
    assert "questions_eval" not in fresh.meta["trained_on"]


def test_the_learnt_choice_order_puts_the_right_verdict_first_more_often_than_the_hand_set_one():
    """Out of fold, recorded by `python -m bot train` (the staleness test above keeps it current)."""
    model = DecisionModel.load(MODEL_PATH)
    assert len(model.choice[2]) == len(CHOICE_FEATURES) + 1
    first = model.meta["choices_out_of_fold"]
    assert first["offered"] > 0 and first["first_right"] > first["first_right_hand_set"], first


@pytest.mark.parametrize("question", [
    # both got a prohibited card before the rule (GM and GP, round 17)
    "Kerukunan Keluarga Luwu Raya mau pilih ketua baru, saya diminta jadi tim sukses salah satu kandidat. Ini bukan "
    "partai, bukan pilkada. Ada aturannya kah untuk PNS?",
    "Temen2 peksos ngajak kampanye buat calon ketua IPSPI di grup WA, boleh bikin poster dukungan?",
])
def test_an_election_of_another_body_gets_no_verdict(shipped, question):
    assert shipped.match(question).kind != ANSWER


@pytest.mark.parametrize("question", [
    # GR and HA (round 18): a campaign team's account is row F40, not the grey area of a candidate's own account
    "Follow akun IG tim pemenangan paslon buat mantau program mereka, boleh kah?",
    "follow akun tiktok tim pemenangan paslon buat mantau isu aja, boleh?",
])
def test_following_a_campaign_teams_account_never_gets_the_card_on_a_candidates_own_directly(shipped, question):
    """Facet `account` in the lexicon: the team prevails when a question names both."""
    assert shipped.facets.values("medsos-follow-akun-calon")["account"] == "calon"
    tokens = shipped.normalizer.tokens(question)
    assert shipped.facets.conflicts(tokens, "medsos-follow-akun-calon") == ["account"]
    assert "account" not in shipped.facets.conflicts(("follow", "akun", "calon"), "medsos-follow-akun-calon")
    match = shipped.match(question)
    offered = [match.entry] if match.kind == ANSWER else list(match.suggestions)
    assert "medsos-grup-pemenangan" in [e.id for e in offered], match


def test_a_phrasing_naming_a_team_and_following_counts_for_the_team():
    """An entry's facet value is counted as a question's is: `account` prevails `tim`, so the card on following a
    campaign team's account (15 of 28 phrasings name a team, 11 following) is about the team (round 19)."""
    from bot.qa.facets import Facet, FacetIndex

    facet = Facet("account", {"tim": frozenset({"timses"}), "calon": frozenset({"follow"})}, prevails="tim")
    phrasings = {"team": [frozenset({"follow", "timses"})] * 11 + [frozenset({"timses"})] * 4 + [frozenset()] * 13}
    index = FacetIndex([facet], frozenset(), phrasings)
    assert index.values("team") == {"account": "tim"}
    assert index.conflicts(("follow", "calon"), "team") == ["account"]


@pytest.mark.parametrize("question", [
    # on the shipped model the learnt order and the hand-set one put a different card first for these (round 17)
    "pake batik korpri ke acara kampanye caleg gara2 ga sempet ganti baju. kena sanksi apa?",
    "aku polhut, hari H nyoblos di TPS dkt betang boleh kan? kami bukan TNI polri",
])
def test_the_bot_offers_choices_in_the_learnt_order(shipped, question):
    match = shipped.match(question)
    assert match.kind == SUGGEST, match
    found = signals(shipped, shipped.normalizer.analyse(question), shipped.tail_tokens(question))
    assert list(match.suggestions) == shipped.model.order_choices(found.choices())[:len(match.suggestions)]


def test_an_untrained_model_orders_choices_by_hand_a_contradicted_candidate_last():
    row = dict.fromkeys(CHOICE_FEATURES, 0.0)

    def values(rank: float, mass: float, conflict: bool) -> list[float]:
        return list({**row, "rank_score": rank, "nb_verdict": mass, "facet_conflict": float(conflict)}.values())

    rows = [("spouse", values(0.9, 0.9, True)), ("relative", values(0.5, 0.2, False)),
            ("vote", values(0.6, 0.3, False))]
    assert DecisionModel.untrained().order_choices(rows) == ["vote", "relative", "spouse"]


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("komen di reels cawalkot", "medsos-like-share"),  # no ASN word: the asker is the civil servant
        ("gabung grup relawan capres?", "medsos-grup-pemenangan"),
        ("bagiin beras atas nama calon", "bagi-sembako-uang"),
        ("dikasih amplop sama timses, boleh terima?", "terima-uang-calon"),  # receiving, not giving
    ],
)
def test_implicit_subject_questions_are_answered(shipped, question, entry):
    match = shipped.match(question)
    assert match.kind == ANSWER and match.entry.id == entry, match


def test_a_relative_who_runs_never_gets_a_spouse_card(shipped):
    match = shipped.match("bapak saya nyaleg, boleh saya bantu kampanye?")
    assert match.entry is None or not match.entry.id.startswith("pasangan-"), match
    if match.kind == SUGGEST:
        assert not match.suggestions[0].id.startswith("pasangan-")


@pytest.mark.parametrize(("question", "entry"), [
    ("tanpa ambil cltn langsung ikut penjaringan bakal calon di partai, aku pns aktif, aman?", "calon-tanpa-cltn"),
    ("PNS yang suaminya caleg belum mengambil CLTN, boleh ikut hadir di kampanye suaminya?", "pasangan-tanpa-cltn"),
])
def test_without_cltn_never_gets_the_card_with_cltn(shipped, question, entry):
    # Facet `cltn`: "belum/tanpa/gak ambil CLTN" contradicts the cards on doing it with CLTN (conditional).
    match = shipped.match(question)
    assert (match.entry or match.suggestions[0]).id == entry, match


def test_elections_other_than_pemilu_and_pilkada_get_the_pointer(shipped):
    # The ASN neutrality rules are about general and regional elections: an RT, OSIS or church election is out of
    # scope (knowledge/luar-cakupan.yaml, pemilihan-lain), and so is a festival "deklarasi".
    for question, scope in (("pemilihan ketua rt bulan depan, pns boleh nyalon?", "pemilihan-lain"),
                            ("pemilihan ketua osis, guru boleh dukung salah satu calon?", "pemilihan-lain"),
                            ("adik nyalon kepala lembang, saya pns boleh bantu dia?", "pemilihan-lain")):  # LA
        match = shipped.match(question)
        assert match.entry is None and match.scope is not None and match.scope.id == scope, match


def test_a_contestants_own_paperwork_gets_no_verdict_and_an_asn_handing_over_ktp_keeps_its_card(shipped):
    # Round 24: a candidate's campaign-finance report and the KTP an independent candidate needs are the
    # contestants' rules (knowledge/luar-cakupan.yaml, logistik-pemilu), not an ASN's conduct.
    for question in ("om saya caleg, laporan dana kampanyenya harus diserahkan ke mana?",
                     "calon bupati jalur perseorangan butuh minimal berapa ktp dukungan?"):
        match = shipped.match(question)
        assert match.kind != ANSWER, match
    match = shipped.match("boleh saya kasih fotokopi KTP buat dukung calon independen?")
    assert match.kind == ANSWER and match.entry.id == "beri-ktp-dukungan", match


def test_complaints_about_other_matters_get_the_pointer_and_reporting_a_breach_keeps_its_card(shipped):
    # Round 15 (knowledge/luar-cakupan.yaml, pengaduan-lain): a complaint with nothing electoral is not a report of
    # a neutrality breach, which the card on reporting answers (and "anonim" stays its question).
    match = shipped.match("mau lapor pungli di kantor kecamatan kemana ya")
    assert match.entry is None and match.scope is not None and match.scope.id == "pengaduan-lain", match
    for question in ("kalau lihat PNS ikut kampanye, lapornya ke mana?", "bisa lapor anonim ga? takut ketauan atasan"):
        match = shipped.match(question)
        assert (match.entry or match.suggestions[0]).verdict == "info", match


def test_the_closed_fist_and_the_finger_pose_are_told_apart(shipped):
    # Facet `pose`: the closed fist (allowed) is never offered or answered with the finger-pose card, nor the reverse.
    for question, entry in (("pose tangan mengepal waktu foto bersama di acara dinas, aman?", "medsos-pose-kepal"),
                            ("pose jempol pas foto bareng calon bupati, aman?", "medsos-pose-jari"),
                            # round 30's retraining put the declaration card first here; a phrasing in round 31
                            ("pose jempol pas foto bareng bakal calon bupati, aman?", "medsos-pose-jari")):
        match = shipped.match(question)
        assert (match.entry or match.suggestions[0]).id == entry, match


def test_who_acts_rule_itself(shipped):
    # The answers above could come out right from the trained model alone; this checks the rule they rely on.
    from bot.qa import actors

    def about_someone_else(question):
        return actors.about_someone_else(shipped.normalizer.analyse(question), shipped.normalizer.lexicon)

    assert not about_someone_else("kades nyuruh saya antar kaos paslon ke dusun")
    assert about_someone_else("kades di desa saya, dia diajak jadi timses paslon")
    assert about_someone_else("kepala desa boleh ikut kampanye?")
    # round 13: a he or she the permission is asked for, regional village heads' titles, retirees
    assert about_someone_else("om sa caleg, boleh gak dia pasang baliho di pagar rumahnya?")
    assert about_someone_else("ipar saya pengurus partai. bolehkah ia pasang bendera di rumahnya?")
    assert not about_someone_else("om saya caleg, kampanye dia boleh saya datangi?")  # "dia" is the candidate
    assert about_someone_else("wali nagari ikut kampanye calon bupati, boleh?")
    # round 15: a neighbourhood head is not a civil servant; Minangkabau "den" and Pontianak "kamek" are the asker
    assert about_someone_else("ketua rt boleh jadi timses caleg?")
    assert not about_someone_else("ado calon DPD minta fotokopi KTP, den kasih KTP den, boleh ndak?")
    assert not about_someone_else("kades ngajak kamek datang ke rumah timses malam ni")
    assert about_someone_else("pensiunan pns boleh jadi timses?")
    assert not about_someone_else("saya mau pensiun bulan depan, boleh ikut kampanye?")
    # round 21: the one asked to act is the asker, though a he or she is named (JJ)
    assert not about_someone_else("Keuchik minta saya bantu kumpulkan fotokopi KTP warga. Dia bilang saya kenal orang.")
    assert not about_someone_else("keuchik mau bagi sembako sambil sebut nama calon, dia ajak saya ikut bagi")
    assert about_someone_else("keuchik mau bagi sembako sambil sebut nama calon, boleh dia begitu?")


@pytest.mark.parametrize(("question", "entry", "facet"), [
    ("lapor ke mana kalau atasan kampanye?", "lapor-boleh", "asks"),
    ("nglaporno pns sing kampanye iku nang endi?", "lapor-boleh", "asks"),  # where word apart: asks_where
    ("pose tangan mengepal pas foto bareng, aman?", "medsos-pose-jari", "pose"),
    ("belum ambil cltn tapi ikut kampanye suami", "pasangan-kampanye-cltn", "cltn"),
    ("PNS yang suaminya caleg belum mengambil CLTN", "pasangan-pppk", "employment:asn"),  # round 40: not a PPPK
    ("sanksi untuk PNS yang ikut kampanye apa?", "sanksi-pppk", "employment:asn"),
])
def test_round_10_facets_contradict_the_card_on_the_other_value(shipped, question, entry, facet):
    assert facet in shipped.facets.conflicts(shipped.normalizer.analyse(question).tokens, entry)


def test_the_card_on_who_is_bound_keeps_answering_a_civil_servant_in_general(shipped):
    """The `employment` facet's share (0.9, lexicon.yaml) keeps it off the card on who is bound, a third of whose
    phrasings name PPPK: at 0.3 "PNS wajib netral?" would contradict it (round 40)."""
    tokens = shipped.normalizer.analyse("PNS wajib netral?").tokens
    assert not shipped.facets.conflicts(tokens, "hak-siapa-terikat")
    assert "employment:asn" in shipped.facets.conflicts(tokens, "pasangan-pppk")


@pytest.mark.parametrize("question", [
    "tni aktif boleh nyoblos?", "saya tni boleh nyoblos?", "suami saya polisi, dia bisa ikut nyoblos di tps?",
    "can a police officer vote in the election?",
])
def test_whether_the_tni_or_polri_vote_gets_their_card_never_the_card_on_an_asns_vote(shipped, question):
    """LEGAL.md row 1: UU 7/2017 Ps 200 takes the vote from members of the TNI and Polri only (round 19)."""
    match = shipped.match(question)
    offered = [match.entry] if match.kind == ANSWER else list(match.suggestions)[:1]
    assert [e.id for e in offered] == ["hak-pilih-tni-polri"], match


def test_boleh_on_an_asns_vote_never_answers_a_question_about_the_police(shipped):
    """"tni" and "polri" are on the lexicon's `prohibited_acts`: the card on an ASN's vote does not name them."""
    tokens = shipped.normalizer.tokens("polisi boleh nyoblos?")
    assert shipped.facets.unlicensed_acts(tokens, "hak-mencoblos") == {"polri"}


@pytest.mark.parametrize("question", [
    "pns gak punya hak pilih kayak tni ya?", "asn tetap nyoblos atau sama seperti polisi dan tentara?",
])
def test_an_asn_compared_with_the_tni_gets_the_card_on_an_asns_vote(shipped, question):
    match = shipped.match(question)
    offered = [match.entry] if match.kind == ANSWER else list(match.suggestions)[:1]
    assert [e.id for e in offered] == ["hak-mencoblos"], match


@pytest.mark.parametrize("question", [
    "kata teman, pns itu tidak punya hak pilih ya? bener gak?",
    "pacar saya juga mau daftar jadi pengawas tps, boleh kami berdua?",
])
def test_the_card_on_the_tni_and_polri_never_leads_for_a_question_that_names_neither(shipped, question):
    """Facet `voter`: a question that names no member of the TNI or Polri is about the asker (round 19)."""
    assert shipped.facets.conflicts(shipped.normalizer.tokens(question), "hak-pilih-tni-polri") == ["voter:asn"]
    match = shipped.match(question)
    offered = [match.entry] if match.kind == ANSWER else list(match.suggestions)[:1]
    assert "hak-pilih-tni-polri" not in [e.id for e in offered], match


@pytest.mark.parametrize("question", [
    "saya bukan pemilih di kabupaten ini, boleh lapor asn yang kampanye ke bawaslu?",
    "nek kulo dudu pemilih klaten, kulo tetep angsal lapor teng bawaslu klaten?",
    "i'm not a voter in this city, can i report a civil servant to bawaslu?",
])
def test_a_reporter_who_is_not_a_local_voter_gets_the_explanation_never_boleh(shipped, question):
    """C10: a formal Pilkada report needs a local voter; facet `pemilih` is held by explanations, so the card on
    reporting (BOLEH) never answers (IR's dangerous answer, round 20)."""
    tokens = shipped.normalizer.tokens(question)
    assert "pemilih" in shipped.facets.conflicts(tokens, "lapor-boleh")
    assert shipped.facets.conflicts(tokens, "lapor-bukan-pemilih") == []
    match = shipped.match(question)
    assert match.kind == ANSWER and match.entry.id == "lapor-bukan-pemilih", match


@pytest.mark.parametrize("question", [
    "saya kepala dinas, boleh saya melarang staf ke tps pada hari h karena kerjaan menumpuk?",
    "as head of office, may I refuse to let my staff leave to vote on polling day?",
    "kapus ndak agiah izin perawat pai ka tps, buliah baitu?",  # Minangkabau: the head of a puskesmas (JT, round 22)
    "kepsek larang kami nyoblos, boleh?",  # the staff speak of themselves (KD, round 23)
    "Is atasan allowed to forbid his staff go to TPS?",  # learner English (KJ, round 23)
    "anak buah minta izin nyoblos, laporan lagi menumpuk, boleh saya tahan dia di kantor?",  # (KQ, round 24)
    "kapus kd bulih bubuhan pegawai tulak bacoblos, salah kah?",  # Banjar (LO, round 25)
    "kapus kd bulih pegawai tulak bacoblos, salah kah?",
    "kadis nggak bolehin kami nyoblos, boleh gitu?",
    "kepala madrasah boleh larang guru keluar nyoblos pas hari H?",  # "keluar" is going out, not resigning (LX)
    "saya kepsek, boleh saya tidak kasih izin guru ke tps karena ada lomba?",  # the refuser is "saya" (MA)
    "kepala sekolah bilang guru tidak usah nyoblos karena ada lomba, boleh begitu?",  # "need not vote" (ME, round 26)
    "kadis nyuruh pegawai gak usah ke tps, lembur aja, boleh?",
    "kapala sakola ngalarang guru angkat ka tps samemeh piket beres, kenging?",  # Sundanese (NP, round 27)
])
def test_a_superior_keeping_staff_from_the_polls_is_never_told_boleh(shipped, question):
    """Row 2: the staff's right to time for voting is the superior's duty (UU 7/2017 Ps 498); the card on that
    right (BOLEH) used to answer the superior who asked whether he may refuse it (JM's dangerous answer, round 21)."""
    match = shipped.match(question)
    assert match.kind != ANSWER or match.entry.id == "atasan-halangi-mencoblos", match
    assert match.kind == ANSWER or "atasan-halangi-mencoblos" in [e.id for e in match.suggestions], match


def test_a_superior_forbidding_us_to_vote_for_a_meeting_is_never_told_boleh(shipped):
    # Round 23 (KD's dangerous answer): "larang kami" is the act `halangi` now. With "rapat" the classifier still
    # prefers the card on pressing staff in a meeting (another prohibited card): a wrong card, left for a later round.
    match = shipped.match("kepala sekolah larang kami nyoblos karena ada rapat, boleh dia begitu?")
    assert match.entry is None or match.entry.verdict == "prohibited", match


def test_the_fist_pose_needs_no_election_word_and_the_thumb_never_borrows_its_boleh(shipped):
    # Round 24: with no election word the fist-pose card stayed below `allowed`'s threshold ("kepal" was not in the
    # lexicon's `context`); the thumb, which the same question weighs against it, is not the safe pose (F43).
    match = shipped.match("kalau foto pose tangan mengepal aman kan?")
    assert match.kind == ANSWER and match.entry.id == "medsos-pose-kepal", match
    match = shipped.match("pose jempol waktu foto boleh, atau harus kepal tangan?")
    assert match.entry is None or match.entry.verdict != "allowed", match


def test_addressing_the_reader_as_mas_is_not_a_brother(shipped):
    match = shipped.match("mas aku pns, isih oleh nyoblos to?")  # like KU's wrong verdict (round 24)
    assert match.entry is None or match.entry.id == "hak-mencoblos", match
    assert match.entry is not None or match.suggestions[0].id == "hak-mencoblos", match


def test_a_superior_who_punishes_nothing_gets_the_card_on_keeping_quiet(shipped):
    for question in ("atasan tahu stafnya kampanye tapi tidak menindak, kena sanksi?",
                     "kadis tau ada pelanggaran netralitas tapi tak menjatuhkan hukuman, kena tidak beliau?"):
        match = shipped.match(question)
        assert match.kind == ANSWER and match.entry.id == "lapor-atasan-diam", match
    # Round 25 (LP): one who does not summon or examine (PP 94/2021 Ps 28); asked as its cost, it gets that card or
    # that card first among the choices (the pool labels such questions `info` or `prohibited`).
    match = shipped.match("apa sanksi bagi atasan yang tidak memanggil bawahannya yang ikut kampanye?")
    assert (match.entry or match.suggestions[0]).id == "lapor-atasan-diam", match


def test_filing_a_report_is_asking_to_report(shipped):
    # Round 24: the noun "laporan" asks "may I report?" after a filing verb only (bot/qa/normalize.py, FILING); the
    # paperwork side is in test_normalize.py and in the superior-holding-staff-back case above.
    match = shipped.match("saya pns boleh buat laporan ke bawaslu?")
    assert match.kind == ANSWER and match.entry.id == "lapor-boleh", match


def test_staff_asking_for_time_to_vote_still_get_their_right(shipped):
    match = shipped.match("hari h pemilu kantor tetap buka, boleh saya minta izin sebentar ke atasan untuk ke tps?")
    assert match.kind == ANSWER and match.entry.id == "hak-izin-mencoblos", match


def test_someone_else_gets_no_verdict(shipped):
    for question in ("polisi aktif boleh jadi timses caleg?", "kepala desa boleh jadi tim sukses paslon?",
                     "pns boleh like postingan resep masakan di instagram?",  # an ASN, but nothing electoral
                     "pns boleh like postingan kucing lucu di instagram?",
                     "wkwk ok thanks ya sorry panjang bgt tadi ngetiknya",  # typing, not "etik" (ethics)
                     "sbg polisi, sy boleh ikut kampanye?",  # the asker is the other actor
                     "kaka anggota partai, dia bole nyaleg ka",  # a sentence opening with "dia boleh": theirs
                     "Dad is a retired PNS, can he join a paslon's timses? he's not ASN anymore right",
                     "gotta run to a rapat, thanks for this!",  # leaving, not running for office
                     "tuan guru bilang jamaah harus pilih calon nomor 2, boleh ndak beliau gitu?",  # not a teacher
                     "caleg boleh pasang baliho di pohon pinggir jalan?",  # a contestant's own conduct
                     "paslon boleh bagi2 kaos ke warga ga sih?",
                     "caleg boleh bagi sembako ke jemaat kah? kita cuma heran",  # "we" are onlookers here
                     "bapak sy bukan pns, petani. boleh dia daftar caleg?",  # "bukan PNS": not covered
                     "guru wajib dampingi murid di kampanye imunisasi campak?"):  # not an election campaign
        assert shipped.match(question).entry is None, question


def test_an_entry_answers_for_the_others_its_law_binds(shipped):
    # Round 38 (UG, UN): UU 10/2016 Ps 71 forbids village heads too to favour a candidate (LEGAL.md row 28), and the
    # card on such decisions says so (`covers: [kepaladesa]`); what a village head may do elsewhere stays no one's.
    match = shipped.match("kepala desa tahan pencairan BLT untuk warga yang beda pilihan di pilkada, itu dilarang kan?")
    assert match.kind == ANSWER and match.entry.id == "keputusan-untungkan-calon", match
    assert shipped.match("kepala desa boleh jadi tim sukses paslon?").entry is None


def test_a_civil_servant_beside_someone_else_is_still_answered(shipped):
    # A contestant, or a relative who is not a civil servant, named beside the asker: the asker is the civil servant,
    # so the question is not turned away as someone else's.
    for question in ("caleg ngajak saya ikut kampanye, boleh?",
                     "suami saya bukan pns jadi timses, saya pns boleh bantu?",
                     # The asker's own conduct beside someone the rules do not cover: a first-person word, no he/she
                     "ada artis dangdut nyanyi di kampanye caleg, saya cuma mau nonton artisnya, boleh?",
                     "masih ada kta partai saya dari jaman honorer, boleh disimpan?",
                     "jadi timses caleg bole ka",  # becoming a contestant's helper is the asker's own conduct
                     "timses minta pasang spanduk calon di pagar rumah lon, boleh lon izinkan?"):  # Acehnese "I"
        assert shipped.match(question).kind in ("answer", "suggest"), question


def test_someone_else_pushing_the_asker_is_about_the_asker(shipped):
    # A village head who tells the asker to act does not make the question the village head's (round 10). With
    # "dia" the question is about what that other person does, and gets no verdict.
    for question in ("kades minta saya kumpulkan fotokopi ktp warga buat dukungan calon independen",
                     "kades ngajak awak hadir deklarasi cagub di desa sebelah"):
        match = shipped.match(question)
        assert match.kind in ("answer", "suggest") and (match.entry or match.suggestions[0]).verdict == "prohibited"
    assert shipped.match("kades di desa saya, dia diajak jadi timses paslon. boleh?").entry is None


def test_a_contestant_who_asks_the_asker_makes_it_the_askers_question(shipped):
    # "calon ... minta ... kita": the asker is the one asked (round 16), unlike "caleg boleh pasang baliho di pohon?"
    from bot.qa.actors import about_someone_else

    lex = shipped.normalizer.lexicon
    asked = shipped.normalizer.analyse("calon DPD minta dukungan KTP, kita kase fotokopi KTP. Boleh ka?")
    assert not about_someone_else(asked, lex)
    assert about_someone_else(shipped.normalizer.analyse("caleg boleh pasang baliho di pohon?"), lex)


def test_only_someone_named_is_a_veto_a_contestants_opening_is_weighed(shipped):
    # Round 35: naming a police officer, a village head or "dia" vetoes the answer; opening with a contestant only
    # sets the model's `other_actor` feature ("calon dewan nitip sembako, angsal?" asks what the asker may do).
    from bot.qa.decide import FEATURES, signals, vetoed

    def found(question):
        return signals(shipped, shipped.normalizer.analyse(question), shipped.tail_tokens(question))

    for question in ("polisi aktif boleh jadi timses caleg?", "kepala desa boleh jadi tim sukses paslon?",
                     "om sa caleg, boleh dia pasang baliho?"):
        named = found(question)
        assert named.someone_else and vetoed(named, "prohibited"), question
    opening = found("calon dewan nitip sembako, angsal?")
    assert opening.values[FEATURES.index("other_actor")] == 1.0
    assert not opening.someone_else and not vetoed(opening, opening.candidates[0][0].verdict)


def test_someone_elses_campaign_material_leaves_the_question_to_the_asker(shipped):
    # Round 37 (TF, TI): "postingan kampanye pak kiai", "spanduk pak kiai": the religious leader is the candidate whose
    # post or banner it is, and the asker is the one who would like or hang it. Not when that person is said not to
    # be a civil servant, nor when the other actor is the one who acts.
    from bot.qa.actors import names_someone_else

    lex = shipped.normalizer.lexicon
    about = shipped.normalizer.analyse
    assert not names_someone_else(about("Kalau cuma nge-like postingan kampanye pak kiai di Facebook, boleh kan?"), lex)
    assert not names_someone_else(about("Timses mau pasang spanduk pak kiai di pagar rumah kami. Bolehkah?"), lex)
    assert names_someone_else(about("bini awak jualan nasi kat kampanye, die bukan pns, tak pe kan?"), lex)
    assert names_someone_else(about("kepala desa upload foto bareng caleg, boleh gak?"), lex)
    assert names_someone_else(about("pak kiai boleh pasang baliho?"), lex)


def test_a_relatives_my_does_not_make_the_asker_the_actor(shipped):
    # "mertua ku", "bini gue": a first-person word after a relative says whose relative it is (round 30). With no
    # other "I", the question is about the other person; "ipar ku anggota polisi" does not make the asker a police
    # officer, so the asker's own question stays theirs.
    from bot.qa.actors import about_someone_else

    lex = shipped.normalizer.lexicon
    about = shipped.normalizer.analyse
    assert about_someone_else(about("kades di kampung bini gue ikut kampanye caleg, emang kades boleh?"), lex)
    assert about_someone_else(about("Kangmas kula kader partai, sanes PNS. Piyambakipun angsal masang baliho?"), lex)
    assert not about_someone_else(about("kades di kampung gue ikut kampanye, gue boleh ikut?"), lex)
    assert not about("ipar ku anggota polisi, bisa ji ikut nyoblos nanti sama2 kami?").asker_is_other
    assert about("aku anggota polisi, bisa ikut nyoblos?").asker_is_other


def test_a_question_about_reporting_is_plain_when_the_acts_are_the_reported_ones(shipped):
    # "boleh lapor rekan yang ikut timses?": the campaign team is the colleague's, so the reporting card's `allowed`
    # is judged at the plain threshold; a voting question that names a campaign team is not plain (round 16).
    def plain(question: str) -> bool:
        return signals(shipped, shipped.normalizer.analyse(question)).plain

    assert shipped.facets.reports(shipped.normalizer.tokens("boleh lapor rekan pns yang ikut timses?"), "lapor-boleh")
    assert not shipped.facets.reports(shipped.normalizer.tokens("boleh ikut timses?"), "lapor-boleh")
    assert not plain("boleh nyoblos di tps terus jadi timses paslon?")
    assert plain("pns nyoblos di tps boleh?")
    assert plain("boleh lapor rekan pns yang ikut timses?")  # names an act, but the colleague's


def test_a_ballot_number_never_gets_an_allowed_card(shipped):
    # Asking people to vote is allowed (row 5); asking them to vote for number 3 is taking a side (EX, round 16).
    match = shipped.match("pasang status wa 'jangan lupa coblos nomor 3', itu cuma status. so langgar?")
    assert match.entry is None or match.entry.verdict != "allowed", match
    assert "nomorcalon" in shipped.facets.unlicensed_acts(
        shipped.normalizer.analyse("ajak warga coblos nomor 3").tokens, "hak-ajak-memilih")


def test_allowed_is_never_given_for_an_act_the_entry_does_not_cover(shipped):
    # The voting card is allowed; a question that also names joining a campaign team must not get it.
    match = shipped.match("boleh nyoblos di tps terus jadi timses paslon?")
    assert match.entry is None or match.entry.verdict != "allowed", match


def test_each_verdict_has_its_threshold_and_allowed_is_the_hardest():
    model = DecisionModel.load(MODEL_PATH)
    # A wrong `allowed` hides a prohibited or conditional verdict: it keeps its margin above those two.
    hidden = max(model.thresholds[v] for v in ("prohibited", "conditional"))
    assert model.thresholds["allowed"] >= max(ALLOWED_FLOOR, min(hidden + 0.15, 0.95)) - 1e-9
    # ...also on a question that names no prohibited act, whose threshold is never above the other (round 15).
    assert max(ALLOWED_FLOOR, min(hidden + 0.15, 0.95)) - 1e-9 <= model.thresholds["allowed_plain"]
    assert model.thresholds["allowed_plain"] <= model.thresholds["allowed"]
    cv = model.meta["cross_validated"]  # pooled out of fold, one fold per question file
    assert cv["dangerous"] == 0 and cv["wrong"] <= WRONG_MAX + 1e-4 and cv["offtopic_silent"] >= SILENT_MIN - 1e-4


def test_the_threshold_search_never_gives_a_dangerous_allowed():
    from bot.qa.evaluate import Labelled
    from bot.qa.thresholds import Example, choose_thresholds, rates

    def example(expect: str, verdict: str) -> Example:
        return Example(Labelled("q", expect), "g", [], verdict, False)

    # A confident `allowed` candidate that is wrong (p 0.9) must push the allowed threshold above it.
    scored = [(example("allowed", "allowed"), 0.97, 1.0)] * 30 + [(example("prohibited", "allowed"), 0.9, 1.0)]
    scored += [(example("prohibited", "prohibited"), 0.6, 1.0)] * 200 + [(example("none", "prohibited"), 0.2, 0.0)]
    chosen = choose_thresholds(scored)
    assert chosen["allowed"] > 0.9 and chosen["prohibited"] <= 0.6
    assert rates(scored, chosen)["dangerous"] == 0
    # One wrong `allowed` at 0.951 in a large pool costs the verdict a step of 0.01, not the verdict itself: with
    # the 70-file pool the old 0.05 grid switched `allowed` off entirely (round 11).
    scored[30] = (example("prohibited", "allowed"), 0.951, 1.0)
    assert choose_thresholds(scored)["allowed"] == 0.96
    # A question that names no prohibited act has its own `allowed` threshold (round 15): a dangerous candidate that
    # names one, at 0.97, holds back only the questions that name one.
    plain = [(Example(Labelled("q", "allowed"), "g", [], "allowed", False, True), 0.95, 1.0)] * 30
    scored = plain + [(example("prohibited", "allowed"), 0.97, 1.0)] + scored[31:]
    chosen = choose_thresholds(scored)
    assert chosen["allowed"] > 0.97 and chosen["allowed_plain"] <= 0.95
    assert rates(scored, chosen)["dangerous"] == 0 and rates(scored, chosen)["direct"] > 0.99


def test_a_card_without_dangerous_candidates_has_its_own_lower_allowed_threshold():
    # Round 39: a dangerous candidate of one `allowed` card at 0.96 held back every card's answers below 0.97.
    from bot.qa.evaluate import Labelled
    from bot.qa.thresholds import Example, choose_thresholds, rates

    def example(expect: str, card: str) -> Example:
        return Example(Labelled("q", expect), "g", [], "allowed", False, entry=card)

    scored = [(example("allowed", "vote"), 0.95, 1.0)] * 40 + [(example("allowed", "duty"), 0.95, 1.0)] * 40
    scored += [(example("prohibited", "duty"), 0.96, 1.0), (example("prohibited", "vote"), 0.5, 1.0)]
    scored += [(Example(Labelled("q", "prohibited"), "g", [], "prohibited", False), 0.7, 1.0)] * 200
    off_topic = [(Example(Labelled("q", "none"), "g", [], "prohibited", False), 0.2, 0.0)] * 190
    chosen = choose_thresholds(scored + off_topic)
    assert chosen["allowed"] > 0.96 and chosen["allowed:vote"] == 0.93 and "allowed:duty" not in chosen
    assert rates(scored, chosen)["dangerous"] == 0
    assert rates(scored, chosen)["direct"] == (40 + 200) / len(scored)
    # A card whose own threshold would answer too many off-topic questions keeps the shared one; the others keep
    # theirs (they were all turned down together in round 39's first training).
    gossip = [(example("allowed", "gossip"), 0.95, 1.0)] * 10 + [(example("none", "gossip"), 0.95, 1.0)] * 10
    chosen = choose_thresholds(scored + off_topic + gossip)
    assert chosen["allowed:vote"] == 0.93 and "allowed:gossip" not in chosen


def test_the_bot_answers_allowed_on_a_plain_question_at_its_own_threshold(shipped, monkeypatch):
    # Round 15: with `allowed` out of reach and `allowed_plain` at 0, only a question that names no prohibited act
    # can get BOLEH; naming one ("follow" a candidate's account) takes it back to the general threshold.
    import dataclasses

    thresholds = {**shipped.model.thresholds, "allowed": 2.0, "allowed_plain": 0.0}
    monkeypatch.setattr(shipped, "model", dataclasses.replace(shipped.model, thresholds=thresholds))
    plain = shipped.match("pppk tetap punya hak pilih di pilkada kan?")
    assert plain.kind == ANSWER and plain.entry.verdict == "allowed", plain
    named = shipped.match("asn follow akun kpu dan akun calon bupati, boleh?")
    assert named.entry is None or named.entry.verdict != "allowed", named


def test_the_bot_answers_allowed_at_a_cards_own_threshold(shipped, monkeypatch):
    # Round 39: with the shared `allowed` thresholds out of reach, only the card with its own threshold answers.
    import dataclasses

    shared = {k: v for k, v in shipped.model.thresholds.items() if not k.startswith("allowed:")}
    thresholds = {**shared, "allowed": 2.0, "allowed_plain": 2.0, "allowed:hak-mencoblos": 0.0}
    monkeypatch.setattr(shipped, "model", dataclasses.replace(shipped.model, thresholds=thresholds))
    vote = shipped.match("pppk tetap punya hak pilih di pilkada kan?")
    assert vote.kind == ANSWER and vote.entry.id == "hak-mencoblos", vote
    report = shipped.match("boleh lapor atasan yang kampanye ke bawaslu?")
    assert report.kind != ANSWER, report


def test_leave_one_file_out_measures_each_file_with_a_model_fitted_without_it(shipped):
    from bot.qa.train import per_file

    sets = select(load_manifest(DATA), "tune")[:3]
    def sample(questions):  # a small mix of in-scope and off-topic questions, so the test stays fast
        return [q for q in questions if q.expect != "none"][:50] + [q for q in questions if q.expect == "none"][:30]

    groups = [(s.name, sample(s.questions())) for s in sets]
    rates = per_file(shipped, groups)
    assert list(rates) == [s.name for s in sets]
    for r in rates.values():
        assert r["in_scope"] + r["off_topic"] == 80
        # Rates only, not the bar: a model fitted on two 80-question samples is far weaker than the shipped one (on
        # 130 files) and may answer one question dangerously (round 14: serving as a voter-list officer got "allowed"
        # at 0.91, where the tiny fit chose the floor 0.90; the shipped bot answers it conditional).
        assert 0 <= r["direct"] <= r["tap"] <= 1 and 0 <= r["wrong"] <= 1 and r["dangerous"] >= 0


@pytest.mark.parametrize("question", ["pns jadi timses sanksinya apa?", "apa hukumannya pppk yg masuk partai",
                                      "what is the penalty for a civil servant on a campaign team?"])
def test_asking_what_a_breach_costs_never_gets_the_acts_card_directly(shipped, question):
    # Facet `asks` (lexicon.yaml) is held by explanations: the sanctions cards answer, the act's card is a choice.
    match = shipped.match(question)
    assert match.entry is None or match.entry.verdict == "info", match.entry.id


@pytest.mark.parametrize("question", ["berapa honor petugas KPPS tahun ini?",
                                      "how many ballot papers does each voter get?"])
def test_asking_how_many_about_the_polls_gets_no_verdict(shipped, question):
    # Features `quantity` and `quantity_info` (round 23): most questions of quantity are about pay and logistics.
    assert shipped.match(question).kind != "answer"


@pytest.mark.parametrize(("question", "entry"), [
    ("batas waktu lapor pelanggaran netralitas ASN ke bawaslu berapa hari?", "lapor-batas-waktu"),
    # which election decides which law's sentence: without one, either card is right (round 27's model picks Pemilu)
    ("pns jadi timses pilkada, pidananya berapa tahun?", "sanksi-pidana-pilkada"),
    ("pns jadi timses caleg, pidananya berapa tahun?", "sanksi-pidana-pemilu"),
])
def test_asking_how_long_a_deadline_or_a_sentence_still_gets_its_explanation(shipped, question, entry):
    match = shipped.match(question)
    assert match.kind == "answer" and match.entry.id == entry


@pytest.mark.parametrize("question", ["lapor dimana klo kepala puskesmas ajak pilih caleg", "kadis suruh dukung calon,"
                                      " lapornya kemana?", "how do I report a colleague on a campaign team?",
                                      "nglaporno pns sing kampanye iku nang endi?"])  # where word apart: asks_where
def test_asking_where_to_report_never_gets_the_card_on_whether_one_may(shipped, question):
    # Facet `asks`, value lapor: "lapor ke mana?" wants the reporting explanation, not "ASN boleh melapor" (allowed).
    match = shipped.match(question)
    assert match.entry is None or match.entry.verdict == "info", match.entry.id


@pytest.mark.parametrize("question", [
    "boleh saya lapor atasan yang ajak dukung paslon ke bawaslu?",
    # round 13: the act reported (kaos caleg, kampanye) no longer outweighs "may I report"
    "kemarin liat kabid bagi kaos caleg di kantor, sa lapor boleh ka?",
    "bole kah saya laporkan guru yg kampanye di kelas ke bawaslu?",
])
def test_asking_whether_one_may_report_still_gets_that_card(shipped, question):
    match = shipped.match(question)
    assert match.entry is not None and match.entry.id == "lapor-boleh", match


def test_training_rows_are_the_same_on_one_core_as_on_all(shipped, monkeypatch):
    # train.examples spreads the cross-fitted files over the machine's cores (round 35); the rows must not depend on
    # it, or the committed model would depend on the machine that trained it.
    from bot.qa import train

    groups = [(s.name, s.questions()[:40]) for s in select(load_manifest(DATA), "tune")[:3]]
    pairs = train.label_examples(shipped, groups)
    spread = train.examples(shipped, groups, pairs)
    monkeypatch.setattr(train.os, "cpu_count", lambda: 1)
    alone = train.examples(shipped, groups, pairs)
    assert len(alone) == 120 and alone == spread


def test_asking_whether_a_breach_is_punished_still_gets_the_acts_card(shipped):
    # "kena sanksi apa gak?" asks whether the act is punished: the act's card answers it.
    match = shipped.match("ikut kampanye pake kaos paslon, kena sanksi apa gak?")
    assert match.entry is not None and match.entry.verdict == "prohibited", match


def test_choices_put_the_likeliest_verdict_first(shipped):
    # The best-ranked entry is a sanctions explanation, but the classifier puts most of its weight on prohibited
    # entries: campaigning in party clothes is the question. (Round 11's example ranks a prohibited card first since
    # round 21; round 26's, "pns jadi penggalang dana kampanye paslon pilgub bisa kena apa", offers the sanctions
    # first since round 27: writers split such questions between `info` and the act's verdict.)
    match = shipped.match("pns ikut kampanye pakai kaos partai, hukumannya apa?")
    assert match.kind == SUGGEST and match.suggestions[0].verdict == "prohibited", match
    analysis = shipped.normalizer.analyse(match.question)
    found = signals(shipped, analysis, shipped.tail_tokens(match.question))
    assert found.candidates[0][0].verdict == "info"  # without the verdict order the explanation would come first


def test_each_negation_denies_the_act_after_it_and_not_knowing_denies_none(shipped):
    # The normaliser keeps every "gak" (round 11): one deduplicated "tidak" denied only the first of three acts.
    def acts(question: str) -> frozenset[str]:
        return shipped.facets.unlicensed_acts(shipped.normalizer.analyse(question).tokens, "hak-nonton-debat")

    assert acts("tiap pagi baca berita pilkada, gak like gak komen gak share") == frozenset()
    assert acts("cuma baca berita pemilu, tdk pernah komen apa2") == frozenset()
    assert {"posting", "dukung"} <= acts("gak tau kalau posting dukungan capres dilarang")
    assert acts("lebaran kumpul keluarga besar di rumah, tdk ada acara kampanye") == frozenset()
    assert acts("ajakan ke TPS tanpa gambar calon atau partai") == frozenset()
    assert acts("kumpul keluarga biasa, nyanda bahas kampanye") == frozenset()
    # Round 39 (VD, VM, VJ): a denied post denies the posts right after it; "warna" and English "name" are bridges.
    assert acts("I only read the news, I do not comment or share anything") == frozenset()
    assert acts("tdk komen tdk like, cuma nonton debat, terus share ke grup") == {"share"}
    assert acts("status ajak coblos, seng ada nomor, seng ada warna partai") == frozenset()
    assert acts("remind them to vote, without mentioning any name or party") == frozenset()


def test_a_police_or_army_unit_names_the_tni_polri_and_favouring_a_camp_is_a_decision(shipped):
    # Round 25: "polres", "babinsa" and the like were unknown words, so a relative in them got the family cards
    # (LG, LH); "mendahulukan" and "prioritaskan" were dropped or unknown (LI).
    for question in ("adik saya anggota polsek, dia boleh ikut nyoblos?", "kakak saya babinsa, bisa milih gak?"):
        match = shipped.match(question)
        assert match.kind == ANSWER and match.entry.id == "hak-pilih-tni-polri", match
    match = shipped.match("kabid mendahulukan warga pendukung paslon waktu layanan, boleh?")
    assert match.kind == ANSWER and match.entry.id == "keputusan-untungkan-calon", match


def test_staying_a_civil_servant_while_running_gets_the_card_on_staying(shipped):
    # Round 25 (LS): "tetap" alone is framing and was dropped, so "nyaleg tapi tetap jadi pns" read as "must I
    # resign to run?" (row 18, conditional); staying ASN as a candidate is prohibited (its own card).
    for question in ("boleh nyaleg tapi tetap jadi pns?", "saya pppk, kalau nyaleg dprd boleh tetap jadi pppk?"):
        match = shipped.match(question)
        assert match.kind == ANSWER and match.entry.id == "calon-tetap-asn", match
    match = shipped.match("pns mau nyaleg harus mundur gak?")
    assert match.kind == ANSWER and match.entry.id == "calon-wajib-mundur", match


def _choice_row(entry, verdict, rank, unlicensed):
    values = [0.0] * len(CHOICE_FEATURES)
    values[CHOICE_FEATURES.index("rank_score")] = rank
    values[CHOICE_FEATURES.index("unlicensed")] = float(unlicensed)
    values[CHOICE_FEATURES.index(verdict)] = 1.0
    return entry, values


def test_a_shortlist_of_unlicensed_allowed_cards_gives_its_last_place_to_another_verdict():
    # DecisionModel.shortlist (round 26), checked on its own, whatever the trained model ranks first.
    model = DecisionModel.untrained()
    rows = [_choice_row(f"allowed-{i}", "allowed", 0.9 - i / 10, True) for i in range(3)]
    rows.append(_choice_row("prohibited-card", "prohibited", 0.2, False))
    assert model.shortlist(rows, 3) == ["allowed-0", "allowed-1", "prohibited-card"]
    licensed = [_choice_row(f"allowed-{i}", "allowed", 0.9 - i / 10, i == 0) for i in range(3)] + rows[3:]
    assert model.shortlist(licensed, 3) == ["allowed-0", "allowed-1", "allowed-2"]
