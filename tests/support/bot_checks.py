"""Fixtures and helpers shared by the chat and button handler tests.

Import them into a test module (`from tests.support.bot_checks import ...`): `valid_html_replies` checks every reply
the bot sent is valid Telegram HTML, `only_suggestions` forces the middle band whatever the matcher's tuning.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.support.telegram_html import check_sent_html


@pytest.fixture
def valid_html_replies(recording):
    yield
    check_sent_html(recording)


@pytest.fixture
def only_suggestions(services):
    """Thresholds no answer can clear, so that the middle band is tested whatever the matcher's tuning."""
    services.matcher.thresholds = dataclasses.replace(services.matcher.thresholds, answer_score=2.0,
                                                      allowed_score=2.0, suggest_score=0.0)
    return services


def buttons(call) -> list[tuple[str, str]]:
    """(text, callback data) of every inline button in a recorded call."""
    markup = call.params.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]
