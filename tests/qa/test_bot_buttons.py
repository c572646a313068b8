"""Handler tests for buttons: feedback, browsing topics, /lang, inline mode, and forged or stale callback data."""

from __future__ import annotations

import pytest

from bot.texts import t
from bot.tg.common import feedback_store
from tests.support.bot_checks import buttons
from tests.support.recording import feed

pytestmark = pytest.mark.usefixtures("valid_html_replies")


def counts(app, entry_id):
    class _Ctx:
        application = app

    return feedback_store(_Ctx).counts(entry_id)


# -- feedback ----------------------------------------------------------------------------------------------------


async def test_a_vote_is_counted_once_per_person_and_card(app, recording, updates, services):
    await feed(app, updates.text("pns jadi timses"))
    card = recording.last("sendMessage")
    await feed(app, updates.callback_from(card, "fb:kampanye-timses:u:id"))
    assert recording.last("answerCallbackQuery").params["text"] == t("feedback.thanks", "id")
    assert counts(app, "kampanye-timses") == (1, 0)
    # The vote row disappears from the card; the way on (the card's topic) stays.
    assert [d for _, d in buttons(recording.last("editMessageReplyMarkup"))] == ["tp:kampanye:id"]

    # A double tap that arrives with the old keyboard still attached is not counted again.
    await feed(app, updates.callback_from(card, "fb:kampanye-timses:d:id"))
    assert recording.last("answerCallbackQuery").params["text"] == t("feedback.already", "id")
    assert counts(app, "kampanye-timses") == (1, 0)

    # Someone else (e.g. in a group) may vote on the same card.
    other = updates.user(first_name="Andi")
    await feed(app, updates.callback_from(card, "fb:kampanye-timses:d:id", user=other))
    assert counts(app, "kampanye-timses") == (1, 1)

    # Nothing stored says who voted.
    stored = "\n".join(str(r) for table in services.db.table_names()
                       for r in services.db.execute(f"SELECT * FROM [{table}]").fetchall())
    for user in (updates.default_user, other):
        assert str(user["id"]) not in stored and user["first_name"] not in stored


async def test_a_vote_on_a_card_whose_vote_row_is_gone_is_stale(app, recording, updates):
    message = updates.bot_message("card", reply_markup={"inline_keyboard": [[{"text": "⬅️", "callback_data": "tt:id"}]]})
    await feed(app, updates.callback("fb:kampanye-timses:u:id", message=message))
    assert "kedaluwarsa" in recording.last("answerCallbackQuery").params["text"].lower()
    assert counts(app, "kampanye-timses") == (0, 0)


async def test_voting_keeps_the_back_buttons_of_a_browsed_card(app, recording, updates):
    await feed(app, updates.command("/topik"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "t:media-sosial:0:id"))
    await feed(app, updates.callback_from(recording.last("editMessageText"), "b:medsos-like:id"))
    card = recording.last("editMessageText")
    await feed(app, updates.callback_from(card, "fb:medsos-like:u:id"))
    remaining = [d for _, d in buttons(recording.last("editMessageReplyMarkup"))]
    assert remaining == ["t:media-sosial:0:id", "tt:id"]


# -- browsing ----------------------------------------------------------------------------------------------------


async def test_browse_topics_entries_and_back_without_dead_ends(app, recording, updates):
    await feed(app, updates.command("/topik"))
    topics = recording.last("sendMessage")
    assert [d for _, d in buttons(topics)] == ["t:media-sosial:0:id", "t:kampanye:0:id", "t:hak-pilih:0:id"]
    assert buttons(topics)[0][0] == "📱 Media sosial (2)"

    await feed(app, updates.callback_from(topics, "t:media-sosial:0:id"))
    topic = recording.last("editMessageText")
    assert "Media sosial" in topic.params["text"]
    assert [d for _, d in buttons(topic)] == ["b:medsos-like:id", "b:medsos-follow-akun:id", "tt:id"]

    await feed(app, updates.callback_from(topic, "b:medsos-like:id"))
    card = recording.last("editMessageText")
    assert card.params["text"].startswith("<b>⛔ DILARANG</b>")
    assert [d for _, d in buttons(card)] == ["fb:medsos-like:u:id", "fb:medsos-like:d:id", "t:media-sosial:0:id",
                                            "tt:id"]

    await feed(app, updates.callback_from(card, "t:media-sosial:0:id"))
    assert recording.last("editMessageText").params["text"] == topic.params["text"]
    await feed(app, updates.callback_from(recording.last("editMessageText"), "tt:id"))
    assert [d for _, d in buttons(recording.last("editMessageText"))] == [d for _, d in buttons(topics)]


async def test_topics_button_on_the_welcome_sends_a_new_message(app, recording, updates):
    await feed(app, updates.command("/start"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "tn:id"))
    assert recording.calls_to("editMessageText") == []
    assert recording.last("sendMessage").params["text"] == t("topics.header", "id")


async def test_long_topics_are_paged(app, recording, updates, monkeypatch):
    import handlers.qa.browse

    monkeypatch.setattr(handlers.qa.browse, "PAGE_SIZE", 1)
    await feed(app, updates.command("/topik"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "t:media-sosial:0:id"))
    first = recording.last("editMessageText")
    assert [d for _, d in buttons(first)] == ["b:medsos-like:id", "t:media-sosial:1:id", "tt:id"]
    await feed(app, updates.callback_from(first, "t:media-sosial:1:id"))
    second = recording.last("editMessageText")
    assert [d for _, d in buttons(second)] == ["b:medsos-follow-akun:id", "t:media-sosial:0:id", "tt:id"]
    assert "(2/2)" in second.params["text"]


async def test_pressing_the_same_button_twice_is_harmless(app, recording, updates):
    await feed(app, updates.command("/topik"))
    topics = recording.last("sendMessage")
    recording.fail("editMessageText", 400, "Bad Request: message is not modified")
    await feed(app, updates.callback_from(topics, "t:media-sosial:0:id"))
    assert recording.last("answerCallbackQuery")
    assert len(recording.calls_to("sendMessage")) == 1  # no error message, no duplicate


# -- forged and stale callback data ------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    "a:does-not-exist:id", "a:medsos-like:xx", "a:medsos-like", "a:MEDSOS-LIKE:id", "a:medsos like:id",
    "fb:medsos-like:x:id", "fb:gone-entry:u:id", "fb:medsos-like:u", "t:media-sosial:abc:id", "t:unknown:0:id",
    "b:nope:id", "q:99:id", "q:-1:id", "q:x:id", "l:fr", "n:", "tt:", "tn:xx", "zzz", ":", "a:" + "x" * 70 + ":id",
    "a:medsos-like:id:extra", "fb:medsos-like:u:id\n",
])
async def test_forged_callback_data_is_answered_as_expired(app, recording, updates, data):
    await feed(app, updates.callback(data))
    answer = recording.last("answerCallbackQuery")
    assert answer.params["text"] == "Tombol ini sudah kedaluwarsa. Silakan tulis pertanyaan lagi atau buka /topik."
    assert [c.method for c in recording.calls] == ["answerCallbackQuery"]


async def test_a_button_that_is_no_longer_on_the_message_is_expired(app, recording, updates, only_suggestions):
    await feed(app, updates.text("asn like"))
    menu = recording.last("sendMessage")
    await feed(app, updates.callback_from(menu, "a:medsos-like:id"))
    card = recording.last("editMessageText")  # the menu became a card: its choices are gone
    recording.clear()
    await feed(app, updates.callback_from(card, "a:medsos-follow-akun:id"))
    assert "kedaluwarsa" in recording.last("answerCallbackQuery").params["text"]
    assert recording.calls_to("editMessageText") == []


async def test_a_callback_without_data_is_expired(app, recording, updates):
    data = updates.callback("x")
    del data["callback_query"]["data"]
    data["callback_query"]["game_short_name"] = "game"
    await feed(app, data)
    assert "kedaluwarsa" in recording.last("answerCallbackQuery").params["text"]


# -- language ----------------------------------------------------------------------------------------------------


async def test_lang_en_switches_interface_and_cards_and_stores_no_id(app, recording, updates, services):
    await feed(app, updates.command("/lang", "en"))
    assert recording.last("sendMessage").params["text"] == t("lang.set", "en")
    assert [d for _, d in buttons(recording.last("sendMessage"))] == ["tn:en"]  # a way on
    await feed(app, updates.command("/start"))
    assert "What I can do" in recording.last("sendMessage").params["text"]
    await feed(app, updates.text("pns jadi timses"))
    card = recording.last("sendMessage")
    assert card.params["text"].startswith("<b>⛔ PROHIBITED</b>")
    assert [d for _, d in buttons(card)] == ["fb:kampanye-timses:u:en", "fb:kampanye-timses:d:en", "tp:kampanye:en"]
    await feed(app, updates.command("/topik"))
    assert buttons(recording.last("sendMessage"))[0][0].startswith("📱 Social media")

    rows = services.db.execute("SELECT sender, language FROM prefs").fetchall()
    user_id = updates.default_user["id"]
    assert rows == [(services.sender_hash(user_id, "prefs"), "en")]
    assert str(user_id) not in rows[0][0]

    await feed(app, updates.command("/lang", "id"))
    await feed(app, updates.text("pns jadi timses"))
    assert recording.last("sendMessage").params["text"].startswith("<b>⛔ DILARANG</b>")


async def test_lang_without_argument_offers_buttons(app, recording, updates):
    await feed(app, updates.command("/lang"))
    menu = recording.last("sendMessage")
    assert [d for _, d in buttons(menu)] == ["l:id", "l:en"]
    await feed(app, updates.callback_from(menu, "l:en"))
    assert recording.last("editMessageText").params["text"] == t("lang.set", "en")
    await feed(app, updates.command("/bantuan"))
    assert "What I can do" in recording.last("sendMessage").params["text"]


async def test_telegram_language_is_the_default_and_questions_in_english_get_english(app, recording, updates):
    english = updates.user(first_name="John", language_code="en")
    await feed(app, updates.command("/start", user=english))
    assert "What I can do" in recording.last("sendMessage").params["text"]
    await feed(app, updates.text("pns jadi timses", user=english))  # written in Indonesian: answered in Indonesian
    assert recording.last("sendMessage").params["text"].startswith("<b>⛔ DILARANG</b>")
    await feed(app, updates.text("can a civil servant be on a campaign team?"))  # an Indonesian app user
    assert recording.last("sendMessage").params["text"].startswith("<b>⛔ PROHIBITED</b>")
    german = updates.user(first_name="Jonas", language_code="de")
    await feed(app, updates.command("/start", user=german))
    assert "Yang bisa saya lakukan" in recording.last("sendMessage").params["text"]  # DEFAULT_LANGUAGE=id


# -- inline mode -------------------------------------------------------------------------------------------------


async def test_inline_query_returns_the_answer_card(app, recording, updates):
    await feed(app, updates.inline("pns jadi timses"))
    call = recording.last("answerInlineQuery")
    results = call.params["results"]
    assert len(results) == 1
    result = results[0]
    assert result["type"] == "article" and result["id"] == "kampanye-timses:id"
    content = result["input_message_content"]
    assert content["parse_mode"] == "HTML" and content["message_text"].startswith("<b>⛔ DILARANG</b>")
    assert result["title"].startswith("⛔ DILARANG")


async def test_inline_query_offers_the_choices_in_the_middle_band(app, recording, updates, only_suggestions):
    choices = only_suggestions.matcher.match("pns jadi timses").suggestions
    await feed(app, updates.inline("pns jadi timses"))
    ids = [r["id"] for r in recording.last("answerInlineQuery").params["results"]]
    assert ids == [f"{e.id}:id" for e in choices] and ids[0] == "kampanye-timses:id"


@pytest.mark.parametrize("query", ["qwerty asdfgh zxcvbn", "🙂 🙂 🙂"])
async def test_inline_query_without_an_answer_offers_to_open_the_bot(app, recording, updates, query):
    await feed(app, updates.inline(query))
    call = recording.last("answerInlineQuery")
    assert call.params["results"] == []
    assert call.params["button"]["start_parameter"] == "inline"


@pytest.mark.parametrize("query", ["", "  ", "li"])
async def test_an_empty_or_short_inline_query_offers_popular_cards_then_topics(app, recording, updates, query):
    await feed(app, updates.inline(query))
    results = recording.last("answerInlineQuery").params["results"]
    cards = [r for r in results if not r["id"].startswith("topic-")]
    topics = [r for r in results if r["id"].startswith("topic-")]
    assert cards and results[: len(cards)] == cards  # cards first
    assert all(r["title"].split(":")[0] in ("⛔ DILARANG", "✅ BOLEH", "⚠️ BERSYARAT", "ℹ️ INFO") for r in cards)
    assert [r["id"] for r in topics] == ["topic-media-sosial:id", "topic-kampanye:id", "topic-hak-pilih:id"]
    assert all(r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    assert "<b>1.</b>" in topics[0]["input_message_content"]["message_text"]


async def test_inline_popular_cards_follow_what_is_asked_most(app, recording, updates):
    for _ in range(3):
        await feed(app, updates.text("boleh pns nyoblos di tps?"))
    await feed(app, updates.inline(""))
    assert recording.last("answerInlineQuery").params["results"][0]["id"] == "hak-pilih-coblos:id"


async def test_feedback_on_a_card_shared_inline(app, recording, updates):
    await feed(app, updates.callback("fb:medsos-like:u:id", inline_message_id="inline-1"))
    assert counts(app, "medsos-like") == (1, 0)
    assert recording.last("editMessageReplyMarkup").params["inline_message_id"] == "inline-1"
    await feed(app, updates.callback("fb:medsos-like:u:id", inline_message_id="inline-1"))
    assert counts(app, "medsos-like") == (1, 0)
