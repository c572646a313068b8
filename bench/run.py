"""Run NetralBot's benchmarks and print one table; the full results go to bench/results/ as JSON.

    python bench/run.py                      everything (about 15 minutes on 2 cores; the 1,000x size is most of it)
    python bench/run.py --quick              under a minute: 1x and 10x, fewer samples, shorter runs
    python bench/run.py --only matcher       one part (or several, comma-separated):
                                             matcher, startup, telegram, loopback, tips
    python bench/run.py --sizes 1,100        choose the knowledge-base sizes (multiples of the shipped phrasings)

Every figure is compared with a baseline measured in the same run (see bench/README.md); ratios survive a noisy
machine better than absolute times. Not part of the test run: pytest only collects tests/.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # after the sys.path set-up above
from common import RESULTS, TELEGRAM_MESSAGES_PER_SECOND, fmt, machine, table

PARTS = ("matcher", "startup", "telegram", "loopback", "tips")
TARGETS = {"p99_1x_ms": 1.0, "p99_100x_ms": 10.0, "question_updates_per_s": 1000.0}


def _pct(value: float | None) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def _acc(accuracy: dict[str, Any] | None) -> str:
    if not accuracy:
        return "n/a"
    return (f"{_pct(accuracy['in_scope_accuracy'])} / {_pct(accuracy['out_of_scope_silent'])} / "
            f"{accuracy['dangerous']}")


def _pair(a: float, b: float) -> str:
    return f"{fmt(a)} / {fmt(b)}"


def _times(x: float) -> str:
    return "-" if x is None or math.isnan(x) else f"{fmt(x)}x"


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def rows(results: dict[str, Any]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for size in results.get("sizes", []):
        factor = size["factor"]
        if "error" in size:
            out.append(["matching", f"{factor}x", "failed (see the JSON file)", "-", "", "", "", ""])
            continue
        case = f"{factor}x: {size['entries']:,} entries, {size['phrasings']:,} phrasings"
        if "matcher" in size:
            m = size["matcher"]
            target = ""
            if factor == 1:
                target = f"p99 < 1 ms: {_met(m['p99_ms'] < TARGETS['p99_1x_ms'])}"
            elif factor == 100:
                target = f"p99 < 10 ms: {_met(m['p99_ms'] < TARGETS['p99_100x_ms'])}"
            for name, label in (("rapidfuzz", "rapidfuzz extractOne (WRatio)"),
                                ("difflib", "difflib get_close_matches")):
                b = size[name]
                sample = "" if b["n"] == b["of"] else f"; baseline capped: {b['n']} of {b['of']} questions"
                out.append(["matching", case, f"latency p50 / p99, ms (n={m['n']:,} cold-cache{sample})",
                            _pair(m["median_ms"], m["p99_ms"]), label, _pair(b["median_ms"], b["p99_ms"]),
                            f"{_times(b['median_ms'] / m['median_ms'])} / {_times(b['p99_ms'] / m['p99_ms'])} "
                            "faster", target])
                target = ""
            fastest = size.get("matcher_fastest")
            if fastest and fastest["passes"] >= 3:  # fewer passes say little about each question's fastest
                quiet = ("p99 < 1 ms" if factor == 1 else "p99 < 10 ms" if factor == 100 else "")
                met = fastest["p99_ms"] < (TARGETS["p99_1x_ms"] if factor == 1 else TARGETS["p99_100x_ms"])
                out.append(["matching", case, f"the same, each question's fastest of {fastest['passes']:.1f} cold "
                            "passes (the machine's pauses removed)", _pair(fastest["median_ms"], fastest["p99_ms"]),
                            "", "", "", f"{quiet}: {_met(met)}" if quiet else ""])
            for name, label in (("rapidfuzz", "rapidfuzz top-1"), ("difflib", "difflib top-1")):
                b = size[name]
                out.append(["matching", case, "eval set: in scope right / out of scope silent / dangerous",
                            _acc(size["accuracy"]), label,
                            _acc(b["accuracy"]) if b["accuracy"] else f"n/a (capped at {b['n']} questions)", "",
                            "in scope >= 90%, 0 dangerous" if name == "rapidfuzz" else ""])
        if "index_s" in size:
            if size["source"] == "yaml":
                detail = f"load+validate {fmt(size['load_s'])} + index {fmt(size['index_s'])}"
                base = size.get("load_baseline", {})
                out.append(["start-up", case, f"seconds ({detail}; YAML {fmt(size['yaml_mb'])} MB)",
                            fmt(size["startup_s"]), "libyaml load + phrasing list", fmt(base.get("load_s")),
                            _times(size["startup_s"] / base["load_s"]) + " slower" if base else "", ""])
            else:
                out.append(["start-up", case, "index only, s (KB generated in memory, YAML load not measured)",
                            fmt(size["index_s"]), "", "", "", ""])
            base = size.get("load_baseline", {})
            out.append(["start-up", case, "resident memory added, MB (peak)",
                        f"{fmt(size['rss_delta_mb'])} ({fmt(size['rss_peak_delta_mb'])})",
                        "libyaml load + phrasing list" if base else "", fmt(base.get("rss_delta_mb")), "", ""])
    tg = results.get("telegram", {})
    if "in_memory" in tg:
        r = tg["in_memory"]
        pinned = "" if r.get("pinned_cpu") is None else f", pinned to CPU {r['pinned_cpu']}"
        case = (f"{r['updates']:,} updates x {r['rounds']} rounds, mix "
                f"{', '.join(f'{k} {v:.0%}' for k, v in tg['mix'].items())}{pinned}")
        target = TARGETS["question_updates_per_s"]
        for label, figures in (("median round", r), ("fastest round", r["fastest_round"])):
            q = figures["question_updates_per_s"]
            out.append(["telegram in memory", case, f"updates/s, {label}: all / questions only",
                        _pair(figures["updates_per_s"], q), "PTB + one echo handler, same round",
                        fmt(figures["echo_updates_per_s"]),
                        _times(figures["updates_per_s"] / figures["echo_updates_per_s"]) + " of echo",
                        f">= 1,000 question updates/s: {_met(q >= target)}"])
        for kind, k in r["by_kind"].items():
            out.append(["telegram in memory", f"  {kind}", "per update p50 / p99, ms (all rounds)",
                        _pair(k["median_ms"], k["p99_ms"]), "echo, all kinds",
                        _pair(r["echo_per_update"]["median_ms"], r["echo_per_update"]["p99_ms"]),
                        "", f"{fmt(k['per_s'])}/s"])
        out.append(["telegram in memory", "headroom", "updates/s (median round) over Telegram's send limit",
                    fmt(r["updates_per_s"]), "Telegram, one bot", f"{TELEGRAM_MESSAGES_PER_SECOND}/s",
                    _times(r["headroom_vs_telegram"]), ""])
    if "loopback" in tg:
        lb = tg["loopback"]
        un, echo = lb["unlimited"], lb["echo"]
        case = f"{un['updates']:,} updates, real process, fake Bot API on 127.0.0.1"
        out.append(["telegram loopback", case, "replies/s, rate limiter lifted (process capacity)",
                    fmt(un["replies_per_s"]), "PTB echo bot process", fmt(echo["replies_per_s"]),
                    _times(un["replies_per_s"] / echo["replies_per_s"]) + " of echo",
                    f"headroom {_times(lb['headroom_vs_telegram'])} over 30/s"])
        if "shipped" in lb:
            sh = lb["shipped"]
            out.append(["telegram loopback", case, "replies/s as shipped (AIORateLimiter holds ~30/s)",
                        fmt(sh["replies_per_s"]), "Telegram, one bot", f"{TELEGRAM_MESSAGES_PER_SECOND}/s",
                        _times(sh["replies_per_s"] / TELEGRAM_MESSAGES_PER_SECOND), ""])
        for key, label in (("api_delay", "chats concurrently, each in order (as shipped)"),
                           ("api_delay_sequential", "one at a time (PTB's default)")):
            d = lb.get(key)
            if d:
                bound = 1e3 / d["api_delay_ms"]
                out.append(["telegram loopback", f"{d['updates']:,} updates, every API call answered after "
                             f"{d['api_delay_ms']:.0f} ms", f"replies/s, updates handled {label}",
                             fmt(d["replies_per_s"]), "1 / API latency", fmt(bound),
                             _times(d["replies_per_s"] / bound),
                             f"{_times(d['replies_per_s'] / TELEGRAM_MESSAGES_PER_SECOND)} Telegram's 30/s"])
        out.append(["telegram loopback", case, "start to first getUpdates, s", fmt(un["ready_s"]),
                    "PTB echo bot process", fmt(echo["ready_s"]), "", ""])
    tips = results.get("tips")
    if tips:
        case = f"{tips['tips']:,} tips, WAL + synchronous=FULL"
        out.append(["tips", case, "writes/s (TipStore.create, receipt precomputed), p50 / p99 ms "
                    f"{_pair(tips['write']['median_ms'], tips['write']['p99_ms'])}", fmt(tips["writes_per_s"]),
                    "plain INSERT, one per transaction, FULL", fmt(tips["baseline_insert_full_per_s"]),
                    _times(tips["write_vs_baseline_full"]) + " of plain", ""])
        out.append(["tips", case, f"receipts/s (PBKDF2, {tips['receipt_iterations']:,} iterations): 1 / 2 threads",
                    _pair(tips["receipts_per_s_1_thread"], tips["receipts_per_s_2_threads"]),
                    "plain INSERT, synchronous=NORMAL", fmt(tips["baseline_insert_normal_per_s"]), "", ""])
        out.append(["tips", case, "tips/s end to end (receipt + write, one thread)", fmt(tips["tips_per_s_sequential"]),
                    "", "", "", ""])
        out.append(["tips", case, f"database MB per 10,000 tips (mean text {tips['mean_description_chars']:.0f} chars)",
                    fmt(tips["db_mb_per_10k_tips"]), "", "", "", ""])
    return out


HEADERS = ["part", "case", "measure", "NetralBot", "baseline", "baseline value", "ratio", "target / note"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="under a minute: fewer sizes, samples and updates")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--sizes", help="knowledge-base sizes as multiples of the shipped phrasings (1,10,100,1000)")
    parser.add_argument("--yaml-limit", type=int,
                        help="largest size written to and read from YAML (above: generated in memory); "
                             "default 100, 1 with --quick")
    parser.add_argument("--out", type=Path, help="the JSON file (default bench/results/bench-<time>.json)")
    parser.add_argument("--no-pin", action="store_true",
                        help="let the single-threaded parts move between CPUs (see common.one_cpu)")
    args = parser.parse_args()
    if args.no_pin:
        common.os.environ["NETRALBOT_BENCH_PIN"] = "0"  # read by this process and the worker subprocesses
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    sizes = [int(s) for s in (args.sizes or ("1,10" if args.quick else "1,10,100,1000")).split(",")]
    yaml_limit = args.yaml_limit if args.yaml_limit is not None else (1 if args.quick else 100)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "parts": sorted(parts),
        "machine": machine(),
    }
    if parts & {"matcher", "startup"}:
        import matching

        log(f"matching and start-up at sizes {', '.join(f'{s}x' for s in sizes)}...")
        results["sizes"] = matching.run(sizes, quick=args.quick, matcher="matcher" in parts,
                                        startup="startup" in parts, yaml_limit=yaml_limit, log=log)
    if parts & {"telegram", "loopback"}:
        import telegram_bench

        log("telegram...")
        results["telegram"] = telegram_bench.run(quick=args.quick, parts=parts, log=log)
    if "tips" in parts:
        import tips_bench

        log("tips...")
        results["tips"] = tips_bench.run(quick=args.quick, log=log)
    results["seconds"] = time.perf_counter() - started
    results["machine"]["loadavg_at_end"] = common.os.getloadavg()

    path = args.out or RESULTS / f"bench-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")

    m = results["machine"]
    print(f"NetralBot benchmarks{' (quick)' if args.quick else ''}: {m['nproc']} CPUs ({m['cpu_model']}), "
          f"{m['memory']} RAM, Python {m['python']}, commit {m['git_commit']}; "
          f"load average {m['loadavg_at_start'][0]:.2f} at start; {results['seconds']:.0f} s")
    print(table(HEADERS, rows(results)))
    print(f"\nFull results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
