"""Inline mode: "@bot <question>" in any chat offers the matching cards (the answer or the choices) to share."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from bot.qa.cards import render_card, verdict_label
from bot.qa.matcher import ANSWER, SUGGEST
from bot.services import get_services
from bot.texts import t
from bot.tg.common import card_keyboard, reply_language

CACHE_SECONDS = 300


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.inline_query
    text = (query.query or "").strip()
    if not text:
        language = reply_language(update, context, None, from_wording=False)
        await query.answer([], cache_time=CACHE_SECONDS, is_personal=True,
                           button=InlineQueryResultsButton(t("inline.type", language), start_parameter="inline"))
        return
    match = get_services(context).matcher.match(text)
    language = reply_language(update, context, match.language, from_wording=match.kind in (ANSWER, SUGGEST))
    if match.kind == ANSWER and match.entry is not None:
        entries = (match.entry,)
    elif match.kind == SUGGEST:
        entries = match.suggestions
    else:
        entries = ()
    # Questions typed in inline mode are not logged: they arrive letter by letter and would only be noise.
    results = [
        InlineQueryResultArticle(
            id=f"{entry.id}:{language}",
            title=f"{verdict_label(entry.verdict, language)}: {entry.text(language).summary}",
            description=entry.text(language).summary,
            input_message_content=InputTextMessageContent(render_card(entry, language), parse_mode=ParseMode.HTML),
            reply_markup=card_keyboard(entry, language),
        )
        for entry in entries
    ]
    button = None if results else InlineQueryResultsButton(t("inline.none", language), start_parameter="inline")
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)


def register(application: Application) -> None:
    application.add_handler(InlineQueryHandler(on_inline_query))
