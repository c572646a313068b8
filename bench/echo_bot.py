"""The loopback baseline: the smallest python-telegram-bot process that answers every text, polling like the bot.

Reads TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL from the environment (the fake Bot API in the benchmark).
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    app = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
