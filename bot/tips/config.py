"""Tunable limits and timings of the anonymous-tips feature, read once from the environment or `.env`.

These sit beside `bot.settings.Settings` rather than in it so that the tips feature can evolve its knobs without
touching the shared settings; every value has a safe default, so an operator only sets what they want to change.
Tests build a `TipsConfig(...)` directly (for example `status_delay_seconds=0`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.settings import ConfigError, read_env_file

MB = 1024 * 1024


@dataclass(frozen=True)
class TipsConfig:
    # Seconds a wrong or unknown receipt code waits before the (identical) "not found" answer; slows guessing.
    status_delay_seconds: float = 1.5
    # How often the outbox job looks for review-group notices that are due (retry with backoff per item).
    outbox_interval_seconds: float = 20.0
    # First retry delay of an undelivered notice; it doubles with every failure, up to an hour.
    outbox_backoff_seconds: float = 10.0
    # A half-finished report is forgotten this long after its last step.
    draft_ttl_hours: int = 48
    # Abuse control per sender (keyed hash, never stored with a tip).
    tips_per_hour: int = 3
    tips_per_day: int = 10
    status_attempts_per_hour: int = 20
    # Evidence limits; the Bot API lets a bot download at most 20 MB per file.
    max_files: int = 10
    max_file_bytes: int = 20 * MB
    max_total_bytes: int = 60 * MB
    max_links: int = 10
    # Text limits (characters).
    max_description: int = 3000
    min_description: int = 20
    max_short_text: int = 200
    max_reply: int = 2000
    # PBKDF2 iterations for receipt-code hashes: slow enough to make offline guessing expensive, fast enough to
    # cost a few milliseconds per /status.
    receipt_iterations: int = 60_000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, env_file: Path | None = Path(".env")) -> TipsConfig:
        values: dict[str, str] = read_env_file(env_file) if env_file else {}
        values.update(os.environ if environ is None else environ)
        return cls(
            status_delay_seconds=_float(values, "TIPS_STATUS_DELAY", cls.status_delay_seconds, 0, 30),
            outbox_interval_seconds=_float(values, "TIPS_OUTBOX_INTERVAL", cls.outbox_interval_seconds, 0.05, 3600),
            outbox_backoff_seconds=_float(values, "TIPS_OUTBOX_BACKOFF", cls.outbox_backoff_seconds, 0.05, 3600),
            draft_ttl_hours=int(_float(values, "TIPS_DRAFT_TTL_HOURS", cls.draft_ttl_hours, 1, 24 * 30)),
            tips_per_hour=int(_float(values, "TIPS_PER_HOUR", cls.tips_per_hour, 1, 1000)),
            tips_per_day=int(_float(values, "TIPS_PER_DAY", cls.tips_per_day, 1, 10000)),
        )


def _float(values: dict[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = values.get(name, "").strip()
    if not raw:
        return default
    try:
        number = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: must be a number between {low} and {high}") from None
    if not low <= number <= high:
        raise ConfigError(f"{name}: must be between {low} and {high}, got {raw}")
    return number
