"""/lang [id|en]: choose the language of the interface and the cards; stored under a pseudonym, not the user id."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.services import get_services
from bot.texts import LANGUAGES, t
from bot.tg.common import (
    answer_expired,
    button_is_current,
    edit_or_send,
    language_for,
    prefs_store,
    query_of,
    reply_html,
)
from bot.tg.context import Context
from handlers.qa.keyboards import next_steps

ALIASES = {"id": "id", "ind": "id", "indonesia": "id", "bahasa": "id", "en": "en", "eng": "en", "english": "en",
           "inggris": "en"}


def choose_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t(f"lang.name.{code}"), callback_data=f"l:{code}")
                                  for code in LANGUAGES]])


def save_language(update: Update, context: Context, language: str) -> None:
    services = get_services(context)
    user = update.effective_user
    if user is None:  # a channel post: no one to remember a choice for
        return
    prefs_store(context).set_language(services.sender_hash(user.id, "prefs"), language)


async def on_lang(update: Update, context: Context) -> None:
    args = context.args or []
    language = ALIASES.get(args[0].lower()) if len(args) == 1 else None
    if language is None or update.effective_user is None:
        await reply_html(update, t("lang.choose", language_for(update, context)), choose_keyboard())
        return
    save_language(update, context, language)
    await reply_html(update, t("lang.set", language), next_steps(language))


async def on_lang_button(update: Update, context: Context) -> None:
    query = query_of(update)
    language = (query.data or "").partition(":")[2]
    if language not in LANGUAGES or not button_is_current(query):
        await answer_expired(update, context)
        return
    save_language(update, context, language)
    await query.answer(t("lang.set", language))
    await edit_or_send(query, t("lang.set", language), next_steps(language))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["lang", "bahasa", "language"], on_lang))
    application.add_handler(CallbackQueryHandler(on_lang_button, pattern=r"^l:"))
