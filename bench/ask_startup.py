"""Start-up and memory of `python -m bot ask "..."`, the whole command, against baselines in the same run.

    python bench/ask_startup.py [--runs 10]

Each run is a fresh subprocess; the figures are its wall-clock time, its CPU time (user + system, which another
tenant's load cannot inflate as much as the wall clock) and its peak resident memory (ru_maxrss of the child).
They alternate with two baselines, so that the machine's load hits all alike:
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
import statistics
import subprocess
import sys
import time

import common  # noqa: F401 - sets sys.path first
from common import SOURCE, table

COMMANDS = {
    "python -c 'import yaml'": [sys.executable, "-c", "import yaml"],
    "load_knowledge_base only": [sys.executable, "-c",
                                 "from bot.qa.knowledge import load_knowledge_base; load_knowledge_base('knowledge')"],
    "python -m bot ask": [sys.executable, "-m", "bot", "ask", "boleh gak pns ngelike postingan caleg?"],
}


def run_once(command: list[str]) -> tuple[float, float, float]:
    """(wall s, cpu s, peak RSS MB) of one fresh subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(SOURCE))
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
    for _ in range(args.runs):
        for name, command in COMMANDS.items():  # alternating
            samples[name].append(run_once(command))
    rows, result = [], {}
    for name, values in samples.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        rows.append([name, f"{wall:.2f}", f"{min(v[0] for v in values):.2f}", f"{cpu:.2f}"])
        result[name] = {"wall_median_s": wall, "wall_min_s": min(v[0] for v in values), "cpu_median_s": cpu}
    # ru_maxrss of children is a running maximum, so the memory of `ask` is measured in a run of its own.
    peak = subprocess.run(
        [sys.executable, "-c", "import resource, subprocess, sys; subprocess.run(sys.argv[1:], "
         "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
         *COMMANDS["python -m bot ask"]],
        cwd=SOURCE, env=dict(os.environ, PYTHONPATH=str(SOURCE)), capture_output=True, text=True, check=True,
    ).stdout.strip()
    result["ask_peak_rss_mb"] = int(peak) / 1024
    print(table(["command", "wall median s", "wall fastest s", "cpu median s"], rows))
    print(f"\npython -m bot ask: peak resident memory {result['ask_peak_rss_mb']:.0f} MB (target < 150 MB); "
          f"start-up target < 1.5 s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
