"""Shared helpers for the benchmarks: import path, machine description, memory, percentiles, tables.

Every benchmark imports this first. It puts the code to measure at the front of sys.path: this checkout's `bot/`
(even when another checkout is installed in editable mode), or the tree in NETRALBOT_BENCH_SOURCE, which is how
bench/compare.py measures another revision with the same benchmark code and questions.
"""

from __future__ import annotations

import contextlib
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"  # git-ignored: JSON results and scratch directories
RESULTS.mkdir(exist_ok=True)
SOURCE = Path(os.environ.get("NETRALBOT_BENCH_SOURCE") or REPO).resolve()  # the bot/ (and knowledge/) measured
for _path in (str(BENCH), str(SOURCE)):
    if _path in sys.path:
        sys.path.remove(_path)
    sys.path.insert(0, _path)

TELEGRAM_MESSAGES_PER_SECOND = 30  # what Telegram lets one bot send (about; FloodLimit.MESSAGES_PER_SECOND)
FAKE_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"  # the test suite's fake token: never a real bot


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a benchmark subprocess: this checkout first on PYTHONPATH, no .env influence."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), str(BENCH)])
    env.update(extra)
    return env


# -- memory -----------------------------------------------------------------------------------------------------


def proc_status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS: resident now; VmHWM: the peak resident size)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def rss_mb() -> float:
    return proc_status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    return proc_status_kb("VmHWM") / 1024


# -- one CPU ----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def one_cpu() -> Iterator[int | None]:
    """Run the block on one CPU (the last this process may use), then allow them all again; yields the CPU.

    Single-threaded parts are pinned because, unpinned, the scheduler moves them between this virtual machine's
    two vCPUs and they run at two speeds: the PTB echo baseline took 0.28 or 0.51 ms per update from one batch of
    100 updates to the next, the same on either CPU when pinned (bench/README.md). NETRALBOT_BENCH_PIN=0 (or
    `bench/run.py --no-pin`) turns this off; so does a platform without sched_setaffinity.
    """
    if os.environ.get("NETRALBOT_BENCH_PIN", "1") == "0" or not hasattr(os, "sched_setaffinity"):
        yield None
        return
    allowed = os.sched_getaffinity(0)
    cpu = max(allowed)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, allowed)


# -- statistics -------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of `values`; nan for none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p99, mean and max in milliseconds, and the number of samples."""
    if not seconds:
        return {"n": 0, "median_ms": math.nan, "p99_ms": math.nan, "mean_ms": math.nan, "max_ms": math.nan}
    return {
        "n": len(seconds),
        "median_ms": percentile(seconds, 0.5) * 1e3,
        "p99_ms": percentile(seconds, 0.99) * 1e3,
        "mean_ms": sum(seconds) / len(seconds) * 1e3,
        "max_ms": max(seconds) * 1e3,
    }


def timed_calls(function: Callable[[Any], Any], items: Iterable[Any], budget_s: float | None = None,
                minimum: int = 5) -> tuple[list[float], list[Any]]:
    """Call `function` on each item, timing each call; stop early once `budget_s` is spent (after `minimum`)."""
    durations: list[float] = []
    results: list[Any] = []
    started = time.perf_counter()
    for item in items:
        if budget_s is not None and len(durations) >= minimum and time.perf_counter() - started > budget_s:
            break
        t0 = time.perf_counter()
        result = function(item)
        durations.append(time.perf_counter() - t0)
        results.append(result)
    return durations, results


def ratio(numerator: float, denominator: float) -> float:
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return math.nan
    return numerator / denominator


# -- formatting -------------------------------------------------------------------------------------------------


def fmt(value: Any, digits: int = 2) -> str:
    """Numbers to short text: 3 significant-ish digits, '-' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.1:
            return f"{value:.{digits}f}"
        return f"{value:.3f}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table with right-aligned numbers (also valid Markdown)."""
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row, raw in zip(cells, rows, strict=True):
        parts = []
        for cell, value, width in zip(row, raw, widths, strict=True):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            parts.append(cell.rjust(width) if numeric else cell.ljust(width))
        lines.append("| " + " | ".join(parts) + " |")
    return "\n".join(lines)


# -- the machine ------------------------------------------------------------------------------------------------


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import sqlite3

    versions = {}
    for module in ("telegram", "rapidfuzz", "sqlite_utils", "yaml"):
        try:
            versions[module] = getattr(__import__(module), "__version__", "?")
        except ImportError:
            versions[module] = None
    free = _run(["free", "-h"])
    return {
        "nproc": _run(["nproc"]) or str(os.cpu_count()),
        "cpu_model": cpu_model(),
        "memory": free.splitlines()[1].split()[1] if len(free.splitlines()) > 1 else "?",
        "free_h": free,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "libyaml": bool(getattr(__import__("yaml"), "__with_libyaml__", False)),
        "packages": versions,
        "loadavg_at_start": os.getloadavg(),
        "git_commit": _run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]),
        "git_dirty_paths": len(_run(["git", "-C", str(REPO), "status", "--porcelain"]).splitlines()),
        "source_measured": "this checkout" if SOURCE == REPO else str(SOURCE),
    }
