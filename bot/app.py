"""The Telegram application: builder, handlers in a fixed order, error handler, start-up and `run_bot`.

No business logic lives here. `build_application` wires services and handler modules together; `run_bot` is what
`python -m bot run` calls, and returns the process exit code.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
import traceback
from pathlib import Path
from urllib.parse import urlparse

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application
from telegram.request import BaseRequest

from bot.prefs import PrefsStore
from bot.qa.feedback import FeedbackStore
from bot.qa.matcher import Matcher
from bot.services import Services, load_sender_key
from bot.settings import ConfigError, Settings
from bot.storage import open_database
from bot.texts import t
from bot.tg.concurrency import ChatOrderedProcessor
from bot.tg.context import CONTEXT_TYPES, DEFAULTS, Context

logger = logging.getLogger(__name__)

# Within one handler group python-telegram-bot gives an update to the first handler that accepts it, so order is
# behaviour: commands and the /lang menu first; then the tip-report conversation (report, status, review), which
# must see text, photos and documents while a report is in progress, before the catch-all question handler would
# take the text as a question and the unsupported-media hint would answer the photo; the catch-alls come last.
HANDLER_MODULES = (
    "handlers.qa.start",
    "handlers.qa.lang",
    "handlers.tips.report",
    "handlers.tips.status",
    "handlers.tips.review",
    "handlers.tips.privacy",
    "handlers.qa.browse",
    "handlers.qa.inline",
    "handlers.qa.votes",
    "handlers.qa.ask",
    "handlers.unsupported",
)

RATE_LIMIT_RETRIES = 3  # retries after Telegram's "retry_after" before a send gives up

PRIVATE_COMMANDS = ("start", "topik", "lapor", "status", "lang", "bantuan", "privacy")  # privacy: Telegram's own
GROUP_COMMANDS = ("tanya", "topik", "bantuan")


def create_services(settings: Settings, matcher: Matcher | None = None) -> Services:
    """Open the database, build the matcher (unless given), load the sender key; KnowledgeError on a broken
    KB. This is what creates the data directory, the database and (without TIP_SECRET) secret.key."""
    matcher = matcher or Matcher.from_directory(settings.knowledge_dir)
    db = open_database(settings.database_path)
    return Services(settings=settings, matcher=matcher, db=db, sender_key=load_sender_key(settings))


def build_application(
    settings: Settings,
    services: Services | None = None,
    *,
    request: BaseRequest | None = None,
    updater: bool = True,
    rate_limiter: bool = True,
) -> Application:
    """The configured Application. Tests pass a `request` (e.g. RecordingRequest) and `updater=False`."""
    if not settings.token:
        raise ConfigError("TELEGRAM_BOT_TOKEN: not set; put the token from @BotFather in .env or the environment")
    services = services or create_services(settings)
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .context_types(CONTEXT_TYPES)  # context.bot_data is a BotData, with typed attributes
        .defaults(DEFAULTS)  # HTML and no link previews, unless a call says otherwise
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        # Different chats at once, so one user's reply does not wait for another's Bot API round trip; one chat's
        # updates still in order (the /lapor draft and the /status follow-up depend on it). See bot/tg/concurrency.py.
        .concurrent_updates(ChatOrderedProcessor(settings.max_concurrent_updates, group_budget(settings)))
    )
    if rate_limiter:
        # PTB types the builder for a bot without a rate limiter (ExtBot[None]); AIORateLimiter takes ints.
        limiter = AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not updater:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data.services = services
    # The stores run their migrations now, so a database problem shows at start-up rather than on first use.
    application.bot_data.prefs = PrefsStore(services.db)
    application.bot_data.feedback = FeedbackStore(services.db)
    for name in HANDLER_MODULES:
        importlib.import_module(name).register(application)
    application.add_error_handler(on_error)
    return application


def group_budget(settings: Settings) -> int:
    """Updates of groups that may run at once, besides MAX_CONCURRENT_UPDATES of private chats: a group
    waiting for Telegram's per-group limit keeps one of these busy, never a private chat's place."""
    return max(1, settings.max_concurrent_updates // 2)


# -- start-up ------------------------------------------------------------------------------------------------------


async def _post_init(application: Application) -> None:
    await set_commands(application)
    for name in HANDLER_MODULES:  # a feature may need its own start-up step (e.g. reviewer commands)
        hook = getattr(importlib.import_module(name), "post_init", None)
        if hook is not None:
            await hook(application)
    services: Services = application.bot_data.services
    print(self_check(services, application.bot.username), file=sys.stderr, flush=True)


async def _post_shutdown(application: Application) -> None:
    for name in HANDLER_MODULES:  # a feature may keep something in memory to write before the database closes
        hook = getattr(importlib.import_module(name), "post_shutdown", None)
        if hook is not None:
            await hook(application)


async def set_commands(application: Application) -> None:
    """The command menu for private chats and for groups, in Indonesian and (for English apps) English."""
    try:
        for scope, names in ((BotCommandScopeAllPrivateChats(), PRIVATE_COMMANDS),
                             (BotCommandScopeAllGroupChats(), GROUP_COMMANDS)):
            for language in ("id", "en"):
                commands = [BotCommand(name, t(f"cmd.{name}", language)) for name in names]
                await application.bot.set_my_commands(commands, scope=scope,
                                                      language_code=None if language == "id" else "en")
    except TelegramError as exc:  # a missing menu is no reason not to answer questions
        logger.warning("could not set the command menu: %s", type(exc).__name__)


def self_check(services: Services, username: str | None = None) -> str:
    """One readable block about the running configuration, with anything that looks wrong."""
    settings = services.settings
    matcher = services.matcher
    problems = misconfigurations(settings)
    if settings.mode == "webhook":
        mode = f"webhook at {settings.webhook_url}, listening on {settings.webhook_listen}:{settings.webhook_port}"
    else:
        mode = "long polling"
    if settings.review_chat_id is None:
        review = "not configured (REVIEW_CHAT_ID): tips are stored, but no reviewer group is notified"
    else:
        review = f"configured ({settings.review_chat_id})"
    lines = [
        "NetralBot self-check",
        f"  bot:            @{username}" if username else "  bot:            (not connected yet)",
        (f"  knowledge base: {len(matcher.kb)} entries, {matcher.phrasing_count} phrasings, "
         f"{len(matcher.kb.topics)} topics ({settings.knowledge_dir})"),
        f"  mode:           {mode}",
        f"  Bot API:        {settings.api_base_url}",
        f"  data dir:       {Path(settings.data_dir).resolve()} (database {settings.database_path.name})",
        f"  review chat:    {review}",
        f"  language:       {settings.default_language} by default; log level {settings.log_level}",
        (f"  updates:        up to {settings.max_concurrent_updates} at a time in private chats and "
         f"{group_budget(settings)} in groups, each chat's in order"),
    ]
    lines.append("  problems:       none" if not problems else "  problems:")
    lines.extend(f"    - {problem}" for problem in problems)
    return "\n".join(lines)


def misconfigurations(settings: Settings) -> list[str]:
    """Settings that parse but will probably not work as the operator intends."""
    problems = []
    if settings.webhook_url and urlparse(settings.webhook_url).scheme != "https":
        problems.append("WEBHOOK_URL is not https: Telegram delivers webhooks only over HTTPS "
                        "(fine behind a local Bot API server or for tests)")
    if settings.review_chat_id is not None and settings.review_chat_id > 0:
        problems.append("REVIEW_CHAT_ID is positive, which is a person, not a group (group ids start with -100)")
    if settings.review_chat_id is not None and not settings.admin_ids:
        problems.append("ADMIN_IDS is empty: nobody can run admin commands")
    if not settings.tip_secret:
        problems.append(f"TIP_SECRET is not set: the pseudonym key is kept in {settings.data_dir}/secret.key; "
                        "back it up with the database")
    return problems


# -- errors --------------------------------------------------------------------------------------------------------


def update_kind(update: object) -> str:
    """"message", "callback_query", "inline_query", ... for an Update; never its content."""
    if isinstance(update, Update):
        for kind in ("message", "edited_message", "callback_query", "inline_query", "chosen_inline_result",
                     "channel_post", "my_chat_member", "chat_member", "pre_checkout_query", "poll_answer"):
            if getattr(update, kind, None) is not None:
                return kind
        return "update"
    return type(update).__name__ if update is not None else "none"


async def on_error(update: object, context: Context) -> None:
    """Log what failed without user content or identity, and tell the user something went wrong."""
    error = context.error
    # Only file:line:function frames: an exception's message or local values could quote the user's text.
    frames = traceback.extract_tb(error.__traceback__) if error is not None else []
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames[-6:]))
    logger.error("error while handling a %s update: %s at %s", update_kind(update), type(error).__name__,
                 where or "?")
    if not isinstance(update, Update):
        return
    try:
        from bot.tg.common import language_for

        language = language_for(update, context)
    except Exception:  # noqa: BLE001 - the language lookup itself may be what failed
        language = "id"
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t("error", language), show_alert=True)
        elif update.effective_chat is not None and update.effective_message is not None \
                and update.effective_chat.type == "private":
            await update.effective_chat.send_message(t("error", language))
    except TelegramError as exc:
        logger.warning("could not tell the user about the error: %s", type(exc).__name__)


# -- running -------------------------------------------------------------------------------------------------------


class SecretFilter(logging.Filter):
    """Replaces secrets (the bot token first) with "<token>" in every record: a second line of defence after the
    quiet httpx loggers."""

    def __init__(self, *secrets: str | None) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's problem, not ours
            return True
        cleaned = self._clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    # At INFO httpx logs every request URL, and every URL contains the token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # python-telegram-bot's DEBUG output contains whole updates (user ids, names, messages) and request parameters
    # (the webhook secret); even LOG_LEVEL=DEBUG only turns on our own debug messages.
    root = logging.getLogger().level
    logging.getLogger("telegram").setLevel(max(logging.INFO, root))
    # APScheduler (PTB's JobQueue) logs every job run at INFO, several lines a minute: shown at DEBUG only.
    quiet = logging.INFO if root <= logging.DEBUG else max(logging.WARNING, root)
    logging.getLogger("apscheduler").setLevel(quiet)
    secret_filter = SecretFilter(settings.token, settings.webhook_secret, settings.tip_secret, settings.tips.key)
    for handler in logging.getLogger().handlers:
        handler.addFilter(secret_filter)


def run_bot(settings: Settings) -> int:
    """Run until SIGTERM or Ctrl-C (exit code 0). 2 for a configuration problem, 1 if Telegram is unreachable.

    Every start-up failure is one line on stderr, and the Bot API is asked before anything is written: a bot
    that cannot start leaves no data directory, database or secret.key behind.
    """
    configure_logging(settings)
    if not settings.token:
        print("Configuration error: TELEGRAM_BOT_TOKEN is not set; put the token from @BotFather in .env or the "
              "environment", file=sys.stderr)
        return 2
    matcher = Matcher.from_directory(settings.knowledge_dir)  # the CLI reports a KnowledgeError in full
    failure = asyncio.run(reach_bot_api(settings))
    if failure is not None:
        print(failure[1], file=sys.stderr)
        return failure[0]
    services = create_services(settings, matcher)
    try:
        _run(build_application(settings, services), settings)
    except TelegramError as exc:  # the Bot API went away between the check and the start
        code, message = start_failure(exc, settings)
        print(message, file=sys.stderr)
        return code
    except OSError as exc:  # webhook mode: the port is taken, or the address is not this machine's
        where = f"{settings.webhook_listen}:{settings.webhook_port}" if settings.webhook_url else "the network"
        print(f"Cannot listen on {where}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 1
    finally:
        services.db.close()
    logger.info("stopped")
    return 0


def _run(application: Application, settings: Settings) -> None:
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.strip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,  # PTB answers 403 to a request without this header
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


async def reach_bot_api(settings: Settings) -> tuple[int, str] | None:
    """None if the Bot API answers getMe with this token, else (exit code, the one line to print)."""
    bot = Bot(settings.token or "", base_url=settings.api_base_url, base_file_url=settings.file_base_url)
    try:
        async with bot:  # initialize() calls getMe; leaving closes the connection pool
            return None
    except TelegramError as exc:
        return start_failure(exc, settings)


def start_failure(exc: TelegramError, settings: Settings) -> tuple[int, str]:
    """The exit code and one line for a Telegram error at start-up; never the token (InvalidToken's message
    can contain it, so no exception message is printed)."""
    if isinstance(exc, InvalidToken):
        return 2, "Configuration error: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather"
    if isinstance(exc, NetworkError):
        return 1, f"Cannot reach the Telegram Bot API at {settings.api_base_url}: {type(exc).__name__}"
    return 1, f"The Telegram Bot API at {settings.api_base_url} refused to start: {type(exc).__name__}"
