"""👍/👎 under a card: counted per entry, never with who voted; a 👎 asks what the user meant.

One vote per person per card: the vote removes the 👍/👎 row from that card, and an in-memory guard (a keyed hash
of the voter, forgotten after a day) catches double taps that arrive before the row is gone.

A 👎 on a card in a chat (not one shared inline) sends "Apa yang Anda maksud?" below it, with the entries nearest
to the question (bot/qa/nearest.py) and "tidak ada yang cocok". The question (remembered in memory from when the
card was sent), the entry given and the user's pick are recorded for the maintainers without identity
(`wrong_answers`, see bot/qa/feedback.py; `python -m bot feedback` lists them). A pick opens that card in place of
the menu.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot.qa.feedback import today
from bot.qa.knowledge import Entry
from bot.qa.nearest import nearest_entries
from bot.services import get_services
from bot.texts import t
from bot.tg.common import (
    answer_expired,
    button_entry,
    button_is_current,
    edit_or_send,
    feedback_store,
    is_feedback_button,
    message_key,
    parse_callback,
    query_of,
    recent_questions,
    reply_html,
    vote_guard,
)
from bot.tg.context import Context
from handlers.qa.ask import card_reply
from handlers.qa.keyboards import next_steps, wrong_answer_screen

logger = logging.getLogger(__name__)


async def on_vote(update: Update, context: Context) -> None:
    query = query_of(update)
    services = get_services(context)
    parts = parse_callback(query.data, "fb", 3)
    entry = services.matcher.kb.get(parts[0]) if parts else None
    if parts is None or parts[1] not in ("u", "d") or entry is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    _, direction, language = parts
    message = query.message if isinstance(query.message, Message) else None
    card = query.inline_message_id or (f"{message.chat.id}/{message.message_id}" if message else "?")
    voter = services.sender_hash(query.from_user.id, "feedback")
    if not vote_guard(context).first_vote(f"{voter}:{card}:{entry.id}"):
        await query.answer(t("feedback.already", language))
        return
    feedback_store(context).vote(entry.id, helpful=direction == "u")
    await query.answer(t("feedback.thanks", language))
    await _drop_vote_row(query, message)
    if direction == "d" and message is not None:
        await _ask_what_was_meant(update, context, entry, language)


async def _drop_vote_row(query: CallbackQuery, message: Message | None) -> None:
    """Keep the card's other buttons (e.g. back to the topic) and drop only the vote row."""
    rows = []
    if message is not None and message.reply_markup is not None:
        rows = [list(row) for row in message.reply_markup.inline_keyboard
                if not any(is_feedback_button(button) for button in row)]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest as exc:  # e.g. the message is too old to edit; the vote is counted anyway
        logger.info("could not remove the vote buttons: %s", type(exc).__name__)


async def _ask_what_was_meant(update: Update, context: Context, entry: Entry,
                              language: str) -> None:
    """Record the 👎 with its question and offer the nearest other entries below the card."""
    matcher = get_services(context).matcher
    key = message_key(query_of(update).message)
    asked = recent_questions(context).recall(key) if key else None
    question = asked[0] if asked and asked[1] == entry.id else ""  # "": a card opened from /topik
    day = asked[2] if asked else today()
    feedback_store(context).record_wrong(question, entry.id, day)
    # Without a question (a browsed card), the card's own summary stands in for it.
    match = matcher.match(question or entry.text(language).summary)
    choices = nearest_entries(matcher, match, exclude=(entry.id,), topic_hint=entry.topic)
    if not choices:
        await reply_html(update, t("wrong.noted", language), next_steps(language))
        return
    sent = await reply_html(update, *wrong_answer_screen(choices, language))
    sent_key = message_key(sent)
    if sent_key:
        recent_questions(context).remember(sent_key, question, entry.id, day)


async def on_wrong_choice(update: Update, context: Context) -> None:
    """"w:<entry>": the user meant this entry. Record it with the question and show its card."""
    picked = await button_entry(update, context, "w", answer_key="feedback.thanks")
    if picked is None:
        return
    chosen, language = picked
    query = query_of(update)
    kb = get_services(context).matcher.kb
    key = message_key(query.message)
    asked = recent_questions(context).recall(key) if key else None
    if asked:  # gone after a restart: the 👎 itself was recorded already
        question, given, day = asked
        feedback_store(context).record_choice(question, given, chosen.id, day)
    await edit_or_send(query, *card_reply(chosen, language, kb))
    if key and asked:
        recent_questions(context).remember(key, asked[0], chosen.id, asked[2])


async def on_wrong_none(update: Update, context: Context) -> None:
    """"wn": none of the entries fits. Record that, and point to the topics and the people who can answer."""
    query = query_of(update)
    parts = parse_callback(query.data, "wn", 1)
    if parts is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    language = parts[0]
    await query.answer()
    key = message_key(query.message)
    asked = recent_questions(context).recall(key) if key else None
    topic = None
    if asked:
        question, given, day = asked
        feedback_store(context).record_choice(question, given, None, day)
        entry = get_services(context).matcher.kb.get(given)
        topic = get_services(context).matcher.kb.topic(entry.topic) if entry else None
    await edit_or_send(query, t("wrong.noted", language), next_steps(language, topic))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_vote, pattern=r"^fb:"))
    application.add_handler(CallbackQueryHandler(on_wrong_choice, pattern=r"^w:"))
    application.add_handler(CallbackQueryHandler(on_wrong_none, pattern=r"^wn:"))
