"""Questions in chat: any text in a private chat (or addressed to the bot in a group) is a question.

The three bands of an answer: a confident match gets the verdict card with 👍/👎; a middle band gets "Maksud
Anda...?" with up to three choices; no match gets an honest "belum tahu" and the question is kept, without who
asked, for the maintainers. Every new text is a new question: a menu is never waiting for an answer.

Those questions are buffered in memory and written in batches (see bot/qa/feedback.py): by a JobQueue job every
UNANSWERED_FLUSH_SECONDS, when enough are waiting, and when the bot stops.
"""

from __future__ import annotations

import functools
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.qa.cards import render_card, render_title
from bot.qa.knowledge import Entry
from bot.qa.matcher import ANSWER, EMPTY, MAX_QUESTION_CHARS, NONE, OUTSIDE, SMALLTALK, SUGGEST, Match
from bot.services import get_services
from bot.texts import t
from bot.tg.common import (
    ADDRESSED,
    KEYBOARD_CACHE_SIZE,
    CachedKeyboard,
    answer_expired,
    application_feedback_store,
    button_is_current,
    callback_data,
    card_keyboard,
    edit_or_send,
    feedback_store,
    parse_callback,
    question_text,
    reply_html,
    reply_language,
)

logger = logging.getLogger(__name__)

TITLE_MAX = 60  # characters of an entry's summary on a button; phones cut longer labels anyway
UNANSWERED_FLUSH_SECONDS = 10  # at most this long (or bot/qa/feedback.py's FLUSH_AT questions) in memory only


def render_match(match: Match, language: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The HTML text and keyboard for a Match (shared by chat questions and example buttons)."""
    if match.kind == ANSWER and match.entry is not None:
        text = render_card(match.entry, language)
        markup = answer_keyboard(match.entry, language, tuple(match.related))
    elif match.kind == SUGGEST and match.suggestions:
        text, markup = t("suggest.header", language), suggestions_keyboard(tuple(match.suggestions), language)
    elif match.kind == OUTSIDE and match.scope is not None:
        # A known out-of-scope question (salary, TPS hours, ...): a pointer instead of a verdict.
        text, markup = html.escape(match.scope.text(language), quote=False), None
    elif match.kind == SMALLTALK:
        text, markup = t("thanks" if match.smalltalk == "thanks" else "greeting", language), None
    elif match.kind == EMPTY:
        text, markup = t("empty", language), None
    else:
        text, markup = t("nomatch", language), None
    if match.truncated:
        text = t("truncated", language, limit=MAX_QUESTION_CHARS) + "\n\n" + text
    return text, markup


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def answer_keyboard(entry: Entry, language: str, related: tuple[Entry, ...]) -> InlineKeyboardMarkup:
    """👍/👎 under a card, then one "see also" button per close entry with the same verdict (each opens as its
    own card below this one)."""
    rows = [[InlineKeyboardButton(f"🔎 {short_title(other, language)}",
                                  callback_data=callback_data("r", other.id, language))]
            for other in related]
    return card_keyboard(entry, language, *rows)


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def suggestions_keyboard(suggestions: tuple[Entry, ...], language: str) -> InlineKeyboardMarkup:
    """"Maksud Anda...?": one button per choice, then "none of these"."""
    rows = [[InlineKeyboardButton(short_title(entry, language), callback_data=callback_data("a", entry.id, language))]
            for entry in suggestions]
    rows.append([InlineKeyboardButton(t("suggest.none_of_these", language),
                                      callback_data=callback_data("n", language))])
    return CachedKeyboard(rows)


def short_title(entry: Entry, language: str) -> str:
    title = render_title(entry, language)
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1].rstrip() + "…"


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Match `question`, reply with the card, the choices or "belum tahu", and log what could not be answered."""
    services = get_services(context)
    match = services.matcher.match(question)
    wording = match.kind in (ANSWER, SUGGEST)
    language = reply_language(update, context, match.language, from_wording=wording)
    if match.kind == NONE or (match.kind == SUGGEST and not match.suggestions):
        # Only the question itself: no user, chat or message id, and the day instead of the time.
        feedback_store(context).buffer_unanswered(match.question, match.tokens, match.score)
    text, markup = render_match(match, language)
    await reply_html(update, text, markup)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    await answer_question(update, context, question_text(message))


async def on_ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tanya <question>: the way to ask in a group where the bot cannot read ordinary messages."""
    await answer_question(update, context, " ".join(context.args or []))


async def _button_entry(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str) -> tuple[Entry, str] | None:
    """The entry and language a card button ("a:" choice, "r:" see also) points to; None after telling the user
    that a forged or stale button has expired."""
    query = update.callback_query
    parts = parse_callback(query.data, prefix, 2)
    entry = get_services(context).matcher.kb.get(parts[0]) if parts else None
    if entry is None or not button_is_current(query):
        await answer_expired(update, context)
        return None
    await query.answer()
    return entry, parts[1]


async def on_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A "Maksud Anda...?" button: show the chosen card in place of the menu."""
    chosen = await _button_entry(update, context, "a")
    if chosen:
        entry, language = chosen
        await edit_or_send(update.callback_query, render_card(entry, language), card_keyboard(entry, language))


async def on_related(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A "see also" button under a card: the related card as a new message, the first card stays."""
    chosen = await _button_entry(update, context, "r")
    if chosen:
        entry, language = chosen
        await reply_html(update, render_card(entry, language), card_keyboard(entry, language))


async def on_none_of_these(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = parse_callback(query.data, "n", 1)
    if parts is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    language = parts[-1]
    await query.answer()
    await edit_or_send(query, t("suggest.none_reply", language), None)


async def flush_unanswered(application: Application) -> None:
    """Write the buffered unanswered questions (a JobQueue job, and when the bot stops)."""
    application_feedback_store(application).flush()


async def _flush_unanswered_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await flush_unanswered(context.application)


async def post_shutdown(application: Application) -> None:
    """Write the buffered unanswered questions when the bot stops (bot/app.py runs this before closing the
    database)."""
    await flush_unanswered(application)


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["tanya", "ask"], on_ask_command))
    # Edited messages are ignored: answering an edit again would repeat the answer in the chat.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ADDRESSED, on_text)
    )
    application.add_handler(CallbackQueryHandler(on_choice, pattern=r"^a:"))
    application.add_handler(CallbackQueryHandler(on_related, pattern=r"^r:"))
    application.add_handler(CallbackQueryHandler(on_none_of_these, pattern=r"^n:"))
    if application.job_queue is not None:
        application.job_queue.run_repeating(_flush_unanswered_job, interval=UNANSWERED_FLUSH_SECONDS,
                                            first=UNANSWERED_FLUSH_SECONDS, name="unanswered-flush")
