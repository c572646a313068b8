"""/privasi and /privacy: what the bot stores, what it does not, for how long, who reads it, and what Telegram
itself knows. Telegram shows a bot's privacy policy from BotFather's setting or, without one, from the bot's
/privacy command, so the command is what users reach from the bot's profile. It works in any chat (nothing
personal is in it) and does not need the tips key. The text's claims are written down in docs/privacy.md and
tested in tests/tips/test_privacy_claims.py.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.tips.texts import tt
from handlers.tips.common import language, send

log = logging.getLogger(__name__)

MENU = {"id": ("privasi", "Privasi: apa yang disimpan dan siapa yang membaca"),
        "en": ("privacy", "Privacy: what is stored and who reads it")}


def privacy_text(application: Application, lang: str) -> str:
    bot_data = application.bot_data
    settings = bot_data.services.settings
    config = bot_data.tips.config if bot_data.tips is not None else settings.tips
    return tt("privacy", lang, draft_hours=config.draft_ttl_hours,
              closed_days=settings.tip_retention_days, idle_days=config.retention_open_days)


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update, privacy_text(context.application, language(update, context)))


async def post_init(application: Application) -> None:
    """Add /privasi (Indonesian menu) and /privacy (English menu) to the private-chat command menus that
    bot/app.py has just set, keeping whatever is there."""
    scope = BotCommandScopeAllPrivateChats()
    for lang, (name, description) in MENU.items():
        code = None if lang == "id" else "en"
        try:
            current = list(await application.bot.get_my_commands(scope=scope, language_code=code))
            if all(command.command != name for command in current):
                current.append(BotCommand(name, description))
                await application.bot.set_my_commands(current, scope=scope, language_code=code)
        except (TelegramError, TypeError, ValueError) as exc:  # a missing menu entry is no reason not to start
            log.warning("could not add %s to the command menu: %s", name, type(exc).__name__)


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["privasi", "privacy"], on_privacy))
