"""Questions in chat: any text in a private chat (or addressed to the bot in a group) is a question.

The three bands of an answer: a confident match gets the verdict card with 👍/👎; a middle band gets "Maksud
Anda...?" with up to three choices, each written in full; no match gets an honest "belum tahu" with the closest
topic, and the question is kept, without who asked, for the maintainers. Every reply offers a next step. Every new
text is a new question: a menu is never waiting for an answer.

Those questions are buffered in memory and written in batches (see bot/qa/feedback.py): by a JobQueue job every
UNANSWERED_FLUSH_SECONDS, when enough are waiting, and when the bot stops.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.qa.cards import render_card
from bot.qa.knowledge import Entry, KnowledgeBase, Topic
from bot.qa.matcher import ANSWER, EMPTY, MAX_QUESTION_CHARS, NONE, OUTSIDE, SMALLTALK, SUGGEST, Match
from bot.qa.nearest import closest_topic, warm
from bot.services import get_services
from bot.texts import t
from bot.tg.common import (
    ADDRESSED,
    answer_expired,
    application_feedback_store,
    button_entry,
    button_is_current,
    edit_or_send,
    feedback_store,
    message_key,
    parse_callback,
    query_of,
    question_text,
    recent_questions,
    reply_html,
    reply_language,
)
from bot.tg.context import Context
from handlers.qa.keyboards import answer_keyboard, next_steps, suggestions_screen

logger = logging.getLogger(__name__)

UNANSWERED_FLUSH_SECONDS = 10  # at most this long (or bot/qa/feedback.py's FLUSH_AT questions) in memory only


def render_match(match: Match, language: str, kb: KnowledgeBase | None = None,
                 closest: Topic | None = None) -> tuple[str, InlineKeyboardMarkup | None]:
    """The HTML text and keyboard for a Match (shared by chat questions and example buttons). Every reply has a
    next step: a card its topic, a menu the topics, a "belum tahu" the closest topic (`closest`) or all topics."""
    if match.kind == ANSWER and match.entry is not None:
        text = render_card(match.entry, language)
        topic = kb.topic(match.entry.topic) if kb is not None else None
        markup: InlineKeyboardMarkup | None = answer_keyboard(match.entry, language, tuple(match.related), topic)
    elif match.kind == SUGGEST and match.suggestions:
        text, markup = suggestions_screen(match.suggestions, language)
    elif match.kind == OUTSIDE and match.scope is not None:
        # A known out-of-scope question (salary, TPS hours, ...): a pointer instead of a verdict.
        text, markup = html.escape(match.scope.text(language), quote=False), next_steps(language)
    elif match.kind == SMALLTALK:
        text, markup = t("thanks" if match.smalltalk == "thanks" else "greeting", language), next_steps(language)
    elif match.kind == EMPTY:
        text, markup = t("empty", language), next_steps(language)
    elif closest is not None:
        text = t("nomatch.topic", language, topic=html.escape(closest.label(language), quote=False))
        markup = next_steps(language, closest)
    else:
        text, markup = t("nomatch", language), next_steps(language)
    if match.truncated:
        text = t("truncated", language, limit=MAX_QUESTION_CHARS) + "\n\n" + text
    return text, markup


def card_reply(entry: Entry, language: str, kb: KnowledgeBase) -> tuple[str, InlineKeyboardMarkup]:
    """A card with 👍/👎 and its topic, for an entry chosen from a menu."""
    return render_card(entry, language), answer_keyboard(entry, language, (), kb.topic(entry.topic))


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Match `question`, reply with the card, the choices or "belum tahu", and log what could not be answered."""
    services = get_services(context)
    match = services.matcher.match(question)
    wording = match.kind in (ANSWER, SUGGEST)
    language = reply_language(update, context, match.language, from_wording=wording)
    store = feedback_store(context)
    closest = None
    if match.kind == NONE or (match.kind == SUGGEST and not match.suggestions):
        # Only the question itself: no user, chat or message id, and the day instead of the time.
        store.buffer_unanswered(match.question, match.tokens, match.score)
        closest = closest_topic(services.matcher, match)
    elif match.kind == ANSWER and match.entry is not None:
        store.buffer_answered(match.entry.id)
    text, markup = render_match(match, language, services.matcher.kb, closest)
    sent = await reply_html(update, text, markup)
    key = message_key(sent)
    if key and match.kind in (ANSWER, SUGGEST):
        # In memory only, until someone votes: a 👎 needs the question to offer what else it could have meant.
        recent_questions(context).remember(key, match.question, match.entry.id if match.entry else "")


async def on_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    await answer_question(update, context, question_text(message))


async def on_ask_command(update: Update, context: Context) -> None:
    """/tanya <question>: the way to ask in a group where the bot cannot read ordinary messages."""
    await answer_question(update, context, " ".join(context.args or []))


async def on_choice(update: Update, context: Context) -> None:
    """A "Maksud Anda...?" button: show the chosen card in place of the menu."""
    chosen = await button_entry(update, context, "a")
    if chosen:
        entry, language = chosen
        query = query_of(update)
        await edit_or_send(query, *card_reply(entry, language, get_services(context).matcher.kb))
        key = message_key(query.message)
        asked = recent_questions(context).recall(key) if key else None
        if key and asked:
            recent_questions(context).remember(key, asked[0], entry.id)


async def on_related(update: Update, context: Context) -> None:
    """A "see also" button under a card: the related card as a new message, the first card stays."""
    chosen = await button_entry(update, context, "r")
    if chosen:
        entry, language = chosen
        key = message_key(query_of(update).message)
        asked = recent_questions(context).recall(key) if key else None
        sent = await reply_html(update, *card_reply(entry, language, get_services(context).matcher.kb))
        sent_key = message_key(sent)
        if asked and sent_key:
            recent_questions(context).remember(sent_key, asked[0], entry.id)


async def on_none_of_these(update: Update, context: Context) -> None:
    query = query_of(update)
    parts = parse_callback(query.data, "n", 1)
    if parts is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    language = parts[-1]
    await query.answer()
    await edit_or_send(query, t("suggest.none_reply", language), next_steps(language))


async def flush_unanswered(application: Application) -> None:
    """Write the buffered unanswered questions (a JobQueue job, and when the bot stops)."""
    application_feedback_store(application).flush()


async def _flush_unanswered_job(context: Context) -> None:
    await flush_unanswered(context.application)


async def _warm_nearest_job(context: Context) -> None:
    """Build the nearest-entry index (bot/qa/nearest.py) off the event loop, before the first question needs it."""
    await asyncio.to_thread(warm, get_services(context).matcher)


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
        application.job_queue.run_once(_warm_nearest_job, when=1, name="nearest-warm")
