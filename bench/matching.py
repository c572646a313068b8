"""Matching and start-up at 1x, 10x, 100x and 1,000x the shipped knowledge base's phrasings, against baselines.

Each size runs in its own subprocess (`python bench/matching.py worker ...`), so its memory figures start from a
clean interpreter. A worker:
  1. loads, validates and indexes the knowledge base (`load_knowledge_base` + `Matcher`, as `Matcher.from_directory`
     does) and records the time of each step and the resident memory (VmRSS from /proc/self/status) it added;
  2. answers the labelled evaluation questions through `bot.qa.evaluate.evaluate`, timing every `match()` call, with
     the normaliser's caches emptied first (a cold cache is the conservative case: a fresh typo always misses);
  3. times more cold-cache passes over every labelled question while its time budget lasts;
  4. runs the two baselines over the raw phrasings, in the same process and on the same questions:
     `rapidfuzz.process.extractOne(q, phrasings)` (default scorer WRatio, no processor) and
     `difflib.get_close_matches(q, phrasings, n=1)` (default cutoff 0.6), each until its time budget is spent;
     their top-1 answers are scored by `bot.qa.evaluate.evaluate` too (answer = the verdict of the entry whose phrasing
     won; an out-of-scope kind or no match = no verdict), but only when they got through the whole set.
One more subprocess per size measures the start-up baseline: reading the same YAML with the plain libyaml loader
and collecting the phrasings (what the rapidfuzz baseline needs to start).

Sizes above `yaml_limit` are generated inside the worker instead of read from YAML (the shipped loader needs
minutes for them); the table says so.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import common  # noqa: F401 - sets sys.path first
from common import REPO, RESULTS, one_cpu, peak_rss_mb, rss_mb, subprocess_env, summary_ms, timed_calls

QUESTIONS_DIR = REPO / "tests" / "data"
EVAL_FILE = QUESTIONS_DIR / "questions_eval.yaml"


def _labelled(path: Path) -> list[Any]:
    from bot.qa.evaluate import load_questions

    return load_questions(path)


def all_questions() -> list[Any]:
    """Every labelled question (eval first, then the tuning sets), for latency samples."""
    others = [p for p in sorted(QUESTIONS_DIR.glob("questions_*.yaml")) if p != EVAL_FILE]
    return _labelled(EVAL_FILE) + [q for p in others for q in _labelled(p)]


def clear_caches(matcher: Any) -> None:
    """Empty the normaliser's memo caches (typo fixes, stems), whatever they are called, and the classifier's."""
    normalizer = matcher.normalizer
    for name in dir(type(normalizer)):
        cached = getattr(normalizer, name, None)
        if callable(getattr(cached, "cache_clear", None)):
            cached.cache_clear()
    classifier = getattr(matcher, "classifier", None)  # the character-n-gram view memoises each word's scores
    if classifier is not None:
        classifier.clear_cache()


def report_dict(report: Any) -> dict[str, Any]:
    return {
        "questions": report.total,
        "in_scope_accuracy": report.in_scope_accuracy,
        "out_of_scope_silent": report.out_of_scope_rate,
        "dangerous": len(report.dangerous),
    }


class _TimedMatcher:
    """Stands in for a Matcher in bot.qa.evaluate.evaluate and times each match()."""

    def __init__(self, match: Any) -> None:
        self._match = match
        self.durations: list[float] = []
        self.results: list[Any] = []

    def match(self, question: str) -> Any:
        t0 = time.perf_counter()
        result = self._match(question)
        self.durations.append(time.perf_counter() - t0)
        self.results.append(result)
        return result


def _baseline_match(question: str, doc: Any) -> Any:
    """What bot.qa.evaluate needs from a Match, for a baseline's top-1 pick (doc None: nothing picked)."""
    from bot.qa.knowledge import Entry
    from bot.qa.matcher import ANSWER, NONE

    answered = isinstance(doc, Entry)
    return SimpleNamespace(kind=ANSWER if answered else NONE, entry=doc if answered else None, suggestions=(),
                           score=0.0, coverage=0.0, margin=0.0, tokens=(), question=question)


# -- the worker (one size, one fresh process) --------------------------------------------------------------------


def worker(args: argparse.Namespace) -> dict[str, Any]:
    from rapidfuzz import process

    from bot.qa.evaluate import evaluate
    from bot.qa.knowledge import load_knowledge_base
    from bot.qa.matcher import Matcher
    from bot.qa.normalize import Lexicon
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    out: dict[str, Any] = {"factor": args.factor}
    lexicon_path = DEFAULT_KNOWLEDGE_DIR / "lexicon.yaml"
    eval_questions = _labelled(EVAL_FILE)
    questions = all_questions()
    gc.collect()
    rss0 = rss_mb()
    if args.kb_dir:
        t0 = time.perf_counter()
        kb = load_knowledge_base(args.kb_dir)
        t1 = time.perf_counter()
        lexicon_dir = Path(args.kb_dir)
        own_lexicon = lexicon_dir / "lexicon.yaml"
        lexicon = Lexicon.load(own_lexicon if own_lexicon.exists() else lexicon_path)
        matcher = Matcher(kb, lexicon)
        t2 = time.perf_counter()
        out["source"] = "yaml"
        out["load_s"] = t1 - t0
    else:
        from synthetic import synthetic_kb

        real = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
        lexicon = Lexicon.load(lexicon_path)
        kb = synthetic_kb(real, args.factor, lexicon)
        del real
        gc.collect()
        rss0 = rss_mb()  # the generated entries share their texts with the real ones: count the index only
        t1 = time.perf_counter()
        matcher = Matcher(kb, lexicon)
        t2 = time.perf_counter()
        out["source"] = "memory"
        out["load_s"] = math.nan
    out["index_s"] = t2 - t1
    out["startup_s"] = out["index_s"] + (0.0 if math.isnan(out["load_s"]) else out["load_s"])
    gc.collect()
    out["rss_delta_mb"] = rss_mb() - rss0
    out["rss_peak_delta_mb"] = peak_rss_mb() - rss0
    out["entries"] = len(kb.entries)
    out["phrasings"] = matcher.phrasing_count
    if not args.matcher:
        return out

    # 2-3. the matcher: accuracy on the eval set (cold caches), then more cold passes while the budget lasts
    rng = random.Random(6)

    fastest: dict[str, float] = {}  # each question's fastest cold-cache time: its cost without the machine's noise

    def cold_passes(match: Any, budget: float) -> list[float]:
        durations: list[float] = []
        started = time.perf_counter()
        while time.perf_counter() - started < budget:
            order = questions[:]
            rng.shuffle(order)
            clear_caches(matcher)
            remaining = budget - (time.perf_counter() - started)
            more, _ = timed_calls(lambda q: match(q.question), order, budget_s=remaining, minimum=0)
            durations += more
            for item, seconds in zip(order, more, strict=False):  # the budget may end early
                fastest[item.question] = min(seconds, fastest.get(item.question, math.inf))
        return durations

    clear_caches(matcher)
    timed = _TimedMatcher(matcher.match)
    out["accuracy"] = report_dict(evaluate(timed, eval_questions))
    out["matcher"] = summary_ms(timed.durations + cold_passes(matcher.match, args.budget))
    # A shared virtual machine adds pauses that have nothing to do with the question (another tenant, a page fault):
    # the p99 of each question's fastest pass is the matcher's own tail. Both are reported.
    out["matcher_fastest"] = summary_ms(list(fastest.values()))
    out["matcher_fastest"]["passes"] = out["matcher"]["n"] / len(questions)

    # 4. the baselines over the raw phrasings
    docs = [doc for doc in (*kb.entries, *getattr(kb, "scopes", ())) for _ in doc.phrasings]
    phrasings = [p for doc in (*kb.entries, *getattr(kb, "scopes", ())) for p in doc.phrasings]
    first_doc: dict[str, Any] = {}
    for phrasing, doc in zip(phrasings, docs, strict=False):
        first_doc.setdefault(phrasing, doc)

    def rapidfuzz_pick(question: str) -> Any:
        found = process.extractOne(question, phrasings)
        return docs[found[2]] if found else None

    def difflib_pick(question: str) -> Any:
        found = difflib.get_close_matches(question, phrasings, n=1)
        return first_doc[found[0]] if found else None

    for name, pick in (("rapidfuzz", rapidfuzz_pick), ("difflib", difflib_pick)):
        seconds, picks = timed_calls(lambda q, pick=pick: pick(q.question), eval_questions,
                                     budget_s=args.baseline_budget, minimum=1)
        result: dict[str, Any] = summary_ms(seconds)
        result["of"] = len(eval_questions)
        if len(picks) == len(eval_questions):
            pairs = zip(eval_questions, picks, strict=True)
            answers = {q.question: _baseline_match(q.question, doc) for q, doc in pairs}
            result["accuracy"] = report_dict(evaluate(SimpleNamespace(match=answers.__getitem__), eval_questions))
        else:
            result["accuracy"] = None
        out[name] = result
    return out


def load_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Start-up baseline: read the same YAML with libyaml's plain safe loader and collect the phrasings."""
    import yaml

    gc.collect()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    phrasings: list[str] = []
    for path in sorted(Path(args.kb_dir).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=yaml.CSafeLoader)  # the C safe loader
        for item in (data or {}).get("entries", []) if isinstance(data, dict) else []:
            phrasings += item.get("questions", []) + item.get("en", {}).get("questions", [])
        for item in (data or {}).get("scopes", []) if isinstance(data, dict) else []:
            phrasings += item.get("questions", [])
    elapsed = time.perf_counter() - t0
    gc.collect()
    return {"load_s": elapsed, "phrasings": len(phrasings), "rss_delta_mb": rss_mb() - rss0}


# -- the orchestration (in the parent process) -------------------------------------------------------------------


def _subprocess_json(args: list[str], timeout: float) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          env=subprocess_env(), timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(sizes: list[int], *, quick: bool, matcher: bool, startup: bool, yaml_limit: int,
        log: Any = print) -> list[dict[str, Any]]:
    """Every size, each in fresh subprocesses. Returns one dict per size."""
    from synthetic import phrasing_total, synthetic_kb, write_knowledge_dir

    from bot.qa.knowledge import load_knowledge_base
    from bot.qa.normalize import Lexicon
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    real = load_knowledge_base(DEFAULT_KNOWLEDGE_DIR)
    lexicon = Lexicon.load(DEFAULT_KNOWLEDGE_DIR / "lexicon.yaml")
    budget = 2.5 if quick else 15.0
    baseline_budget = 1.0 if quick else 30.0
    results = []
    RESULTS.mkdir(parents=True, exist_ok=True)
    for factor in sizes:
        log(f"  matching/start-up at {factor}x ({phrasing_total(real) * factor:,} phrasings)...")
        tmp = Path(tempfile.mkdtemp(prefix=f"kb{factor}x-", dir=RESULTS))
        try:
            worker_args = ["worker", "--factor", str(factor), "--budget", str(budget),
                           "--baseline-budget", str(baseline_budget)]
            yaml_mb = math.nan
            kb_dir = tmp
            if factor == 1:  # the shipped files themselves
                kb_dir = DEFAULT_KNOWLEDGE_DIR
                yaml_mb = sum(p.stat().st_size for p in kb_dir.glob("*.yaml")) / 1e6
            elif factor <= yaml_limit:
                kb = synthetic_kb(real, factor, lexicon)
                yaml_mb = write_knowledge_dir(kb, DEFAULT_KNOWLEDGE_DIR, tmp) / 1e6
                del kb
            if factor <= yaml_limit:
                worker_args += ["--kb-dir", str(kb_dir)]
            if matcher:
                worker_args.append("--matcher")
            try:
                result = _subprocess_json(worker_args, timeout=3600)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
                log(f"    {factor}x failed: {str(exc)[-500:]}")
                results.append({"factor": factor, "error": str(exc)[-3000:]})
                continue
            result["yaml_mb"] = yaml_mb
            if startup and factor <= yaml_limit:
                result["load_baseline"] = _subprocess_json(["load-baseline", "--kb-dir", str(kb_dir)], timeout=3600)
            results.append(result)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    work = sub.add_parser("worker")
    work.add_argument("--factor", type=int, required=True)
    work.add_argument("--kb-dir")
    work.add_argument("--matcher", action="store_true")
    work.add_argument("--budget", type=float, default=15.0)
    work.add_argument("--baseline-budget", type=float, default=30.0)
    sub.add_parser("load-baseline").add_argument("--kb-dir", required=True)
    args = parser.parse_args()
    command = {"worker": worker, "load-baseline": load_baseline}[args.command]
    with one_cpu() as cpu:
        result = command(args)
    result["pinned_cpu"] = cpu
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
