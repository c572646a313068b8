"""The second view (character-n-gram naive Bayes) and the facets, on small hand-made data."""

import json
import math
from collections import Counter

import pytest

from bot.qa.classifier import NgramClassifier, softmax, word_ngrams
from bot.qa.examples import EXAMPLES_PATH, count, dump, word_counts
from bot.qa.facets import Facet, FacetIndex, parse_facets
from bot.qa.knowledge import KnowledgeError, load_knowledge_base
from bot.qa.lexicon import Lexicon
from bot.settings import DEFAULT_KNOWLEDGE_DIR


def test_word_ngrams_stay_inside_the_padded_word():
    grams = word_ngrams("asn")
    assert grams == [" as", "asn", "sn ", " asn", "asn ", " asn "]
    assert all(" " not in g.strip() for g in grams)
    assert word_ngrams("timses")[-1] == " timses "  # a word longer than a 5-gram also counts as itself


def test_classifier_learns_its_classes_and_tolerates_typos():
    nb = NgramClassifier(2, [(0, ["kampanye", "timses"]), (0, ["timses", "calon"]),
                             (1, ["coblos", "tps"]), (1, ["hak", "pilih", "tps"])])
    for tokens, label in ((["timses"], 0), (["kampnye"], 0), (["nyoblos", "tps"], 1)):
        scores, known, grams = nb.scores(tokens)
        assert max(range(2), key=scores.__getitem__) == label, tokens
        assert 0 < known <= grams


def test_question_scores_are_the_sum_of_word_scores():
    nb = NgramClassifier(2, [(0, ["kampanye"]), (1, ["coblos"])])
    a, _, _ = nb.scores(["kampanye"])
    b, _, _ = nb.scores(["coblos"])
    both, _, _ = nb.scores(["kampanye", "coblos"])
    assert both == pytest.approx([x + y for x, y in zip(a, b, strict=True)])


def test_a_classifier_from_word_counts_is_the_one_from_its_samples():
    samples = [(0, ["kampanye", "timses", "timses"]), (1, ["coblos", "tps"]), (1, ["tps"])]
    counted = [Counter(["kampanye", "timses", "timses"]), Counter(["coblos", "tps", "tps"])]
    a, b = NgramClassifier(2, samples), NgramClassifier.from_counts(counted)
    assert a.state() == b.state()


def test_examples_are_stored_one_per_line_and_read_back_as_word_counts(tmp_path):
    samples = [("e1", "boleh like postingan caleg?", ("like", "posting", "caleg")),
               ("e1", "like foto caleg", ("like", "foto", "caleg")), ("k1", "cuti melahirkan", ("cuti", "lahir"))]
    path = tmp_path / "examples.jsonl"
    path.write_text(dump(samples, {"examples": 3}), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and json.loads(lines[0]) == {"meta": {"examples": 3}}  # the meta, then one per line
    assert word_counts(path) == count(samples) == {"e1": Counter(like=2, posting=1, caleg=2, foto=1),
                                                   "k1": Counter(cuti=1, lahir=1)}
    assert word_counts(tmp_path / "missing.jsonl") == {}


def test_the_shipped_examples_are_one_per_line_about_entries_and_kinds_that_exist():
    lines = EXAMPLES_PATH.read_text(encoding="utf-8").splitlines()
    assert len(lines) == json.loads(lines[0])["meta"]["examples"] + 1 > 10_000
    kb = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    assert set(word_counts()) <= {doc.id for doc in (*kb.entries, *kb.scopes)}


def test_softmax_is_a_distribution_and_drops_hopeless_classes():
    p = softmax([0.0, -1.0, -1000.0], 1.0)
    assert sum(p) == pytest.approx(1.0)
    assert p[0] == pytest.approx(1 / (1 + math.exp(-1)))
    assert p[2] == 0.0


RELATION = Facet("relation", {"pasangan": frozenset({"suamiistri"}), "keluarga": frozenset({"keluarga"})},
                 default="sendiri")
DIRECTION = Facet("direction", {"beri": frozenset({"beri"}), "terima": frozenset({"terima"})})
PHRASINGS = {
    "spouse-campaign": [frozenset({"suamiistri", "calon", "kampanye"})] * 3,
    "relative-campaign": [frozenset({"keluarga", "calon", "kampanye"})] * 3,
    "own-campaign": [frozenset({"ikut", "kampanye"})] * 3,
    "give-money": [frozenset({"beri", "uang", "calon"})] * 3,
    "receive-money": [frozenset({"terima", "uang", "calon"})] * 3,
    "vote": [frozenset({"coblos", "tps"})] * 3,
}


@pytest.fixture
def index():
    return FacetIndex((RELATION, DIRECTION), frozenset({"timses", "kampanye"}), PHRASINGS)


def test_entries_take_the_facet_values_their_phrasings_name(index):
    assert index.values("spouse-campaign") == {"relation": "pasangan"}
    assert index.values("receive-money") == {"direction": "terima"}
    assert index.values("own-campaign") == {}


def test_a_question_contradicts_an_entry_about_another_facet_value(index):
    assert index.conflicts(["keluarga", "calon", "kampanye"], "spouse-campaign") == ["relation"]
    assert index.conflicts(["suamiistri", "calon", "kampanye"], "spouse-campaign") == []
    assert index.conflicts(["terima", "uang"], "give-money") == ["direction"]
    assert index.conflicts(["uang", "calon"], "give-money") == []  # names no direction: no contradiction


def test_a_question_about_oneself_contradicts_a_spouse_entry_but_not_the_other_way(index):
    assert index.conflicts(["ikut", "kampanye"], "spouse-campaign") == ["relation:sendiri"]
    # "ajak keluarga ikut kampanye": a relative named as the one asked, on an entry about one's own conduct
    assert index.conflicts(["keluarga", "ikut", "kampanye"], "own-campaign") == []


def test_allowed_entries_license_only_the_acts_they_name(index):
    assert index.unlicensed_acts(["coblos", "timses"], "vote") == {"timses"}
    assert index.unlicensed_acts(["coblos", "tps"], "vote") == frozenset()


def test_an_act_right_after_a_negation_is_not_named(index):
    assert index.unlicensed_acts(["coblos", "tidak", "timses"], "vote") == frozenset()  # "nyoblos, gak ikut timses"
    assert index.unlicensed_acts(["coblos", "tanpa", "timses"], "vote") == frozenset()
    # only the next token: "tidak bawa atribut, ikut timses" still names the campaign team
    assert index.unlicensed_acts(["coblos", "tidak", "atribut", "timses"], "vote") == {"timses"}
    assert index.unlicensed_acts(["tidak", "coblos", "timses"], "vote") == {"timses"}


def test_bridge_words_and_a_relatives_candidacy():
    index = FacetIndex((RELATION, DIRECTION), frozenset({"timses", "komentar", "nyalon"}), PHRASINGS,
                       bridges=frozenset({"pernah"}))
    assert index.unlicensed_acts(["tidak", "pernah", "komentar"], "vote") == frozenset()  # "tidak pernah komen"
    assert index.unlicensed_acts(["tidak", "bawa", "komentar"], "vote") == {"komentar"}  # "bawa" is no bridge
    assert index.unlicensed_acts(["keluarga", "nyalon", "coblos"], "vote") == frozenset()  # "om gw nyaleg, coblos dia?"
    assert index.unlicensed_acts(["nyalon", "coblos"], "vote") == {"nyalon"}  # the asker runs


def test_an_act_after_a_hedge_is_a_fear_not_a_deed():
    index = FacetIndex((RELATION, DIRECTION), frozenset({"timses", "dukung"}), PHRASINGS, hedges=frozenset({"dikira"}))
    # "nonton debat, takut dikira memihak": the asker fears how it looks
    assert index.unlicensed_acts(["coblos", "takut", "dikira", "dukung"], "vote") == frozenset()
    assert index.unlicensed_acts(["coblos", "dukung"], "vote") == {"dukung"}
    assert index.unlicensed_acts(["dikira", "coblos", "timses"], "vote") == {"timses"}  # only the next act


def test_a_prevailing_value_counts_alone():
    duty = Facet("duty", {"dengan": frozenset({"tugas"}), "tanpa": frozenset({"tanpatugas"})}, prevails="tanpa")
    index = FacetIndex((duty,), frozenset(), {"on-duty": [frozenset({"tugas", "kampanye"})] * 3})
    # "last week on duty; next week, without an assignment, may I go?"
    assert index.conflicts(["tugas", "tanpatugas", "kampanye"], "on-duty") == ["duty"]
    assert index.conflicts(["tugas", "kampanye"], "on-duty") == []
    problems: list[str] = []
    spec = {"duty": {"prevails": "tidak", "values": {"dengan": ["tugas"]}}}
    assert parse_facets(spec, "lexicon.yaml", problems) == ()
    assert problems and "prevails" in problems[0]


def test_a_facet_with_its_own_share_holds_only_entries_that_nearly_always_name_it():
    # Round 37 (lexicon `event`): the card on attending a declaration names one in every phrasing, active support in a
    # third of them; only the first is contradicted by a question that names no declaration.
    problems: list[str] = []
    spec = {"event": {"default": "lain", "share": 0.9, "values": {"deklarasi": ["deklarasi"]}}}
    (event,) = parse_facets(spec, "lexicon.yaml", problems)
    assert not problems and event.share == 0.9
    index = FacetIndex((event,), frozenset(), {
        "hadir-deklarasi": [frozenset({"hadir", "deklarasi"})] * 4,
        "dukung-aktif": [frozenset({"yel", "deklarasi"}), frozenset({"yel", "kampanye"}), frozenset({"joget"})]})
    assert index.conflicts(["posejari", "fotobersama", "bakalcalon"], "hadir-deklarasi") == ["event:lain"]
    assert index.conflicts(["hadir", "deklarasi"], "hadir-deklarasi") == []
    assert index.conflicts(["yel", "kampanye"], "dukung-aktif") == []
    for share in (0, 1.5, "most", True):
        problems = []
        assert parse_facets({"event": {"share": share, "values": {"deklarasi": ["deklarasi"]}}}, "x", problems) == ()
        assert problems and "share" in problems[0]


def test_malformed_facets_are_reported():
    problems: list[str] = []
    assert parse_facets({"relation": {"values": "pasangan"}}, "lexicon.yaml", problems) == ()
    assert problems and "facets.relation" in problems[0]


def test_the_shipped_lexicon_has_facets_and_prohibited_acts(tmp_path):
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    lexicon = Lexicon.load(DEFAULT_KNOWLEDGE_DIR / "lexicon.yaml")
    assert {f.name for f in lexicon.facets} >= {"relation", "direction"}
    assert "timses" in lexicon.prohibited_acts
    broken = tmp_path / "lexicon.yaml"
    broken.write_text("facets:\n  relation: [pasangan]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        Lexicon.load(broken)


def test_in_a_question_about_reporting_the_acts_are_the_reported_ones():
    phrasings = {**PHRASINGS, "report": [frozenset({"lapor", "langgar"})] * 3}
    index = FacetIndex((RELATION, DIRECTION), frozenset({"timses", "kampanye"}), phrasings,
                       reporting=frozenset({"lapor"}))
    # "boleh lapor kabag yang ikut kampanye?": the campaigning is the reported one's
    assert index.unlicensed_acts(["lapor", "atasan", "kampanye"], "report") == frozenset()
    assert index.unlicensed_acts(["atasan", "kampanye"], "report") == {"kampanye"}  # no reporting asked
    assert index.unlicensed_acts(["lapor", "coblos", "timses"], "vote") == {"timses"}  # not an entry about reporting
