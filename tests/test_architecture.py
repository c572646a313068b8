"""The house rules a newcomer relies on: imports flow down (the import-linter contracts in pyproject.toml), and no
module in bot/ or handlers/ over 400 lines, no function over 80."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80

# Known offenders, each with the issue whose owner splits it. An entry that is no longer over the limit fails the
# test too, so the list only shrinks: delete the line when the file is split.
KNOWN_OVERSIZE: dict[str, str] = {}


def test_import_contracts_hold():
    """The same check as `lint-imports` in .ci/run: bot.qa and bot.tips never import telegram or each other, one
    feature's handlers never import the other's, only bot.app wires handlers in, nothing outside tests imports
    tests, and the layers from the command line down to settings and storage."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def oversize(root: Path = ROOT) -> dict[str, str]:
    """Every module over MAX_MODULE_LINES and every function over MAX_FUNCTION_LINES, as path -> what."""
    found: dict[str, str] = {}
    for top in ("bot", "handlers"):
        for path in sorted((root / top).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            source = path.read_text(encoding="utf-8")
            lines = len(source.splitlines())
            if lines > MAX_MODULE_LINES:
                found[name] = f"{lines} lines"
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                    length = (node.end_lineno or node.lineno) - start + 1
                    if length > MAX_FUNCTION_LINES:
                        found[f"{name}::{node.name}"] = f"{length} lines"
    return found


def test_no_module_or_function_over_the_size_limits():
    found = oversize()
    new = {name: what for name, what in found.items() if name not in KNOWN_OVERSIZE}
    assert new == {}, f"over {MAX_MODULE_LINES} lines per module or {MAX_FUNCTION_LINES} per function: split them"
    stale = sorted(set(KNOWN_OVERSIZE) - set(found))
    assert stale == [], f"now within the limits: remove from KNOWN_OVERSIZE in tests/test_architecture.py: {stale}"


def test_the_size_check_sees_long_functions_and_modules(tmp_path):
    (tmp_path / "bot").mkdir()
    (tmp_path / "handlers").mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(80))
    (tmp_path / "bot" / "long.py").write_text(f"@decorated\nasync def long():\n{body}\n" + "x = 1\n" * 319)
    (tmp_path / "handlers" / "short.py").write_text(f"def short():\n{body[: body.rindex(chr(10))]}\n")
    assert oversize(tmp_path) == {"bot/long.py": "401 lines", "bot/long.py::long": "82 lines"}


def test_no_test_skips_itself():
    """A test that skips when its feature or library is missing passes while the feature is broken: every library
    a test needs is in the `test` extra, so a missing one must fail."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name != "test_architecture.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(word in line for word in ("importorskip(", "pytest.skip(", "mark.skip", "skipif("))
    ]
    assert offenders == []


def test_only_settings_reads_the_environment():
    """The environment and .env are read in one place, bot/settings.py; everything else gets Settings passed down."""
    readers = [
        path.relative_to(ROOT).as_posix()
        for top in ("bot", "handlers")
        for path in sorted((ROOT / top).rglob("*.py"))
        if path != ROOT / "bot" / "settings.py"
        and any(word in path.read_text(encoding="utf-8") for word in ("os.environ", "getenv", "dotenv"))
    ]
    assert readers == []


def test_ruff_is_clean():
    """The same check as `ruff check` in .ci/run (a second), so that a developer's test run fails where CI would."""
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
