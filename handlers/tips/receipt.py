"""Submitting a report, the receipt, and erasing the report conversation from the tipster's chat afterwards.

The tip is committed (fsynced) before its code is shown. The receipt asks the tipster to save the code; once they
have, they may erase the whole report conversation from their own chat: bots may delete messages in a private chat
(the user's and their own) for 48 hours, so the conversation from /lapor to that button goes, and, only if they
want it, one short message stays with a hint of the code (its last four characters), never the code itself.
Button data: "lp:ok:<lang>:<first message id>:<hint>" and "lp:er:<lang>:<first>:<hint>:<keep 0|1>".
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.tg.common import answer, drop_keyboard, language_for, query_of, send
from bot.tg.context import Context
from bot.tips.drafts import Draft
from bot.tips.texts import tt
from bot.tips.timefmt import WIB, utcnow
from handlers.tips.common import expired, tips

log = logging.getLogger(__name__)

ERASE_LIMIT = 2000  # message ids; a report conversation is a few dozen messages, plus whatever came between
_OK_RE = re.compile(r"^lp:ok:(id|en)(?::(\d{1,12}):([A-Z0-9]{4}|-))?$")
_ERASE_RE = re.compile(r"^lp:er:(id|en):(\d{1,12}):([A-Z0-9]{4}|-):([01])$")


async def submit(update: Update, context: Context, draft: Draft) -> None:
    query = query_of(update)
    service = tips(context)
    lang = draft.language
    if draft.step != "confirm":
        await expired(update, context)
        return
    try:
        receipt = await asyncio.to_thread(service.store.new_receipt)  # PBKDF2: off the event loop
        result = service.submit(draft, query.from_user.id, receipt=receipt)
    except Exception as exc:  # noqa: BLE001 - the draft is still there; the tipster can press again
        log.error("saving a tip failed (%s)", type(exc).__name__)
        await answer(query, tt("error.save", lang), alert=True)
        return
    if not result.ok:
        if result.refusal == "incomplete":
            await answer(query, tt("err.incomplete", lang), alert=True)
            return
        key = "err.duplicate" if result.refusal == "duplicate" else f"err.quota_{result.refusal}"
        await answer(query, tt(key, lang, limit=result.limit), alert=True)
        return
    # The tip is committed (fsynced) before the tipster sees its code.
    await answer(query)
    await drop_keyboard(query)
    first = draft.data.get("first")
    code = result.code or ""
    data = f"lp:ok:{lang}:{first}:{code[-4:]}" if isinstance(first, int) and code else f"lp:ok:{lang}"
    saved = InlineKeyboardMarkup([[InlineKeyboardButton(tt("btn.saved", lang), callback_data=data)]])
    await send(update, tt("receipt", lang, code=code), saved)
    when_date = draft.data.get("when_date")
    today = utcnow().astimezone(WIB).date()
    if when_date is None or (today - date.fromisoformat(when_date)).days <= 9:
        await send(update, tt("deadline.recent", lang))
    from handlers.tips.review import kick_outbox

    kick_outbox(context.application)


async def on_receipt_saved(update: Update, context: Context) -> None:
    query = query_of(update)
    match = _OK_RE.match(query.data or "")
    lang = match.group(1) if match else language_for(update, context)
    await answer(query)
    await drop_keyboard(query)
    markup = None
    if match and match.group(2):
        first, hint = match.group(2), match.group(3)
        markup = InlineKeyboardMarkup([
            [InlineKeyboardButton(tt("btn.erase", lang), callback_data=f"lp:er:{lang}:{first}:{hint}:0")],
            [InlineKeyboardButton(tt("btn.erase_keep", lang), callback_data=f"lp:er:{lang}:{first}:{hint}:1")],
        ])
    await send(update, tt("receipt.saved", lang) + ("\n\n" + tt("erase.offer", lang) if markup else ""), markup)


async def on_erase(update: Update, context: Context) -> None:
    """Delete the report conversation (from the /lapor message to this one) from the tipster's private chat."""
    query = query_of(update)
    match = _ERASE_RE.match(query.data or "")
    message = query.message
    if match is None or message is None or message.chat.type != "private":
        await expired(update, context)
        return
    lang, first, hint, keep = match.group(1), int(match.group(2)), match.group(3), match.group(4) == "1"
    last = message.message_id
    if not 0 < first <= last or last - first > ERASE_LIMIT:
        await expired(update, context)
        return
    ids = list(range(first, last + 1))
    failed = 0
    for start in range(0, len(ids), 100):  # deleteMessages takes at most 100 ids
        try:
            await context.bot.delete_messages(message.chat.id, ids[start:start + 100])
        except TelegramError as exc:
            failed += 1
            log.info("could not delete part of a report conversation: %s", type(exc).__name__)
    if keep and hint != "-":
        await send(update, tt("erase.hint", lang, hint=hint))
    await answer(query, tt("erase.partly" if failed else "erase.done", lang), alert=bool(failed))
