"""Citation rules for the shipped knowledge base (LEGAL.md): current law only, every verdict cited and sanctioned."""

import re

import pytest

from bot.qa.knowledge import load_knowledge_base
from bot.qa.lint import lint
from bot.qa.matcher import Matcher
from bot.settings import DEFAULT_KNOWLEDGE_DIR

KB = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
FORBIDDEN = [re.compile(p, re.I) for p in (r"UU\D{0,12}5\s*/\s*2014", r"PP\D{0,12}42\s*/\s*2024",
                                           r"PP\D{0,12}53\s*/\s*2010", r"tahun\s+2014.*\bASN\b")]
ids = [e.id for e in KB]


@pytest.mark.parametrize("entry", KB.entries, ids=ids)
def test_basis_cites_current_law_only(entry):
    for citation in entry.basis:
        assert not any(p.search(str(citation)) for p in FORBIDDEN), f"{entry.id}: {citation}"


@pytest.mark.parametrize("entry", [e for e in KB if e.verdict != "info"], ids=[e.id for e in KB if e.verdict != "info"])
def test_every_verdict_has_basis_and_sanction(entry):
    assert entry.basis
    for language in ("id", "en"):
        assert entry.text(language).sanction


@pytest.mark.parametrize("entry", KB.entries, ids=ids)
def test_no_wrong_instrument_names_anywhere(entry):
    text = " ".join([entry.id_text.summary, entry.id_text.explanation, entry.id_text.sanction or "",
                     entry.en_text.explanation, entry.en_text.sanction or ""])
    assert not re.search(r"PP\D{0,12}42\s*/\s*2024|PP\s*42\s*Tahun\s*2024", text, re.I), entry.id


def test_low_confidence_is_never_allowed():
    assert not [e.id for e in KB if e.confidence == "low" and e.verdict == "allowed"]


def test_check_has_no_warnings():
    assert lint(Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)) == []
