"""What an operator gets from a non-editable `pip install .`: the wheel carries every module, the knowledge base
and the region list, and the installed package finds its knowledge base from any working directory.

The wheel is built once per run, from a copy of the sources (so no build/ appears in the checkout), without build
isolation or an index: a few seconds, no network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest

from bot.qa.answers import answer_json
from bot.qa.matcher import Matcher
from bot.settings import DEFAULT_KNOWLEDGE_DIR

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("bot", "handlers", "knowledge"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("netralbot-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked as pip would install it (a pure-Python wheel is a zip of the site-packages files)."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


@cache
def checkout_matcher() -> Matcher:
    return Matcher.from_directory(ROOT / "knowledge")


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("KNOWLEDGE_DIR", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)  # before site-packages, so it wins over the editable install of the checkout
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)


def source_files() -> set[str]:
    """Every file of the two packages (modules and data such as bot/qa/decision.json), as wheel paths."""
    return {
        path.relative_to(ROOT).as_posix()
        for top in ("bot", "handlers")
        for path in (ROOT / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_wheel_carries_every_module_the_knowledge_base_and_the_regions(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    # A new package missing from pyproject's list, or a data file missing from its package-data, shows here.
    assert source_files() - names == set()
    knowledge = {f"bot/_knowledge/{p.name}" for p in (ROOT / "knowledge").glob("*.yaml")}
    assert len(knowledge) >= 3 and knowledge <= names
    assert "bot/tips/data/wilayah.yaml" in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_installed_package_checks_its_knowledge_base_from_another_directory(installed: Path, tmp_path: Path):
    result = run_installed(installed, tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{len(checkout_matcher().kb)} entries (")


def test_the_installed_package_answers_from_another_directory(installed: Path, tmp_path: Path):
    result = run_installed(installed, tmp_path, "ask", "--json", "boleh pns jadi tim sukses caleg?")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["verdict"] == "prohibited" and answer["entry"].startswith("kampanye-timses")
    assert answer == answer_json(checkout_matcher().match(answer["question"]), None)  # the same knowledge base
    probe = subprocess.run(
        [sys.executable, "-c", "import bot, bot.settings as s; print(bot.__file__); print(s.DEFAULT_KNOWLEDGE_DIR)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)}, capture_output=True, text=True, check=True,
    )
    module, knowledge = probe.stdout.splitlines()
    assert Path(module).is_relative_to(installed)
    assert Path(knowledge) == installed / "bot" / "_knowledge"


def test_a_source_checkout_uses_the_top_level_knowledge_directory():
    assert DEFAULT_KNOWLEDGE_DIR == ROOT / "knowledge"
