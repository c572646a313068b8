"""/privasi and /privacy: what the bot stores, what it does not, for how long, who reads it, and what Telegram
itself knows. Telegram shows a bot's privacy policy from BotFather's setting or, without one, from the bot's
/privacy command, so the command is what users reach from the bot's profile; it is in the private-chat command menu
(bot/app.py PRIVATE_COMMANDS). It works in any chat (nothing personal is in it) and does not need the tips key.
The text's claims are written down in docs/privacy.md and tested in tests/tips/test_privacy_claims.py.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.tg.common import language_for, send
from bot.tg.context import Context
from bot.tips.texts import tt

log = logging.getLogger(__name__)


def privacy_text(application: Application, lang: str) -> str:
    bot_data = application.bot_data
    settings = bot_data.services.settings
    config = bot_data.tips.config if bot_data.tips is not None else settings.tips
    return tt("privacy", lang, draft_hours=config.draft_ttl_hours,
              closed_days=settings.tip_retention_days, idle_days=config.retention_open_days)


async def on_privacy(update: Update, context: Context) -> None:
    await send(update, privacy_text(context.application, language_for(update, context)))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["privasi", "privacy"], on_privacy))
