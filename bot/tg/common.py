"""Helpers every handler module shares: the user's language, stores, callback data, cards, "is this for me?".

`language_for(update, context)` is the one place that decides the interface language; the tips feature calls it
too. Order: the language the user chose with /lang, then their Telegram app language, then DEFAULT_LANGUAGE.

Keyboards are cached (`functools.lru_cache`, bounded): building InlineKeyboardButtons costs more than the rest of
a reply, the knowledge base does not change while the bot runs, and PTB 22's Telegram objects are frozen, so one
markup can be sent under many messages. Keys are the (immutable, hashable) entries themselves, not their ids, so
two knowledge bases in one process (tests) can never share a keyboard.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import filters

from bot.prefs import PrefsStore
from bot.qa.feedback import FeedbackStore, RecentQuestions, VoteGuard
from bot.qa.knowledge import Entry
from bot.services import get_services
from bot.texts import LANGUAGES, t
from bot.tg.context import BotData

logger = logging.getLogger(__name__)

# Telegram app languages whose speakers are best served in Indonesian (regional languages of Indonesia, Malay).
_INDONESIAN_CODES = ("id", "in", "jv", "su", "ms", "ban", "mad", "min")


def prefs_store(context: Any) -> PrefsStore:
    """The PrefsStore kept in bot_data (created on first use, so handler tests need no extra set-up)."""
    bot_data: BotData = context.application.bot_data
    if bot_data.prefs is None:
        bot_data.prefs = PrefsStore(bot_data.services.db)
    return bot_data.prefs


def chosen_language(update: object, context: Any) -> str | None:
    """The language the user explicitly chose with /lang, or None."""
    user = getattr(update, "effective_user", None)
    if user is None:
        return None
    services = get_services(context)
    return prefs_store(context).language(services.sender_hash(user.id, "prefs"))


def default_language(update: object, context: Any) -> str:
    """The language from the user's Telegram app, else the operator's DEFAULT_LANGUAGE."""
    user = getattr(update, "effective_user", None)
    code = (getattr(user, "language_code", None) or "").lower().replace("_", "-")
    base = code.split("-", 1)[0]
    if base == "en":
        return "en"
    if base in _INDONESIAN_CODES:
        return "id"
    return get_services(context).settings.default_language


def language_for(update: object, context: Any) -> str:
    """"id" or "en": the language to talk to the sender of `update` in. Never raises: when the lookup itself
    fails (storage), the Telegram app language decides ("en" for English, otherwise "id"), so that a reply, a
    step of a report or an error message can still go out."""
    try:
        return chosen_language(update, context) or default_language(update, context)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        logger.warning("language lookup failed (%s); the app language applies", type(exc).__name__)
        user = getattr(update, "effective_user", None)
        code = (getattr(user, "language_code", None) or "").lower()
        return "en" if code.startswith("en") else "id"


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


# -- answering: the language of a reply, the feature stores -----------------------------------------------------


def reply_language(update: object, context: Any, question_language: str | None, *, from_wording: bool) -> str:
    """The language to answer a question in.

    A /lang choice always wins. Otherwise a question written in English gets English; a question in Indonesian
    gets Indonesian (`from_wording`), and where the wording says nothing (a greeting, emoji) the interface
    language applies.
    """
    chosen = chosen_language(update, context)
    if chosen:
        return chosen
    if question_language == "en":
        return "en"
    if from_wording and question_language:
        return question_language
    return default_language(update, context)


def feedback_store(context: Any) -> FeedbackStore:
    return application_feedback_store(context.application)


def application_feedback_store(application: Any) -> FeedbackStore:
    """The FeedbackStore of an Application (for jobs and start/stop hooks, which have no update)."""
    bot_data: BotData = application.bot_data
    if bot_data.feedback is None:
        bot_data.feedback = FeedbackStore(bot_data.services.db)
    return bot_data.feedback


def vote_guard(context: Any) -> VoteGuard:
    guard: VoteGuard = context.application.bot_data.vote_guard
    return guard


def recent_questions(context: Any) -> RecentQuestions:
    """Which question each recent card answered (memory only), for "Apa yang Anda maksud?" after a 👎."""
    questions: RecentQuestions = context.application.bot_data.recent_questions
    return questions


def message_key(message: object) -> str | None:
    """An opaque in-memory key for a message the bot sent ("chat/message"), or None for an inline message."""
    if not isinstance(message, Message):
        return None
    return f"{message.chat.id}/{message.message_id}"


# -- callback data: short, versioned by prefix, validated on the way back --------------------------------------

CALLBACK_LIMIT = 64  # bytes, Telegram's limit
_PART_RE = re.compile(r"^[a-z0-9-]{1,40}$")


def callback_data(*parts: str | int) -> str:
    """Join short ids into callback data ("a:medsos-like:id"); raises if it would not fit Telegram's limit."""
    data = ":".join(str(p) for p in parts)
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def parse_callback(data: str | None, prefix: str, arity: int) -> list[str] | None:
    """The `arity` parts after `prefix` when `data` is well formed and ends in a language; otherwise None."""
    if not data or len(data.encode()) > CALLBACK_LIMIT:
        return None
    parts = data.split(":")
    if len(parts) != arity + 1 or parts[0] != prefix or parts[-1] not in LANGUAGES:
        return None
    if not all(_PART_RE.match(p) for p in parts[1:]):
        return None
    return parts[1:]


def message_of(update: Update) -> Message:
    """The message of an update that a MessageHandler passed on (it never passes one without)."""
    message = update.effective_message
    if not isinstance(message, Message):
        raise ValueError("an update without a message")
    return message


def query_of(update: Update) -> CallbackQuery:
    """The button press of an update that a CallbackQueryHandler passed on (it never passes one without)."""
    if update.callback_query is None:
        raise ValueError("not a button press")
    return update.callback_query


def button_is_current(query: CallbackQuery) -> bool:
    """Whether the pressed button is still on the message (a forged or stale press is not).

    The message Telegram attaches to a callback query shows its current keyboard; after a card replaced a menu, or
    after a vote removed the 👍/👎 row, the old data is gone from it. When there is nothing to compare with (an
    inline-mode message, a message too old to be attached, or one shown without its keyboard), only the data's own
    validation applies, so that a missing keyboard can never make every button fail.
    """
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return True
    markup = message.reply_markup
    return any(button.callback_data == query.data for row in markup.inline_keyboard for button in row)


async def answer_expired(update: Update, context: Any, *, hint: bool = True) -> None:
    """Tell the user a button no longer works (never an exception, never a changed message). The text is the one
    "button expired" string of both features; `hint` adds where to go next on the questions side."""
    query = update.callback_query
    if query is None:
        return
    language = language_for(update, context)
    text = t("button.expired", language)
    if hint:
        text = f"{text} {t('button.expired_hint', language)}"
    await answer(query, text)


async def button_entry(update: Update, context: Any, prefix: str, *, answer_key: str | None = None,
                       ) -> tuple[Entry, str] | None:
    """The entry and language a card button with data "<prefix>:<entry id>:<lang>" points to, after answering the
    press (with the text `answer_key` if given); None after telling the user that a stale button has expired."""
    query = update.callback_query
    parts = parse_callback(query.data if query else None, prefix, 2)
    entry = get_services(context).matcher.kb.get(parts[0]) if parts else None
    if query is None or parts is None or entry is None or not button_is_current(query):
        await answer_expired(update, context)
        return None
    await query.answer(t(answer_key, parts[1]) if answer_key else None)
    return entry, parts[1]


async def edit_or_send(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the message under the pressed button; if it cannot be edited, send a new one instead."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in str(exc).lower():  # the same button pressed twice
            return
        message = query.message
        if isinstance(message, Message):
            await message.chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        else:
            raise


# -- cards and their keyboards ---------------------------------------------------------------------------------


KEYBOARD_CACHE_SIZE = 2048  # per cached function; an entry of every card in both languages fits many times over


class CachedKeyboard(InlineKeyboardMarkup):
    """A keyboard that PTB turns into request data only once.

    The cached keyboards go out under thousands of messages, and PTB re-serialises a markup on every send (a tenth
    of the cost of sending a card, bench/README.md). PTB 22's Telegram objects are frozen, so the data cannot go
    stale, and PTB only reads it (it json-dumps the dict).
    """

    __slots__ = ("_data",)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        if not recursive:
            return super().to_dict(recursive=False)
        data = getattr(self, "_data", None)
        if data is None:
            data = self._data = super().to_dict()
        return data


def card_keyboard(entry: Entry, language: str, *extra_rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """👍/👎 under a card, then any extra rows (e.g. back to the topic)."""
    if not extra_rows:
        return _plain_card_keyboard(entry, language)
    return CachedKeyboard([_feedback_row(entry, language), *extra_rows])


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def _plain_card_keyboard(entry: Entry, language: str) -> InlineKeyboardMarkup:
    return CachedKeyboard([_feedback_row(entry, language)])


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def _feedback_row(entry: Entry, language: str) -> tuple[InlineKeyboardButton, ...]:
    return (
        InlineKeyboardButton(t("feedback.up", language), callback_data=callback_data("fb", entry.id, "u", language)),
        InlineKeyboardButton(t("feedback.down", language), callback_data=callback_data("fb", entry.id, "d", language)),
    )


def is_feedback_button(button: InlineKeyboardButton) -> bool:
    return bool(button.callback_data) and str(button.callback_data).startswith("fb:")


# -- groups: answer only when addressed --------------------------------------------------------------------------


class AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot or replies to one of the bot's messages."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        return bool(mentions_of_bot(message))


ADDRESSED = filters.ChatType.PRIVATE | AddressedToBot()


def mentions_of_bot(message: Message) -> list[MessageEntity]:
    bot = message.get_bot()
    username = (bot.username or "").lower()
    found = []
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        by_name = entity.type == MessageEntity.MENTION and username and text.lstrip("@").lower() == username
        by_id = entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id
        if by_name or by_id:
            found.append(entity)
    return found


def question_text(message: Message) -> str:
    """The message text without mentions of the bot ("@NetralBot boleh ...?" -> "boleh ...?")."""
    text = message.text or ""
    entities = mentions_of_bot(message)
    if not entities:
        return text
    # Entity offsets count UTF-16 code units; cut in that space so emoji before the mention do not shift it.
    encoded = text.encode("utf-16-le")
    for entity in sorted(entities, key=lambda e: e.offset, reverse=True):
        encoded = encoded[: entity.offset * 2] + encoded[(entity.offset + entity.length) * 2 :]
    return encoded.decode("utf-16-le").strip()


async def reply_html(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Reply in the chat of `update` with HTML; in groups as a reply to the message that asked."""
    message = update.effective_message
    chat = update.effective_chat
    if chat is None:
        return None
    if message is not None and chat.type != "private":
        return await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup, do_quote=True)
    return await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)


# Also the Application's default (bot.tg.context.DEFAULTS); said again because a tip's text may hold links.
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send HTML to the chat of `update` as a new message (never quoting; no link previews)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                   link_preview_options=_NO_PREVIEW)


async def answer(query: CallbackQuery | None, text: str | None = None, alert: bool = False) -> None:
    """Answer a button press; a query too old to answer (over 15 minutes) is logged, not raised."""
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as exc:
        logger.info("could not answer a button press: %s", type(exc).__name__)


async def edit(query: CallbackQuery | None, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the message under the pressed button; if it cannot be edited, log it (unlike `edit_or_send`)."""
    if query is None:
        return
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                      link_preview_options=_NO_PREVIEW)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            logger.info("could not edit a message: %s", type(exc).__name__)


async def drop_keyboard(query: CallbackQuery | None) -> None:
    """Remove the keyboard of the message under the pressed button (logged, not raised, when it cannot)."""
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError as exc:
        logger.info("could not remove a keyboard: %s", type(exc).__name__)
