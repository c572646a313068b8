"""/lapor: the anonymous tip conversation, driven by the draft row in SQLite (see bot/tips/flow.py).

Each update loads the sender's draft (by keyed hash), applies one step, saves the draft at once and renders the
next step, so a restart of the bot resumes exactly where the tipster was. Inline buttons carry
"lp:<draft nonce>:<action>[:<arg>]": a button from an older draft, another step or a forged payload gets the
polite "expired" answer. /batal cancels (the draft and its files are deleted).
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
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.numbers import parse_int
from bot.tips.drafts import Draft
from bot.tips.evidence import StoredFile
from bot.tips.flow import EDITABLE, Outcome
from bot.tips.timefmt import WIB, utcnow
from bot.tips.store import CATEGORIES
from bot.tips.render import draft_summary, esc
from bot.tips.texts import EDIT_LABEL, category_label, tt
from handlers.tips.common import (
    FileTooBig,
    answer,
    download,
    draft_input,
    drop_keyboard,
    edit,
    expired,
    incoming_file,
    language,
    send,
    tips,
)

log = logging.getLogger(__name__)

RECENT_UPDATES = 20
PROVINCES_PER_PAGE = 10
REGENCIES_PER_PAGE = 12
_CALLBACK_RE = re.compile(r"^lp:([0-9a-f]{6}):([a-z]{1,6})(?::([a-z0-9_]{1,12}))?$")


def today() -> date:
    return utcnow().astimezone(WIB).date()


def button(text: str, draft: Draft, action: str, arg: str | None = None) -> InlineKeyboardButton:
    data = f"lp:{draft.nonce}:{action}" + (f":{arg}" if arg is not None else "")
    return InlineKeyboardButton(text, callback_data=data)


def _nav_row(draft: Draft, lang: str, back: bool = True) -> list[InlineKeyboardButton]:
    row = [button(tt("btn.back", lang), draft, "back")] if back and not draft.data.get("editing") else []
    return row + [button(tt("btn.cancel", lang), draft, "x")]


def _paged(draft: Draft, lang: str, items: list[tuple[str, str]], action: str, page_action: str,
           per_page: int) -> list[list[InlineKeyboardButton]]:
    pages = max(1, -(-len(items) // per_page))
    page = min(max(int(draft.data.get("page", 0)), 0), pages - 1)
    chunk = items[page * per_page:(page + 1) * per_page]
    rows = [[button(label, draft, action, code) for code, label in chunk[i:i + 2]] for i in range(0, len(chunk), 2)]
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(button(tt("btn.prev", lang), draft, page_action, str(page - 1)))
        nav.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=f"lp:{draft.nonce}:noop"))
        if page < pages - 1:
            nav.append(button(tt("btn.next", lang), draft, page_action, str(page + 1)))
        rows.append(nav)
    return rows


def render_step(draft: Draft, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, InlineKeyboardMarkup]:
    """The prompt and keyboard of the draft's current step."""
    service = tips(context)
    config, lang, step = service.config, draft.language, draft.step
    rows: list[list[InlineKeyboardButton]] = []
    if step == "category":
        text = tt("step.category", lang)
        rows = [[button(f"{i}. {category_label(code, lang)}", draft, "c", code)] for i, code in
                enumerate(CATEGORIES, start=1)]
        rows.append(_nav_row(draft, lang, back=False))
    elif step == "province":
        text = tt("step.province", lang)
        items = [(p.code, p.name) for p in service.wilayah.provinces]
        rows = _paged(draft, lang, items, "p", "pp", PROVINCES_PER_PAGE) + [_nav_row(draft, lang)]
    elif step == "regency":
        province = service.wilayah.province(draft.data.get("province", ""))
        text = tt("step.regency", lang, province=esc(province.name if province else "?"))
        items = [(r.code, r.short_name) for r in (province.regencies if province else ())]
        rows = _paged(draft, lang, items, "r", "rp", REGENCIES_PER_PAGE) + [_nav_row(draft, lang)]
    elif step == "when":
        text = tt("step.when", lang)
        rows = [[button(tt(f"btn.{p}", lang), draft, "w", p) for p in ("today", "yesterday", "week")],
                _nav_row(draft, lang)]
    elif step in ("agency", "role"):
        text = tt(f"step.{step}", lang, limit=config.max_short_text)
        rows = [_nav_row(draft, lang)]
    elif step == "name":
        text = tt("step.name", lang)
        rows = [[button(tt("btn.skip", lang), draft, "skip")], _nav_row(draft, lang)]
    elif step == "description":
        text = tt("step.description", lang, minimum=config.min_description, limit=config.max_description)
        rows = [_nav_row(draft, lang)]
    elif step == "evidence":
        text = tt("step.evidence", lang, files=config.max_files, mb=config.max_file_bytes // (1024 * 1024),
                  links=config.max_links)
        has_any = draft.data.get("files") or draft.data.get("links")
        rows = [[button(tt("btn.done" if has_any else "btn.no_evidence", lang), draft, "done")],
                _nav_row(draft, lang)]
    else:  # confirm
        text = tt("step.confirm", lang, summary=draft_summary(draft, service.wilayah, lang),
                  anonymity=tt("anonymity", lang))
        rows = [[button(tt("btn.submit", lang), draft, "send")],
                [button(tt("btn.edit", lang), draft, "edit"), button(tt("btn.cancel", lang), draft, "x")]]
    return text, InlineKeyboardMarkup(rows)


def _edit_keyboard(draft: Draft) -> InlineKeyboardMarkup:
    labels = EDIT_LABEL.get(draft.language, EDIT_LABEL["id"])
    rows = [[button(labels[f], draft, "e", f) for f in EDITABLE[i:i + 2]] for i in range(0, len(EDITABLE), 2)]
    if draft.data.get("files") or draft.data.get("links"):
        rows.append([button(tt("btn.clear_evidence", draft.language), draft, "clr")])
    rows.append([button(tt("btn.back", draft.language), draft, "sum")])
    return InlineKeyboardMarkup(rows)


async def show_step(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, prefix: str = "") -> None:
    text, markup = render_step(draft, context)
    await send(update, (prefix + "\n\n" + text) if prefix else text, markup)


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


async def on_lapor(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = language(update, context)
    if update.effective_chat is None or update.effective_chat.type != "private":
        await send(update, tt("private_only", lang))
        return
    service = tips(context)
    user_id = update.effective_user.id
    key = service.draft_key(user_id)
    service.close_followup(user_id)
    draft = service.drafts.get(key)
    if draft is not None:
        await send(update, tt("resume", draft.language))
        await show_step(update, context, draft)
        return
    refusal = service.quota.tip_refusal(service.quota_key(user_id))
    if refusal:
        limit = service.config.tips_per_hour if refusal == "hour" else service.config.tips_per_day
        await send(update, tt(f"err.quota_{refusal}", lang, limit=limit))
        return
    draft = service.flow.new_draft(key, lang)
    service.drafts.save(draft)
    await send(update, tt("intro", lang))
    await show_step(update, context, draft)


async def on_batal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = language(update, context)
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    service = tips(context)
    user_id = update.effective_user.id
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


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query.data == "lp:ok" or (query.data or "").startswith("lp:ok:"):
        await _receipt_saved(update, context)
        return
    match = _CALLBACK_RE.match(query.data or "")
    if match is None or query.from_user is None:
        await expired(update, context)
        return
    nonce, action, arg = match.groups()
    service = tips(context)
    key = service.draft_key(query.from_user.id)
    draft = service.drafts.get(key)
    if draft is None or draft.nonce != nonce:
        await expired(update, context)
        return
    if already_applied(draft, update):
        await answer(query)
        return
    await _apply_button(update, context, draft, action, arg)


async def _apply_button(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, action: str,
                        arg: str | None) -> None:
    query = update.callback_query
    service = tips(context)
    flow, lang = service.flow, draft.language
    if action == "noop":
        await answer(query)
        return
    if action in ("pp", "rp"):
        step = "province" if action == "pp" else "regency"
        page = parse_int(arg, 0, 100)
        if page is None or flow.set_page(draft, step, page).ok is False:
            await expired(update, context)
            return
        service.drafts.save(draft)
        text, markup = render_step(draft, context)
        await answer(query)
        await edit(query, text, markup)
        return
    if action == "x":
        service.cancel_draft(draft)
        await answer(query)
        await edit(query, tt("cancelled", lang))
        return
    if action == "send":
        await _submit(update, context, draft)
        return
    if action == "edit":
        if draft.step != "confirm":
            await expired(update, context)
            return
        await answer(query)
        await edit(query, tt("edit.choose", lang), _edit_keyboard(draft))
        return
    if action == "sum":
        if draft.step != "confirm":
            await expired(update, context)
            return
        await answer(query)
        text, markup = render_step(draft, context)
        await edit(query, text, markup)
        return
    if action == "clr":
        if draft.step != "confirm":
            await expired(update, context)
            return
        draft.data["files"], draft.data["links"] = [], []
        service.evidence.remove_draft(draft.draft_id)
        draft.step = "evidence"
        service.drafts.save(draft)
        await answer(query)
        await drop_keyboard(query)
        await show_step(update, context, draft, tt("evidence.cleared", lang))
        return
    if action == "back":
        if draft.step in ("category", "confirm") or draft.data.get("editing"):
            await expired(update, context)
            return
        from bot.tips.flow import STEPS

        draft.step = STEPS[STEPS.index(draft.step) - 1]
        draft.data.pop("page", None)
        service.drafts.save(draft)
        await answer(query)
        await drop_keyboard(query)
        await show_step(update, context, draft)
        return
    outcome = _choose(draft, action, arg, context)
    if outcome is None or not outcome.ok:
        await expired(update, context)
        return
    service.drafts.save(draft)
    await answer(query)
    await drop_keyboard(query)
    await show_step(update, context, draft)


def _choose(draft: Draft, action: str, arg: str | None, context: ContextTypes.DEFAULT_TYPE) -> Outcome | None:
    flow = tips(context).flow
    if action == "c" and arg:
        return flow.choose_category(draft, arg)
    if action == "p" and arg:
        return flow.choose_province(draft, arg)
    if action == "r" and arg:
        return flow.choose_regency(draft, arg)
    if action == "w" and arg:
        return flow.choose_when(draft, arg, today())
    if action == "skip":
        return flow.skip_name(draft)
    if action == "done":
        return flow.finish_evidence(draft)
    if action == "e" and arg:
        return flow.edit(draft, arg)
    return None


async def _submit(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft) -> None:
    query = update.callback_query
    service = tips(context)
    lang = draft.language
    if draft.step != "confirm":
        await expired(update, context)
        return
    try:
        receipt = await asyncio.to_thread(service.store.new_receipt)  # PBKDF2: off the event loop
        result = service.submit(draft, service.quota_key(query.from_user.id), receipt=receipt)
    except Exception:
        log.exception("saving a tip failed")
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
    saved = InlineKeyboardMarkup([[InlineKeyboardButton(tt("btn.saved", lang), callback_data=f"lp:ok:{lang}")]])
    await send(update, tt("receipt", lang, code=result.code), saved)
    when_date = draft.data.get("when_date")
    if when_date is None or (today() - date.fromisoformat(when_date)).days <= 9:
        await send(update, tt("deadline.recent", lang))
    from handlers.tips.review import kick_outbox

    kick_outbox(context.application)


async def _receipt_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    parts = (query.data or "").split(":")
    lang = parts[2] if len(parts) == 3 and parts[2] in ("id", "en") else language(update, context)
    await answer(query)
    await drop_keyboard(query)
    await send(update, tt("receipt.saved", lang))


# -- typed text and files ------------------------------------------------------------------------------------


async def on_input(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message from a sender with a report in progress (the filter checked that)."""
    message = update.message
    service = tips(context)
    key = service.draft_key(update.effective_user.id)
    draft = service.drafts.get(key)
    if draft is None:  # expired between the filter and now
        await send(update, tt("nothing_to_cancel", language(update, context)))
        return
    if already_applied(draft, update):
        return
    lang = draft.language
    incoming = incoming_file(message)
    if incoming is not None:
        await _file(update, context, draft, incoming)
        return
    text = message.text or ""
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
        await send(update, tt(outcome.error, lang), InlineKeyboardMarkup(rows))
        return
    if outcome.error == "err.use_buttons" and draft.step == "confirm":
        await show_step(update, context, draft, tt("in_progress", lang))
        return
    await send(update, tt(outcome.error, lang, **outcome.values))


async def _evidence_progress(update: Update, draft: Draft, outcome: Outcome) -> None:
    lang = draft.language
    text = tt("evidence.progress", lang, files=len(draft.data["files"]), links=len(draft.data["links"]))
    if outcome.values.get("duplicate"):
        text = tt("evidence.duplicate", lang) + "\n" + text
    if outcome.notice:
        text = tt(outcome.notice, lang) + "\n\n" + text
    done = InlineKeyboardMarkup([[button(tt("btn.done", lang), draft, "done")]])
    await send(update, text, done)


async def _file(update: Update, context: ContextTypes.DEFAULT_TYPE, draft: Draft, incoming) -> None:
    service = tips(context)
    lang = draft.language
    kind = incoming.kind if incoming.kind != "other" else "other"
    check = service.flow.check_file(draft, kind, incoming.size, incoming.ext)
    if not check.ok:
        await send(update, tt(check.error, lang, **check.values))
        return
    try:
        data = await download(context.bot, incoming.file_id, service.config.max_file_bytes)
    except FileTooBig:
        await send(update, tt("err.file_big", lang, limit=service.config.max_file_bytes // (1024 * 1024)))
        return
    except Exception:  # noqa: BLE001 - network trouble: ask to send again, keep the draft
        log.warning("downloading an evidence file failed", exc_info=False)
        await send(update, tt("error.file", lang))
        return
    stored: StoredFile = service.evidence.save_draft_file(draft.draft_id, data, incoming.ext)
    outcome = service.flow.add_file(draft, kind, asdict(stored), incoming.mime)
    caption = update.message.caption or ""
    if outcome.ok and caption:
        from bot.tips.flow import extract_links

        links = extract_links(caption)
        if links:
            service.flow.add_links(draft, links)
    if not outcome.ok:
        await send(update, tt(outcome.error, lang, **outcome.values))
        return
    service.drafts.save(draft)
    await _evidence_progress(update, draft, outcome)


def register(application: Application) -> None:
    # The report lives in a private chat, whose updates bot/tg/concurrency.py runs one at a time in arrival order;
    # a slow step (a file download) holds up only this chat, so every handler here simply runs to its end.
    application.add_handler(CommandHandler(["lapor", "report"], on_lapor))
    application.add_handler(CommandHandler(["batal", "cancel"], on_batal))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^lp:"))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & draft_input(application), on_input))
