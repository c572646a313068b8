"""Helpers shared by the chat and button handler tests (the fixtures live in tests/conftest.py and
tests/qa/conftest.py)."""

from __future__ import annotations

from typing import Any


def buttons(call: Any) -> list[tuple[str, str]]:
    """(text, callback data) of every inline button in a recorded call."""
    markup = call.params.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]
