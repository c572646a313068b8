"""End to end: the real `python -m bot run` process against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import signal
from pathlib import Path

import aiohttp
import pytest

from tests.support.constants import FAKE_TOKEN, FIXTURE_KB
from tests.support.fake_bot_api import BotProcess, FakeBotAPI, free_port, wait_for_port
from tests.support.recording import UpdateFactory

REPO = Path(__file__).resolve().parent.parent


def bot_env(api: FakeBotAPI, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_FILE_BASE_URL": api.file_base_url,
        "DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(FIXTURE_KB),
        "LOG_LEVEL": "DEBUG",  # the most talkative level: the token must still never appear
        **extra,
    }


@pytest.fixture
def start_bot(tmp_path: Path):
    processes: list[BotProcess] = []

    def start(env: dict[str, str], *args: str) -> BotProcess:
        # cwd is the temporary directory so that a developer's .env cannot leak into the test.
        proc = BotProcess(env, cwd=tmp_path, log_path=tmp_path / f"bot{len(processes)}.log", args=args or ("run",))
        proc.start()
        processes.append(proc)
        return proc

    yield start
    for proc in processes:
        proc.kill()


def sent_to(chat_id: int):
    return lambda params: params.get("chat_id") == chat_id


async def test_polling_answers_questions_ignores_unaddressed_groups_and_stops_on_sigterm(api, start_bot, tmp_path):
    proc = start_bot(bot_env(api, tmp_path))
    await api.wait_for("getUpdates", timeout=15)
    await proc.wait_output("NetralBot self-check")
    assert "knowledge base: 4 entries" in proc.output
    assert "mode:           long polling" in proc.output
    commands = await api.wait_for("setMyCommands")
    assert commands.params["commands"]

    updates = UpdateFactory()
    me = updates.default_chat["id"]
    api.push_update(updates.text("boleh gak PNS jadi timses caleg?"))
    card = await api.wait_for("sendMessage", sent_to(me))
    assert "⛔ DILARANG" in card.params["text"] and card.params["parse_mode"] == "HTML"
    assert card.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("fb:")

    mark = len(api.calls)
    api.push_update(updates.text("boleh pns nyoblos di tps?"))
    card = await api.wait_for("sendMessage", sent_to(me), after=mark)
    assert "✅ BOLEH" in card.params["text"]

    group = updates.group_chat
    mark = len(api.calls)
    api.push_update(updates.text("pns jadi timses", chat=group))  # nobody addressed the bot
    api.push_update(updates.mention("boleh pns nyoblos?", chat=group))
    reply = await api.wait_for("sendMessage", sent_to(group["id"]), after=mark)
    assert "BOLEH" in reply.params["text"]  # the answer to the mention, not to the unaddressed message
    # Updates are handled in order, so once the mention is answered the unaddressed message has been handled too.
    assert len([c for c in api.calls_to("sendMessage")[-5:] if c.params.get("chat_id") == group["id"]]) == 1
    assert [c for c in api.calls[mark:] if c.method == "sendMessage" and "DILARANG" in c.params.get("text", "")] == []

    assert await proc.stop(signal.SIGTERM) == 0
    output = proc.output
    assert FAKE_TOKEN not in output
    assert FAKE_TOKEN.split(":", 1)[1] not in output
    # Nothing about who asked, or what, reaches the log, even at DEBUG.
    user = updates.default_user
    for private in (str(user["id"]), user["first_name"], user["username"], "timses caleg"):
        assert private not in output
    database = (tmp_path / "data" / "netralbot.db").read_bytes()
    assert str(me).encode() not in database


async def test_webhook_mode_refuses_requests_without_the_secret_header_and_stops_on_ctrl_c(api, start_bot,
                                                                                            tmp_path):
    port = free_port()
    secret = "s3cret-header-value"
    proc = start_bot(bot_env(api, tmp_path, WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
                             WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port), WEBHOOK_SECRET=secret))
    registered = await api.wait_for("setWebhook", timeout=15)
    assert registered.params["url"] == f"http://127.0.0.1:{port}/telegram"
    assert registered.params["secret_token"] == secret
    await proc.wait_output("NetralBot self-check")
    assert "mode:           webhook" in proc.output
    await wait_for_port(port)

    updates = UpdateFactory()
    url = f"http://127.0.0.1:{port}/telegram"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=updates.text("pns jadi timses")) as response:
            assert response.status == 403
        async with session.post(url, json=updates.text("pns jadi timses"),
                                headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
            assert response.status == 403
        async with session.post(url, json=updates.text("boleh pns jadi timses?"),
                                headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
            assert response.status == 200
    card = await api.wait_for("sendMessage")
    assert "DILARANG" in card.params["text"]
    assert len(api.calls_to("sendMessage")) == 1  # the two refused updates were never handled

    assert await proc.stop(signal.SIGINT) == 0  # Ctrl-C
    assert FAKE_TOKEN not in proc.output
    assert secret not in proc.output


async def test_missing_token_is_a_one_line_error_with_exit_code_2(start_bot, tmp_path):
    proc = start_bot({"PYTHONPATH": str(REPO), "DATA_DIR": str(tmp_path / "data"), "KNOWLEDGE_DIR": str(FIXTURE_KB)})
    assert await proc.wait_exit(15) == 2
    lines = [line for line in proc.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]
