"""Settings from the environment and an optional `.env` file.

Every setting is read and validated once at start-up. A missing or malformed value raises `ConfigError` with one
line that names the setting; the CLI prints that line and exits instead of showing a traceback.
Secrets (the bot token, the tip secret) come only from the environment or `.env`, never from the command line.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dotenv.parser import parse_stream

_PACKAGE_DIR = Path(__file__).resolve().parent


def _default_knowledge_dir() -> Path:
    """The knowledge base shipped with the code. A wheel carries the repository's top-level `knowledge/` inside the
    package as `bot/_knowledge` (see pyproject.toml); a source checkout or an editable install has it beside `bot/`."""
    installed = _PACKAGE_DIR / "_knowledge"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "knowledge"


DEFAULT_KNOWLEDGE_DIR = _default_knowledge_dir()


def index_cache_dir() -> Path | None:
    """Where the index build cache lives (bot/qa/buildcache.py), None when it is off. From the process environment
    only, because the index is built before (and without) Settings: NETRALBOT_CACHE_DIR (off, 0, no or empty: no
    cache), else $XDG_CACHE_HOME/netralbot, else ~/.cache/netralbot."""
    setting = os.environ.get("NETRALBOT_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "false", "no") else Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "netralbot"


MB = 1024 * 1024

# Telegram's service accounts: anonymous group admins and channel posts. Never a reviewer.
RESERVED_TELEGRAM_IDS = frozenset({1087968824, 777000, 136817688})

_TOKEN_RE = re.compile(r"^\d{5,12}:[A-Za-z0-9_-]{30,}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed. The message is one line that names the setting."""


def read_env_file(path: Path) -> dict[str, str]:
    """The KEY=VALUE pairs of a `.env` file, parsed by python-dotenv: `#` comments, `export`, quoted values with an
    inline comment after them (`TIP_SECRET="s3cr3t"  # note` is `s3cr3t`). `${VAR}` is not expanded: a secret may
    contain `$`. A line that is not KEY=VALUE is a one-line `ConfigError` naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    values: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error or (binding.key is not None and binding.value is None):
            raise ConfigError(f"{path}:{binding.original.line}: expected KEY=VALUE")
        if binding.key is not None and binding.value is not None:
            values[binding.key] = binding.value
    return values


@dataclass(frozen=True)
class TipsSettings:
    """Limits and timings of the anonymous-tips feature (`TIPS_*`), nested in `Settings.tips` and passed down to
    `bot.tips`. Every value has a safe default, so an operator only sets what they want to change; tests build one
    directly (for example `TipsSettings(status_delay_seconds=0)`)."""

    # Seconds a wrong or unknown receipt code waits before the (identical) "not found" answer; slows guessing.
    status_delay_seconds: float = 1.5
    # How often the outbox job looks for review-group notices that are due (retry with backoff per item).
    outbox_interval_seconds: float = 20.0
    # First retry delay of an undelivered notice; it doubles with every failure, up to an hour.
    outbox_backoff_seconds: float = 10.0
    # A half-finished report is forgotten this long after its last step.
    draft_ttl_hours: int = 48
    # Abuse control per sender (keyed hash, never stored with a tip).
    tips_per_hour: int = 3
    tips_per_day: int = 10
    status_attempts_per_hour: int = 20
    # Evidence limits; the Bot API lets a bot download at most 20 MB per file.
    max_files: int = 10
    max_file_bytes: int = 20 * MB
    max_total_bytes: int = 60 * MB
    max_links: int = 10
    # Text limits (characters).
    max_description: int = 3000
    min_description: int = 20
    max_short_text: int = 200
    max_reply: int = 2000
    # PBKDF2 iterations for receipt-code hashes: slow enough to make offline guessing expensive, fast enough to
    # cost a few milliseconds per /status.
    receipt_iterations: int = 60_000
    # The key that encrypts everything a tip says (64 hex digits): TIPS_KEY, or a file named by TIPS_KEY_FILE.
    # Never generated into DATA_DIR; a key file inside DATA_DIR is refused unless TIPS_KEY_IN_DATA_DIR=yes.
    key: str | None = field(default=None, repr=False)
    key_file: Path | None = None
    key_in_data_dir: bool = False
    # Every tip, open or closed, is deleted this many days after its last activity (closed tips earlier:
    # TIP_RETENTION_DAYS after closing).
    retention_open_days: int = 365

    @classmethod
    def _parse(cls, get: Callable[[str], str | None]) -> TipsSettings:
        return cls(
            status_delay_seconds=_float(get("TIPS_STATUS_DELAY"), "TIPS_STATUS_DELAY", cls.status_delay_seconds, 0, 30),
            outbox_interval_seconds=_float(get("TIPS_OUTBOX_INTERVAL"), "TIPS_OUTBOX_INTERVAL",
                                           cls.outbox_interval_seconds, 0.05, 3600),
            outbox_backoff_seconds=_float(get("TIPS_OUTBOX_BACKOFF"), "TIPS_OUTBOX_BACKOFF",
                                          cls.outbox_backoff_seconds, 0.05, 3600),
            draft_ttl_hours=_int(get("TIPS_DRAFT_TTL_HOURS"), "TIPS_DRAFT_TTL_HOURS", cls.draft_ttl_hours, 1, 24 * 30),
            tips_per_hour=_int(get("TIPS_PER_HOUR"), "TIPS_PER_HOUR", cls.tips_per_hour, 1, 1000),
            tips_per_day=_int(get("TIPS_PER_DAY"), "TIPS_PER_DAY", cls.tips_per_day, 1, 10000),
            key=get("TIPS_KEY"),
            key_file=Path(key_file) if (key_file := get("TIPS_KEY_FILE")) else None,
            key_in_data_dir=_yes(get("TIPS_KEY_IN_DATA_DIR"), "TIPS_KEY_IN_DATA_DIR"),
            retention_open_days=_int(get("TIPS_RETENTION_OPEN_DAYS"), "TIPS_RETENTION_OPEN_DAYS",
                                     cls.retention_open_days, 1, 36500),
        )


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
    tips: TipsSettings = field(default_factory=TipsSettings)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "netralbot.db"

    @property
    def mode(self) -> str:
        return "webhook" if self.webhook_url else "polling"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
        """Build settings from `.env` (if present) overlaid by the process environment. The only place that reads
        either: every other module gets its settings passed down from here."""
        values: dict[str, str] = read_env_file(env_file) if env_file else {}
        values.update(os.environ if environ is None else environ)
        return cls._parse(values)

    @classmethod
    def _parse(cls, env: Mapping[str, str]) -> Settings:
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
            tips=TipsSettings._parse(get),
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


def _float(value: str | None, name: str, default: float, low: float, high: float) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name}: must be a number between {low:g} and {high:g}") from None
    if not low <= number <= high:  # also refuses nan
        raise ConfigError(f"{name}: must be between {low:g} and {high:g}, got {value}")
    return number


def _yes(value: str | None, name: str) -> bool:
    if value is None or value.lower() in ("0", "no", "false", "tidak"):
        return False
    if value.lower() in ("1", "yes", "true", "ya"):
        return True
    raise ConfigError(f"{name}: must be yes or no, got {value}")


def _int_list(value: str | None, name: str) -> list[int]:
    if value is None:
        return []
    try:
        return [int(part) for part in re.split(r"[,\s]+", value) if part]
    except ValueError:
        raise ConfigError(f"{name}: must be Telegram user ids separated by commas, e.g. 12345,67890") from None
