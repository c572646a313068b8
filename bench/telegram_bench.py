"""Updates per second through the whole python-telegram-bot stack: in memory, and over loopback HTTP.

In memory: `bot.app.build_application(settings, services, request=RecordingRequest(), updater=False,
rate_limiter=False)` and `await app.process_update(...)`, one update after another (the CPU cost of each), pinned
to one CPU (common.one_cpu). The mix, by what the bot does with it: questions it answers with a card, questions it
answers with choices, questions it does not know (or points elsewhere), greetings/thanks, and commands (/start,
/bantuan, /topik). Baseline in the same run, taking turns with the bot CHUNK updates at a time: the same PTB stack
and recording request with one echo handler (PTB's own cost per update, with no matching, rendering or storage).

Over loopback: the real `python -m bot run` process, polling the aiohttp fake Bot API from tests/support on
127.0.0.1; N updates are queued and the clock runs until N replies have arrived. Run twice: as shipped (with
PTB's AIORateLimiter, which holds sends to Telegram's ~30 messages/s on purpose), and with the limiter's rate
lifted by a bench-only launcher (bench/bot_unlimited.py) to see the process's own capacity. Baseline: a minimal
PTB echo bot process against the same fake API.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # noqa: F401 - sets sys.path first
from common import (
    FAKE_TOKEN,
    REPO,
    RESULTS,
    TELEGRAM_MESSAGES_PER_SECOND,
    one_cpu,
    subprocess_env,
    summary_ms,
)

GREETINGS = ("halo", "selamat pagi", "makasih", "terima kasih ya", "hai bot", "assalamualaikum", "thanks")
COMMANDS = ("/start", "/bantuan", "/topik")
# Shares of the mix (questions are the bulk of real traffic).
MIX = {"answer": 0.45, "suggest": 0.15, "no match": 0.15, "greeting": 0.10, "command": 0.15}
QUESTION_KINDS = ("answer", "suggest", "no match")
CHUNK = 100  # updates in memory: the bot and the echo baseline take turns, this many each
API_DELAY = 0.05  # seconds: a plausible round trip from a server in Indonesia to api.telegram.org


def classify_questions() -> dict[str, list[str]]:
    """The labelled questions, grouped by what the shipped matcher does with them."""
    from matching import all_questions

    from bot.qa.matcher import ANSWER, SUGGEST, Matcher
    from bot.settings import DEFAULT_KNOWLEDGE_DIR

    matcher = Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)
    groups: dict[str, list[str]] = {"answer": [], "suggest": [], "no match": []}
    for item in all_questions():
        kind = matcher.match(item.question).kind
        if kind == ANSWER:
            groups["answer"].append(item.question)
        elif kind == SUGGEST:
            groups["suggest"].append(item.question)
        elif kind in ("none", "outside"):
            groups["no match"].append(item.question)
    return groups


def build_mix(total: int, groups: dict[str, list[str]], seed: int = 6) -> list[tuple[str, str]]:
    """(kind, text) pairs in a shuffled order, with MIX's shares."""
    rng = random.Random(seed)
    sources = {**groups, "greeting": list(GREETINGS), "command": list(COMMANDS)}
    counts = {kind: int(total * share) for kind, share in MIX.items()}
    counts["answer"] += total - sum(counts.values())
    items: list[tuple[str, str]] = []
    for kind, count in counts.items():
        pool = sources[kind]
        cycle = itertools.cycle(rng.sample(pool, len(pool)))
        items += [(kind, next(cycle)) for _ in range(count)]
    rng.shuffle(items)
    return items


def _updates(mix: list[tuple[str, str]], users: int = 500) -> list[tuple[str, dict[str, Any]]]:
    """Update dictionaries, spread over `users` private chats (each user has their own language preference)."""
    from tests.support.recording import UpdateFactory

    factory = UpdateFactory()
    people = [factory.user(first_name=f"U{i}") for i in range(users)]
    return [(kind, factory.text(text, user=people[i % users])) for i, (kind, text) in enumerate(mix)]


# -- in memory ----------------------------------------------------------------------------------------------------


async def _process_all(app: Any, updates: list[tuple[str, dict[str, Any]]],
                       per_kind: dict[str, list[float]] | None = None) -> float:
    """Feed `updates` one after another; each one's duration goes to `per_kind`. Returns the seconds taken."""
    from telegram import Update

    per_kind = {} if per_kind is None else per_kind
    started = time.perf_counter()
    for kind, data in updates:
        t0 = time.perf_counter()
        await app.process_update(Update.de_json(data, app.bot))
        per_kind.setdefault(kind, []).append(time.perf_counter() - t0)
    return time.perf_counter() - started


def echo_application(request: Any) -> Any:
    """The baseline: PTB with one handler that echoes the text back, over `request`, no updater."""
    from telegram.ext import Application, MessageHandler, filters

    async def on_text(update: Any, context: Any) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    echo = Application.builder().token(FAKE_TOKEN).request(request).updater(None).build()
    echo.add_handler(MessageHandler(filters.TEXT, on_text))
    return echo


def _round_figures(per_kind: dict[str, list[float]], echo_per_kind: dict[str, list[float]],
                   elapsed: float, echo_elapsed: float) -> dict[str, float]:
    questions = [d for kind in QUESTION_KINDS for d in per_kind.get(kind, [])]
    updates = sum(map(len, per_kind.values()))
    return {
        "updates_per_s": updates / elapsed,
        "question_updates_per_s": len(questions) / sum(questions) if questions else float("nan"),
        "echo_updates_per_s": updates / echo_elapsed,
    }


async def in_memory(n: int, groups: dict[str, list[str]], rounds: int = 3) -> dict[str, Any]:
    """`rounds` passes over the same `n` updates, each starting with the normaliser's caches empty. The figures are
    the median round's; the fastest round's are kept beside them (the machine's speed changes between rounds)."""
    from matching import clear_caches

    from bot.app import build_application, create_services
    from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings
    from tests.support.recording import RecordingRequest

    logging.getLogger().setLevel(logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="telegram-", dir=RESULTS))
    try:
        settings = Settings(token=FAKE_TOKEN, data_dir=tmp / "data", knowledge_dir=DEFAULT_KNOWLEDGE_DIR,
                            tip_secret="bench-secret-not-for-production")
        services = create_services(settings)
        recording = RecordingRequest()
        app = build_application(settings, services, request=recording, updater=False, rate_limiter=False)
        warmup = _updates(build_mix(100, groups, seed=7))
        updates = _updates(build_mix(n, groups))
        # Baseline: PTB alone, one echo handler, same request class, same updates.
        echo_request = RecordingRequest()
        echo = echo_application(echo_request)
        per_kind: dict[str, list[float]] = {}
        echo_per_kind: dict[str, list[float]] = {}
        by_round = []
        async with app, echo:
            for application in (app, echo):
                await _process_all(application, warmup)  # first-use costs: imports, prepared statements, caches
            for _ in range(rounds):
                recording.clear()
                echo_request.clear()
                clear_caches(services.matcher)  # every round starts with the normaliser's caches empty
                round_kinds: dict[str, list[float]] = {}
                echo_kinds: dict[str, list[float]] = {}
                elapsed = echo_elapsed = 0.0
                # The bot and the echo take turns, CHUNK updates each, so that a change in the machine's speed hits
                # both alike.
                for start in range(0, len(updates), CHUNK):
                    chunk = updates[start:start + CHUNK]
                    elapsed += await _process_all(app, chunk, round_kinds)
                    echo_elapsed += await _process_all(echo, chunk, echo_kinds)
                by_round.append(_round_figures(round_kinds, echo_kinds, elapsed, echo_elapsed))
                for source, target in ((round_kinds, per_kind), (echo_kinds, echo_per_kind)):
                    for kind, durations in source.items():
                        target.setdefault(kind, []).extend(durations)
            replies = len(recording.calls)
        services.db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    median = sorted(by_round, key=lambda r: r["question_updates_per_s"])[len(by_round) // 2]
    fastest = max(by_round, key=lambda r: r["question_updates_per_s"])
    result: dict[str, Any] = {
        "updates": len(updates),
        "rounds": len(by_round),
        "replies_last_round": replies,
        **median,  # the median round (by question updates/s), with the echo baseline of the same round
        "fastest_round": fastest,
        "by_round": by_round,
        "per_update": summary_ms([d for ds in per_kind.values() for d in ds]),
        "by_kind": {kind: {**summary_ms(ds), "per_s": len(ds) / sum(ds)} for kind, ds in per_kind.items()},
        "echo_per_update": summary_ms([d for ds in echo_per_kind.values() for d in ds]),
    }
    result["headroom_vs_telegram"] = result["updates_per_s"] / TELEGRAM_MESSAGES_PER_SECOND
    return result


# -- over loopback HTTP ---------------------------------------------------------------------------------------------


def _slow_api(delay: float) -> Any:
    """The fake Bot API, answering every method but getUpdates after `delay` seconds (a network round trip)."""
    from tests.support.fake_bot_api import FakeBotAPI

    class SlowFakeBotAPI(FakeBotAPI):
        async def _api(self, request: Any) -> Any:
            if delay and request.match_info.get("method") != "getUpdates":
                await asyncio.sleep(delay)
            return await super()._api(request)

    return SlowFakeBotAPI(FAKE_TOKEN)


async def _loopback_once(command: list[str], updates: list[tuple[str, dict[str, Any]]], tmp: Path,
                         label: str, timeout: float, delay: float = 0.0,
                         extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Start `command` against a fresh fake Bot API, queue the updates, wait for one reply per update."""
    api = _slow_api(delay)
    await api.start()
    env = subprocess_env(
        TELEGRAM_BOT_TOKEN=FAKE_TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        TELEGRAM_FILE_BASE_URL=api.file_base_url,
        DATA_DIR=str(tmp / f"data-{label}"),
        TIP_SECRET="bench-secret-not-for-production",
        LOG_LEVEL="WARNING",
        **(extra_env or {}),
    )
    env.pop("WEBHOOK_URL", None)
    log_path = tmp / f"{label}.log"
    log = log_path.open("wb")
    started = time.perf_counter()
    # cwd is the temporary directory so that a developer's .env cannot change the bot under test.
    process = await asyncio.create_subprocess_exec(*command, cwd=str(tmp), env=env, stdout=log,
                                                   stderr=asyncio.subprocess.STDOUT)
    try:
        await api.wait_for("getUpdates", timeout=120)
        ready = time.perf_counter() - started
        await asyncio.sleep(0.5)  # let post_init's setMyCommands calls finish, so only replies are counted
        base = len(api.calls)

        def replies() -> int:
            return sum(1 for c in api.calls[base:] if c.method == "sendMessage")

        t0 = time.perf_counter()
        for _, data in updates:
            api.push_update(data)
        deadline = t0 + timeout
        while replies() < len(updates) and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - t0
        got = replies()
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()
        await api.stop()
    result = {"updates": len(updates), "replies": got, "seconds": elapsed, "ready_s": ready,
              "replies_per_s": got / elapsed, "complete": got >= len(updates), "api_delay_ms": delay * 1e3}
    if not result["complete"]:
        result["log_tail"] = log_path.read_text(errors="replace")[-2000:]
    return result


async def loopback(n: int, groups: dict[str, list[str]], *, shipped: bool = True, delay_n: int = 200,
                   delay: float = API_DELAY) -> dict[str, Any]:
    mix = build_mix(n, groups)
    updates = _updates(mix)
    tmp = Path(tempfile.mkdtemp(prefix="loopback-", dir=RESULTS))
    python = sys.executable
    unlimited = [python, str(REPO / "bench" / "bot_unlimited.py")]
    try:
        out: dict[str, Any] = {}
        out["unlimited"] = await _loopback_once(unlimited, updates, tmp, "unlimited", timeout=120)
        # A real Bot API is a network round trip away. Same process, every API call answered after `delay`, updates
        # handled as shipped: different chats at once (MAX_CONCURRENT_UPDATES at its default), each chat in order.
        slow = updates[:delay_n]
        out["api_delay"] = await _loopback_once(unlimited, slow, tmp, "delay", timeout=60 + delay_n * delay * 2,
                                                delay=delay, extra_env={"MAX_CONCURRENT_UPDATES": "32"})
        out["api_delay"]["handling"] = "as shipped: chats concurrently (32 at a time), each chat in order"
        # Baseline: one update at a time (PTB's default, bench-only switch), so each reply waits for the previous
        # one's sendMessage.
        out["api_delay_sequential"] = await _loopback_once(unlimited, slow, tmp, "delay-sequential",
                                                           timeout=60 + delay_n * delay * 2, delay=delay,
                                                           extra_env={"BENCH_SEQUENTIAL_UPDATES": "1"})
        out["api_delay_sequential"]["handling"] = "one at a time (PTB's default; bench-only switch)"
        if shipped:
            # As shipped: `python -m bot run`, PTB's rate limiter included. ~n/30 seconds by design.
            out["shipped"] = await _loopback_once([python, "-m", "bot", "run"], updates, tmp, "shipped",
                                                  timeout=60 + n / 10)
        out["echo"] = await _loopback_once([python, str(REPO / "bench" / "echo_bot.py")], updates, tmp, "echo",
                                           timeout=120)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["headroom_vs_telegram"] = out["unlimited"]["replies_per_s"] / TELEGRAM_MESSAGES_PER_SECOND
    return out


def run(*, quick: bool, parts: set[str], log: Any = print) -> dict[str, Any]:
    log("  classifying the labelled questions by what the bot does with them...")
    groups = classify_questions()
    out: dict[str, Any] = {"mix": MIX, "question_pool": {k: len(v) for k, v in groups.items()}}
    if "telegram" in parts:
        n = 600 if quick else 5000
        log(f"  {n} updates in memory (and the echo baseline)...")
        with one_cpu() as cpu:
            out["in_memory"] = asyncio.run(in_memory(n, groups))
        out["in_memory"]["pinned_cpu"] = cpu
    if "loopback" in parts:
        n = 80 if quick else 1000
        log(f"  {n} updates over loopback HTTP (real process: rate limit lifted, with {API_DELAY * 1e3:.0f} ms API "
            "latency, as shipped; echo baseline)...")
        out["loopback"] = asyncio.run(loopback(n, groups, shipped=True, delay_n=30 if quick else 300))
    return out


if __name__ == "__main__":
    import json

    os.environ.setdefault("PYTHONHASHSEED", "0")
    print(json.dumps(run(quick="--quick" in sys.argv, parts={"telegram", "loopback"}), indent=2, default=str))
