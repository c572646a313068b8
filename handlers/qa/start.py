"""/start, /help and /bantuan: what the bot can and cannot do, example questions as buttons, how to report."""

from __future__ import annotations

import functools

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.numbers import parse_int
from bot.texts import EXAMPLES, t
from bot.tg.common import (
    CachedKeyboard,
    answer_expired,
    button_is_current,
    callback_data,
    is_private,
    language_for,
    parse_callback,
    query_of,
    reply_html,
)
from bot.tg.context import Context
from handlers.qa.ask import answer_question


@functools.lru_cache(maxsize=8)  # one per language: the examples are fixed, and a frozen markup can be shared
def welcome_keyboard(language: str) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(f"💬 {question}", callback_data=callback_data("q", index, language))]
            for index, question in enumerate(EXAMPLES[language])]
    rows.append([InlineKeyboardButton(t("button.topics", language), callback_data=callback_data("tn", language))])
    return CachedKeyboard(rows)


async def on_start(update: Update, context: Context) -> None:
    language = language_for(update, context)
    if is_private(update):
        await reply_html(update, t("welcome", language), welcome_keyboard(language))
    else:  # a group: short, and no example buttons that would fill the group with cards
        await reply_html(update, t("welcome.group", language, username=context.bot.username))


async def on_example(update: Update, context: Context) -> None:
    """An example-question button: answer that question as if the user had typed it."""
    query = query_of(update)
    parts = parse_callback(query.data, "q", 2)
    examples = EXAMPLES.get(parts[1], []) if parts else []
    index = parse_int(parts[0], 0, len(examples) - 1) if parts else None
    if index is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    await query.answer()
    await answer_question(update, context, examples[index])


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["start", "help", "bantuan"], on_start))
    application.add_handler(CallbackQueryHandler(on_example, pattern=r"^q:"))
