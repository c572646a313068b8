"""The keyboards and menu texts of the question-answering feature, so that every reply offers a next step.

Menus ("Maksud Anda...?", a topic's questions, "Apa yang Anda maksud?" after a 👎) write every choice in full and
numbered in the message, and their buttons carry the same number with a short, distinct label (bot/qa/menus.py).
Keyboards are cached (frozen Telegram objects, keys are immutable entries and topics; see bot/tg/common.py).

Callback data: "a:<entry>:<lang>" a "Maksud Anda" choice, "n:<lang>" none of them, "r:<entry>:<lang>" see also,
"w:<entry>:<lang>" / "wn:<lang>" what the user meant after a 👎, "tn:<lang>" the topic list as a new message,
"tp:<topic>:<lang>" one topic's questions as a new message (browse.py has the rest).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.qa.knowledge import Entry, Topic
from bot.qa.menus import LABEL_MAX, choice_labels, gist, numbered_list
from bot.texts import t
from bot.tg.common import KEYBOARD_CACHE_SIZE, CachedKeyboard, callback_data, card_keyboard


def topics_button(language: str, key: str = "button.topics") -> InlineKeyboardButton:
    """The whole topic list, as a new message below (the reply it sits under stays)."""
    return InlineKeyboardButton(t(key, language), callback_data=callback_data("tn", language))


def topic_button(topic: Topic, language: str) -> InlineKeyboardButton:
    """One topic's questions, as a new message below."""
    title = topic.title_en if language == "en" else topic.title
    label = t("button.topic_more", language, emoji=topic.emoji, topic=title)
    return InlineKeyboardButton(label, callback_data=callback_data("tp", topic.id, language))


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def next_steps(language: str, topic: Topic | None = None) -> InlineKeyboardMarkup:
    """Under a reply that is not a card: the closest topic (if any) and all topics."""
    row = [topic_button(topic, language)] if topic is not None else []
    row.append(topics_button(language, "button.all_topics" if topic is not None else "button.topics"))
    return CachedKeyboard([row[:1], row[1:]] if len(row) == 2 else [row])


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def answer_keyboard(entry: Entry, language: str, related: tuple[Entry, ...] = (),
                    topic: Topic | None = None) -> InlineKeyboardMarkup:
    """👍/👎 under a card, one "see also" button per close entry (each opens as its own card below this one), then
    more questions of the card's topic."""
    rows = [[InlineKeyboardButton(_see_also(other, language), callback_data=callback_data("r", other.id, language))]
            for other in related]
    if topic is not None:
        rows.append([topic_button(topic, language)])
    return card_keyboard(entry, language, *rows)


def _see_also(entry: Entry, language: str) -> str:
    label = f"🔎 {gist(entry, language)}"
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip(" ,;:") + "…"


@functools.lru_cache(maxsize=KEYBOARD_CACHE_SIZE)
def choices_keyboard(entries: tuple[Entry, ...], prefix: str, language: str,
                     last_row: tuple[tuple[str, str], ...] = ()) -> InlineKeyboardMarkup:
    """One numbered button per choice (callback "<prefix>:<entry>:<lang>"), then `last_row` ((label, data) pairs)."""
    labels = choice_labels(entries, language)
    rows = [[InlineKeyboardButton(label, callback_data=callback_data(prefix, entry.id, language))]
            for label, entry in zip(labels, entries, strict=True)]
    if last_row:
        rows.append([InlineKeyboardButton(label, callback_data=data) for label, data in last_row])
    return CachedKeyboard(rows)


def suggestions_screen(suggestions: Sequence[Entry], language: str) -> tuple[str, InlineKeyboardMarkup]:
    """"Maksud Anda...?": every choice in full and numbered, buttons with the numbers, "none of these" and topics."""
    text = f"{t('suggest.header', language)}\n\n{numbered_list(suggestions, language)}\n\n{t('suggest.hint', language)}"
    last = ((t("suggest.none_of_these", language), callback_data("n", language)),
            (t("button.topics", language), callback_data("tn", language)))
    return text, choices_keyboard(tuple(suggestions), "a", language, last)


def wrong_answer_screen(choices: Sequence[Entry], language: str) -> tuple[str, InlineKeyboardMarkup]:
    """After a 👎: "Apa yang Anda maksud?" with the nearest other entries and "tidak ada yang cocok"."""
    text = f"{t('wrong.ask', language)}\n\n{numbered_list(choices, language)}\n\n{t('wrong.hint', language)}"
    last = ((t("wrong.none", language), callback_data("wn", language)),)
    return text, choices_keyboard(tuple(choices), "w", language, last)
