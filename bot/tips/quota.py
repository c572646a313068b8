"""Abuse control that cannot point back to anyone: per-sender counters kept in memory only.

A sender is counted under an HMAC of their Telegram id with a key that lives in this process's memory, is never
written to disk, and is replaced every `epoch` (a day): counting looks at the current and the previous key, so the
limits cover a full day across a rotation, and an older key is forgotten for good. Nothing of this reaches the
database, so a copy of the data directory (with or without the tips key) holds no quota row, no sender hash and no
text hash that could be matched against a submitted tip. The price: a restart forgets the counts (README says so).

Rules: at most `tips_per_hour` and `tips_per_day` tips per sender, no identical description from the same sender
within a day, and at most `status_attempts_per_hour` failed /status lookups per sender.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.tips.timefmt import utcnow

KEEP = {"tip": timedelta(days=1), "status": timedelta(hours=1)}


@dataclass(frozen=True)
class QuotaLimits:
    tips_per_hour: int = 3
    tips_per_day: int = 10
    status_attempts_per_hour: int = 20


@dataclass
class _Mark:
    kind: str
    at: datetime
    text: str | None = None


@dataclass
class _Epoch:
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    marks: dict[str, list[_Mark]] = field(default_factory=dict)


class Quota:
    def __init__(self, limits: QuotaLimits = QuotaLimits(), epoch: timedelta = timedelta(days=1)) -> None:
        self.limits = limits
        self.epoch = epoch
        self._epochs: dict[int, _Epoch] = {}

    # -- the rules -------------------------------------------------------------------------------------------
    def tip_refusal(self, user_id: int, text: str | None = None, now: datetime | None = None) -> str | None:
        """None when the sender may submit a tip now; otherwise "duplicate", "hour" or "day"."""
        now = now or utcnow()
        marks = self._marks(user_id, "tip", now - KEEP["tip"], now)
        if text is not None and any(m.text == _keyed(key, "text", _normalize(text)) for m, key in marks):
            return "duplicate"
        if sum(1 for m, _key in marks if m.at > now - timedelta(hours=1)) >= self.limits.tips_per_hour:
            return "hour"
        if len(marks) >= self.limits.tips_per_day:
            return "day"
        return None

    def record_tip(self, user_id: int, text: str, now: datetime | None = None) -> None:
        now = now or utcnow()
        epoch = self._epoch(now)
        mark = _Mark("tip", now, _keyed(epoch.key, "text", _normalize(text)))
        epoch.marks.setdefault(_keyed(epoch.key, "sender", str(user_id)), []).append(mark)

    def status_blocked(self, user_id: int, now: datetime | None = None) -> bool:
        now = now or utcnow()
        marks = self._marks(user_id, "status", now - KEEP["status"], now)
        return len(marks) >= self.limits.status_attempts_per_hour

    def record_failed_status(self, user_id: int, now: datetime | None = None) -> None:
        now = now or utcnow()
        epoch = self._epoch(now)
        epoch.marks.setdefault(_keyed(epoch.key, "sender", str(user_id)), []).append(_Mark("status", now))

    def purge(self, now: datetime | None = None) -> int:
        """Forget marks no rule needs any more and keys older than the previous epoch. Returns marks forgotten."""
        now = now or utcnow()
        current = self._number(now)
        removed = 0
        for number in list(self._epochs):
            epoch = self._epochs[number]
            if number < current - 1:
                removed += sum(len(marks) for marks in epoch.marks.values())
                del self._epochs[number]
                continue
            for sender in list(epoch.marks):
                kept = [m for m in epoch.marks[sender] if m.at > now - KEEP[m.kind]]
                removed += len(epoch.marks[sender]) - len(kept)
                if kept:
                    epoch.marks[sender] = kept
                else:
                    del epoch.marks[sender]
        return removed

    # -- helpers ---------------------------------------------------------------------------------------------
    def _number(self, now: datetime) -> int:
        return int(now.timestamp() // self.epoch.total_seconds())

    def _epoch(self, now: datetime) -> _Epoch:
        number = self._number(now)
        if number not in self._epochs:
            self._epochs[number] = _Epoch()
            for old in [n for n in self._epochs if n < number - 1]:
                del self._epochs[old]  # the key goes with it: those marks can never be matched again
        return self._epochs[number]

    def _marks(self, user_id: int, kind: str, since: datetime, now: datetime) -> list[tuple[_Mark, bytes]]:
        """The sender's marks of `kind` in (since, now], each with the key of its epoch."""
        number = self._number(now)
        found = []
        for n in (number - 1, number):
            epoch = self._epochs.get(n)
            if epoch is None:
                continue
            for mark in epoch.marks.get(_keyed(epoch.key, "sender", str(user_id)), []):
                if mark.kind == kind and since < mark.at <= now:
                    found.append((mark, epoch.key))
        return found


def _normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _keyed(key: bytes, purpose: str, value: str) -> str:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
