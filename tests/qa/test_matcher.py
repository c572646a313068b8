"""The matcher's bands (answer, choices, don't know) and its safety rules, on the small fixture knowledge base."""

from itertools import pairwise
from pathlib import Path

import pytest

from bot.qa.matcher import ANSWER, EMPTY, MAX_QUESTION_CHARS, NONE, SMALLTALK, SUGGEST, Matcher, Thresholds

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture(scope="module")
def matcher():
    return Matcher.from_directory(FIXTURE)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("boleh gak asn like postingan caleg di ig?", "medsos-like"),
        ("Apakah PNS dilarang ngelike foto capres di facebook?", "medsos-like"),
        ("pns jd timses paslon", "kampanye-timses"),
        ("can a civil servant join a candidate's campaign team?", "kampanye-timses"),
        ("boleh ga pns nyoblos di tps?", "hak-pilih-coblos"),
    ],
)
def test_confident_answers(matcher, question, entry):
    match = matcher.match(question)
    assert match.kind == ANSWER, match
    assert match.entry.id == entry
    assert 0 < match.score <= 100


def test_the_wording_never_flips_the_verdict(matcher):
    a = matcher.match("boleh gak pns ngelike postingan caleg?")
    b = matcher.match("gak boleh ya pns ngelike postingan caleg?")
    assert a.entry.id == b.entry.id == "medsos-like"
    assert a.entry.verdict == "prohibited"


@pytest.mark.parametrize(
    ("question", "kind"),
    [("berapa gaji pns golongan 3a", (NONE,)), ("kapan pengumuman cpns", (NONE,)), ("resep rendang padang", (NONE,)),
     ("asdfghjkl qwerty", (NONE,)), ("jam berapa tps buka", (NONE, SUGGEST)), ("wkwkwk", (NONE,))],
)
def test_out_of_scope_gets_no_verdict(matcher, question, kind):
    match = matcher.match(question)
    # "tps" is close enough to the voting entries that the trained p_scope may offer them (round 12) or not (round
    # 13): either way without a verdict.
    assert match.kind in kind, match
    assert match.entry is None


def test_vague_question_offers_choices_not_a_verdict(matcher):
    match = matcher.match("pns dan akun capres di instagram")
    assert match.kind == SUGGEST, match
    assert match.entry is None
    assert 1 <= len(match.suggestions) <= 3
    assert "medsos-like" in {e.id for e in match.suggestions}


def test_allowed_needs_more_certainty(matcher):
    # The same question, scored the same, is answered for a prohibited entry but not for an allowed one.
    strict = Matcher(matcher.kb, matcher.normalizer.lexicon,
                     Thresholds(answer_score=0.3, allowed_score=1.01))
    match = strict.match("boleh ga pns nyoblos di tps?")
    assert match.kind == SUGGEST and match.entry is None
    assert strict.match("pns jd timses paslon").kind == ANSWER


@pytest.mark.parametrize(
    ("text", "kind"),
    [("", EMPTY), ("   ", EMPTY), ("🙂🙂🙂", EMPTY), ("\x00\x07\x1b", EMPTY), ("\x1b[31m", NONE),
     ("halo min", SMALLTALK), ("makasih banyak ya", SMALLTALK), ("<script>alert(1)</script>", NONE),
     ("'; DROP TABLE tips; --", NONE)],
)
def test_bad_input_is_handled(matcher, text, kind):
    assert matcher.match(text).kind == kind


def test_long_input_is_cut(matcher):
    match = matcher.match("boleh asn like postingan caleg " + "x" * 20_000)
    assert match.truncated
    assert len(match.question) == MAX_QUESTION_CHARS


def test_ranking_lists_entries_once_best_first(matcher):
    ranked = matcher.rank(matcher.normalizer.tokens("asn like posting calon medsos"))
    ids = [r.entry.id for r in ranked]
    assert ids[0] == "medsos-like"
    assert len(ids) == len(set(ids))
    assert all(a.score >= b.score for a, b in pairwise(ranked))


@pytest.mark.parametrize(
    "question",
    ["polisi aktif boleh jadi timses caleg?",  # about the police, not an ASN
     "kepala desa boleh jadi tim sukses paslon?"],
    # "pns boleh like postingan resep masakan?" needs the shipped out-of-scope kinds: tests/qa/test_decision.py
)
def test_no_verdict_without_an_asn_and_an_election(matcher, question):
    match = matcher.match(question)
    assert match.entry is None, match


def test_an_asn_beside_another_actor_is_still_in_scope(matcher):
    assert matcher.match("pns dan polisi jadi timses caleg, boleh?").entry.id == "kampanye-timses"


@pytest.mark.parametrize("candidates", [12, 3])
def test_pruned_candidate_search_finds_what_the_full_walk_finds(monkeypatch, candidates):
    """On a large knowledge base the candidates come from the threshold algorithm instead of adding up every
    posting: forced here on the shipped knowledge base, it must give the very same ranking, floats included."""
    import bot.qa.matcher as matcher_module
    from bot.qa.evaluate import load_manifest, select
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    shipped = Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)
    monkeypatch.setattr(matcher_module, "CANDIDATE_ENTRIES", candidates)
    tune = select(load_manifest(Path(__file__).resolve().parents[1] / "data"), "tune")
    token_lists = [shipped.normalizer.tokens(q.question) for s in tune for q in s.questions()]
    full = [shipped.rank(tokens) for tokens in token_lists]
    monkeypatch.setattr(matcher_module, "SORT_LIMIT", 0)  # the full walk picks its best with a heap, not a sort
    assert [shipped.rank(tokens) for tokens in token_lists] == full
    monkeypatch.setattr(matcher_module, "FULL_WALK_POSTINGS", 0)
    pruned = [shipped.rank(tokens) for tokens in token_lists]
    assert pruned == full


def test_a_long_story_keeps_its_beginning_and_its_question_at_the_end(matcher):
    story = ("Selamat malam pak, saya guru PPPK di sebuah SD negeri. " + "Ceritanya panjang, mohon maaf. " * 30
             + "Jadi pertanyaan saya: boleh tidak saya jadi timses caleg?")
    match = matcher.match(story)
    assert match.truncated and len(match.question) == MAX_QUESTION_CHARS
    assert match.question.startswith("Selamat malam pak, saya guru PPPK")
    assert match.question.endswith("boleh tidak saya jadi timses caleg?")
    assert "timses" in match.tokens and "pppk" in match.tokens


def test_the_tail_of_a_long_message_is_its_last_two_sentences():
    from bot.qa.matcher import tail

    story = ("Saya guru PPPK di SD negeri, sudah lima tahun mengajar di desa. Kemarin ada rapat partai di balai desa "
             "dan banyak warga datang, kepala desa juga hadir dan bicara soal pilkada. Saya cuma lewat pulang "
             "mengajar. Jadi saya ragu. Boleh tidak saya foto acara itu untuk laporan sekolah?")
    assert tail(story) == "Jadi saya ragu. Boleh tidak saya foto acara itu untuk laporan sekolah?"
    assert tail("pns boleh jadi timses caleg?") is None  # a short question is its own tail
    # A dictated story has no sentence ends: its last 25 words are its tail.
    dictated = " ".join(["eee", "jadi", "begini", "pak"] * 12 + ["boleh", "tidak", "saya", "ikut", "kampanye"])
    assert tail(dictated) == " ".join(dictated.split()[-25:])


def test_a_long_story_is_decided_with_how_its_last_sentences_rank(matcher):
    from bot.qa.decide import FEATURES, signals

    story = ("Selamat malam pak, saya guru PPPK di sebuah SD negeri, dan di sekolah kami lagi ramai obrolan pilkada. "
             "Banyak teman bicara soal partai dan calon bupati setiap istirahat. Saya sendiri diam saja. "
             "Jadi pertanyaan saya: boleh tidak saya jadi timses caleg?")
    analysis = matcher.normalizer.analyse(story)
    found = signals(matcher, analysis, matcher.tail_tokens(story))
    values = dict(zip(FEATURES, found.values, strict=True))
    assert values["long"] == 1.0 and values["tail_agree_verdict"] == 1.0 and values["tail_scope"] == 0.0
    assert found.candidates[0][0].verdict == "prohibited"
