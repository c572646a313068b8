"""`python -m bot run` with PTB's rate limiter lifted: for measuring the process's own capacity over loopback.

Bench-only. The shipped bot keeps AIORateLimiter at Telegram's ~30 messages/s on purpose; this launcher changes
nothing but the limiter's rates (0 = no throttling), so the figure shows how far the rest of the process could go.
With BENCH_CONCURRENT_UPDATES=N it also lets PTB handle N updates at once (an experiment, not a recommendation
as is: see bench/README.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram.ext import AIORateLimiter, ApplicationBuilder  # noqa: E402

import bot.app  # noqa: E402
from bot.__main__ import main  # noqa: E402


class UnthrottledRateLimiter(AIORateLimiter):
    """The shipped limiter (retries on RetryAfter included) with no overall or per-group rate."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.update(overall_max_rate=0, group_max_rate=0)
        super().__init__(*args, **kwargs)


bot.app.AIORateLimiter = UnthrottledRateLimiter

_CONCURRENT = int(os.environ.get("BENCH_CONCURRENT_UPDATES", "0") or 0)
if _CONCURRENT:
    # Bench-only experiment: let PTB handle up to N updates at once (the shipped bot handles one at a time).
    _build = ApplicationBuilder.build

    def _build_concurrent(self):  # noqa: ANN001, ANN202
        return _build(self.concurrent_updates(_CONCURRENT))

    ApplicationBuilder.build = _build_concurrent

if __name__ == "__main__":
    sys.exit(main(["run"]))
