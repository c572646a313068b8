"""The reviewers' side: notices in the private review group (from the outbox, retried with backoff), buttons to
claim a tip and move it through its statuses (compare-and-set, so one reviewer's action wins and everyone's
buttons update), and commands to list, show, question, export and count tips.

Reviewers are the ADMIN_IDS, never Telegram's service accounts (anonymous group admins, channel posts), acting in
the review group (REVIEW_CHAT_ID) or in a private chat with the bot. Evidence reaches the group as files re-sent
by the bot from its own storage, never as forwards.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.numbers import parse_int
from bot.tips.outbox import OutboxItem
from bot.tips.timefmt import wib
from bot.tips.store import CATEGORIES, CLOSE_REASONS, TRANSITIONS, Evidence, Tip
from bot.tips.export import export_csv
from bot.tips.render import esc, list_line, review_notice, stats_text
from bot.tips.service import TipsService, for_application
from bot.tips.texts import close_reason_label, status_label, tt
from handlers.tips.common import answer, edit, expired, send, tips

log = logging.getLogger(__name__)

STATUS_CODES = {"ver": "verifying", "fwb": "forwarded_bawaslu", "fwk": "forwarded_bkn"}
STATUS_SHORT = {v: k for k, v in STATUS_CODES.items()}
REASON_CODES = {"dn": "done", "ib": "insufficient", "os": "out_of_scope", "dp": "duplicate", "sp": "spam"}
REASON_SHORT = {v: k for k, v in REASON_CODES.items()}
_CALLBACK_RE = re.compile(r"^rv:(cl|rl|st|cm|cr|kb):([0-9]{1,9}):([0-9]{1,6})(?::([a-z]{2,3}))?$")
PAGE_SIZE = 20
HOUSEKEEPING_SECONDS = 3600
EXPORT_LIMIT = 50_000
REVIEWER_COMMANDS = (("tips", "Daftar laporan (saring: terbuka, status, jenis, prov=, cari=)"),
                     ("tip", "Tampilkan satu laporan: /tip NOMOR"),
                     ("pertanyaan", "Tanya pelapor: /pertanyaan NOMOR teks"),
                     ("ekspor", "Ekspor CSV untuk Excel"), ("statistik", "Statistik laporan"),
                     ("outbox", "Pemberitahuan yang tertunda"), ("peninjau", "Label dan bantuan peninjau"))

# -- who may act ---------------------------------------------------------------------------------------------


def reviewer_hash(update: Update, context: Any) -> str | None:
    """The acting reviewer's keyed hash, or None when the sender is not a reviewer here.

    Anonymous group admins (sent "as the group", user 1087968824) and channel posts (777000) are never reviewers,
    whatever the message claims, and only the review group and private chats count.
    """
    service = tips(context)
    user = update.effective_user
    chat = update.effective_chat
    message = update.effective_message
    if user is None or chat is None or not service.is_reviewer(user.id):
        return None
    if isinstance(message, Message) and message.sender_chat is not None:
        return None
    if chat.type != "private" and chat.id != service.settings.review_chat_id:
        return None
    return service.reviewer_hash(user.id)


async def _refuse(update: Update, context: Any) -> None:
    chat = update.effective_chat
    if update.callback_query is not None:
        await answer(update.callback_query, tt("rv.only_reviewers"), alert=True)
    elif chat is not None and (chat.type == "private" or chat.id == tips(context).settings.review_chat_id):
        await send(update, tt("rv.only_reviewers"))
    # elsewhere (another group): stay silent, the command may belong to another bot


# -- keyboards -----------------------------------------------------------------------------------------------


def review_keyboard(tip: Tip) -> InlineKeyboardMarkup:
    base = f"{tip.id}:{tip.version}"
    rows = [[InlineKeyboardButton(tt("rv.btn.release" if tip.claimed_by else "rv.btn.claim"),
                                  callback_data=f"rv:{'rl' if tip.claimed_by else 'cl'}:{base}")]]
    allowed = TRANSITIONS[tip.status]
    status_row = [InlineKeyboardButton(tt(f"rv.btn.{status}"), callback_data=f"rv:st:{base}:{STATUS_SHORT[status]}")
                  for status in ("verifying", "forwarded_bawaslu", "forwarded_bkn")
                  if status in allowed and tip.status != "closed"]
    if status_row:
        rows.append(status_row)
    if "closed" in allowed:
        rows.append([InlineKeyboardButton(tt("rv.btn.close"), callback_data=f"rv:cm:{base}")])
    if tip.status == "closed":
        rows.append([InlineKeyboardButton(tt("rv.btn.reopen"), callback_data=f"rv:st:{base}:ver")])
    return InlineKeyboardMarkup(rows)


def close_keyboard(tip: Tip) -> InlineKeyboardMarkup:
    base = f"{tip.id}:{tip.version}"
    rows = [[InlineKeyboardButton(close_reason_label(reason).capitalize(),
                                  callback_data=f"rv:cr:{base}:{REASON_SHORT[reason]}")] for reason in CLOSE_REASONS]
    rows.append([InlineKeyboardButton(tt("rv.btn.back"), callback_data=f"rv:kb:{base}")])
    return InlineKeyboardMarkup(rows)


# -- buttons -------------------------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    match = _CALLBACK_RE.match(query.data or "")
    if match is None:
        await expired(update, context)
        return
    reviewer = reviewer_hash(update, context)
    if reviewer is None:
        await _refuse(update, context)
        return
    action, tip_id, version, arg = match.group(1), int(match.group(2)), int(match.group(3)), match.group(4)
    service = tips(context)
    tip = service.store.get(tip_id)
    if tip is None:
        await answer(query, tt("rv.not_found", tip=tip_id), alert=True)
        return
    if action == "cm" or action == "kb":
        if tip.version != version:
            await _show_current(update, context, tip, tt("rv.conflict"))
            return
        await answer(query)
        if action == "cm":
            await edit(query, review_notice(tip, service.store.evidence_of(tip.id), service.wilayah) + "\n\n"
                       + tt("rv.close_why", tip=tip.id), close_keyboard(tip))
        else:
            await edit(query, _notice(service, tip), review_keyboard(tip))
        return
    if action == "cl":
        result = service.store.claim(tip_id, version, reviewer)
        done = tt("rv.done.claim", tip=tip_id)
    elif action == "rl":
        result = service.store.release(tip_id, version, reviewer)
        done = tt("rv.done.release", tip=tip_id)
    elif action == "st" and arg in STATUS_CODES:
        result = service.store.set_status(tip_id, version, STATUS_CODES[arg], reviewer)
        done = tt("rv.done.status", tip=tip_id, status=status_label(STATUS_CODES[arg]))
    elif action == "cr" and arg in REASON_CODES:
        result = service.store.set_status(tip_id, version, "closed", reviewer, reason=REASON_CODES[arg])
        done = tt("rv.done.status", tip=tip_id, status=status_label("closed"))
    else:
        await expired(update, context)
        return
    if not result.ok:
        message = tt("rv.invalid") if result.reason == "invalid" else tt("rv.conflict")
        await _show_current(update, context, result.tip or tip, message)
        return
    await answer(query, done)
    await _refresh(context, query, result.tip)


async def _show_current(update: Update, context: Any, tip: Tip, message: str) -> None:
    query = update.callback_query
    await answer(query, message, alert=True)
    await _refresh(context, query, tip)


async def _refresh(context: Any, query: Any, tip: Tip) -> None:
    """Show `tip` as it now is on the pressed message and on the group's notice (one edit updates everyone)."""
    service = tips(context)
    text, markup = _notice(service, tip), review_keyboard(tip)
    await edit(query, text, markup)
    pressed = query.message
    chat_id = service.settings.review_chat_id
    if tip.review_message_id and chat_id is not None and isinstance(pressed, Message) and not (
            pressed.chat.id == chat_id and pressed.message_id == tip.review_message_id):
        try:
            await context.bot.edit_message_text(text, chat_id=chat_id, message_id=tip.review_message_id,
                                                parse_mode=ParseMode.HTML, reply_markup=markup)
        except TelegramError as exc:
            log.info("could not update the notice of tip %s: %s", tip.id, type(exc).__name__)


def _notice(service: TipsService, tip: Tip) -> str:
    return review_notice(tip, service.store.evidence_of(tip.id), service.wilayah)


# -- commands ------------------------------------------------------------------------------------------------


def _reviewer_command(callback):
    async def wrapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        reviewer = reviewer_hash(update, context)
        if reviewer is None:
            await _refuse(update, context)
            return
        await callback(update, context, reviewer)

    wrapped.__name__ = callback.__name__
    return wrapped


def parse_filters(args: list[str], service: TipsService) -> tuple[dict[str, Any], int, str]:
    """/tips and /ekspor arguments -> (filters for TipStore.list, page, a readable description)."""
    words = {"terbuka": "open", "open": "open", "diterima": "received", "received": "received",
             "verifikasi": "verifying", "verifying": "verifying", "bawaslu": "forwarded_bawaslu",
             "bkn": "forwarded_bkn", "ditutup": "closed", "tutup": "closed", "closed": "closed"}
    found: dict[str, Any] = {}
    page = 1
    parts = list(args)
    while parts:
        word = parts.pop(0)
        lowered = word.lower()
        if lowered.startswith("cari="):
            found["text"] = " ".join([word[5:], *parts]).strip() or None
            break
        if lowered.startswith("hal=") and (number := parse_int(lowered[4:])) is not None:
            page = max(1, number)
        elif lowered.startswith("prov="):
            value = word[5:]
            matches = [value] if service.wilayah.province(value) else [p.code for p in
                                                                       service.wilayah.search_provinces(value)]
            found["province"] = matches[0] if matches else value
        elif lowered.startswith(("kab=", "kota=")):
            found["regency"] = word.split("=", 1)[1]
        elif lowered in words:
            if words[lowered] == "open":
                found["open_only"] = True
            else:
                found["status"] = words[lowered]
        elif lowered in CATEGORIES:
            found["category"] = lowered
    described = " ".join(f"{k}={v}" for k, v in found.items() if v not in (None, False))
    return found, page, (f"[{esc(described)}] " if described else "")


@_reviewer_command
async def on_list(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    found, page, described = parse_filters(context.args or [], service)
    total = service.store.count(**found)
    if total == 0:
        await send(update, tt("rv.list.empty") + "\n\n" + tt("rv.list.hint"))
        return
    pages = -(-total // PAGE_SIZE)
    page = min(page, pages)
    items = service.store.list(**found, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    lines = [tt("rv.list.header", filters=described, page=page, pages=pages, total=total), ""]
    lines += [list_line(tip, service.wilayah) for tip in items]
    lines += ["", tt("rv.list.hint")]
    await send(update, "\n".join(lines))


@_reviewer_command
async def on_show(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    args = context.args or []
    tip_id = parse_int(args[0].lstrip("#"), 1) if len(args) == 1 else None
    if tip_id is None:
        await send(update, tt("rv.usage.tip"))
        return
    tip = service.store.get(tip_id)
    if tip is None:
        await send(update, tt("rv.not_found", tip=esc(args[0])))
        return
    await send(update, _notice(service, tip), review_keyboard(tip))
    history = [f"{wib(e.at)} · {esc(e.actor)} · {esc(_event_text(e))}" for e in service.store.events(tip.id)]
    await send(update, "<b>Riwayat</b>\n" + "\n".join(history[-40:]))


def _event_text(event: Any) -> str:
    if event.kind == "status":
        text = status_label(event.status)
        return text + (f" ({close_reason_label(event.text)})" if event.text else "")
    labels = {"claim": "mengambil laporan", "question": "pertanyaan: ", "reply": "jawaban pelapor: ",
              "evidence": "bukti tambahan: "}
    return labels.get(event.kind, event.kind) + (event.text or "" if event.kind != "claim" else "")


@_reviewer_command
async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    text = (update.effective_message.text or "").split(maxsplit=2)
    tip_id = parse_int(text[1].lstrip("#"), 1) if len(text) >= 3 else None
    if tip_id is None or not 5 <= len(text[2].strip()) <= 1000:
        await send(update, tt("rv.usage.ask"))
        return
    event = service.store.ask(tip_id, text[2].strip(), reviewer)
    if event is None:
        await send(update, tt("rv.not_found", tip=tip_id))
        return
    await send(update, tt("rv.asked", tip=tip_id))


@_reviewer_command
async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    args = list(context.args or [])
    delimiter = ","
    for flag in ("titikkoma", "semicolon", ";"):
        if flag in args:
            args.remove(flag)
            delimiter = ";"
    found, _page, _described = parse_filters(args, service)
    items = service.store.list(**found, limit=EXPORT_LIMIT)
    if not items:
        await send(update, tt("rv.export.empty"))
        return
    data = export_csv(service.store, items, service.wilayah, delimiter=delimiter)
    from bot.tips.timefmt import WIB, utcnow

    name = f"laporan-netralbot-{utcnow().astimezone(WIB):%Y%m%d-%H%M}.csv"
    await update.effective_chat.send_document(document=data, filename=name,
                                              caption=tt("rv.export.caption", count=len(items)))


@_reviewer_command
async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    await send(update, stats_text(service.store.stats(), service.wilayah))


@_reviewer_command
async def on_outbox(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    service = tips(context)
    if context.args and context.args[0].lower() in ("kirim", "retry", "send"):
        count = service.outbox.retry_now()
        await send(update, tt("rv.outbox.retry", count=count))
        kick_outbox(context.application)
        return
    pending = service.outbox.pending()
    lines = [] if service.settings.review_chat_id is not None else [tt("rv.outbox.no_chat")]
    if not pending:
        lines.append(tt("rv.outbox.empty"))
    else:
        lines.append(tt("rv.outbox.header", count=len(pending)))
        for item in pending[:30]:
            error = f" · {esc(item.last_error)}" if item.last_error else ""
            lines.append(tt("rv.outbox.line", tip=item.tip_id, kind=esc(item.kind), attempts=item.attempts,
                            next_at=wib(item.next_at), error=error))
        lines.append(tt("rv.outbox.hint"))
    await send(update, "\n".join(lines))


@_reviewer_command
async def on_whoami(update: Update, context: ContextTypes.DEFAULT_TYPE, reviewer: str) -> None:
    from bot.tips.store import reviewer_label

    await send(update, tt("rv.whoami", label=reviewer_label(reviewer)))


# -- delivering the outbox -----------------------------------------------------------------------------------

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
    service = for_application(application)
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
            message = await bot.send_message(chat_id, _notice(service, tip), parse_mode=ParseMode.HTML,
                                             reply_markup=review_keyboard(tip),
                                             link_preview_options=_no_preview())
            store.set_review_message(tip.id, message.message_id)
            service.outbox.set_progress(item.id, 1)
            tip = store.get(tip.id)
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
        try:
            data = service.evidence.read(evidence.path or "")
        except (OSError, ValueError):
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


async def outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await deliver_outbox(context.application)


async def housekeeping_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    for_application(context.application).housekeeping()


async def post_init(application: Application) -> None:
    """Reviewer commands in the review group's menu; report what is waiting in the outbox."""
    service = for_application(application)
    pending = len(service.outbox.pending())
    if pending:
        log.info("tips: %d review notices waiting in the outbox", pending)
    chat_id = service.settings.review_chat_id
    if chat_id is None:
        return
    try:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in REVIEWER_COMMANDS],
                                              scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        log.warning("could not set the review group's commands: %s", type(exc).__name__)


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["tips"], on_list))
    application.add_handler(CommandHandler(["tip"], on_show))
    application.add_handler(CommandHandler(["pertanyaan"], on_ask))
    application.add_handler(CommandHandler(["ekspor", "export"], on_export))
    application.add_handler(CommandHandler(["statistik", "stats"], on_stats))
    application.add_handler(CommandHandler(["outbox"], on_outbox))
    application.add_handler(CommandHandler(["peninjau"], on_whoami))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^rv:"))
    service = for_application(application)  # migrations run now, so a database problem shows at start-up
    if application.job_queue is not None:
        application.job_queue.run_repeating(outbox_job, interval=service.config.outbox_interval_seconds, first=1.0,
                                            name="tips-outbox")
        # Retention is a daily matter, but drafts (48 h) and quota rows (1 h / 24 h) should not outlive their
        # purpose by a day, so the same cheap clean-up runs every hour.
        application.job_queue.run_repeating(housekeeping_job, interval=HOUSEKEEPING_SECONDS, first=60.0,
                                            name="tips-housekeeping")
