"""The last handlers: a friendly hint for messages the bot cannot read, unknown commands, and stale buttons.

They run only when no earlier handler took the update (the tip report, for example, takes photos first).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.texts import t
from bot.tg.common import ADDRESSED, answer_expired, language_for, reply_html
from bot.tg.context import Context

# Media and other content that is not a question. Service messages (members joining, pins, ...) are not in the
# list on purpose: the bot must stay silent about those.
UNSUPPORTED = (
    filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE | filters.PHOTO
    | filters.Document.ALL | filters.ANIMATION | filters.LOCATION | filters.VENUE | filters.CONTACT | filters.POLL
    | filters.Dice.ALL | filters.GAME | filters.STORY
)


async def on_unsupported(update: Update, context: Context) -> None:
    await reply_html(update, t("unsupported", language_for(update, context)))


async def on_unknown_command(update: Update, context: Context) -> None:
    await reply_html(update, t("unknown_command", language_for(update, context)))


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & UNSUPPORTED & ADDRESSED, on_unsupported))
    # In a group an unknown command may belong to another bot, so only private chats get the hint.
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND & filters.ChatType.PRIVATE, on_unknown_command)
    )
    application.add_handler(CallbackQueryHandler(answer_expired))  # any button no earlier handler recognised
