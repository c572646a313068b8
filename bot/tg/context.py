"""What the Application keeps for every handler, typed: python-telegram-bot's `ContextTypes(bot_data=BotData)`
makes `context.bot_data` (and `application.bot_data`) a `BotData` with named attributes instead of a dict of string
keys, and `Defaults` give every message HTML parsing and no link previews unless a call says otherwise.

`bot.app.build_application` installs both; handlers annotate their context as `Context`.
"""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import CallbackContext, ContextTypes, Defaults, ExtBot

from bot.prefs import PrefsStore
from bot.qa.feedback import FeedbackStore, RecentQuestions, VoteGuard
from bot.services import Services
from bot.tips.service import TipsService


class BotData:
    """The long-lived objects of one Application. `services` is set by `build_application` before any update; the
    stores are created there too, or on first use (`bot.tg.common.prefs_store`, `bot.tips.service.for_application`)
    so that a test can build an Application with less."""

    services: Services

    def __init__(self) -> None:
        self.prefs: PrefsStore | None = None
        self.feedback: FeedbackStore | None = None
        self.vote_guard = VoteGuard()
        self.recent_questions = RecentQuestions()  # which question each recent card answered (for 👎), memory only
        self.tips: TipsService | None = None
        self.tips_unavailable: str | None = None  # why the tips feature is off (no usable key), once known
        self.tips_lock: Any = None  # DATA_DIR/tips.lock, held while the bot runs (bot.tips.rotate.hold_lock)


CONTEXT_TYPES: ContextTypes[Any, Any, Any, BotData] = ContextTypes(bot_data=BotData)

# What a handler receives as `context`.
Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]

# Every reply is HTML (texts escape what users or the YAML put in them), and no reply unfolds a link preview: the
# cards and tip notices cite links that would otherwise push the answer off a phone screen.
DEFAULTS = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
