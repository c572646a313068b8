"""👍/👎 under a card: counted per entry, never with who voted.

One vote per person per card: the vote removes the 👍/👎 row from that card, and an in-memory guard (a keyed hash
of the voter, forgotten after a day) catches double taps that arrive before the row is gone.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot.services import get_services
from bot.texts import t
from bot.tg.common import (
    answer_expired,
    button_is_current,
    feedback_store,
    is_feedback_button,
    parse_callback,
    vote_guard,
)

logger = logging.getLogger(__name__)


async def on_vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    services = get_services(context)
    parts = parse_callback(query.data, "fb", 3)
    if parts is None or parts[1] not in ("u", "d") or services.matcher.kb.get(parts[0]) is None \
            or not button_is_current(query):
        await answer_expired(update, context)
        return
    entry_id, direction, language = parts
    message = query.message if isinstance(query.message, Message) else None
    card = query.inline_message_id or (f"{message.chat.id}/{message.message_id}" if message else "?")
    voter = services.sender_hash(query.from_user.id, "feedback")
    if not vote_guard(context).first_vote(f"{voter}:{card}:{entry_id}"):
        await query.answer(t("feedback.already", language))
        return
    feedback_store(context).vote(entry_id, helpful=direction == "u")
    await query.answer(t("feedback.thanks", language))
    # Keep the card's other buttons (e.g. back to the topic) and drop only the vote row.
    rows = []
    if message is not None and message.reply_markup is not None:
        rows = [list(row) for row in message.reply_markup.inline_keyboard
                if not any(is_feedback_button(button) for button in row)]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest as exc:  # e.g. the message is too old to edit; the vote is counted anyway
        logger.info("could not remove the vote buttons: %s", type(exc).__name__)


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_vote, pattern=r"^fb:"))
