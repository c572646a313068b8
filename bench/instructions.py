"""Instructions per update, counted by valgrind: a before/after figure that the machine's speed cannot move.

    python bench/instructions.py                       the bot on 300 updates of the in-memory mix
    python bench/instructions.py --mode echo           PTB with one echo handler, same updates
    python bench/instructions.py --mode matcher        Matcher.match alone on the same texts
    NETRALBOT_BENCH_SOURCE=<tree> python bench/instructions.py    another checkout's bot/ (see compare.py)

On this shared virtual machine the time of the same work varies up to 2.4x between minutes (bench/README.md);
the number of instructions does not. It is not a time: memory stalls are not counted, and they are why the bot's
time grows faster than its instructions when the machine is busy. Needs valgrind (`apt-get install valgrind`);
each run takes about two minutes, most of it building the index under valgrind.

How: the parent runs this file under `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=deque_init`;
the child builds everything, then feeds the updates from inside `collections.deque(..., maxlen=0)`, so only that
call is counted. The recording request never suspends, so each `process_update` coroutine runs to its end in one
`send(None)` without an event-loop turn.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path
from typing import Any

import common  # noqa: F401 - sets sys.path first
from common import FAKE_TOKEN, RESULTS, subprocess_env

MODES = ("bot", "echo", "matcher")


def _run_to_end(coroutine: Any) -> None:
    try:
        coroutine.send(None)
    except StopIteration:
        return
    coroutine.close()
    raise RuntimeError("an update waited for the event loop; this count needs a request that never suspends")


async def _child(mode: str, n: int) -> None:
    import telegram_bench
    from matching import clear_caches
    from telegram import Update

    from bot.app import build_application, create_services
    from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings
    from tests.support.recording import RecordingRequest

    groups = telegram_bench.classify_questions()
    mix = telegram_bench.build_mix(n, groups)
    updates = telegram_bench._updates(mix)
    tmp = Path(tempfile.mkdtemp(prefix="instructions-", dir=RESULTS))
    try:
        settings = Settings(token=FAKE_TOKEN, data_dir=tmp / "data", knowledge_dir=DEFAULT_KNOWLEDGE_DIR,
                            tip_secret="bench-secret-not-for-production")
        services = create_services(settings)
        if mode == "echo":
            app = telegram_bench.echo_application(RecordingRequest())
        else:
            app = build_application(settings, services, request=RecordingRequest(), updater=False,
                                    rate_limiter=False)
        async with app:
            warmup = telegram_bench._updates(telegram_bench.build_mix(100, groups, seed=7))
            await telegram_bench._process_all(app, warmup)
            clear_caches(services.matcher)
            if mode == "matcher":
                deque(map(services.matcher.match, [text for _, text in mix]), maxlen=0)
            else:
                deque((_run_to_end(app.process_update(Update.de_json(data, app.bot))) for _, data in updates),
                      maxlen=0)
        services.db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=MODES, default="bot")
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(_child(args.mode, args.updates))
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [valgrind, "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=deque_init",
             f"--callgrind-out-file={scratch}/callgrind.out", sys.executable, __file__, "--child",
             "--mode", args.mode, "--updates", str(args.updates)],
            # A fixed hash seed: set and dict layouts, and so the count, are then the same on every run.
            capture_output=True, text=True, env=subprocess_env(PYTHONHASHSEED="0"), check=False,
        )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode != 0 or not found:
        print(done.stderr[-3000:], file=sys.stderr)
        return 1
    total = int(found.group(1))
    source = os.environ.get("NETRALBOT_BENCH_SOURCE") or "this checkout"
    print(f"{args.mode}, {args.updates} updates of the mix ({source}): {total:,} instructions, "
          f"{total / args.updates / 1e6:.2f} million per update")
    return 0


if __name__ == "__main__":
    sys.exit(main())
