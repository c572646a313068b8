"""Fixtures for the tips tests: settings with a review group and one reviewer, a fast TipsService (no /status
delay, cheap receipt hashing), and an Application whose tips service uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, TipsSettings
from bot.tips.service import TipsService
from tests.support.constants import FAKE_TOKEN, FIXTURE_KB

REVIEW_CHAT = -1001234567890
REVIEWER_ID = 4242
OTHER_REVIEWER_ID = 4343
TEST_KEY = "5e" * 32  # the tips encryption key of the tests (64 hex digits)
FAST = TipsSettings(status_delay_seconds=0, receipt_iterations=1000, key=TEST_KEY)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=FAKE_TOKEN, data_dir=tmp_path / "data", knowledge_dir=FIXTURE_KB,
                    tip_secret="test-secret-not-for-production", review_chat_id=REVIEW_CHAT,
                    admin_ids=frozenset({REVIEWER_ID, OTHER_REVIEWER_ID}), tips=FAST)


@pytest.fixture
def service(services) -> TipsService:
    return TipsService(services, FAST)


@pytest.fixture
async def tips_app(app, service):
    """The shared `app` fixture with the fast tips service in place."""
    app.bot_data.tips = service
    return app
