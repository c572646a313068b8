"""Loading the knowledge base: valid files load; every kind of mistake is reported with file, line, entry, field."""

import shutil
from pathlib import Path

import pytest

from bot.qa.knowledge import KnowledgeError, load_knowledge_base

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture
def kb_dir(tmp_path):
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE, target)
    return target


def problems_after(kb_dir, old, new, filename="kampanye.yaml"):
    path = kb_dir / filename
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_base(kb_dir)
    return info.value.problems


def test_fixture_loads():
    kb = load_knowledge_base(FIXTURE)
    assert {e.id for e in kb} == {"medsos-like", "medsos-follow-akun", "kampanye-timses", "hak-pilih-coblos"}
    entry = kb.get("kampanye-timses")
    assert entry.verdict == "prohibited"
    assert str(entry.basis[0]) == "UU 7/2017 Pasal 280 ayat (3)"
    assert entry.text("en").summary.startswith("Civil servants")
    assert entry.source == "kampanye.yaml:2"
    assert [t.id for t in kb.topics] == ["media-sosial", "kampanye", "hak-pilih"]
    assert kb.in_topic("media-sosial")[0].id == "medsos-like"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("verdict: prohibited", "verdict: forbidden", "kampanye.yaml:2: entry kampanye-timses: verdict:"),
        ("id: kampanye-timses", "id: Kampanye Timses!", "entry Kampanye Timses!: id: required"),
        ("topic: kampanye", "topic: media-sosial", "kampanye-timses: topic: entry of topic 'media-sosial'"),
        ("reviewed: 2026-11-22", "reviewed: soon", "kampanye-timses: reviewed:"),
        ("instrument: UU 7/2017", "instrument: UU 5/2014", "basis: 'UU 5/2014': UU 5/2014 is repealed"),
        ("instrument: PP 94/2021", "instrument: PP 53/2010", "PP 53/2010 is superseded"),
        ("instrument: PP 94/2021", "instrument: PP 42/2024", "PP 42/2024 is about halal products"),
        ("    sanction: Pidana (Pasal 494) dan hukuman disiplin berat.\n", "", "kampanye-timses: sanction: required"),
        ("      questions: [can a civil servant be on a candidate's campaign team]\n", "",
         "en.questions: at least one phrasing"),
        ("entries:", "entries: [", "kampanye.yaml:2: invalid YAML"),
    ],
)
def test_mistakes_are_reported_with_location(kb_dir, old, new, expected):
    problems = problems_after(kb_dir, old, new)
    assert any(expected in p for p in problems), problems


def test_conditional_needs_conditions(kb_dir):
    problems = problems_after(
        kb_dir, "    conditions: [Hanya untuk informasi, tanpa interaksi apa pun.]\n", "", "media-sosial.yaml"
    )
    assert any("medsos-follow-akun: conditions: required" in p for p in problems)
    assert any("en.conditions: must have as many items" in p for p in problems)


def test_non_info_entry_needs_basis(kb_dir):
    problems = problems_after(kb_dir, "    basis:\n      - {instrument: UU 7/2017, article: Pasal 198}\n",
                              "", "hak-pilih.yaml")
    assert any("hak-pilih-coblos: basis: a allowed entry must cite" in p for p in problems)


def test_duplicate_ids_are_reported(kb_dir):
    problems = problems_after(kb_dir, "id: hak-pilih-coblos", "id: kampanye-timses", "hak-pilih.yaml")
    expected = "kampanye.yaml:2: entry kampanye-timses: id: duplicate of the entry at hak-pilih.yaml:2"
    assert any(expected in p for p in problems)


def test_all_problems_at_once(kb_dir):
    path = kb_dir / "kampanye.yaml"
    text = path.read_text().replace("verdict: prohibited", "verdict: x")
    path.write_text(text.replace("reviewed: 2026-11-22", "reviewed: x"))
    with pytest.raises(KnowledgeError) as info:
        load_knowledge_base(kb_dir)
    assert len(info.value.problems) >= 2


def test_missing_directory():
    with pytest.raises(KnowledgeError, match="knowledge directory not found"):
        load_knowledge_base(Path("/nonexistent/knowledge"))


def test_duplicate_yaml_keys_are_reported(kb_dir):
    problems = problems_after(kb_dir, "    topic: kampanye\n", "    topic: kampanye\n    topic: kampanye\n")
    assert any("kampanye.yaml:4: invalid YAML: duplicate key 'topic'" in p for p in problems), problems


def test_rows_are_optional_and_validated(kb_dir):
    assert load_knowledge_base(FIXTURE).get("kampanye-timses").rows == ()
    path = kb_dir / "kampanye.yaml"
    with_rows = "verdict: prohibited\n    rows: [D19, G46a, S2]"
    path.write_text(path.read_text().replace("verdict: prohibited", with_rows, 1))
    assert load_knowledge_base(kb_dir).get("kampanye-timses").rows == ("D19", "G46a", "S2")
    problems = problems_after(kb_dir, "rows: [D19, G46a, S2]", "rows: [D19, row8, S9]")
    assert any("kampanye-timses: rows: 'row8'" in p for p in problems), problems
    assert any("kampanye-timses: rows: 'S9'" in p for p in problems), problems
    assert any("rows: must be a list" in p for p in problems_after(kb_dir, "rows: [D19, row8, S9]", "rows: D19"))


def test_covers_is_optional_and_a_list_of_words(kb_dir):
    assert load_knowledge_base(FIXTURE).get("kampanye-timses").covers == ()
    path = kb_dir / "kampanye.yaml"
    path.write_text(path.read_text().replace("verdict: prohibited", "verdict: prohibited\n    covers: [kepaladesa]", 1))
    assert load_knowledge_base(kb_dir).get("kampanye-timses").covers == ("kepaladesa",)
    problems = problems_after(kb_dir, "covers: [kepaladesa]", "covers: kepaladesa")
    assert any("kampanye-timses: covers: must be a list" in p for p in problems), problems
