"""Before and after: the same benchmarks on two revisions, run alternately, with ratios.

    python bench/compare.py 5e4d8e5                  that commit against this checkout (working tree included)
    python bench/compare.py 5e4d8e5 HEAD --only matcher --sizes 1,100 --rounds 3

A revision is exported with `git archive` into bench/results/ (git-ignored); `bench/run.py --quick` then runs with
NETRALBOT_BENCH_SOURCE pointing at it, so both sides use this checkout's benchmark code and labelled questions and
differ only in `bot/`, `handlers/` and `knowledge/`. Runs alternate (A B A B ...) so that a change in the machine's
load hits both alike, and every figure is the median over the rounds. Parts: matcher, startup, telegram (in memory).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import common  # sets sys.path first
from common import REPO, RESULTS, fmt, table

PARTS = ("matcher", "startup", "telegram")


def export(revision: str) -> tuple[str, Path]:
    """(label, source tree) of a revision; "." is this checkout as it is, uncommitted changes included."""
    if revision == ".":
        return "working tree", REPO
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", revision], capture_output=True,
                            text=True, check=True).stdout.strip()
    target = RESULTS / f"source-{commit}"
    if not (target / "bot").is_dir():
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", commit], capture_output=True,
                                 check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return commit, target


def run_once(source: Path, parts: str, sizes: str | None, out: Path) -> dict[str, Any]:
    command = [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--only", parts, "--out", str(out)]
    if sizes:
        command += ["--sizes", sizes]
    env = common.subprocess_env(NETRALBOT_BENCH_SOURCE=str(source))
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The comparable numbers of one run. A name ending in "/s" is better higher; every other one lower, except
    the accuracy figures, which are shown but not compared."""
    out: dict[str, float] = {}
    for size in result.get("sizes", []):
        factor = size["factor"]
        if "matcher" in size:
            out[f"matching {factor}x: p50 ms"] = size["matcher"]["median_ms"]
            out[f"matching {factor}x: p99 ms"] = size["matcher"]["p99_ms"]
            accuracy = size.get("accuracy")
            if accuracy:
                out[f"accuracy {factor}x: in scope right"] = accuracy["in_scope_accuracy"]
                out[f"accuracy {factor}x: out of scope silent"] = accuracy["out_of_scope_silent"]
                out[f"accuracy {factor}x: dangerous"] = accuracy["dangerous"]
        if "index_s" in size:
            out[f"start-up {factor}x: index s"] = size["index_s"]
            out[f"start-up {factor}x: memory added MB"] = size["rss_delta_mb"]
    in_memory = result.get("telegram", {}).get("in_memory")
    if in_memory:
        out["telegram in memory: question updates/s"] = in_memory["question_updates_per_s"]
        out["telegram in memory: all updates/s"] = in_memory["updates_per_s"]
        out["telegram in memory: PTB echo updates/s"] = in_memory["echo_updates_per_s"]
        # The echo handler runs in the same process right after: the bot's speed in units of PTB's own.
        out["telegram in memory: question updates per echo update"] = (in_memory["question_updates_per_s"]
                                                                       / in_memory["echo_updates_per_s"])
    return out


def ratio(name: str, before: float, after: float) -> str:
    if name.startswith("accuracy") or not before or not after or math.isnan(before) or math.isnan(after):
        return ""
    if name.endswith("/s") or name.endswith("per echo update"):
        return f"{fmt(after / before)}x as many"
    return f"{fmt(before / after)}x faster" if name.endswith(" ms") or name.endswith(" s") else \
        f"{fmt(after / before)}x the size"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a git revision")
    parser.add_argument("after", nargs="?", default=".", help='a git revision; "." (default): this checkout')
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--sizes", help="knowledge-base sizes, as for bench/run.py (default with --quick: 1,10)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each revision, alternating (default 2)")
    args = parser.parse_args()
    unknown = {p.strip() for p in args.only.split(",")} - set(PARTS)
    if unknown or args.rounds < 1:
        parser.error(f"choose parts from {', '.join(PARTS)} and at least one round")

    sides = [export(args.before), export(args.after)]
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in sides}
    for round_number in range(args.rounds):
        for label, source in sides:
            print(f"round {round_number + 1}/{args.rounds}: {label}...", file=sys.stderr, flush=True)
            out = RESULTS / f"compare-{label.replace(' ', '-')}-{round_number}.json"
            runs[label].append(figures(run_once(source, args.only, args.sizes, out)))

    (before, _), (after, _) = sides
    rows = []
    for name in runs[before][0]:
        values = [[run[name] for run in runs[label] if name in run] for label in (before, after)]
        if not all(values):
            continue
        a, b = (statistics.median(v) for v in values)
        shown = (f"{a:.1%}", f"{b:.1%}") if "accuracy" in name and "dangerous" not in name else (fmt(a), fmt(b))
        rows.append([name, *shown, ratio(name, a, b)])
    print(f"Medians over {args.rounds} alternating round(s) of `bench/run.py --quick --only {args.only}"
          f"{' --sizes ' + args.sizes if args.sizes else ''}`")
    print(table(["figure", before, after, f"{after} vs {before}"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
