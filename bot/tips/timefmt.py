"""Timestamps for the tips tables: UTC ISO-8601 strings (sortable, readable in SQLite) and display in WIB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_FORMAT)


def from_iso(text: str) -> datetime:
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def wib(text: str | None, with_time: bool = True) -> str:
    """'2024-05-01T03:04:05Z' -> '01-05-2024 10:04 WIB' (or just the date)."""
    if not text:
        return ""
    local = from_iso(text).astimezone(WIB)
    return local.strftime("%d-%m-%Y %H:%M WIB" if with_time else "%d-%m-%Y")
