"""The index build cache (bot/qa/buildcache.py): the same answers as a fresh build, a new build after any edit,
and never an error from the cache itself."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from bot.qa import buildcache
from bot.qa.classifier import NgramClassifier
from bot.qa.matcher import Matcher
from bot.qa.normalize import Normalizer
from bot.settings import index_cache_dir
from tests.support.constants import FIXTURE_KB

QUESTIONS = ["boleh gak asn like postingan caleg di ig?", "pns jd timses paslon", "jam berapa tps buka",
             "resep rendang padang", "kam panye pakai kaos partai boleh?"]


def answers(matcher: Matcher) -> list[tuple]:
    return [(m.kind, m.entry and m.entry.id, m.score, tuple(e.id for e in m.suggestions))
            for m in map(matcher.match, QUESTIONS)]


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    copy = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, copy)
    return copy


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("NETRALBOT_CACHE_DIR", str(directory))
    return directory


def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the two cached steps fail, so that a matcher built afterwards proves it read them from the cache."""
    def fail(*args, **kwargs):
        raise AssertionError("built again although the cache holds this build")
    monkeypatch.setattr(Normalizer, "learn", fail)
    monkeypatch.setattr(NgramClassifier, "__init__", fail)


def test_a_second_start_reads_the_cache_and_answers_the_same(kb, cache, monkeypatch):
    built = Matcher.from_directory(kb)
    assert len(list(cache.glob("index-*.marshal"))) == 1
    with monkeypatch.context() as patched:
        no_build(patched)
        cached = Matcher.from_directory(kb)
    assert answers(cached) == answers(built)
    assert cached.normalizer.analyse("kampnye partay").tokens == built.normalizer.analyse("kampnye partay").tokens


def test_an_edited_phrasing_is_never_answered_from_the_old_build(kb, cache, monkeypatch):
    Matcher.from_directory(kb)
    topics = kb / "kampanye.yaml"
    text = topics.read_text(encoding="utf-8").replace("questions:", "questions:\n      - zebra kuda nil", 1)
    topics.write_text(text, encoding="utf-8")
    edited = Matcher.from_directory(kb)  # a new name: the cache is not read
    assert len(list(cache.glob("index-*.marshal"))) == 2
    assert "zebra" in edited.idf


def test_training_with_its_own_examples_bypasses_the_cache(kb, cache):
    Matcher.from_directory(kb)
    trained = Matcher.from_directory(kb, examples=[("medsos-like", "zebra", ("zebra",))])
    assert trained.classifier.vocabulary_size != Matcher.from_directory(kb).classifier.vocabulary_size


@pytest.mark.parametrize("content", [b"", b"not marshal \x00\xff", b"\xfb\x00\x00"])
def test_a_corrupt_cache_file_is_rebuilt_not_an_error(kb, cache, content):
    reference = answers(Matcher.from_directory(kb))
    (path,) = cache.glob("index-*.marshal")
    path.write_bytes(content)
    assert answers(Matcher.from_directory(kb)) == reference
    assert path.read_bytes() != content  # written again


def test_a_cache_of_another_shape_is_rebuilt(kb, cache):
    reference = answers(Matcher.from_directory(kb))
    (path,) = cache.glob("index-*.marshal")
    tokens = marshal.loads(path.read_bytes())["tokens"]
    for other in ({"tokens": [("x",)], "classifier": {}}, {"tokens": tokens, "classifier": {"classes": 3}},
                  {"tokens": tuple(tokens)}, ["a list"]):
        path.write_bytes(marshal.dumps(other))
        assert answers(Matcher.from_directory(kb)) == reference


def test_an_unwritable_cache_directory_only_costs_time(kb, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("NETRALBOT_CACHE_DIR", str(blocker / "cache"))
    assert answers(Matcher.from_directory(kb))
    assert list(tmp_path.glob("**/.index-*")) == []  # no temporary file left behind


@pytest.mark.parametrize("setting", ["off", "", "0"])
def test_the_cache_can_be_turned_off(monkeypatch, setting):
    monkeypatch.setenv("NETRALBOT_CACHE_DIR", setting)
    assert index_cache_dir() is None


def test_the_default_place_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("NETRALBOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert index_cache_dir() == tmp_path / "netralbot"


def test_only_the_newest_builds_are_kept(tmp_path):
    for number in range(buildcache.KEEP + 2):
        (tmp_path / f"input{number}").write_text(str(number))
        buildcache.BuildCache([tmp_path / f"input{number}"], tmp_path).store({"tokens": [], "classifier": {}})
    assert len(list(tmp_path.glob("index-*.marshal"))) == buildcache.KEEP
