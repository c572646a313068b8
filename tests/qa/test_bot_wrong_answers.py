"""👎 that teaches: a 👎 asks "Apa yang Anda maksud?", the pick and the question reach the maintainers' list
(`python -m bot feedback`) without who asked; and the next steps under replies that are not cards."""

from __future__ import annotations

import dataclasses
import html

import pytest

from bot.__main__ import main
from bot.qa.feedback import RecentQuestions
from bot.texts import t
from bot.tg.common import feedback_store
from tests.support.bot_checks import buttons
from tests.support.recording import feed

pytestmark = pytest.mark.usefixtures("valid_html_replies")

QUESTION = "boleh gak asn like postingan caleg di ig?"


def store(app):
    class _Ctx:
        application = app

    return feedback_store(_Ctx)


def everything_stored(services) -> str:
    return "\n".join(str(row) for table in services.db.table_names()
                     for row in services.db.execute(f"SELECT * FROM [{table}]").fetchall())


async def thumbs_down(app, recording, updates, question=QUESTION, user=None):
    await feed(app, updates.text(question, user=user))
    card = recording.last("sendMessage")
    entry_id = buttons(card)[0][1].split(":")[1]
    await feed(app, updates.callback_from(card, f"fb:{entry_id}:d:id", user=user))
    return card, entry_id


async def test_thumbs_down_asks_what_was_meant_and_records_the_pick_without_identity(app, recording, updates,
                                                                                    services, capsys, monkeypatch):
    card, given = await thumbs_down(app, recording, updates)
    assert given == "medsos-like"
    assert recording.last("answerCallbackQuery").params["text"] == t("feedback.thanks", "id")
    menu = recording.last("sendMessage")
    assert menu is not card
    text = menu.params["text"]
    assert text.startswith(t("wrong.ask", "id")) and "Apa yang Anda maksud?" in text
    data = [d for _, d in buttons(menu)]
    assert data[-1] == "wn:id" and buttons(menu)[-1][0] == "Tidak ada yang cocok"
    offered = [d.split(":")[1] for d in data[:-1]]
    assert offered and "medsos-like" not in offered and offered[0] == "medsos-follow-akun"
    kb = services.matcher.kb
    for number, entry_id in enumerate(offered, start=1):  # written in full and numbered
        assert f"<b>{number}.</b>" in text and html.escape(kb.get(entry_id).id_text.summary, quote=False) in text
    assert all(len(label) <= 40 for label, _ in buttons(menu))
    # The 👎 itself is on the maintainers' list at once, before any choice.
    assert [(r["question"], r["given"], r["chosen"]) for r in store(app).wrong_answers()] == [
        (QUESTION, "medsos-like", "")]

    await feed(app, updates.callback_from(menu, "w:medsos-follow-akun:id"))
    shown = recording.last("editMessageText")
    assert shown.params["message_id"] == menu.result["message_id"]  # the menu becomes the chosen card
    assert shown.params["text"].startswith("<b>⚠️ BERSYARAT</b>")
    assert [(r["question"], r["given"], r["chosen"], r["times"]) for r in store(app).wrong_answers()] == [
        (QUESTION, "medsos-like", "medsos-follow-akun", 1)]
    assert store(app).counts("medsos-like") == (0, 1)

    stored = everything_stored(services)
    user, chat = updates.default_user, updates.default_chat
    for private in (str(user["id"]), str(chat["id"]), user["username"], user["first_name"]):
        assert private not in stored

    monkeypatch.setenv("DATA_DIR", str(services.settings.data_dir))
    assert main(["feedback"]) == 0
    out = capsys.readouterr().out
    assert "1 question(s) that got a 👎" in out and QUESTION in out
    assert "given: medsos-like  ->  meant: medsos-follow-akun" in out


async def test_none_fits_is_recorded_and_points_on(app, recording, updates, capsys, monkeypatch, services):
    await thumbs_down(app, recording, updates)
    await feed(app, updates.callback_from(recording.last("sendMessage"), "wn:id"))
    edit = recording.last("editMessageText")
    assert edit.params["text"] == t("wrong.noted", "id")
    assert [d for _, d in buttons(edit)] == ["tp:media-sosial:id", "tn:id"]
    assert [(r["given"], r["chosen"]) for r in store(app).wrong_answers()] == [("medsos-like", "-")]
    monkeypatch.setenv("DATA_DIR", str(services.settings.data_dir))
    main(["feedback"])
    assert "meant: (none of the offered entries)" in capsys.readouterr().out


async def test_the_same_question_twice_is_counted_in_one_row(app, recording, updates):
    for name in ("Andi", "Budi"):
        await thumbs_down(app, recording, updates, user=updates.user(first_name=name))
        await feed(app, updates.callback_from(recording.last("sendMessage"), "w:medsos-follow-akun:id"))
    assert [(r["given"], r["chosen"], r["times"]) for r in store(app).wrong_answers()] == [
        ("medsos-like", "medsos-follow-akun", 2)]


async def test_thumbs_down_on_a_browsed_card_offers_the_topic_and_records_no_question(app, recording, updates,
                                                                                     services, capsys, monkeypatch):
    await feed(app, updates.command("/topik"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "t:media-sosial:0:id"))
    await feed(app, updates.callback_from(recording.last("editMessageText"), "b:medsos-like:id"))
    await feed(app, updates.callback_from(recording.last("editMessageText"), "fb:medsos-like:d:id"))
    menu = recording.last("sendMessage")
    assert "w:medsos-follow-akun:id" in [d for _, d in buttons(menu)]
    assert [(r["question"], r["given"]) for r in store(app).wrong_answers()] == [("", "medsos-like")]
    monkeypatch.setenv("DATA_DIR", str(services.settings.data_dir))
    main(["feedback"])
    assert "(question not known: a card opened from /topik" in capsys.readouterr().out


async def test_thumbs_up_and_inline_thumbs_down_ask_nothing(app, recording, updates):
    await feed(app, updates.text(QUESTION))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "fb:medsos-like:u:id"))
    await feed(app, updates.callback("fb:medsos-like:d:id", inline_message_id="inline-1"))
    assert len(recording.calls_to("sendMessage")) == 1  # only the card
    assert store(app).wrong_answers() == []


async def test_a_pick_after_a_restart_shows_the_card_and_keeps_the_recorded_thumbs_down(app, recording, updates):
    await thumbs_down(app, recording, updates)
    app.bot_data.recent_questions = RecentQuestions()  # what a restart forgets
    await feed(app, updates.callback_from(recording.last("sendMessage"), "w:medsos-follow-akun:id"))
    assert recording.last("editMessageText").params["text"].startswith("<b>⚠️ BERSYARAT</b>")
    assert [(r["given"], r["chosen"]) for r in store(app).wrong_answers()] == [("medsos-like", "")]


@pytest.mark.parametrize("data", ["w:nope:id", "w:medsos-like:xx", "wn:", "wn:fr", "w:medsos-like"])
async def test_forged_wrong_answer_buttons_are_expired(app, recording, updates, data):
    await feed(app, updates.callback(data))
    assert "kedaluwarsa" in recording.last("answerCallbackQuery").params["text"]
    assert store(app).wrong_answers() == []


# -- no dead ends --------------------------------------------------------------------------------------------------


async def test_no_match_names_the_closest_topic_with_a_button(app, recording, updates, services):
    # Thresholds nothing clears: every question is "belum tahu", whatever the matcher's tuning.
    services.matcher.thresholds = dataclasses.replace(services.matcher.thresholds, answer_score=2.0,
                                                      allowed_score=2.0, suggest_score=2.0)
    await feed(app, updates.text("asn boleh ngelike foto lomba kucing di instagram?"))
    reply = recording.last("sendMessage")
    assert reply.params["text"] == t("nomatch.topic", "id", topic="📱 Media sosial")
    assert [d for _, d in buttons(reply)] == ["tp:media-sosial:id", "tn:id"]
    await feed(app, updates.text("qwerty asdfgh zxcvbn"))  # shares nothing with any entry: all topics
    reply = recording.last("sendMessage")
    assert reply.params["text"] == t("nomatch", "id") and [d for _, d in buttons(reply)] == ["tn:id"]


async def test_a_topic_button_under_a_reply_opens_the_topic_below_it(app, recording, updates):
    await feed(app, updates.text(QUESTION))
    card = recording.last("sendMessage")
    await feed(app, updates.callback_from(card, "tp:media-sosial:id"))
    topic = recording.last("sendMessage")
    assert topic is not card and recording.calls_to("editMessageText") == []
    assert "Media sosial" in topic.params["text"] and "<b>1.</b>" in topic.params["text"]
    assert [d for _, d in buttons(topic)] == ["b:medsos-like:id", "b:medsos-follow-akun:id", "tt:id"]


@pytest.mark.parametrize("text", ["halo", "makasih ya", "🙂🙂🙂", "pns jadi timses", "asn like"])
async def test_every_reply_offers_a_next_step(app, recording, updates, text):
    await feed(app, updates.text(text))
    assert buttons(recording.last("sendMessage"))


async def test_thumbs_down_in_a_group_asks_in_the_group_as_a_reply_to_the_card(app, recording, updates):
    group = updates.group_chat
    await feed(app, updates.mention(QUESTION, chat=group))
    card = recording.last("sendMessage")
    await feed(app, updates.callback_from(card, "fb:medsos-like:d:id", chat=group))
    menu = recording.last("sendMessage")
    assert menu.params["chat_id"] == group["id"] and menu.params["reply_parameters"]["message_id"]
    assert menu.params["text"].startswith(t("wrong.ask", "id"))
    await feed(app, updates.callback_from(menu, "w:medsos-follow-akun:id", chat=group))
    assert [(r["question"], r["chosen"]) for r in store(app).wrong_answers()] == [(QUESTION, "medsos-follow-akun")]
