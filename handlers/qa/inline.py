"""Inline mode: "@bot <question>" in any chat offers the matching cards (the answer or the choices) to share.

An empty or very short query (fewer than SHORT_QUERY characters) offers the most asked entries (counted per entry,
bot/qa/feedback.py; the examples' entries until there are counts) and then the topics, each a message with its
numbered questions and buttons. Every result's title starts with the verdict.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, InlineQueryHandler

from bot.qa.cards import render_card, verdict_label
from bot.qa.knowledge import Entry, KnowledgeBase
from bot.qa.matcher import ANSWER, SUGGEST, Matcher
from bot.services import get_services
from bot.texts import EXAMPLES, t
from bot.tg.common import card_keyboard, feedback_store, reply_language
from bot.tg.context import Context
from handlers.qa.browse import topic_screen

CACHE_SECONDS = 300
SHORT_QUERY = 3  # characters: fewer say nothing a matcher could use
POPULAR = 6  # entries offered for an empty query, before the topics


def card_result(entry: Entry, language: str) -> InlineQueryResultArticle:
    text = entry.text(language)
    return InlineQueryResultArticle(
        id=f"{entry.id}:{language}",
        title=f"{verdict_label(entry.verdict, language)}: {text.summary}",
        description=text.summary,
        input_message_content=InputTextMessageContent(render_card(entry, language), parse_mode=ParseMode.HTML),
        reply_markup=card_keyboard(entry, language),
    )


def popular_entries(matcher: Matcher, asked: list[str], limit: int = POPULAR) -> list[Entry]:
    """The most asked entries; until enough have been asked, the entries that answer the example questions."""
    kb = matcher.kb
    chosen = [entry for entry in (kb.get(entry_id) for entry_id in asked) if entry is not None]
    for question in EXAMPLES["id"]:
        match = matcher.match(question)
        if match.kind == ANSWER and match.entry is not None and match.entry not in chosen:
            chosen.append(match.entry)
    return chosen[:limit]


def topic_results(kb: KnowledgeBase, language: str) -> list[InlineQueryResultArticle]:
    results = []
    for topic in kb.topics:
        entries = kb.in_topic(topic.id)
        if not entries:
            continue
        text, markup = topic_screen(kb, topic, 0, language)
        results.append(InlineQueryResultArticle(
            id=f"topic-{topic.id}:{language}",
            title=f"📚 {topic.label(language)}",
            description=" · ".join(verdict_label(e.verdict, language).split()[0] for e in entries),
            input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
            reply_markup=markup,
        ))
    return results


async def on_inline_query(update: Update, context: Context) -> None:
    query = update.inline_query
    if query is None:
        return
    text = (query.query or "").strip()
    matcher = get_services(context).matcher
    if len(text) < SHORT_QUERY:
        language = reply_language(update, context, None, from_wording=False)
        popular = popular_entries(matcher, feedback_store(context).most_asked(POPULAR))
        results = [card_result(entry, language) for entry in popular] + topic_results(matcher.kb, language)
        typing = InlineQueryResultsButton(t("inline.type", language), start_parameter="inline")
        await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=typing)
        return
    match = matcher.match(text)
    language = reply_language(update, context, match.language, from_wording=match.kind in (ANSWER, SUGGEST))
    entries: tuple[Entry, ...]
    if match.kind == ANSWER and match.entry is not None:
        entries = (match.entry,)
    elif match.kind == SUGGEST:
        entries = match.suggestions
    else:
        entries = ()
    # Questions typed in inline mode are not logged: they arrive letter by letter and would only be noise.
    results = [card_result(entry, language) for entry in entries]
    button = None if results else InlineQueryResultsButton(t("inline.none", language), start_parameter="inline")
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)


def register(application: Application) -> None:
    application.add_handler(InlineQueryHandler(on_inline_query))
