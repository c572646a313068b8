"""knowledge/sources.yaml (gloss and official link per cited instrument), the basis lines of cards, and the legal
lints of `python -m bot check` (spouse entries naming other relatives, "Boleh" openings, PP 42/2004 for PPPK, source
urls). Every lint is tested through `check` itself, so each test fails when its lint is removed."""

import shutil
import textwrap
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.qa.cards import render_basis, render_card, render_citation
from bot.qa.knowledge import Citation, KnowledgeError, load_knowledge_base
from bot.qa.lint import OTHER_RELATIVE_RE, url_problem
from bot.qa.sources import Source, SourceIndex, instrument_key, load_sources
from bot.settings import DEFAULT_KNOWLEDGE_DIR
from tests.support.telegram_html import assert_telegram_html

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "kb"
KB = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)

SOURCES = """\
sources:
  - instrument: PP 94/2021
    gloss: peraturan disiplin PNS
    en: the civil-servant discipline regulation
    url: https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021
  - instrument: UU 7/2017
    gloss: Undang-Undang Pemilu
    en: the Elections Act
  - instrument: SKB 5 Instansi 2022
    gloss: pedoman bersama lima instansi
    en: joint guidance of five agencies
  - instrument: PP 42/2004
    gloss: kode etik PNS
    en: the PNS code of ethics
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "KNOWLEDGE_DIR", "WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def kb_dir(tmp_path):
    """A copy of the fixture knowledge base with a complete sources.yaml."""
    directory = tmp_path / "kb"
    shutil.copytree(FIXTURE, directory)
    (directory / "sources.yaml").write_text(SOURCES)
    return directory


def add_entry(directory: Path, yaml_text: str, file: str = "kampanye.yaml") -> None:
    path = directory / file
    path.write_text(path.read_text().rstrip("\n") + "\n" + textwrap.indent(textwrap.dedent(yaml_text), "  "))


def check(directory: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["--knowledge", str(directory), "check"]) == 0
    return capsys.readouterr().out


ENTRY = """\
- id: {id}
  topic: kampanye
  verdict: {verdict}
  confidence: medium
  questions: {questions}
  summary: "{summary}"
  explanation: {explanation}
  {conditions}
  basis:
    - {{instrument: {instrument}, article: Pasal 5}}
  sanction: Hukuman disiplin.
  reviewed: 2026-12-01
  en:
    summary: "{en_summary}"
    explanation: {explanation}
    questions: [{en_question}]
    {en_conditions}
    sanction: A disciplinary penalty.
"""


def entry(id="uji-entri", verdict="prohibited", questions=("pertanyaan uji satu", "pertanyaan uji dua"),
          summary="ASN dilarang melakukan ini.", explanation="Penjelasan singkat.", instrument="PP 94/2021",
          en_summary="Civil servants may not do this.", en_question="a test question"):
    conditional = verdict == "conditional"
    return ENTRY.format(
        id=id, verdict=verdict, questions="[" + ", ".join(f'"{q}"' for q in questions) + "]", summary=summary,
        explanation=explanation, instrument=instrument, en_summary=en_summary, en_question=en_question,
        conditions="conditions: [Hanya dengan izin.]" if conditional else "",
        en_conditions="conditions: [Only with permission.]" if conditional else "",
    )


# -- the shipped sources.yaml -------------------------------------------------------------------------------------

def test_every_shipped_basis_instrument_has_a_source_record():
    missing = sorted({c.instrument for e in KB for c in e.basis if c.source is None})
    assert not missing, f"add these to knowledge/sources.yaml: {missing}"


def test_shipped_sources_have_glosses_and_only_official_https_urls():
    assert len(KB.sources) >= 20
    for source in KB.sources:
        assert source.gloss and source.gloss_en
        if source.url is not None:
            assert url_problem(source.url) is None, source


def test_the_core_instruments_have_confirmed_links():
    by_name = {s.instrument: s for s in KB.sources}
    assert by_name["PP 94/2021"].url == "https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021"
    assert by_name["UU 20/2023"].url == "https://peraturan.bpk.go.id/Details/269470/uu-no-20-tahun-2023"
    assert "KemenPAN-RB" in by_name["SKB 5 Instansi 2022"].gloss and "2024" in by_name["SKB 5 Instansi 2022"].gloss


# -- matching an instrument to a basis line -----------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["PP 94/2021", "pp 94/2021", "PP  94 / 2021", " PP 94/2021 "])
def test_instrument_matching_forgives_only_case_and_spacing(spelling):
    index = SourceIndex([Source("PP 94/2021", "disiplin", "discipline")])
    assert index.find(spelling) is not None


@pytest.mark.parametrize("other", ["PP 9/2021", "PP 94/2012", "PP 94/20210", "UU 94/2021", "PP 194/2021", "PP 94"])
def test_instrument_matching_is_exact(other):
    index = SourceIndex([Source("PP 94/2021", "disiplin", "discipline")])
    assert index.find(other) is None


def test_aliases_and_unicode_dashes_match():
    index = SourceIndex([Source("Putusan MK 135/PUU-XXII/2024", "g", "g", aliases=("MK 135/PUU-XXII/2024",))])
    assert index.find("MK 135/PUU\u2013XXII/2024") is index.find("Putusan MK 135/PUU-XXII/2024") is not None
    assert instrument_key("UU 1/2015") != instrument_key("UU 10/2016")
    assert index.find("Putusan MK 13/PUU-XXII/2024") is None


def test_loader_attaches_the_record_to_each_citation(kb_dir):
    kb = load_knowledge_base(kb_dir)
    citations = [c for e in kb for c in e.basis]
    assert citations and all(c.source is not None for c in citations)
    pp94 = next(c for c in citations if c.instrument == "PP 94/2021")
    assert pp94.source.url.startswith("https://peraturan.bpk.go.id/")
    assert {s.instrument for s in kb.sources} == {"PP 94/2021", "UU 7/2017", "SKB 5 Instansi 2022", "PP 42/2004"}


def test_without_sources_yaml_citations_have_no_record():
    kb = load_knowledge_base(FIXTURE)
    assert kb.sources == () and all(c.source is None for e in kb for c in e.basis)


@pytest.mark.parametrize("bad, message", [
    ("sources:\n  - instrument: PP 94/2021\n    en: discipline\n",
     "sources.yaml:2: source PP 94/2021: gloss: required"),
    ("sources:\n  - instrument: PP 94/2021\n    gloss: a\n    en: b\n  - instrument: pp 94 / 2021\n    gloss: c\n"
     "    en: d\n", "sources.yaml:5: source pp 94 / 2021: 'pp 94 / 2021' is already listed at sources.yaml:2"),
    ("sources:\n  - instrument: PP 94/2021\n    gloss: a\n    en: b\n    link: https://x.go.id\n",
     "link: unknown field"),
    ("sources:\n  - gloss: a\n    en: b\n", "sources.yaml:2: source ?: instrument: required"),
    ("sources:\n  - instrument: PP 94/2021\n    gloss: a\n    en: b\n    url: 5\n", "url: must be text"),
    ("- instrument: PP 94/2021\n", "sources.yaml:1: expected a top-level 'sources:' list"),
])
def test_loader_is_strict_with_file_and_line(tmp_path, bad, message):
    path = tmp_path / "sources.yaml"
    path.write_text(bad)
    with pytest.raises(KnowledgeError) as info:
        load_sources(path)
    assert any(message in p for p in info.value.problems), info.value.problems


def test_a_broken_sources_yaml_fails_check(kb_dir, capsys):
    (kb_dir / "sources.yaml").write_text("sources:\n  - instrument: PP 94/2021\n")
    assert main(["--knowledge", str(kb_dir), "check"]) == 1
    assert "sources.yaml:2: source PP 94/2021: gloss: required" in capsys.readouterr().err


# -- basis lines on cards -----------------------------------------------------------------------------------------

LINKED = Source("PP 94/2021", "peraturan disiplin PNS", "the discipline regulation",
                url='https://jdih.contoh.go.id/a?b=1&c="2"')
BASIS = (Citation("PP 94/2021", "Pasal 5 huruf n angka 3", LINKED), Citation("PP 94/2021", "Pasal 14", LINKED),
         Citation("Kitab <Uji> & Co", "Pasal 1 < 2", Source("Kitab <Uji> & Co", "gloss <b>", "en")))


def test_html_basis_links_the_instrument_and_glosses_it_once():
    first, second, third = render_basis(BASIS, "id")
    assert first == ('<a href="https://jdih.contoh.go.id/a?b=1&amp;c=&quot;2&quot;">PP 94/2021</a> '
                     "Pasal 5 huruf n angka 3 — peraturan disiplin PNS")
    assert second == '<a href="https://jdih.contoh.go.id/a?b=1&amp;c=&quot;2&quot;">PP 94/2021</a> Pasal 14'
    assert third == "Kitab &lt;Uji&gt; &amp; Co Pasal 1 &lt; 2 — gloss &lt;b&gt;"
    assert_telegram_html("\n".join([first, second, third]))
    assert render_basis(BASIS, "en")[0].endswith("— the discipline regulation")


def test_plain_basis_keeps_the_url_in_parentheses_once():
    first, second, third = render_basis(BASIS, "id", as_html=False)
    assert first == 'PP 94/2021 Pasal 5 huruf n angka 3 — peraturan disiplin PNS (https://jdih.contoh.go.id/a?b=1&c="2")'
    assert second == "PP 94/2021 Pasal 14"
    assert third == "Kitab <Uji> & Co Pasal 1 < 2 — gloss <b>"


def test_a_citation_without_record_renders_as_before():
    citation = Citation("UU 7/2017", "Pasal 198")
    assert render_citation(citation, "id") == "UU 7/2017 Pasal 198"
    assert render_citation(citation, "id", as_html=False) == "UU 7/2017 Pasal 198"


def test_cards_carry_gloss_and_link(kb_dir):
    kb = load_knowledge_base(kb_dir)
    entry = next(e for e in kb if any(c.instrument == "PP 94/2021" for c in e.basis))
    html_card = render_card(entry, "id")
    assert '<a href="https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021">PP 94/2021</a>' in html_card
    assert "— peraturan disiplin PNS" in html_card
    assert_telegram_html(html_card)
    plain = render_card(entry, "en", as_html=False)
    assert "(https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021)" in plain and "<a" not in plain
    assert "— the civil-servant discipline regulation" in plain


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_shipped_card_is_valid_telegram_html_with_glosses(language):
    for entry in KB:
        card = render_card(entry, language)
        assert_telegram_html(card)
        if entry.basis:
            assert entry.basis[0].source.text(language) in card, entry.id


# -- lint (a): other relatives in a spouse entry ------------------------------------------------------------------

@pytest.mark.parametrize("phrasing", ["anak saya nyaleg boleh saya dampingi", "bapak saya caleg dprd",
                                      "ayahku maju pilkada", "kakak ipar saya calon bupati", "bokap nyalon",
                                      "my father is running for mayor", "my older brother is a candidate"])
def test_relative_phrasing_in_a_spouse_entry_is_flagged(kb_dir, capsys, phrasing):
    add_entry(kb_dir, entry(id="pasangan-uji", verdict="conditional",
                            questions=("suami saya caleg boleh saya dampingi", phrasing),
                            summary="Hanya dengan CLTN: PNS mendampingi suami atau istri yang menjadi calon.",
                            en_summary="Only on CLTN: a PNS accompanying a spouse who runs."))
    out = check(kb_dir, capsys)
    assert f"entry pasangan-uji: phrasing {phrasing!r} names another relative" in out


@pytest.mark.parametrize("phrasing", ["ibu guru boleh dampingi suami kampanye", "bapak ibu asn yang suaminya nyaleg",
                                      "anak-anak murid saya tahu suami saya caleg", "anak buah saya istri caleg",
                                      "suami saya dan anak saya ikut kampanye", "kak, istri saya nyaleg"])
def test_polite_address_and_spouse_phrasings_are_not_flagged(kb_dir, capsys, phrasing):
    add_entry(kb_dir, entry(id="pasangan-uji", verdict="conditional", questions=("suami saya caleg", phrasing),
                            summary="Hanya dengan CLTN: PNS mendampingi suami atau istri yang menjadi calon.",
                            en_summary="Only on CLTN: a PNS accompanying a spouse who runs."))
    assert "names another relative" not in check(kb_dir, capsys)


def test_a_relatives_entry_that_mentions_the_spouse_route_is_not_flagged(kb_dir, capsys):
    add_entry(kb_dir, entry(id="kerabat-calon", questions=("anak saya nyaleg", "bapak saya calon bupati"),
                            summary="ASN dilarang ikut kampanye anak, orang tua atau saudara; "
                                    "CLTN hanya untuk suami/istri.",
                            en_summary="Civil servants may not campaign for a child, parent or sibling."))
    assert "names another relative" not in check(kb_dir, capsys)


def test_paslon_is_not_a_spouse(kb_dir, capsys):
    add_entry(kb_dir, entry(id="uji-paslon", questions=("anak saya diajak pilih paslon", "pertanyaan uji"),
                            summary="ASN dilarang mengajak memilih pasangan calon tertentu."))
    assert "names another relative" not in check(kb_dir, capsys)


def test_relative_regex_needs_clear_kinship():
    assert not OTHER_RELATIVE_RE.search("pak kades minta ibu guru datang")
    assert not OTHER_RELATIVE_RE.search("ortu murid dan adik kelas")
    assert OTHER_RELATIVE_RE.search("orang tua saya nyalon")


# -- lint (b): "Boleh" opening a prohibited or conditional summary --------------------------------------------------

@pytest.mark.parametrize("verdict", ["prohibited", "conditional"])
def test_boleh_opening_is_flagged_on_prohibited_and_conditional(kb_dir, capsys, verdict):
    add_entry(kb_dir, entry(verdict=verdict, summary="Boleh dengan syarat: hadir tanpa atribut.",
                            en_summary="You may attend without attributes."))
    out = check(kb_dir, capsys)
    assert f"entry uji-entri: summary: a {verdict} summary opens with 'Boleh'" in out
    assert f"entry uji-entri: en.summary: a {verdict} summary opens with 'You may'" in out


def test_allowed_summary_may_open_with_boleh(kb_dir, capsys):
    add_entry(kb_dir, entry(verdict="allowed", summary="Boleh: mencoblos adalah hak Anda.",
                            en_summary="Allowed: voting is your right."))
    assert "opens with" not in check(kb_dir, capsys)


def test_bolehkah_or_tidak_boleh_is_not_an_opening_boleh(kb_dir, capsys):
    add_entry(kb_dir, entry(summary="Tidak boleh: ASN dilarang hadir.", en_summary="Not allowed: do not attend."))
    assert "opens with" not in check(kb_dir, capsys)


# -- lint (c): PP 42/2004 cited for PPPK --------------------------------------------------------------------------

def test_pp42_in_a_pppk_entry_is_flagged(kb_dir, capsys):
    add_entry(kb_dir, entry(id="pppk-uji", instrument="PP 42/2004", summary="PPPK dilarang melakukan ini."))
    assert "entry pppk-uji: basis: cites PP 42/2004 in an entry about PPPK" in check(kb_dir, capsys)


def test_pp42_in_an_entry_whose_text_is_only_about_pppk_is_flagged(kb_dir, capsys):
    add_entry(kb_dir, entry(id="uji-kontrak", instrument="PP 42/2004", summary="Guru P3K dilarang melakukan ini.",
                            explanation="Sanksi moral untuk PPPK."))
    assert "entry uji-kontrak: basis: cites PP 42/2004 in an entry about PPPK" in check(kb_dir, capsys)


def test_pp42_in_an_entry_for_pns_and_pppk_is_not_flagged(kb_dir, capsys):
    add_entry(kb_dir, entry(instrument="PP 42/2004", summary="ASN dilarang melakukan ini.",
                            explanation="PNS kena sanksi moral; PPPK diatur PP 49/2018."))
    assert "in an entry about PPPK" not in check(kb_dir, capsys)


# -- lint (d): sources.yaml urls and missing records --------------------------------------------------------------

@pytest.mark.parametrize("url, problem", [
    ("http://peraturan.bpk.go.id/Details/1/x", "must start with https://"),
    ("https://peraturan.bpk.go.id/Details/1/pp no 94", "contains a space"),
    ("https://hukumonline.com/pusatdata/detail/1", "is not on an official host"),
    ("https://peraturan.bpk.go.id.evil.com/Details/1", "is not on an official host"),
    ("https://peraturan.bpk.go.id@evil.com/Details/1", "must not carry a user name"),
    ("https://fakego.id/x", "is not on an official host"),
    ("https://peraturan.bpk.go.id:8080/x", "must not carry a user name or a port"),
    ("peraturan.bpk.go.id/Details/1", "must start with https://"),
])
def test_bad_source_urls_are_flagged(kb_dir, capsys, url, problem):
    path = kb_dir / "sources.yaml"
    path.write_text(path.read_text().replace("https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021", url))
    out = check(kb_dir, capsys)
    assert "sources.yaml:2: source PP 94/2021: url:" in out and problem in out


@pytest.mark.parametrize("url", ["https://peraturan.bpk.go.id/Details/177031/pp-no-94-tahun-2021",
                                 "https://jdih.dpr.go.id/setjen/detail-dokumen/tipe/uu/id/1627",
                                 "https://www.mkri.id/index.php?page=web.Putusan&id=1", "https://mkri.id/x",
                                 "https://peraturan.go.id/id/pp-no-11-tahun-2017"])
def test_official_urls_pass(url):
    assert url_problem(url) is None


def test_a_basis_instrument_without_record_is_flagged(kb_dir, capsys):
    path = kb_dir / "sources.yaml"
    path.write_text(path.read_text().replace("UU 7/2017", "UU 77/2017"))
    out = check(kb_dir, capsys)
    assert "basis: 'UU 7/2017' has no record in sources.yaml" in out
    assert out.count("'UU 7/2017' has no record") == 1  # once per instrument, not per citation


def test_complete_sources_give_no_source_warnings(kb_dir, capsys):
    out = check(kb_dir, capsys)
    assert "sources.yaml" not in out and "no record" not in out
