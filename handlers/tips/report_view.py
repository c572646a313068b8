"""What each /lapor step looks like: its prompt and inline keyboard (see handlers/tips/report.py).

Buttons carry "lp:<draft nonce>:<action>[:<arg>]". Outside the summary, every step has "⬅️ Kembali" (or, while a
field is being edited from the summary, "⬅️ Ringkasan") and "❌ Batal", which asks before deleting anything.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.tg.common import send
from bot.tg.context import Context
from bot.tips.drafts import Draft
from bot.tips.flow import EDITABLE
from bot.tips.render import draft_summary, esc
from bot.tips.store import CATEGORIES
from bot.tips.texts import EDIT_LABEL, category_label, tt
from handlers.tips.common import tips

PROVINCES_PER_PAGE = 10
REGENCIES_PER_PAGE = 12


def button(text: str, draft: Draft, action: str, arg: str | None = None) -> InlineKeyboardButton:
    data = f"lp:{draft.nonce}:{action}" + (f":{arg}" if arg is not None else "")
    return InlineKeyboardButton(text, callback_data=data)


def _nav_row(draft: Draft, lang: str, back: bool = True) -> list[InlineKeyboardButton]:
    if draft.data.get("editing"):
        row = [button(tt("btn.back_summary", lang), draft, "sum")]
    else:
        row = [button(tt("btn.back", lang), draft, "back")] if back else []
    return row + [button(tt("btn.cancel", lang), draft, "x")]


def confirm_cancel_keyboard(draft: Draft) -> InlineKeyboardMarkup:
    lang = draft.language
    return InlineKeyboardMarkup([[button(tt("btn.cancel_yes", lang), draft, "xy")],
                                 [button(tt("btn.cancel_no", lang), draft, "xn")]])


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


def render_step(draft: Draft, context: Context) -> tuple[str, InlineKeyboardMarkup]:
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


def edit_keyboard(draft: Draft) -> InlineKeyboardMarkup:
    labels = EDIT_LABEL.get(draft.language, EDIT_LABEL["id"])
    rows = [[button(labels[f], draft, "e", f) for f in EDITABLE[i:i + 2]] for i in range(0, len(EDITABLE), 2)]
    if draft.data.get("files") or draft.data.get("links"):
        rows.append([button(tt("btn.clear_evidence", draft.language), draft, "clr")])
    rows.append([button(tt("btn.back", draft.language), draft, "sum")])
    return InlineKeyboardMarkup(rows)


async def show_step(update: Update, context: Context, draft: Draft, prefix: str = "") -> None:
    text, markup = render_step(draft, context)
    await send(update, (prefix + "\n\n" + text) if prefix else text, markup)


