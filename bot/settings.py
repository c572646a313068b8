"""Settings from the environment and an optional `.env` file.

Every setting is read and validated once at start-up. A missing or malformed value raises `ConfigError` with one
line that names the setting; the CLI prints that line and exits instead of showing a traceback.
Secrets (the bot token, the tip secret) come only from the environment or `.env`, never from the command line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = REPO_ROOT / "knowledge"

# Telegram's service accounts: anonymous group admins and channel posts. Never a reviewer.
RESERVED_TELEGRAM_IDS = frozenset({1087968824, 777000, 136817688})

_TOKEN_RE = re.compile(r"^\d{5,12}:[A-Za-z0-9_-]{30,}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed. The message is one line that names the setting."""


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a `.env` file: KEY=VALUE lines, `#` comments, optional `export` and surrounding quotes."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return values
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # an inline comment after an unquoted value
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    data_dir: Path = Path("data")
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    api_base_url: str = "https://api.telegram.org/bot"
    file_base_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    review_chat_id: int | None = None
    admin_ids: frozenset[int] = frozenset()
    tip_secret: str | None = field(default=None, repr=False)
    tip_retention_days: int = 180
    default_language: str = "id"
    log_level: str = "INFO"
    max_concurrent_updates: int = 32

    @property
    def database_path(self) -> Path:
        return self.data_dir / "netralbot.db"

    @property
    def mode(self) -> str:
        return "webhook" if self.webhook_url else "polling"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """Build settings from `.env` (if present) overlaid by the process environment."""
        values: dict[str, str] = read_env_file(env_file) if env_file else {}
        values.update(os.environ if environ is None else environ)
        return cls._parse(values)

    @classmethod
    def _parse(cls, env: dict[str, str]) -> Settings:
        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and not _TOKEN_RE.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN: does not look like a bot token from @BotFather (digits:letters)")

        webhook_url = get("WEBHOOK_URL")
        webhook_secret = get("WEBHOOK_SECRET")
        if webhook_url is not None:
            parsed = urlparse(webhook_url)
            if parsed.scheme not in ("https", "http") or not parsed.netloc:
                raise ConfigError("WEBHOOK_URL: must be a full URL such as https://bot.example.org/telegram")
            if webhook_secret is None:
                raise ConfigError("WEBHOOK_SECRET: required when WEBHOOK_URL is set (1-256 of A-Z a-z 0-9 _ -)")
        if webhook_secret is not None and not _SECRET_TOKEN_RE.match(webhook_secret):
            raise ConfigError("WEBHOOK_SECRET: use 1-256 characters from A-Z, a-z, 0-9, _ and -")

        admin_ids = frozenset(_int_list(get("ADMIN_IDS"), "ADMIN_IDS"))
        reserved = admin_ids & RESERVED_TELEGRAM_IDS
        if reserved:
            raise ConfigError(f"ADMIN_IDS: {min(reserved)} is a Telegram service account, not a person")

        language = (get("DEFAULT_LANGUAGE") or "id").lower()
        if language not in ("id", "en"):
            raise ConfigError("DEFAULT_LANGUAGE: must be id or en")
        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError("LOG_LEVEL: must be DEBUG, INFO, WARNING or ERROR")

        return cls(
            token=token,
            data_dir=Path(get("DATA_DIR") or "data"),
            knowledge_dir=Path(get("KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR),
            api_base_url=_url(get("TELEGRAM_API_BASE_URL"), "TELEGRAM_API_BASE_URL", cls.api_base_url),
            file_base_url=_url(get("TELEGRAM_FILE_BASE_URL"), "TELEGRAM_FILE_BASE_URL", cls.file_base_url),
            webhook_url=webhook_url,
            webhook_listen=get("WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=_int(get("WEBHOOK_PORT"), "WEBHOOK_PORT", 8443, 1, 65535),
            webhook_secret=webhook_secret,
            review_chat_id=_optional_int(get("REVIEW_CHAT_ID"), "REVIEW_CHAT_ID"),
            admin_ids=admin_ids,
            tip_secret=get("TIP_SECRET"),
            tip_retention_days=_int(get("TIP_RETENTION_DAYS"), "TIP_RETENTION_DAYS", 180, 1, 36500),
            default_language=language,
            log_level=log_level,
            max_concurrent_updates=_int(get("MAX_CONCURRENT_UPDATES"), "MAX_CONCURRENT_UPDATES", 32, 1, 512),
        )


def _url(value: str | None, name: str, default: str) -> str:
    if value is None:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{name}: must be an http(s) URL, e.g. {default}")
    return value


def _optional_int(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}: must be a whole number (a group id looks like -1001234567890)") from None


def _int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}: must be a whole number between {low} and {high}") from None
    if not low <= number <= high:
        raise ConfigError(f"{name}: must be between {low} and {high}, got {number}")
    return number


def _int_list(value: str | None, name: str) -> list[int]:
    if value is None:
        return []
    try:
        return [int(part) for part in re.split(r"[,\s]+", value) if part]
    except ValueError:
        raise ConfigError(f"{name}: must be Telegram user ids separated by commas, e.g. 12345,67890") from None
