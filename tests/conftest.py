"""Fixtures shared by every feature's tests: settings for a temporary data dir, services over the small fixture
knowledge base, and an initialized Application whose Bot API is a RecordingRequest (see tests/support)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.settings import Settings, TipsSettings
from tests.support.constants import FAKE_TOKEN, FIXTURE_KB
from tests.support.recording import RecordingRequest, UpdateFactory
from tests.support.telegram_html import check_sent_html

TEST_TIPS_KEY = "5e" * 32  # tips are encrypted at rest (bot/tips/crypto.py): the tests' key


_BUILD_CACHE: list[str] = []  # the directory of this run's index build cache


def pytest_configure(config: pytest.Config) -> None:
    """The index build cache (bot/qa/buildcache.py) of this run only: a test never reads a developer's cache nor
    writes to it. Set before collection, as some test modules build a matcher when imported."""
    _BUILD_CACHE.append(tempfile.mkdtemp(prefix="netralbot-cache-"))
    os.environ["NETRALBOT_CACHE_DIR"] = _BUILD_CACHE[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for directory in _BUILD_CACHE:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=FAKE_TOKEN, data_dir=tmp_path / "data", knowledge_dir=FIXTURE_KB,
                    tip_secret="test-secret-not-for-production", tips=TipsSettings(key=TEST_TIPS_KEY))


@pytest.fixture
async def api():
    """The fake Bot API on 127.0.0.1, for tests that run the real bot process (tests/support/fake_bot_api.py)."""
    from tests.support.fake_bot_api import FakeBotAPI

    server = FakeBotAPI(FAKE_TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def fixture_matcher():
    """The matcher over tests/fixtures/kb, built once: it is immutable apart from its thresholds (see below)."""
    from bot.qa.matcher import Matcher

    return Matcher.from_directory(FIXTURE_KB)


@pytest.fixture
def services(settings: Settings, fixture_matcher):
    """Services as `bot.app.create_services` makes them, with a fresh database file per test."""
    from bot.services import Services, load_sender_key
    from bot.storage import open_database

    thresholds = fixture_matcher.thresholds
    services = Services(settings=settings, matcher=fixture_matcher, db=open_database(settings.database_path),
                        sender_key=load_sender_key(settings))
    yield services
    services.db.close()
    fixture_matcher.thresholds = thresholds  # a test may have changed them


@pytest.fixture
def recording() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
def valid_html_replies(recording: RecordingRequest):
    """After the test: every reply the bot sent is valid Telegram HTML."""
    yield
    check_sent_html(recording)


@pytest.fixture
def updates() -> UpdateFactory:
    return UpdateFactory()


@pytest.fixture
async def app(settings: Settings, services, recording: RecordingRequest):
    """An initialized Application (no updater, no rate limiter) answering into `recording`."""
    from bot.app import build_application

    application = build_application(settings, services, request=recording, updater=False, rate_limiter=False)
    async with application:
        recording.clear()  # getMe from initialize is not interesting to tests
        yield application
