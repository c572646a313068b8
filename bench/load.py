"""Private-chat reply latency while one busy group drains, against the same bot process idle.

The real `python -m bot run` process (PTB's AIORateLimiter as shipped: about 30 messages a second per bot, about
20 a minute per group) polls the fake Bot API of tests/support/fake_bot_api.py on 127.0.0.1, which answers every
call after --delay seconds (a round trip to api.telegram.org; getUpdates is not delayed).

1. idle: --questions private questions from --users people, paced at --rate a second, each person asking again
   only after their previous answer arrived; the latency of each is the time from queueing the update to the
   bot's sendMessage being taken by the API (its --delay included).
2. busy: --mentions mentions of the bot queued in one group (from eight members) and acknowledged by the bot; the
   group's replies then leave at Telegram's per-group pace, and the same private workload runs while it drains.
   Reported: the same latencies, and how far the group got meanwhile (its replies in order, each mention once).
3. stop: SIGTERM while the group still has replies waiting, and how long the process takes to exit (--drain
   waits for the whole backlog first).

    python bench/load.py                      # about a minute
    python bench/load.py --drain              # also the time the group takes to drain (about 3 minutes)
    NETRALBOT_BENCH_SOURCE=/path/to/tree python bench/load.py    # another revision, same benchmark

Prints a table and writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # noqa: F401 - sets sys.path first
from common import FAKE_TOKEN, RESULTS, SOURCE, fmt, machine, subprocess_env, summary_ms, table

QUESTIONS = ("boleh gak asn like postingan caleg di ig?", "pns jadi timses caleg boleh?",
             "boleh pns nyoblos di tps?", "asn hadir kampanye pas cuti boleh ga", "halo", "makasih",
             "berapa gaji pns golongan 3?", "pns share foto bareng capres di fb")
MENTION = "boleh pns ikut kampanye?"


class StampedCalls(list):
    """The fake API's list of calls, with the moment each was recorded (after the simulated round trip)."""

    def __init__(self) -> None:
        super().__init__()
        self.stamps: list[float] = []

    def append(self, item: Any) -> None:
        self.stamps.append(time.perf_counter())
        super().append(item)


def fake_api(delay: float) -> Any:
    from tests.support.fake_bot_api import FakeBotAPI

    class DelayedFakeBotAPI(FakeBotAPI):
        async def _api(self, request: Any) -> Any:
            if delay and request.match_info.get("method") != "getUpdates":
                await asyncio.sleep(delay)  # the call is recorded (and stamped) when the delay is over
            return await super()._api(request)

    api = DelayedFakeBotAPI(FAKE_TOKEN)
    api.calls = StampedCalls()
    return api


class Watcher:
    """Finds each private question's reply (the first sendMessage to that chat after it was queued)."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.seen = 0
        self.waiting: dict[int, float] = {}  # chat id -> when its question was queued
        self.latencies: list[float] = []
        self.answered: dict[int, asyncio.Event] = {}

    def scan(self) -> None:
        calls, stamps = self.api.calls, self.api.calls.stamps
        for index in range(self.seen, len(calls)):
            call = calls[index]
            chat = call.params.get("chat_id") if call.method == "sendMessage" else None
            if chat in self.waiting:
                self.latencies.append(stamps[index] - self.waiting.pop(chat))
                self.answered[chat].set()
        self.seen = len(calls)


async def private_workload(api: Any, users: list[dict[str, Any]], count: int, rate: float,
                           timeout: float) -> dict[str, Any]:
    from tests.support.recording import UpdateFactory

    factory = UpdateFactory()
    watcher = Watcher(api)
    watcher.seen = len(api.calls)
    scanning = True

    async def scan_loop() -> None:
        while scanning:
            watcher.scan()
            await asyncio.sleep(0.001)

    async def ask(user: dict[str, Any], question: str) -> bool:
        event = watcher.answered[user["id"]] = asyncio.Event()
        watcher.waiting[user["id"]] = time.perf_counter()
        api.push_update(factory.text(question, user=user))
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            watcher.waiting.pop(user["id"], None)
            return False

    scanner = asyncio.create_task(scan_loop())
    pending: dict[int, asyncio.Task] = {}
    started = time.perf_counter()
    for n in range(count):
        user = users[n % len(users)]
        previous = pending.get(user["id"])
        if previous is not None:
            await previous  # one question at a time per person
        pending[user["id"]] = asyncio.create_task(ask(user, QUESTIONS[n % len(QUESTIONS)]))
        await asyncio.sleep(max(0.0, started + (n + 1) / rate - time.perf_counter()))
    results = await asyncio.gather(*pending.values())
    scanning = False
    await scanner
    return {**summary_ms(watcher.latencies), "asked": count, "timed_out": count - len(watcher.latencies),
            "all_answered": all(results) and len(watcher.latencies) == count,
            "seconds": time.perf_counter() - started}


def group_replies(api: Any, group_id: int, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """How many of the group's mentions were answered, and whether in order and each once."""
    replied = [c.params.get("reply_parameters", {}).get("message_id") for c in api.calls
               if c.method == "sendMessage" and c.params.get("chat_id") == group_id]
    expected = [m["message"]["message_id"] for m in mentions]
    return {"answered": len(replied), "in_order_once": replied == expected[:len(replied)]}


async def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from tests.support.recording import UpdateFactory

    api = fake_api(args.delay)
    await api.start()
    env = subprocess_env(TELEGRAM_BOT_TOKEN=FAKE_TOKEN, TELEGRAM_API_BASE_URL=api.base_url,
                         TELEGRAM_FILE_BASE_URL=api.file_base_url, DATA_DIR=str(tmp / "data"),
                         TIP_SECRET="bench-secret-not-for-production", LOG_LEVEL="WARNING")
    env.pop("WEBHOOK_URL", None)
    log = (tmp / "bot.log").open("wb")
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=str(tmp), env=env,
                                                   stdout=log, stderr=asyncio.subprocess.STDOUT)
    result: dict[str, Any] = {"source": str(SOURCE), "api_delay_ms": args.delay * 1e3, "mentions": args.mentions,
                              "users": args.users, "questions": args.questions, "rate_per_s": args.rate}
    try:
        await api.wait_for("getUpdates", timeout=120)
        await asyncio.sleep(1.0)  # post_init's setMyCommands calls go first
        factory = UpdateFactory()
        users = [factory.user() for _ in range(args.users)]
        result["idle"] = await private_workload(api, users, args.questions, args.rate, args.timeout)

        group = factory.group()
        members = [factory.user() for _ in range(8)]
        mentions = [api.push_update(factory.mention(f"{MENTION} ({n})", chat=group, user=members[n % 8]))
                    for n in range(args.mentions)]
        queued = time.perf_counter()
        await api.wait_acknowledged(mentions[-1]["update_id"], timeout=60)
        result["busy"] = await private_workload(api, users, args.questions, args.rate, args.timeout)
        result["busy"]["group_during"] = group_replies(api, group["id"], mentions)
        if args.drain:
            while group_replies(api, group["id"], mentions)["answered"] < args.mentions:
                if time.perf_counter() - queued > 30 + args.mentions * 4:
                    break
                await asyncio.sleep(0.1)
            result["drain"] = {**group_replies(api, group["id"], mentions), "seconds": time.perf_counter() - queued}
        left = args.mentions - group_replies(api, group["id"], mentions)["answered"]
        stopping = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(process.wait(), args.stop_timeout)
            result["stop"] = {"group_replies_waiting": left, "exit_code": code,
                              "seconds": time.perf_counter() - stopping}
        except TimeoutError:
            result["stop"] = {"group_replies_waiting": left, "exit_code": None, "seconds": None,
                              "note": f"still running {args.stop_timeout:.0f} s after SIGTERM"}
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        log.close()
        await api.stop()
    result["log_tail"] = (tmp / "bot.log").read_text(errors="replace")[-1500:]
    return result


def report(result: dict[str, Any]) -> str:
    rows = []
    for phase, label in (("idle", "idle"), ("busy", f"{result['mentions']} mentions queued in one group")):
        r = result[phase]
        rows.append([label, r["n"], fmt(r["median_ms"], 1), fmt(r["p99_ms"], 1), fmt(r["max_ms"], 1),
                     r["timed_out"]])
    lines = [table(["private questions", "answered", "p50 ms", "p99 ms", "max ms", "timed out"], rows)]
    during = result["busy"]["group_during"]
    lines.append(f"group replies sent while the private questions ran: {during['answered']} of "
                 f"{result['mentions']} (in order, each once: {during['in_order_once']})")
    if "drain" in result:
        drain = result["drain"]
        lines.append(f"group drained: {drain['answered']} of {result['mentions']} in {drain['seconds']:.1f} s "
                     f"(in order, each once: {drain['in_order_once']})")
    stop = result["stop"]
    lines.append(f"SIGTERM with {stop['group_replies_waiting']} group replies waiting: "
                 + (f"exit {stop['exit_code']} after {stop['seconds']:.1f} s" if stop["seconds"] is not None
                    else stop["note"]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentions", type=int, default=80)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=300, help="private questions per phase")
    parser.add_argument("--rate", type=float, default=10.0, help="private questions a second")
    parser.add_argument("--delay", type=float, default=0.05, help="seconds the fake API takes per call")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a question counts as lost")
    parser.add_argument("--stop-timeout", type=float, default=20.0)
    parser.add_argument("--drain", action="store_true", help="wait for the group to drain before SIGTERM")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-", dir=RESULTS) as scratch:
        result = asyncio.run(run(args, Path(scratch)))
    result["machine"] = machine()
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(report(result))
    return 0 if result["idle"]["all_answered"] and result["busy"]["all_answered"] else 1


if __name__ == "__main__":
    sys.exit(main())
