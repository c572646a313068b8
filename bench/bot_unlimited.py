"""`python -m bot run` with PTB's rate limiter lifted: for measuring the process's own capacity over loopback.

Bench-only. The shipped bot keeps AIORateLimiter at Telegram's ~30 messages/s on purpose; this launcher changes
nothing but the limiter's rates (0 = no throttling), so the figure shows how far the rest of the process could go.
Updates are handled as shipped (bot.tg.concurrency.ChatOrderedProcessor: different chats at once, each chat in order,
MAX_CONCURRENT_UPDATES at a time). With BENCH_SEQUENTIAL_UPDATES=1 PTB's default processor replaces it, one update
at a time, as the bot was before: the baseline for what handling chats concurrently gains.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram.ext import AIORateLimiter, ApplicationBuilder

import bot.app
from bot.__main__ import main


class UnthrottledRateLimiter(AIORateLimiter):
    """The shipped limiter (retries on RetryAfter included) with no overall or per-group rate."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.update(overall_max_rate=0, group_max_rate=0)
        super().__init__(*args, **kwargs)


bot.app.AIORateLimiter = UnthrottledRateLimiter

if os.environ.get("BENCH_SEQUENTIAL_UPDATES") == "1":
    # Bench-only baseline: PTB's default, one update at a time (SimpleUpdateProcessor(1)), whatever the shipped
    # build_application chose.
    _build = ApplicationBuilder.build

    def _build_sequential(self):
        return _build(self.concurrent_updates(False))

    ApplicationBuilder.build = _build_sequential

if __name__ == "__main__":
    sys.exit(main(["run"]))
