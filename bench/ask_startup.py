"""Start-up and memory of `python -m bot ask "..."`, the whole command, against baselines in the same run.

    python bench/ask_startup.py [--runs 10]

Each run is a fresh subprocess; the figures are its wall-clock time, its CPU time (user + system, which another
tenant's load cannot inflate as much as the wall clock) and its peak resident memory (ru_maxrss of the child).
`ask` runs twice in each round: cold (an empty build cache, bot/qa/buildcache.py: the first start after an install
or an edit of the knowledge base) and warm (every later start). They alternate with two baselines, so that the
machine's load hits all alike:
- `python -c "import yaml"`: the interpreter and a YAML library, the floor of any Python bot;
- loading and validating the knowledge base (`load_knowledge_base`), what any answering bot must do before it can
  rank anything.
Targets (issue 10): start-up below 1.5 s and resident memory below 150 MB for `python -m bot ask`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - sets sys.path first
from common import SOURCE, table

ASK = [sys.executable, "-m", "bot", "ask", "boleh gak pns ngelike postingan caleg?"]
COMMANDS = {
    "python -c 'import yaml'": [sys.executable, "-c", "import yaml"],
    "load_knowledge_base only": [sys.executable, "-c",
                                 "from bot.qa.knowledge import load_knowledge_base; load_knowledge_base('knowledge')"],
    # Cold: an empty build cache (bot/qa/buildcache.py), as the first start after an install or an edit. Warm: the
    # cache written by an earlier start from the same files, as every later start.
    "python -m bot ask (cold)": ASK,
    "python -m bot ask (warm)": ASK,
}


def run_once(name: str, command: list[str], cache: Path) -> tuple[float, float, float]:
    """(wall s, cpu s, peak RSS MB) of one fresh subprocess."""
    if "cold" in name:
        shutil.rmtree(cache, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(SOURCE), NETRALBOT_CACHE_DIR=str(cache))
    env.pop("TELEGRAM_BOT_TOKEN", None)
    subprocess.run(command, cwd=SOURCE, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # ru_maxrss of children: the largest so far, in KB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in COMMANDS}
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    for _ in range(args.runs):
        for name, command in COMMANDS.items():  # alternating; a cold run leaves the cache warm for the next
            samples[name].append(run_once(name, command, cache))
    rows, result = [], {}
    for name, values in samples.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        rows.append([name, f"{wall:.2f}", f"{min(v[0] for v in values):.2f}", f"{cpu:.2f}"])
        result[name] = {"wall_median_s": wall, "wall_min_s": min(v[0] for v in values), "cpu_median_s": cpu}
    # ru_maxrss of children is a running maximum, so the memory of `ask` is measured in runs of its own.
    for kind in ("cold", "warm"):
        if kind == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        peak = subprocess.run(
            [sys.executable, "-c", "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
             "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", *ASK],
            cwd=SOURCE, env=dict(os.environ, PYTHONPATH=str(SOURCE), NETRALBOT_CACHE_DIR=str(cache)),
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        result[f"ask_{kind}_peak_rss_mb"] = int(peak) / 1024
    shutil.rmtree(cache, ignore_errors=True)
    print(table(["command", "wall median s", "wall fastest s", "cpu median s"], rows))
    print(f"\npython -m bot ask: peak resident memory {result['ask_cold_peak_rss_mb']:.0f} MB cold, "
          f"{result['ask_warm_peak_rss_mb']:.0f} MB warm (target < 150 MB); start-up target < 1.5 s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
