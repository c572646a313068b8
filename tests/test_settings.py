"""Settings: defaults, .env parsing, and one clear line for every bad value."""

from pathlib import Path

import pytest

from bot.settings import ConfigError, Settings, TipsSettings, read_env_file
from tests.support.recording import feed

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
        f"# comment\nexport TELEGRAM_BOT_TOKEN='{TOKEN}'\nADMIN_IDS=1, 2 3\nREVIEW_CHAT_ID=-100123 # the group\n"
        "DATA_DIR=/srv/x\n"
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


# -- .env values as python-dotenv reads them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('TIP_SECRET="s3cr3t"  # the old parser kept the quotes', "s3cr3t"),
        ("TIP_SECRET='s3cr3t' # single quotes", "s3cr3t"),
        ("TIP_SECRET=s3cr3t # an unquoted value", "s3cr3t"),
        ('TIP_SECRET="s3cr3t # not a comment inside quotes"', "s3cr3t # not a comment inside quotes"),
        ("TIP_SECRET=abc#def", "abc#def"),
        ("TIP_SECRET='a$HOME'", "a$HOME"),
        ("TIP_SECRET=a${HOME}b", "a${HOME}b"),
        ("export TIP_SECRET=s3cr3t", "s3cr3t"),
        ("  TIP_SECRET = s3cr3t  ", "s3cr3t"),
    ],
)
def test_env_file_values_lose_their_quotes_and_comments(tmp_path, line, expected):
    env = tmp_path / ".env"
    env.write_text(f"# NetralBot\n\n{line}\n")
    assert read_env_file(env) == {"TIP_SECRET": expected}
    assert Settings.from_env({}, env_file=env).tip_secret == expected


def test_quoted_values_reach_every_kind_of_setting(tmp_path):
    env = tmp_path / ".env"
    env.write_text('REVIEW_CHAT_ID="-100123"  # the reviewers\nTIPS_PER_HOUR="5" # more\nLOG_LEVEL=\'debug\'\n')
    settings = Settings.from_env({}, env_file=env)
    assert (settings.review_chat_id, settings.tips.tips_per_hour, settings.log_level) == (-100123, 5, "DEBUG")


def test_missing_env_file_is_no_error(tmp_path):
    assert read_env_file(tmp_path / "absent.env") == {}


def test_key_without_value_names_the_line(tmp_path):
    env = tmp_path / ".env"
    env.write_text("LOG_LEVEL=INFO\nTIP_SECRET\n")
    with pytest.raises(ConfigError, match=r"\.env:2: expected KEY=VALUE$"):
        read_env_file(env)


# -- the tips settings, nested in Settings ---------------------------------------------------------------------

TIPS_KEYS = [  # (variable, field, a valid value, what it becomes, a value below the range, one above)
    ("TIPS_STATUS_DELAY", "status_delay_seconds", "0.5", 0.5, "-1", "31"),
    ("TIPS_OUTBOX_INTERVAL", "outbox_interval_seconds", "5", 5.0, "0", "3601"),
    ("TIPS_OUTBOX_BACKOFF", "outbox_backoff_seconds", "2.5", 2.5, "0.01", "3601"),
    ("TIPS_DRAFT_TTL_HOURS", "draft_ttl_hours", "12", 12, "0", "721"),
    ("TIPS_PER_HOUR", "tips_per_hour", "7", 7, "0", "1001"),
    ("TIPS_PER_DAY", "tips_per_day", "20", 20, "0", "10001"),
]


def test_tips_settings_default_when_unset():
    assert Settings.from_env({}, env_file=None).tips == TipsSettings()
    assert TipsSettings().tips_per_hour == 3 and TipsSettings().draft_ttl_hours == 48


@pytest.mark.parametrize(("name", "field", "raw", "value", "low", "high"), TIPS_KEYS)
def test_every_tips_key_is_read_into_settings_tips(name, field, raw, value, low, high):
    tips = Settings.from_env({name: raw}, env_file=None).tips
    assert getattr(tips, field) == value
    assert type(getattr(tips, field)) is type(getattr(TipsSettings(), field))
    others = {f: v for f, v in vars(tips).items() if f != field}
    assert others == {f: v for f, v in vars(TipsSettings()).items() if f != field}


@pytest.mark.parametrize(("name", "field", "raw", "value", "low", "high"), TIPS_KEYS)
@pytest.mark.parametrize("which", ["word", "low", "high"])
def test_every_bad_tips_value_is_one_line_that_names_it(name, field, raw, value, low, high, which):
    bad = {"word": "lots", "low": low, "high": high}[which]
    with pytest.raises(ConfigError) as info:
        Settings.from_env({name: bad}, env_file=None)
    message = str(info.value)
    assert message.startswith(f"{name}: must be ") and "\n" not in message


@pytest.mark.parametrize("name", ["TIPS_DRAFT_TTL_HOURS", "TIPS_PER_HOUR", "TIPS_PER_DAY"])
def test_whole_number_tips_keys_refuse_fractions(name):
    with pytest.raises(ConfigError, match=f"^{name}: must be a whole number"):
        Settings.from_env({name: "1.5"}, env_file=None)


def test_tips_settings_come_from_the_same_env_file(tmp_path):
    env = tmp_path / ".env"
    env.write_text("TIPS_PER_DAY=25 # a busy election\n")
    assert Settings.from_env({"TIPS_PER_HOUR": "4"}, env_file=env).tips == TipsSettings(tips_per_hour=4,
                                                                                         tips_per_day=25)


def test_the_tips_service_uses_the_settings_it_is_given(services):
    import dataclasses

    from bot.tips.service import TipsService

    services.settings = dataclasses.replace(services.settings, tips=TipsSettings(tips_per_hour=9, key="5e" * 32))
    service = TipsService(services)
    assert service.config.tips_per_hour == 9
    assert service.quota.limits.tips_per_hour == 9


async def test_a_bad_tips_value_in_env_does_not_break_answering_questions(app, recording, updates, tmp_path,
                                                                         monkeypatch):
    """Nothing but Settings.from_env reads the environment: a developer's broken TIPS_* line cannot reach the
    question handlers (or the tips service the application builds) when the settings are given."""
    (tmp_path / ".env").write_text("TIPS_PER_HOUR=lots\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIPS_STATUS_DELAY", "soon")
    await feed(app, updates.text("pns jadi timses"))
    assert "⛔ DILARANG" in recording.last("sendMessage").params["text"]
    await feed(app, updates.command("/lapor"))
    assert "Jenis pelanggaran" in recording.last("sendMessage").params["text"]
