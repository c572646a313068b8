"""/topik: browse topics and their entries with inline keyboards; every screen has a way back.

A topic's page lists its questions in full and numbered in the message, with short numbered buttons
(bot/qa/menus.py): a phone cuts long button labels, and summaries start alike.

Callback data: "tt:<lang>" topic list (edit in place), "tn:<lang>" topic list as a new message (from /start and
under replies), "t:<topic>:<page>:<lang>" one page of a topic, "tp:<topic>:<lang>" its first page as a new message
(under cards and "belum tahu"), "b:<entry>:<lang>" a card opened from a topic.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.numbers import parse_int
from bot.qa.cards import render_card
from bot.qa.knowledge import KnowledgeBase, Topic
from bot.qa.menus import choice_labels, numbered_list
from bot.services import get_services
from bot.texts import t
from bot.tg.common import (
    CachedKeyboard,
    answer_expired,
    button_entry,
    button_is_current,
    callback_data,
    card_keyboard,
    edit_or_send,
    language_for,
    parse_callback,
    query_of,
    reply_html,
)
from bot.tg.context import Context

PAGE_SIZE = 5  # entries per screen, each written in full with its own button: about one phone screen


# (id of the knowledge base, language) -> (that knowledge base, text, keyboard). Keyed by identity because hashing a
# whole KnowledgeBase (a frozen dataclass) costs as much as building the screen; the stored reference keeps the id
# from being reused. A handful of knowledge bases at most (tests), so clearing when full is enough of a bound.
_topics_screens: dict[tuple[int, str], tuple[KnowledgeBase, str, InlineKeyboardMarkup | None]] = {}


def topics_screen(kb: KnowledgeBase, language: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The topic list; topics without entries are left out so that no button leads to an empty screen.

    Cached: the knowledge base does not change while the bot runs, and the keyboard is a frozen object."""
    cached = _topics_screens.get((id(kb), language))
    if cached is None or cached[0] is not kb:
        if len(_topics_screens) >= 16:
            _topics_screens.clear()
        cached = _topics_screens[(id(kb), language)] = (kb, *_build_topics_screen(kb, language))
    return cached[1], cached[2]


def _build_topics_screen(kb: KnowledgeBase, language: str) -> tuple[str, InlineKeyboardMarkup | None]:
    rows = [[InlineKeyboardButton(f"{topic.label(language)} ({len(kb.in_topic(topic.id))})",
                                  callback_data=callback_data("t", topic.id, 0, language))]
            for topic in kb.topics if kb.in_topic(topic.id)]
    if not rows:
        return t("topics.none", language), None
    return t("topics.header", language), CachedKeyboard(rows)


def topic_screen(kb: KnowledgeBase, topic: Topic, page: int, language: str) -> tuple[str, InlineKeyboardMarkup]:
    entries = kb.in_topic(topic.id)
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    first = page * PAGE_SIZE + 1  # numbers run on across pages, as they do in the text
    rows = [[InlineKeyboardButton(label, callback_data=callback_data("b", entry.id, language))]
            for label, entry in zip(choice_labels(shown, language, start=first), shown, strict=True)]
    pager = []
    if page > 0:
        pager.append(InlineKeyboardButton(t("pager.prev", language),
                                          callback_data=callback_data("t", topic.id, page - 1, language)))
    if page < pages - 1:
        pager.append(InlineKeyboardButton(t("pager.next", language),
                                          callback_data=callback_data("t", topic.id, page + 1, language)))
    if pager:
        rows.append(pager)
    rows.append([InlineKeyboardButton(t("topics.back_all", language), callback_data=callback_data("tt", language))])
    text = t("topics.entries", language, topic=html.escape(topic.label(language), quote=False), page=page + 1,
             pages=pages, choices=numbered_list(shown, language, start=first))
    return text, InlineKeyboardMarkup(rows)


async def on_topics_command(update: Update, context: Context) -> None:
    language = language_for(update, context)
    text, markup = topics_screen(get_services(context).matcher.kb, language)
    await reply_html(update, text, markup)


async def on_topics_button(update: Update, context: Context) -> None:
    """ "tt" (back to all topics, in place) and "tn" (from the welcome message, as a new message)."""
    query = query_of(update)
    prefix = (query.data or "").split(":", 1)[0]
    parts = parse_callback(query.data, prefix, 1)
    if parts is None or not button_is_current(query):
        await answer_expired(update, context)
        return
    text, markup = topics_screen(get_services(context).matcher.kb, parts[0])
    await query.answer()
    if prefix == "tn":
        await reply_html(update, text, markup)
    else:
        await edit_or_send(query, text, markup)


async def on_topic(update: Update, context: Context) -> None:
    query = query_of(update)
    parts = parse_callback(query.data, "t", 3)
    kb = get_services(context).matcher.kb
    page = parse_int(parts[1], 0, 10_000) if parts else None
    topic = kb.topic(parts[0]) if parts and page is not None else None
    if parts is None or topic is None or page is None or not kb.in_topic(topic.id) or not button_is_current(query):
        await answer_expired(update, context)
        return
    text, markup = topic_screen(kb, topic, page, parts[2])
    await query.answer()
    await edit_or_send(query, text, markup)


async def on_topic_below(update: Update, context: Context) -> None:
    """"tp": a topic's first page as a new message (the card or reply it sits under stays)."""
    query = query_of(update)
    parts = parse_callback(query.data, "tp", 2)
    kb = get_services(context).matcher.kb
    topic = kb.topic(parts[0]) if parts else None
    if parts is None or topic is None or not kb.in_topic(topic.id) or not button_is_current(query):
        await answer_expired(update, context)
        return
    await query.answer()
    await reply_html(update, *topic_screen(kb, topic, 0, parts[1]))


async def on_entry(update: Update, context: Context) -> None:
    chosen = await button_entry(update, context, "b")
    if chosen is None:
        return
    entry, language = chosen
    query = query_of(update)
    kb = get_services(context).matcher.kb
    back = []
    topic = kb.topic(entry.topic)
    if topic is not None:
        back.append(InlineKeyboardButton(t("topics.back_to", language, topic=topic.label(language)),
                                         callback_data=callback_data("t", topic.id, 0, language)))
    back.append(InlineKeyboardButton(t("topics.back_all", language), callback_data=callback_data("tt", language)))
    await edit_or_send(query, render_card(entry, language), card_keyboard(entry, language, back))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["topik", "topics"], on_topics_command))
    application.add_handler(CallbackQueryHandler(on_topics_button, pattern=r"^(tt|tn):"))
    application.add_handler(CallbackQueryHandler(on_topic, pattern=r"^t:"))
    application.add_handler(CallbackQueryHandler(on_topic_below, pattern=r"^tp:"))
    application.add_handler(CallbackQueryHandler(on_entry, pattern=r"^b:"))
