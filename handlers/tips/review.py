"""The reviewers' side: buttons to claim a tip and move it through its statuses (compare-and-set, so one
reviewer's action wins and everyone's buttons update), and commands to list, show, question, export, count and
delete tips. Notices reach the review group through the outbox (handlers/tips/delivery.py).

Reviewers are the ADMIN_IDS, never Telegram's service accounts (anonymous group admins, channel posts), acting in
the review group (REVIEW_CHAT_ID) or in a private chat with the bot. Evidence reaches the group as files re-sent
by the bot from its own storage, never as forwards.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.numbers import parse_int
from bot.tg.common import answer, edit, message_of, query_of, send
from bot.tg.context import Context
from bot.tips.export import export_csv
from bot.tips.render import esc, list_line, review_notice, stats_text
from bot.tips.service import TipsService, TipsUnavailable, for_application
from bot.tips.store import Tip
from bot.tips.texts import status_label, tt
from bot.tips.timefmt import wib
from handlers.tips.common import expired, ready, tips
from handlers.tips.delivery import deliver_outbox, housekeeping_job, kick_outbox, outbox_job  # noqa: F401
from handlers.tips.review_view import (
    REASON_CODES,
    STATUS_CODES,
    actor_label,
    close_keyboard,
    event_text,
    notice,
    parse_filters,
    purge_keyboard,
    review_keyboard,
)

log = logging.getLogger(__name__)

_CALLBACK_RE = re.compile(r"^rv:(cl|rl|st|cm|cr|kb|py|pn):([0-9]{1,9}):([0-9]{1,6})(?::([a-z]{2,3}))?$")
PAGE_SIZE = 20
HOUSEKEEPING_SECONDS = 3600
EXPORT_LIMIT = 50_000
REVIEWER_COMMANDS = (("tips", "Daftar laporan (saring: terbuka, status, jenis, prov=, cari=)"),
                     ("tip", "Tampilkan satu laporan: /tip NOMOR"),
                     ("pertanyaan", "Tanya pelapor: /pertanyaan NOMOR teks"),
                     ("ekspor", "Ekspor CSV untuk Excel"), ("statistik", "Statistik laporan"),
                     ("outbox", "Pemberitahuan yang tertunda"), ("hapus", "Hapus satu laporan selamanya"),
                     ("peninjau", "Label dan bantuan peninjau"))

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


# -- buttons -------------------------------------------------------------------------------------------------


async def on_button(update: Update, context: Context) -> None:
    query = query_of(update)
    match = _CALLBACK_RE.match(query.data or "")
    if match is None:
        await expired(update, context)
        return
    if await ready(update, context) is None:
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
    if action in ("py", "pn"):
        await _purge_button(update, context, tip, action, version)
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
            await edit(query, notice(service, tip), review_keyboard(tip))
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
    await _refresh(context, query, result.tip or tip)


async def _purge_button(update: Update, context: Any, tip: Tip, action: str, version: int) -> None:
    query = query_of(update)
    service = tips(context)
    if action == "pn":
        await answer(query)
        await edit(query, tt("rv.purge.cancelled"))
        return
    review_message = tip.review_message_id
    if not service.store.delete(tip.id):
        await answer(query, tt("rv.not_found", tip=tip.id), alert=True)
        return
    deleted = False
    chat_id = service.settings.review_chat_id
    if review_message and chat_id is not None:
        try:
            deleted = bool(await context.bot.delete_message(chat_id, review_message))
        except TelegramError:
            deleted = False
    await answer(query)
    group = tt("rv.purge.group_deleted" if deleted else "rv.purge.group_kept")
    await edit(query, tt("rv.purge.done", tip=tip.id, group=group))


async def _show_current(update: Update, context: Any, tip: Tip, message: str) -> None:
    query = query_of(update)
    await answer(query, message, alert=True)
    await _refresh(context, query, tip)


async def _refresh(context: Any, query: Any, tip: Tip) -> None:
    """Show `tip` as it now is on the pressed message and on the group's notice (one edit updates everyone)."""
    service = tips(context)
    text, markup = notice(service, tip), review_keyboard(tip)
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


# -- commands ------------------------------------------------------------------------------------------------


ReviewerCommand = Callable[[Update, Context, str], Coroutine[Any, Any, None]]


def _reviewer_command(callback: ReviewerCommand) -> Callable[[Update, Any], Coroutine[Any, Any, None]]:
    async def wrapped(update: Update, context: Any) -> None:
        if await ready(update, context) is None:
            return
        reviewer = reviewer_hash(update, context)
        if reviewer is None:
            await _refuse(update, context)
            return
        await callback(update, context, reviewer)

    wrapped.__name__ = callback.__name__
    return wrapped


@_reviewer_command
async def on_list(update: Update, context: Context, reviewer: str) -> None:
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

async def _tip_from_args(update: Update, context: Context, service: TipsService, usage: str) -> Tip | None:
    """The tip named by a command's one argument ("12" or "#12"), or None after telling the reviewer why not."""
    args = context.args or []
    tip_id = parse_int(args[0].lstrip("#"), 1) if len(args) == 1 else None
    if tip_id is None:
        await send(update, tt(usage))
        return None
    tip = service.store.get(tip_id)
    if tip is None:
        await send(update, tt("rv.not_found", tip=esc(args[0])))
    return tip


@_reviewer_command
async def on_show(update: Update, context: Context, reviewer: str) -> None:
    service = tips(context)
    tip = await _tip_from_args(update, context, service, "rv.usage.tip")
    if tip is None:
        return
    await send(update, notice(service, tip), review_keyboard(tip))
    history = [f"{wib(e.at)} · {esc(actor_label(e.actor))} · {esc(event_text(e))}"
               for e in service.store.events(tip.id)]
    await send(update, "<b>Riwayat</b>\n" + "\n".join(history[-40:]))


@_reviewer_command
async def on_ask(update: Update, context: Context, reviewer: str) -> None:
    service = tips(context)
    text = (message_of(update).text or "").split(maxsplit=2)
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
async def on_export(update: Update, context: Context, reviewer: str) -> None:
    service = tips(context)
    args = list(context.args or [])
    delimiter = ";"  # what Excel with Indonesian regional settings splits on a double click
    for flag, value in (("titikkoma", ";"), ("semicolon", ";"), (";", ";"), ("koma", ","), ("comma", ","),
                        (",", ",")):
        if flag in args:
            args.remove(flag)
            delimiter = value
    found, _page, _described = parse_filters(args, service)
    items = service.store.list(**found, limit=EXPORT_LIMIT)
    if not items:
        await send(update, tt("rv.export.empty"))
        return
    data = export_csv(service.store, items, service.wilayah, delimiter=delimiter)
    from bot.tips.timefmt import WIB, utcnow

    name = f"laporan-netralbot-{utcnow().astimezone(WIB):%Y%m%d-%H%M}.csv"
    await message_of(update).chat.send_document(document=data, filename=name,
                                                caption=tt("rv.export.caption", count=len(items)))


@_reviewer_command
async def on_stats(update: Update, context: Context, reviewer: str) -> None:
    service = tips(context)
    await send(update, stats_text(service.store.stats(), service.wilayah))


@_reviewer_command
async def on_outbox(update: Update, context: Context, reviewer: str) -> None:
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
async def on_purge(update: Update, context: Context, reviewer: str) -> None:
    """/hapus N: delete a tip for good, after a confirmation button."""
    tip = await _tip_from_args(update, context, tips(context), "rv.usage.purge")
    if tip is not None:
        await send(update, tt("rv.purge.confirm", tip=tip.id), purge_keyboard(tip))


@_reviewer_command
async def on_whoami(update: Update, context: Context, reviewer: str) -> None:
    from bot.tips.store import reviewer_label

    await send(update, tt("rv.whoami", label=reviewer_label(reviewer)))


async def post_init(application: Application) -> None:
    """Tips start-up (under run_polling/run_webhook only): hold the data directory's tips lock (so `rotate-key`
    cannot run beside the bot), say why tips are off if they are, set the review group's command menu, and report
    what is waiting in the outbox."""
    try:
        service = for_application(application)
    except TipsUnavailable as exc:
        from bot.tips.keycli import explain_missing_key

        print(explain_missing_key(str(exc)), file=sys.stderr, flush=True)
        return
    from bot.tips.rotate import hold_lock

    application.bot_data.tips_lock = hold_lock(service.settings.data_dir)
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
    application.add_handler(CommandHandler(["hapus", "purge"], on_purge))
    application.add_handler(CommandHandler(["peninjau"], on_whoami))
    application.add_handler(CallbackQueryHandler(on_button, pattern=r"^rv:"))
    try:
        service = for_application(application)  # migrations run now, so a database problem shows at start-up
    except TipsUnavailable:
        return  # no key: handlers answer that reporting is not open; post_init tells the operator why
    if application.job_queue is not None:
        application.job_queue.run_repeating(outbox_job, interval=service.config.outbox_interval_seconds, first=1.0,
                                            name="tips-outbox")
        # Retention is a daily matter, but drafts (48 h) should not outlive their purpose by a day, so the same
        # cheap clean-up runs every hour.
        application.job_queue.run_repeating(housekeeping_job, interval=HOUSEKEEPING_SECONDS, first=60.0,
                                            name="tips-housekeeping")
