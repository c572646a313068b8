"""Helpers only the tips handlers (report, status, review) need: the tips service of a context, "is this update
part of a report in progress?" filters, file downloads. The Telegram helpers both features use (send, answer,
edit, the sender's language) are in bot.tg.common.

Nothing here stores or logs a Telegram id: drafts and sessions are found through keyed hashes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import Message, Update
from telegram.ext import filters

from bot.tg.common import answer, language_for, send
from bot.tips.evidence import extension_for
from bot.tips.service import TipsService, TipsUnavailable, for_application
from bot.tips.texts import tt

log = logging.getLogger(__name__)

def tips(context: Any) -> TipsService:
    return for_application(context.application)


def sender_id(update: Update) -> int:
    """The sender's id, for keyed hashes only (never stored or logged). Tips handlers only see updates with one."""
    user = update.effective_user
    if user is None:
        raise ValueError("an update without a sender")
    return user.id


async def ready(update: Update, context: Any) -> TipsService | None:
    """The tips service, or None after telling the user that reporting is not open yet (no tips key: the
    operator sees why in the start-up self-check)."""
    try:
        return tips(context)
    except TipsUnavailable:
        lang = language_for(update, context)
        if update.callback_query is not None:
            await answer(update.callback_query, tt("unavailable", lang), alert=True)
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await send(update, tt("unavailable", lang))
        return None


async def expired(update: Update, context: Any) -> None:
    """The polite answer to a stale or forged button: never an exception, never a changed message."""
    if update.callback_query is not None:
        await answer(update.callback_query, tt("expired_button", language_for(update, context)))


# -- what a message carries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    kind: str  # photo | document | video | other
    file_id: str | None
    size: int | None
    mime: str | None
    ext: str | None


def incoming_file(message: Message) -> Incoming | None:
    """The file of a message, or None for text; kind "other" for media that cannot be evidence."""
    if message.photo:
        largest = message.photo[-1]
        return Incoming("photo", largest.file_id, largest.file_size, "image/jpeg", "jpg")
    if message.document is not None:
        doc = message.document
        return Incoming("document", doc.file_id, doc.file_size, doc.mime_type,
                        extension_for(doc.mime_type, doc.file_name))
    if message.video is not None:
        video = message.video
        ext = extension_for(video.mime_type, video.file_name) or "mp4"
        return Incoming("video", video.file_id, video.file_size, video.mime_type or "video/mp4", ext)
    if any(getattr(message, name, None) for name in ("sticker", "voice", "audio", "video_note", "animation",
                                                     "location", "contact", "venue", "poll", "dice")):
        return Incoming("other", None, None, None, None)
    return None


class FileTooBig(Exception):
    pass


async def download(bot: Any, file_id: str, limit: int) -> bytes:
    """The file's bytes from Telegram (getFile, then the file URL); FileTooBig over `limit`."""
    telegram_file = await bot.get_file(file_id)
    if telegram_file.file_size and telegram_file.file_size > limit:
        raise FileTooBig
    data = bytes(await telegram_file.download_as_bytearray())
    if len(data) > limit:
        raise FileTooBig
    return data


# -- filters: claim an update only when it belongs to the tips feature ---------------------------------------


class _TipsStateFilter(filters.UpdateFilter):
    """Matches private messages of a sender who has a report in progress (`mode="draft"`) or an open /status
    follow-up (`mode="followup"`). It looks the sender up by keyed hash; everything else passes through to the
    question and media handlers.

    It fails closed: when the lookup itself fails, the draft filter claims the message anyway, so that a step of
    a report is never answered as a question or kept in the `unanswered` table; the report handler then tells the
    sender that the message was not taken and asks them to send it again."""

    __slots__ = ("application", "mode")

    def __init__(self, application: Any, mode: str) -> None:
        super().__init__(name=f"TipsState({mode})")
        self.application = application
        self.mode = mode

    def filter(self, update: Update) -> bool:
        message = update.message
        if message is None or message.chat.type != "private" or message.from_user is None:
            return False
        if message.text is not None and message.text.startswith("/"):
            return False
        try:
            service = for_application(self.application)
            user_id = message.from_user.id
            session = service.followup(user_id)
            in_followup = session is not None and session.mode is not None
            if self.mode == "followup":
                return in_followup
            return not in_followup and service.drafts.exists(service.draft_key(user_id))
        except TipsUnavailable:
            return False  # no tips key: no report can be in progress
        except Exception as exc:  # noqa: BLE001 - fail closed (see the class docstring)
            log.error("tips state lookup failed (%s); the message is held back, not treated as a question",
                      type(exc).__name__)
            return self.mode == "draft"


def draft_input(application: Any) -> filters.UpdateFilter:
    return _TipsStateFilter(application, "draft")


def followup_input(application: Any) -> filters.UpdateFilter:
    return _TipsStateFilter(application, "followup")
