"""/status <code>: a tip's status history and reviewers' questions, and the tipster's answers and extra evidence.

A wrong code gets the same answer as one that never existed (or was deleted by retention), after a configurable
delay (TIPS_STATUS_DELAY), and failed lookups are counted per sender hash; the delay holds up only the sender's own
chat (bot/tg/concurrency.py runs other chats meanwhile). After a successful lookup a short-lived follow-up
session (memory only, keyed by sender hash) lets the next message answer a question or add evidence.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.tg.common import answer, drop_keyboard, language_for, message_of, query_of, send
from bot.tg.context import Context
from bot.tips.flow import FILE_KINDS, clean_text, extract_links
from bot.tips.render import tipster_status
from bot.tips.scrub import NotAnImage
from bot.tips.service import FollowUp
from bot.tips.store import normalize_code
from bot.tips.texts import metadata_removed, tt
from handlers.tips.common import (
    FileTooBig,
    download,
    expired,
    followup_input,
    incoming_file,
    ready,
    sender_id,
    tips,
)

log = logging.getLogger(__name__)

_CALLBACK_RE = re.compile(r"^st:([A-Za-z0-9_-]{8}):(rp|ev|done)$")


def _keyboard(session: FollowUp, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(tt("btn.reply", lang), callback_data=f"st:{session.token}:rp")],
        [InlineKeyboardButton(tt("btn.add_evidence", lang), callback_data=f"st:{session.token}:ev")],
    ])


async def on_status(update: Update, context: Context) -> None:
    lang = language_for(update, context)
    if update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        await _in_group(update, context, lang)
        return
    service = await ready(update, context)
    if service is None:
        return
    text = " ".join(context.args or [])
    if not text.strip():
        await send(update, tt("status.usage", lang))
        return
    code = normalize_code(text)
    if code is None:
        await send(update, tt("status.malformed", lang))
        return
    user_id = sender_id(update)
    if service.quota.status_blocked(user_id):
        await send(update, tt("status.blocked", lang))
        return
    receipt_hash = await asyncio.to_thread(service.store.code_hash, code)  # PBKDF2: off the event loop
    tip = service.store.find_by_hash(receipt_hash)
    if tip is None:
        service.quota.record_failed_status(user_id)
        await asyncio.sleep(service.config.status_delay_seconds)
        await send(update, tt("status.not_found", lang))
        return
    session = service.open_followup(user_id, tip.id)
    body = tipster_status(tip, service.store.events(tip.id), service.wilayah, lang)
    await send(update, body, None if tip.status == "closed" else _keyboard(session, lang))


async def _in_group(update: Update, context: Context, lang: str) -> None:
    """/status in a group: never look the code up there. If anything was typed after the command it may be a
    real code, now seen by the group: delete the message if the bot may, and tell the sender (privately, if they
    have a chat with the bot) to treat the code as burnt."""
    if not context.args:
        await send(update, tt("status.private_only", lang))
        return
    try:
        deleted = bool(await message_of(update).delete())
    except TelegramError:
        deleted = False
    note = tt("status.group_deleted" if deleted else "status.group_kept", lang)
    await send(update, tt("status.group", lang, deleted=note))
    user = update.effective_user
    if user is not None and not user.is_bot:
        try:
            await context.bot.send_message(user.id, tt("status.burnt", lang), parse_mode="HTML")
        except TelegramError:  # the sender never opened a chat with the bot: the group warning has to do
            pass


async def on_button(update: Update, context: Context) -> None:
    query = query_of(update)
    match = _CALLBACK_RE.match(query.data or "")
    if match is None or query.from_user is None:
        await expired(update, context)
        return
    token, action = match.groups()
    service = await ready(update, context)
    if service is None:
        return
    lang = language_for(update, context)
    session = service.followup(query.from_user.id)
    if session is None or session.token != token:
        await expired(update, context)
        return
    tip = service.store.get(session.tip_id)
    if tip is None or tip.status == "closed":
        service.close_followup(query.from_user.id)
        await answer(query, tt("followup.closed", lang), alert=True)
        return
    session.touch()
    await answer(query)
    if action == "rp":
        session.mode = "reply"
        await send(update, tt("followup.reply_prompt", lang, limit=service.config.max_reply))
    elif action == "ev":
        session.mode, session.added = "evidence", 0
        done = InlineKeyboardMarkup([[InlineKeyboardButton(tt("btn.done", lang),
                                                           callback_data=f"st:{session.token}:done")]])
        await send(update, tt("followup.evidence_prompt", lang, files=service.config.max_files,
                              mb=service.config.max_file_bytes // (1024 * 1024)), done)
    else:  # done
        if session.mode != "evidence":
            return
        await drop_keyboard(query)
        count, session.mode = session.added, None
        await send(update, tt("followup.evidence_saved", lang, count=count) if count
                   else tt("followup.nothing", lang))


async def on_input(update: Update, context: Context) -> None:
    """A message while a follow-up session waits for an answer or evidence (the filter checked that)."""
    service = tips(context)
    user_id = sender_id(update)
    lang = language_for(update, context)
    session = service.followup(user_id)
    if session is None or session.mode is None:
        await send(update, tt("followup.expired", lang))
        return
    tip = service.store.get(session.tip_id)
    if tip is None or tip.status == "closed":
        service.close_followup(user_id)
        await send(update, tt("followup.closed", lang))
        return
    session.touch()
    if session.mode == "reply":
        await _reply(update, context, session, lang)
    else:
        await _evidence(update, context, session, lang)


async def _reply(update: Update, context: Context, session: FollowUp, lang: str) -> None:
    service = tips(context)
    text = clean_text(message_of(update).text or "")
    if len(text) < 2:
        await send(update, tt("followup.empty", lang))
        return
    if len(text) > service.config.max_reply:
        await send(update, tt("err.too_long", lang, limit=service.config.max_reply, length=len(text)))
        return
    service.store.reply(session.tip_id, text)
    session.mode = None
    await send(update, tt("followup.reply_saved", lang))
    from handlers.tips.review import kick_outbox

    kick_outbox(context.application)


async def _evidence(update: Update, context: Context, session: FollowUp, lang: str) -> None:
    service = tips(context)
    config = service.config
    message = message_of(update)
    incoming = incoming_file(message)
    files, links = [], extract_links(message.text or message.caption or "")
    if incoming is not None:
        if incoming.kind not in FILE_KINDS:
            await send(update, tt("err.file_kind", lang))
            return
        if incoming.ext is None:
            await send(update, tt("err.file_type", lang))
            return
        if session.added >= config.max_files:
            await send(update, tt("err.files_many", lang, limit=config.max_files))
            return
        if incoming.size is not None and incoming.size > config.max_file_bytes:
            await send(update, tt("err.file_big", lang, limit=config.max_file_bytes // (1024 * 1024)))
            return
        try:
            data = await download(context.bot, incoming.file_id or "", config.max_file_bytes)
            cleaned = await asyncio.to_thread(service.clean_file, data, incoming.ext or "", incoming.mime)
        except FileTooBig:
            await send(update, tt("err.file_big", lang, limit=config.max_file_bytes // (1024 * 1024)))
            return
        except NotAnImage:
            await send(update, tt("err.image_unreadable", lang))
            return
        except Exception:  # noqa: BLE001
            log.warning("downloading a follow-up file failed")
            await send(update, tt("error.file", lang))
            return
        stored = service.evidence.save_tip_file(session.tip_id, cleaned.data, cleaned.ext)
        files.append((incoming.kind, stored, cleaned.mime or incoming.mime, cleaned.flag))
    elif not links:
        await send(update, tt("err.evidence_text", lang))
        return
    links = links[: config.max_links]
    service.store.add_followup_evidence(session.tip_id, files, links)
    session.added += len(files) + len(links)
    done = InlineKeyboardMarkup([[InlineKeyboardButton(tt("btn.done", lang),
                                                       callback_data=f"st:{session.token}:done")]])
    note = metadata_removed(cleaned.removed, cleaned.flag, incoming.kind, lang) if files and incoming else ""
    await send(update, (note + "\n\n" if note else "") + tt("followup.evidence_saved", lang, count=session.added),
               done)
    from handlers.tips.review import kick_outbox

    kick_outbox(context.application)


def register(application: Application) -> None:
    # A wrong code waits TIPS_STATUS_DELAY seconds; bot/tg/concurrency.py runs other chats meanwhile, so the delay
    # holds up only the sender's own chat.
    application.add_handler(CommandHandler(["status"], on_status))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^st:"))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & followup_input(application), on_input))
