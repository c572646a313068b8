"""The application around the handlers: handler order, command menu, errors, rate limits, logging, self-check."""

from __future__ import annotations

import importlib
import logging

import pytest

from bot.app import (
    HANDLER_MODULES,
    SecretFilter,
    build_application,
    configure_logging,
    misconfigurations,
    self_check,
    set_commands,
)
from bot.settings import ConfigError, Settings
from bot.texts import t
from bot.tg.common import language_for
from tests.support.constants import FAKE_TOKEN
from tests.support.recording import RecordingRequest, feed


def test_every_handler_module_registers_in_the_documented_order():
    assert HANDLER_MODULES[-2:] == ("handlers.qa.ask", "handlers.unsupported")
    report = HANDLER_MODULES.index("handlers.tips.report")
    assert report < HANDLER_MODULES.index("handlers.qa.ask")
    for name in HANDLER_MODULES:
        assert callable(importlib.import_module(name).register)


def test_building_without_a_token_is_a_configuration_error(settings, services):
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(data_dir=settings.data_dir, knowledge_dir=settings.knowledge_dir), services)


async def test_services_and_stores_are_typed_attributes_of_bot_data(app, services):
    from bot.tg.context import BotData

    assert isinstance(app.bot_data, BotData)
    assert app.bot_data.services is services
    assert app.bot_data.prefs is not None and app.bot_data.feedback is not None
    assert {"prefs", "feedback"} <= set(services.db.table_names())


async def test_every_reply_is_html_without_link_previews_by_default(app, recording):
    """PTB's Defaults: a message sent without a parse mode or preview option still gets both."""
    await app.bot.send_message(1, "<b>tebal</b> https://jdih.bkn.go.id")
    params = recording.last("sendMessage").params
    assert params["parse_mode"] == "HTML"
    assert params["link_preview_options"] == {"is_disabled": True}


async def test_command_menus_for_private_chats_and_groups_in_both_languages(app, recording):
    await set_commands(app)
    calls = recording.calls_to("setMyCommands")
    menus = {(c.params["scope"]["type"], c.params.get("language_code")): [x["command"] for x in c.params["commands"]]
             for c in calls}
    assert set(menus) == {("all_private_chats", None), ("all_private_chats", "en"), ("all_group_chats", None),
                          ("all_group_chats", "en")}
    assert {"start", "topik", "lapor", "lang", "bantuan", "privacy"} <= set(menus[("all_private_chats", None)])
    assert "lapor" not in menus[("all_group_chats", None)]  # reporting in a group would expose the tipster


async def test_a_failing_command_menu_does_not_stop_the_start(app, recording, caplog):
    recording.fail("setMyCommands", 400, "Bad Request: whatever", times=4)
    await set_commands(app)
    assert "could not set the command menu" in caplog.text


async def test_errors_are_logged_without_content_or_identity_and_the_user_is_told(app, recording, updates, caplog):
    recording.fail("sendMessage", 400, "Bad Request: can't parse entities: pns jadi timses")
    caplog.set_level(logging.INFO)
    await feed(app, updates.text("pns jadi timses"))
    assert recording.last("sendMessage").params["text"] == t("error", "id")
    assert "error while handling a message update: BadRequest" in caplog.text
    user = updates.default_user
    for private in ("timses", str(user["id"]), user["first_name"], user["username"]):
        assert private not in caplog.text


async def test_an_error_under_a_button_is_answered_on_the_button(app, recording, updates):
    recording.fail("editMessageText", 403, "Forbidden: bot was blocked")
    await feed(app, updates.command("/topik"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "t:media-sosial:0:id"))
    answers = recording.calls_to("answerCallbackQuery")
    assert answers[-1].params["text"] == t("error", "id")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB's limiter
async def test_rate_limiter_honours_retry_after(settings, services, updates):
    recording = RecordingRequest()
    application = build_application(settings, services, request=recording, updater=False)
    recording.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)  # the smallest Telegram sends
    async with application:
        await feed(application, updates.text("pns jadi timses"))
    sends = recording.calls_to("sendMessage")
    assert len(sends) == 2 and "DILARANG" in sends[-1].params["text"]


async def test_language_for_is_usable_by_other_features(app, updates):
    from telegram import Update

    class Context:
        application = app

    update = Update.de_json(updates.text("x", user=updates.user(language_code="en-GB")), app.bot)
    assert language_for(update, Context) == "en"
    update = Update.de_json(updates.text("x", user=updates.user(language_code=None)), app.bot)
    assert language_for(update, Context) == "id"
    assert language_for(None, Context) == "id"


def test_secret_filter_hides_the_token_in_messages_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (f"https://api/bot{FAKE_TOKEN}/getMe",),
                               None)
    try:
        raise RuntimeError(f"failed {FAKE_TOKEN}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    SecretFilter(FAKE_TOKEN, None).filter(record)
    formatted = logging.Formatter().format(record)
    assert FAKE_TOKEN not in formatted and "<token>" in formatted


def test_configure_logging_quiets_httpx_and_filters_the_token(settings, capsys):
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging(settings)
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("telegram").getEffectiveLevel() >= logging.INFO
        logging.getLogger("bot.test").warning("token is %s", FAKE_TOKEN)
        err = capsys.readouterr().err
        assert "token is <token>" in err and FAKE_TOKEN not in err
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def test_self_check_describes_the_setup_and_what_looks_wrong(services, settings):
    text = self_check(services, "NetralTestBot")
    assert "4 entries" in text and "phrasings" in text and "long polling" in text
    assert str(settings.data_dir.resolve()) in text and "review chat:    not configured" in text
    assert FAKE_TOKEN not in text
    wrong = Settings(token=FAKE_TOKEN, webhook_url="http://bot.example.org/hook", webhook_secret="s",
                     review_chat_id=12345)
    problems = misconfigurations(wrong)
    assert any("https" in p for p in problems)
    assert any("REVIEW_CHAT_ID" in p for p in problems)
    assert any("ADMIN_IDS" in p for p in problems)


def test_create_services_opens_the_database_and_loads_the_knowledge_base(settings):
    from bot.app import create_services

    services = create_services(settings)
    try:
        assert len(services.matcher.kb) == 4
        assert settings.database_path.exists()
        assert services.sender_hash(1, "prefs") != services.sender_hash(1, "feedback")
    finally:
        services.db.close()


async def test_language_for_falls_back_to_the_app_language_when_the_lookup_fails(app, updates):
    """The one language resolver never raises (the tips flow and the error reply depend on it)."""
    from telegram import Update

    class Broken:
        def __getattr__(self, name: str) -> object:
            raise RuntimeError("storage down")

    class Context:
        class application:
            bot_data = Broken()

    update = Update.de_json(updates.text("x", user=updates.user(language_code="en-US")), app.bot)
    assert language_for(update, Context) == "en"
    update = Update.de_json(updates.text("x", user=updates.user(language_code="de")), app.bot)
    assert language_for(update, Context) == "id"
