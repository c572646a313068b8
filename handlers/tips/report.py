"""/lapor: the anonymous tip conversation, driven by the draft row in SQLite (see bot/tips/flow.py).

Each update loads the sender's draft (by keyed hash), applies one step, saves the draft at once and renders the
next step (handlers/tips/report_view.py), so a restart of the bot resumes exactly where the tipster was. Inline
buttons carry "lp:<draft nonce>:<action>[:<arg>]": a button from an older draft, another step or a forged payload
gets the polite "expired" answer. /batal cancels at once; the ❌ button asks first. Submitting, the receipt and
erasing the conversation afterwards live in handlers/tips/receipt.py.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import asdict
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.numbers import parse_int
from bot.tg.common import answer, drop_keyboard, edit, language_for, message_of, query_of, send
from bot.tg.context import Context
from bot.tips.drafts import Draft
from bot.tips.flow import STEPS, Outcome, extract_links, looks_like_question
from bot.tips.scrub import NotAnImage, Scrubbed
from bot.tips.texts import metadata_removed, tt
from bot.tips.timefmt import WIB, utcnow
from handlers.tips.common import (
    FileTooBig,
    Incoming,
    download,
    draft_input,
    expired,
    incoming_file,
    ready,
    sender_id,
    tips,
)
from handlers.tips.receipt import on_erase, on_receipt_saved, submit
from handlers.tips.report_view import (
    button,
    confirm_cancel_keyboard,
    edit_keyboard,
    render_step,
    show_step,
)

log = logging.getLogger(__name__)

RECENT_UPDATES = 20
_CALLBACK_RE = re.compile(r"^lp:([0-9a-f]{6}):([a-z]{1,6})(?::([a-z0-9_]{1,12}))?$")


def today() -> date:
    return utcnow().astimezone(WIB).date()


def already_applied(draft: Draft, update: Update) -> bool:
    """Whether this update already changed the draft. After a crash Telegram delivers again the updates whose
    receipt the bot had not confirmed yet; applying "Kantor Camat" twice would put it into the next step too.
    The draft remembers the last few update ids it saw (ids only, nothing about the sender)."""
    seen = draft.data.setdefault("seen", [])
    if update.update_id in seen:
        log.info("ignoring an update delivered twice")
        return True
    seen.append(update.update_id)
    del seen[:-RECENT_UPDATES]
    return False


# -- commands ------------------------------------------------------------------------------------------------


async def on_lapor(update: Update, context: Context) -> None:
    lang = language_for(update, context)
    if update.effective_chat is None or update.effective_chat.type != "private":
        await send(update, tt("private_only", lang))
        return
    service = await ready(update, context)
    if service is None:
        return
    user_id = sender_id(update)
    key = service.draft_key(user_id)
    service.close_followup(user_id)
    draft = service.drafts.get(key)
    if draft is not None:
        await send(update, tt("resume", draft.language))
        await show_step(update, context, draft)
        return
    refusal = service.quota.tip_refusal(user_id)
    if refusal:
        limit = service.config.tips_per_hour if refusal == "hour" else service.config.tips_per_day
        await send(update, tt(f"err.quota_{refusal}", lang, limit=limit))
        return
    draft = service.flow.new_draft(key, lang)
    draft.data["first"] = message_of(update).message_id  # where "erase this conversation" starts
    service.drafts.save(draft)
    await send(update, tt("intro", lang))
    await show_step(update, context, draft)


async def on_batal(update: Update, context: Context) -> None:
    lang = language_for(update, context)
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    service = await ready(update, context)
    if service is None:
        return
    user_id = sender_id(update)
    key = service.draft_key(user_id)
    if service.close_followup(user_id):
        await send(update, tt("followup.cancelled", lang))
        return
    draft = service.drafts.get(key)
    if draft is None:
        await send(update, tt("nothing_to_cancel", lang))
        return
    service.cancel_draft(draft)
    await send(update, tt("cancelled", draft.language))


# -- buttons -------------------------------------------------------------------------------------------------


async def on_button(update: Update, context: Context) -> None:
    query = query_of(update)
    data = query.data or ""
    if data.startswith("lp:ok"):
        await on_receipt_saved(update, context)
        return
    if data.startswith("lp:er:"):
        await on_erase(update, context)
        return
    match = _CALLBACK_RE.match(data)
    if match is None or query.from_user is None:
        await expired(update, context)
        return
    service = await ready(update, context)
    if service is None:
        return
    nonce, action, arg = match.groups()
    key = service.draft_key(query.from_user.id)
    draft = service.drafts.get(key)
    if draft is None or draft.nonce != nonce:
        await expired(update, context)
        return
    if already_applied(draft, update):
        await answer(query)
        return
    await _apply_button(update, context, draft, action, arg)


async def _apply_button(update: Update, context: Context, draft: Draft, action: str,
                        arg: str | None) -> None:
    query = query_of(update)
    service = tips(context)
    lang = draft.language
    if action == "noop":
        await answer(query)
    elif action in ("pp", "rp"):
        await _page(update, context, draft, action, arg)
    elif action == "x":
        await answer(query)
        await edit(query, tt("cancel.confirm", lang), confirm_cancel_keyboard(draft))
    elif action == "xy":
        service.cancel_draft(draft)
        await answer(query)
        await edit(query, tt("cancelled", lang))
    elif action == "xn":
        service.drafts.save(draft)
        await answer(query)
        text, markup = render_step(draft, context)
        await edit(query, text, markup)
    elif action == "send":
        await submit(update, context, draft)
    elif action == "edit" and draft.step == "confirm":
        await answer(query)
        await edit(query, tt("edit.choose", lang), edit_keyboard(draft))
    elif action == "sum" and (draft.step == "confirm" or draft.data.get("editing")):
        await _back_to_summary(update, context, draft)
    elif action == "clr" and draft.step == "confirm":
        draft.data["files"], draft.data["links"] = [], []
        service.evidence.remove_draft(draft.draft_id)
        draft.step = "evidence"
        service.drafts.save(draft)
        await answer(query)
        await drop_keyboard(query)
        await show_step(update, context, draft, tt("evidence.cleared", lang))
    elif action == "back" and draft.step not in ("category", "confirm") and not draft.data.get("editing"):
        draft.step = STEPS[STEPS.index(draft.step) - 1]
        draft.data.pop("page", None)
        service.drafts.save(draft)
        await answer(query)
        await drop_keyboard(query)
        await show_step(update, context, draft)
    else:
        await _chosen(update, context, draft, action, arg)


async def _page(update: Update, context: Context, draft: Draft, action: str,
                arg: str | None) -> None:
    service = tips(context)
    step = "province" if action == "pp" else "regency"
    page = parse_int(arg, 0, 100)
    if page is None or service.flow.set_page(draft, step, page).ok is False:
        await expired(update, context)
        return
    service.drafts.save(draft)
    text, markup = render_step(draft, context)
    await answer(update.callback_query)
    await edit(update.callback_query, text, markup)


async def _back_to_summary(update: Update, context: Context, draft: Draft) -> None:
    """From the field being edited (or the edit menu) back to the summary, changing nothing more."""
    service = tips(context)
    query = query_of(update)
    if service.flow.missing(draft):  # a new province still needs its kabupaten/kota
        await answer(query, tt("err.incomplete", draft.language), alert=True)
        return
    draft.data.pop("editing", None)
    draft.step = "confirm"
    service.drafts.save(draft)
    await answer(query)
    text, markup = render_step(draft, context)
    await edit(query, text, markup)


async def _chosen(update: Update, context: Context, draft: Draft, action: str,
                  arg: str | None) -> None:
    service = tips(context)
    flow = service.flow
    choices = {"c": flow.choose_category, "p": flow.choose_province, "r": flow.choose_regency,
               "e": flow.edit}
    outcome: Outcome | None = None
    if action in choices and arg:
        outcome = choices[action](draft, arg)
    elif action == "w" and arg:
        outcome = flow.choose_when(draft, arg, today())
    elif action == "skip":
        outcome = flow.skip_name(draft)
    elif action == "done":
        outcome = flow.finish_evidence(draft)
    if outcome is None or not outcome.ok:
        await expired(update, context)
        return
    service.drafts.save(draft)
    await answer(update.callback_query)
    await drop_keyboard(update.callback_query)
    await show_step(update, context, draft)


# -- typed text and files ------------------------------------------------------------------------------------


async def on_input(update: Update, context: Context) -> None:
    """A private message from a sender with a report in progress (the filter checked that, or could not check
    and held the message back: then the sender is asked to send it again; it is never taken as a question)."""
    lang = language_for(update, context)
    service = await ready(update, context)
    if service is None:
        return
    try:
        key = service.draft_key(sender_id(update))
        draft = service.drafts.get(key)
        if draft is None:  # expired between the filter and now, or the filter could not look
            await send(update, tt("error.state", lang))
            return
        if already_applied(draft, update):
            return
        incoming = incoming_file(message_of(update))
        if incoming is not None:
            await _file(update, context, draft, incoming)
        else:
            await _text(update, context, draft)
    except Exception as exc:  # noqa: BLE001 - fail closed: tell the sender, never pass the text on
        log.error("a report step failed (%s)", type(exc).__name__)
        await send(update, tt("error.state", lang))


async def _text(update: Update, context: Context, draft: Draft) -> None:
    service = tips(context)
    lang = draft.language
    text = message_of(update).text or ""
    step_before = draft.step
    outcome = service.flow.text(draft, text, today())
    if outcome.ok:
        service.drafts.save(draft)
        if step_before == "evidence" and draft.step == "evidence":
            await _evidence_progress(update, draft, outcome)
            return
        await show_step(update, context, draft)
        return
    if outcome.choices:
        rows = [[InlineKeyboardButton(c.name, callback_data=f"lp:{draft.nonce}:"
                                      f"{'p' if draft.step == 'province' else 'r'}:{c.code}")]
                for c in outcome.choices]
        await send(update, tt(outcome.error or "err.stale", lang), InlineKeyboardMarkup(rows))
        return
    if outcome.error == "err.use_buttons" and draft.step == "confirm":
        await show_step(update, context, draft, tt("in_progress", lang))
        return
    if outcome.error == "err.question":
        service.drafts.save(draft)  # remembers the text, so sending it again means "yes, that is my answer"
    message = tt(outcome.error or "err.stale", lang, **outcome.values)
    if looks_like_question(text):  # someone asking the Q&A bot while a report is open
        number = STEPS.index(draft.step) + 1 if draft.step in STEPS[:9] else 9
        message = tt("hint.report_open", lang, step=number) + "\n\n" + message
    await send(update, message)


async def _evidence_progress(update: Update, draft: Draft, outcome: Outcome, removed: str = "") -> None:
    lang = draft.language
    text = tt("evidence.progress", lang, files=len(draft.data["files"]), links=len(draft.data["links"]))
    if outcome.values.get("duplicate"):
        text = tt("evidence.duplicate", lang) + "\n" + text
    if outcome.notice:
        text = tt(outcome.notice, lang) + "\n\n" + text
    if removed:
        text = removed + "\n\n" + text
    done = InlineKeyboardMarkup([[button(tt("btn.done", lang), draft, "done")]])
    await send(update, text, done)


async def _file(update: Update, context: Context, draft: Draft, incoming: Incoming) -> None:
    service = tips(context)
    lang = draft.language
    check = service.flow.check_file(draft, incoming.kind, incoming.size, incoming.ext)
    if not check.ok:
        await send(update, tt(check.error or "err.stale", lang, **check.values))
        return
    try:
        data = await download(context.bot, incoming.file_id or "", service.config.max_file_bytes)
        cleaned = await asyncio.to_thread(service.clean_file, data, incoming.ext or "", incoming.mime)
    except FileTooBig:
        await send(update, tt("err.file_big", lang, limit=service.config.max_file_bytes // (1024 * 1024)))
        return
    except NotAnImage:
        await send(update, tt("err.image_unreadable", lang))
        return
    except Exception:  # noqa: BLE001 - network trouble: ask to send again, keep the draft
        log.warning("downloading an evidence file failed", exc_info=False)
        await send(update, tt("error.file", lang))
        return
    stored = service.save_draft_file(draft, cleaned)
    record = {**asdict(stored), "note": cleaned.flag}
    outcome = service.flow.add_file(draft, incoming.kind, record, cleaned.mime or incoming.mime)
    caption = message_of(update).caption or ""
    if outcome.ok and caption and extract_links(caption):
        service.flow.add_links(draft, extract_links(caption))
    if not outcome.ok:
        await send(update, tt(outcome.error or "err.stale", lang, **outcome.values))
        return
    service.drafts.save(draft)
    await _evidence_progress(update, draft, outcome, removed_note(cleaned, incoming.kind, lang))


def removed_note(cleaned: Scrubbed, kind: str, lang: str) -> str:
    """What the tipster is told about the metadata of the file they just sent."""
    return metadata_removed(cleaned.removed, cleaned.flag, kind, lang)


def register(application: Application) -> None:
    # The report lives in a private chat, whose updates bot/tg/concurrency.py runs one at a time in arrival order;
    # a slow step (a file download) holds up only this chat, so every handler here simply runs to its end.
    application.add_handler(CommandHandler(["lapor", "report"], on_lapor))
    application.add_handler(CommandHandler(["batal", "cancel"], on_batal))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^lp:"))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & draft_input(application), on_input))
