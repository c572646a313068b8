"""Fixtures of the question-answering tests."""

from __future__ import annotations

import dataclasses

import pytest

from bot.services import Services


@pytest.fixture
def only_suggestions(services: Services) -> Services:
    """Thresholds no answer can clear, so that the middle band is tested whatever the matcher's tuning."""
    services.matcher.thresholds = dataclasses.replace(services.matcher.thresholds, answer_score=2.0,
                                                      allowed_score=2.0, suggest_score=0.0)
    return services
