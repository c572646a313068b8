"""Settings: defaults, .env parsing, and one clear line for every bad value."""

from pathlib import Path

import pytest

from bot.settings import ConfigError, Settings, read_env_file

TOKEN = "123456789:" + "A" * 35


def test_defaults_without_token():
    settings = Settings.from_env({}, env_file=None)
    assert settings.token is None
    assert settings.mode == "polling"
    assert settings.tip_retention_days == 180
    assert settings.database_path == Path("data") / "netralbot.db"


def test_env_file_is_read_and_environment_wins(tmp_path):
    env = tmp_path / ".env"
    env.write_text(
        "# comment\nexport TELEGRAM_BOT_TOKEN='%s'\nADMIN_IDS=1, 2 3\nREVIEW_CHAT_ID=-100123 # the group\n"
        "DATA_DIR=/srv/x\n" % TOKEN
    )
    settings = Settings.from_env({"DATA_DIR": str(tmp_path)}, env_file=env)
    assert settings.token == TOKEN
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.review_chat_id == -100123
    assert settings.data_dir == tmp_path


@pytest.mark.parametrize(("value", "expected"), [(None, 32), ("1", 1), (" 64 ", 64), ("512", 512)])
def test_max_concurrent_updates_defaults_to_32_and_accepts_1_to_512(value, expected):
    env = {} if value is None else {"MAX_CONCURRENT_UPDATES": value}
    assert Settings.from_env(env, env_file=None).max_concurrent_updates == expected


def test_token_is_never_in_repr():
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "bot.example.org", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://x.org/h", "WEBHOOK_SECRET": "bad secret!"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_PORT": "eighty"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT"),
        ({"REVIEW_CHAT_ID": "my-group"}, "REVIEW_CHAT_ID"),
        ({"ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"ADMIN_IDS": "1087968824"}, "ADMIN_IDS"),
        ({"TIP_RETENTION_DAYS": "0"}, "TIP_RETENTION_DAYS"),
        ({"TELEGRAM_API_BASE_URL": "localhost:8081"}, "TELEGRAM_API_BASE_URL"),
        ({"DEFAULT_LANGUAGE": "fr"}, "DEFAULT_LANGUAGE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"MAX_CONCURRENT_UPDATES": "0"}, "MAX_CONCURRENT_UPDATES"),
        ({"MAX_CONCURRENT_UPDATES": "513"}, "MAX_CONCURRENT_UPDATES"),
        ({"MAX_CONCURRENT_UPDATES": "many"}, "MAX_CONCURRENT_UPDATES"),
        ({"MAX_CONCURRENT_UPDATES": "-4"}, "MAX_CONCURRENT_UPDATES"),
    ],
)
def test_bad_setting_names_the_setting_in_one_line(env, name):
    with pytest.raises(ConfigError) as info:
        Settings.from_env(env, env_file=None)
    message = str(info.value)
    assert message.startswith(name)
    assert "\n" not in message


def test_malformed_env_file_line(tmp_path):
    env = tmp_path / ".env"
    env.write_text("JUST SOME TEXT\n")
    with pytest.raises(ConfigError, match=r"\.env:1: expected KEY=VALUE"):
        read_env_file(env)


def test_cli_reports_config_error_without_traceback(tmp_path, monkeypatch, capsys):
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBHOOK_PORT", "abc")
    assert main(["ask", "halo"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "Configuration error: WEBHOOK_PORT: must be a whole number between 1 and 65535"
