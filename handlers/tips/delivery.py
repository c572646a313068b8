"""Delivering review-group notices from the outbox: the tip's notice, then copies of its evidence re-sent by the
bot from its own (decrypted, metadata-free) storage, never forwards; replies and added evidence as answers to the
notice. Any failure keeps the item and schedules a retry with backoff; `progress` makes a retry resume.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import ReplyParameters
from telegram.constants import ParseMode
from telegram.ext import Application

from bot.tg.context import Context
from bot.tips.crypto import DecryptError
from bot.tips.outbox import OutboxItem
from bot.tips.render import esc
from bot.tips.service import TipsService, TipsUnavailable, for_application
from bot.tips.store import Evidence, Tip
from bot.tips.texts import tt
from handlers.tips.review_view import notice, review_keyboard

log = logging.getLogger(__name__)


_background: set[asyncio.Task] = set()


def kick_outbox(application: Application) -> None:
    """Deliver due notices now, in the background (the tipster's reply does not wait for the review group).

    Through Application.create_task: an error reaches the error handler, and stopping the bot awaits the delivery.
    """
    coroutine = deliver_outbox(application)
    try:
        task = application.create_task(coroutine, name="tips:outbox")
    except RuntimeError:  # no event loop is running (not called from a handler): the outbox job delivers later
        coroutine.close()
        return
    _background.add(task)
    task.add_done_callback(_background.discard)


async def deliver_outbox(application: Application) -> int:
    """Send every due outbox item to the review group; stop at the first failure (the group is probably
    unreachable) after scheduling its retry. Returns how many items were delivered."""
    try:
        service = for_application(application)
    except TipsUnavailable:
        return 0
    chat_id = service.settings.review_chat_id
    if chat_id is None:
        return 0
    if service.delivery_lock is None:
        service.delivery_lock = asyncio.Lock()
    delivered = 0
    async with service.delivery_lock:
        for item in service.outbox.due():
            try:
                await _deliver(application.bot, service, chat_id, item)
            except Exception as exc:  # noqa: BLE001 - any failure: keep the item and retry later
                delay = service.outbox.mark_failed(item.id, f"{type(exc).__name__}: {exc}")
                log.warning("review notice %s for tip %s not delivered (%s); next try in %ds", item.id,
                            item.tip_id, type(exc).__name__, delay.total_seconds())
                break
            service.outbox.mark_sent(item.id)
            delivered += 1
    return delivered


async def _deliver(bot: Any, service: TipsService, chat_id: int, item: OutboxItem) -> None:
    store = service.store
    tip = store.get(item.tip_id)
    if tip is None:  # deleted by retention before it was delivered: nothing left to announce
        return
    if item.kind == "new_tip":
        files = [e for e in store.evidence_of(tip.id) if e.kind != "link" and e.source == "report"]
        if item.progress == 0:
            message = await bot.send_message(chat_id, notice(service, tip), parse_mode=ParseMode.HTML,
                                             reply_markup=review_keyboard(tip),
                                             link_preview_options=_no_preview())
            store.set_review_message(tip.id, message.message_id)
            service.outbox.set_progress(item.id, 1)
            tip = store.get(tip.id) or tip
        await _send_files(bot, service, chat_id, item, tip, files, first_part=1)
    elif item.kind == "reply":
        event = store.event(int(item.payload.get("event_id", 0)))
        if event is None:
            return
        await bot.send_message(chat_id, tt("rv.reply", tip=tip.id, text=esc(event.text or "")),
                               parse_mode=ParseMode.HTML, reply_parameters=_reply_to(tip),
                               link_preview_options=_no_preview())
    elif item.kind == "evidence":
        items = store.evidence_of(tip.id, item.payload.get("evidence_ids", []))
        files = [e for e in items if e.kind != "link"]
        if item.progress == 0:
            links = "".join(f"\n• {esc(e.url)}" for e in items if e.kind == "link" and e.url)
            await bot.send_message(chat_id, tt("rv.evidence", tip=tip.id, count=len(items), links=links),
                                   parse_mode=ParseMode.HTML, reply_parameters=_reply_to(tip),
                                   link_preview_options=_no_preview())
            service.outbox.set_progress(item.id, 1)
        await _send_files(bot, service, chat_id, item, tip, files, first_part=1)


async def _send_files(bot: Any, service: TipsService, chat_id: int, item: OutboxItem, tip: Tip,
                      files: list[Evidence], first_part: int) -> None:
    """Re-send stored evidence files (never forwards); progress counts parts so a retry resumes."""
    progress = max(item.progress, first_part)
    for index, evidence in enumerate(files, start=1):
        part = first_part + index - 1
        if part < progress:
            continue
        caption = tt("rv.file_caption", tip=tip.id, index=index, total=len(files))
        if evidence.note:
            caption += "\n" + tt(f"rv.file_note.{evidence.note}")
        try:
            data = service.evidence.read(evidence.path or "")
        except (OSError, ValueError, DecryptError):
            await bot.send_message(chat_id, tt("rv.file_missing", tip=tip.id, index=index),
                                   reply_parameters=_reply_to(tip))
        else:
            name = f"bukti-{tip.id}-{index}.{(evidence.path or '').rsplit('.', 1)[-1]}"
            if evidence.kind == "photo":
                await bot.send_photo(chat_id, photo=data, caption=caption, filename=name,
                                     reply_parameters=_reply_to(tip))
            elif evidence.kind == "video":
                await bot.send_video(chat_id, video=data, caption=caption, filename=name,
                                     reply_parameters=_reply_to(tip))
            else:
                await bot.send_document(chat_id, document=data, caption=caption, filename=name,
                                        reply_parameters=_reply_to(tip))
        service.outbox.set_progress(item.id, part + 1)


def _reply_to(tip: Tip) -> ReplyParameters | None:
    if not tip.review_message_id:
        return None
    return ReplyParameters(message_id=tip.review_message_id, allow_sending_without_reply=True)


def _no_preview() -> Any:
    from telegram import LinkPreviewOptions

    return LinkPreviewOptions(is_disabled=True)


# -- jobs ----------------------------------------------------------------------------------------------------


async def outbox_job(context: Context) -> None:
    await deliver_outbox(context.application)


async def housekeeping_job(context: Context) -> None:
    for_application(context.application).housekeeping()
