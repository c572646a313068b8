"""Fixtures for the tips tests: settings with a review group and one reviewer, a fast TipsService (no /status
delay, cheap receipt hashing), and an Application whose tips service uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, TipsSettings
from bot.tips.service import TipsService
from tests.support.constants import FAKE_TOKEN, FIXTURE_KB
from tests.support.fake_bot_api import BotProcess

REVIEW_CHAT = -1001234567890
REVIEWER_ID = 4242
OTHER_REVIEWER_ID = 4343
TEST_KEY = "5e" * 32  # the tips encryption key of the tests (64 hex digits)
REPO = Path(__file__).resolve().parents[2]
E2E_SECRET = "e2e-tip-secret"
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


@pytest.fixture
def run_bot(api, tmp_path):
    processes: list[BotProcess] = []
    env = {
        "PYTHONPATH": str(REPO), "TELEGRAM_BOT_TOKEN": FAKE_TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_FILE_BASE_URL": api.file_base_url, "DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(FIXTURE_KB), "LOG_LEVEL": "DEBUG", "REVIEW_CHAT_ID": str(REVIEW_CHAT),
        "ADMIN_IDS": str(REVIEWER_ID), "TIP_SECRET": E2E_SECRET, "TIPS_KEY": TEST_KEY, "TIPS_STATUS_DELAY": "0",
        "TIPS_OUTBOX_INTERVAL": "0.2", "TIPS_OUTBOX_BACKOFF": "0.2",
    }

    async def start() -> BotProcess:
        proc = BotProcess(env, cwd=tmp_path, log_path=tmp_path / f"bot{len(processes)}.log")
        proc.start()
        processes.append(proc)
        await proc.wait_output("NetralBot self-check", timeout=20)
        return proc

    yield start
    for proc in processes:
        proc.kill()
