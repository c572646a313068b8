"""Helpers every handler module shares: the user's language, the feature stores, and "is this for me?".

`language_for(update, context)` is the one place that decides the interface language; the tips feature calls it
too. Order: the language the user chose with /lang, then their Telegram app language, then DEFAULT_LANGUAGE.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.prefs import PrefsStore
from bot.services import Services, get_services

# Telegram app languages whose speakers are best served in Indonesian (regional languages of Indonesia, Malay).
_INDONESIAN_CODES = ("id", "in", "jv", "su", "ms", "ban", "mad", "min")


def services_of(context: Any) -> Services:
    return get_services(context)


def prefs_store(context: Any) -> PrefsStore:
    """The PrefsStore kept in bot_data (created on first use, so handler tests need no extra set-up)."""
    bot_data = context.application.bot_data
    store = bot_data.get("prefs")
    if store is None:
        store = bot_data["prefs"] = PrefsStore(get_services(context).db)
    return store


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
    """"id" or "en": the language to talk to the sender of `update` in."""
    return chosen_language(update, context) or default_language(update, context)


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"
