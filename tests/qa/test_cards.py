"""The phone card and the menus, over the shipped knowledge base: what fits on the first screen, what sits in the
expandable blockquote, what the plain-text card keeps, and that every menu is readable and valid Telegram HTML."""

from __future__ import annotations

import dataclasses
import html

import pytest

from bot.qa.cards import VISIBLE_BUDGET, render_card, verdict_label
from bot.qa.matcher import ANSWER, Matcher
from bot.qa.menus import choice_labels
from bot.settings import DEFAULT_KNOWLEDGE_DIR
from handlers.qa.browse import PAGE_SIZE, topic_screen, topics_screen
from handlers.qa.keyboards import suggestions_screen, wrong_answer_screen
from tests.support.telegram_html import assert_telegram_html, visible_text

MATCHER = Matcher.from_directory(DEFAULT_KNOWLEDGE_DIR)
KB = MATCHER.kb
CASES = [(entry, language) for entry in KB for language in ("id", "en")]
CASE_IDS = [f"{entry.id}-{language}" for entry, language in CASES]

# The four most common kinds of question (social media, campaign with attributes, a spouse who is a candidate,
# voting), as people write them.
COMMON = [
    ("id", "boleh gak asn like postingan caleg di ig?"),
    ("id", "pns ikut kampanye pakai kaos partai, boleh?"),
    ("id", "istri saya nyaleg, saya pns boleh ikut kampanyenya?"),
    ("id", "boleh pns nyoblos di tps?"),
    ("en", "can a civil servant like a candidate's instagram post?"),
    ("en", "can a civil servant wear a party t-shirt at a campaign rally?"),
    ("en", "my wife is running for office, can I join her campaign as a civil servant?"),
    ("en", "can civil servants vote?"),
]


def quote(card: str) -> str:
    start = card.index("<blockquote expandable>")
    return card[start:card.index("</blockquote>", start)]


@pytest.mark.parametrize(("language", "question"), COMMON)
def test_common_questions_fit_a_phone_screen_with_verdict_summary_and_key_conditions(language, question):
    match = MATCHER.match(question)
    # The card the question gets; should the matcher (issue 10 tunes it) offer choices instead, every card offered.
    entries = [match.entry] if match.kind == ANSWER else list(match.suggestions)
    assert entries, f"{question!r} gets no card at all: {match.kind}"
    for entry in entries:
        text = entry.text(language)
        card = render_card(entry, language)
        visible = visible_text(card)
        assert len(visible) <= 700, f"{len(visible)} characters before the blockquote:\n{visible}"
        assert visible.startswith(verdict_label(entry.verdict, language) + "\n" + text.summary)
        for condition in text.conditions[:1]:
            assert condition in visible


@pytest.mark.parametrize(("entry", "language"), CASES, ids=CASE_IDS)
def test_every_card_keeps_the_long_part_in_an_expandable_blockquote(entry, language):
    card = render_card(entry, language)
    text = entry.text(language)
    assert_telegram_html(card)
    assert len(card) <= 4096 and card.count("<blockquote expandable>") == 1 and card.endswith("</blockquote>")
    visible = visible_text(card)
    assert len(visible) <= VISIBLE_BUDGET + 100, visible
    assert visible.startswith(verdict_label(entry.verdict, language))
    details = html.unescape(quote(card))
    assert text.explanation[:80] in details
    assert all(str(citation.instrument) in details for citation in entry.basis)
    assert not text.sanction or text.sanction in details
    for condition in text.conditions:  # every condition somewhere, the first ones in the open
        assert condition in visible or condition in details
    if text.conditions:
        assert text.conditions[0] in visible and text.conditions[0] not in details
    if entry.confidence == "low":
        assert "⚠️" in visible.split("\n", 2)[-1]


@pytest.mark.parametrize(("entry", "language"), CASES[::7], ids=CASE_IDS[::7])
def test_the_plain_text_card_keeps_everything_in_the_open(entry, language):
    card = render_card(entry, language, as_html=False)
    text = entry.text(language)
    assert "<" not in card.replace(text.explanation, "")  # no markup of ours
    for part in (text.summary, text.explanation, *text.conditions, text.sanction or ""):
        assert part in card
    assert all(str(citation) in card for citation in entry.basis)


def test_a_huge_explanation_is_shortened_but_the_card_stays_whole_and_valid():
    entry = next(e for e in KB if e.id_text.conditions)
    long_text = dataclasses.replace(entry.id_text, explanation="Penjelasan <panjang> & rinci. " * 400)
    huge = dataclasses.replace(entry, id_text=long_text)
    card = render_card(huge, "id")
    assert len(card) <= 4096
    assert_telegram_html(card)
    assert "(dipersingkat)" in card and entry.id_text.sanction in html.unescape(card)


def test_yaml_markup_is_escaped_everywhere_on_the_card():
    entry = next(e for e in KB if e.id_text.conditions)
    nasty = dataclasses.replace(entry.id_text, summary="A <b>tebal</b> & B", conditions=("x < y & z",))
    card = render_card(dataclasses.replace(entry, id_text=nasty), "id")
    assert_telegram_html(card)
    assert "A &lt;b&gt;tebal&lt;/b&gt; &amp; B" in card and "x &lt; y &amp; z" in card


# -- menus ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("topic", KB.topics, ids=[t.id for t in KB.topics])
def test_topic_pages_list_every_question_in_full_with_short_distinct_numbered_buttons(topic, language):
    entries = KB.in_topic(topic.id)
    for page in range(-(-len(entries) // PAGE_SIZE)):
        text, markup = topic_screen(KB, topic, page, language)
        assert_telegram_html(text)
        shown = entries[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        for number, entry in enumerate(shown, start=page * PAGE_SIZE + 1):
            assert f"<b>{number}.</b> " in text and html.escape(entry.text(language).summary, quote=False) in text
        labels = [b.text for row in markup.inline_keyboard for b in row if b.callback_data.startswith("b:")]
        assert len(labels) == len(shown) and len(set(labels)) == len(labels)
        assert all(len(label) <= 40 for row in markup.inline_keyboard for label in [b.text for b in row])
        assert [label.split(".")[0] for label in labels] == [str(n) for n in range(page * PAGE_SIZE + 1,
                                                                                  page * PAGE_SIZE + 1 + len(shown))]


@pytest.mark.parametrize("language", ["id", "en"])
def test_labels_stay_distinct_when_summaries_differ_only_late(language):
    entry = KB.entries[0]
    twins = []
    for ending in ("partai politik", "calon presiden"):
        long_start = "ASN dilarang ikut kampanye dengan memakai atribut dan perlengkapan milik " + ending
        text = dataclasses.replace(entry.text(language), summary=long_start)
        twins.append(dataclasses.replace(entry, id=f"twin-{len(twins)}", id_text=text, en_text=text))
    labels = choice_labels(twins, language)
    assert len(set(labels)) == 2 and all(len(label) <= 40 for label in labels)
    assert "partai" in labels[0] and "presiden" in labels[1]


def test_every_menu_screen_is_valid_html_with_every_choice_written_out():
    entries = list(KB)
    for start in range(0, len(entries), 3):
        choices = entries[start:start + 3]
        for language in ("id", "en"):
            for text, markup in (suggestions_screen(choices, language), wrong_answer_screen(choices, language)):
                assert_telegram_html(text)
                for number, entry in enumerate(choices, start=1):
                    assert f"<b>{number}.</b> " in text
                    assert html.escape(entry.text(language).summary, quote=False) in text
                labels = [b.text for row in markup.inline_keyboard for b in row]
                assert all(len(label) <= 40 for label in labels) and len(set(labels)) == len(labels)
    for language in ("id", "en"):
        text, _ = topics_screen(KB, language)
        assert_telegram_html(text)
