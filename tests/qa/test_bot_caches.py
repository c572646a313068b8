"""What the per-update caches must not change: a /lang choice applies to the very next message, the caches stay
bounded and hold no Telegram id, cards never mix between knowledge bases, and buffered unanswered questions reach
the database (on a flush, when enough are waiting, and when the real bot process stops)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import sqlite3
from pathlib import Path

from telegram import InlineKeyboardMarkup

from bot.prefs import PrefsStore
from bot.qa.cards import render_card
from bot.qa.feedback import FeedbackStore
from bot.qa.matcher import ANSWER, SUGGEST, Match
from bot.texts import t
from bot.tg.common import application_feedback_store
from handlers.qa import ask, keyboards  # noqa: F401
from handlers.qa.ask import flush_unanswered, render_match
from tests.support.constants import FAKE_TOKEN, FIXTURE_KB
from tests.support.fake_bot_api import BotProcess
from tests.support.recording import UpdateFactory, feed

REPO = Path(__file__).resolve().parents[2]
UNKNOWN = "qwerty asdfgh zxcvbn 3?"  # no entry of the fixture knowledge base comes close


# -- /lang with the preference cache ---------------------------------------------------------------------------


async def test_a_lang_change_applies_to_the_very_next_message_after_the_language_was_cached(app, recording,
                                                                                             updates):
    await feed(app, updates.text("halo"))  # looks the sender up: "no choice" is now cached
    assert recording.last("sendMessage").params["text"] == t("greeting", "id")
    await feed(app, updates.command("/lang", "en"))
    await feed(app, updates.text("halo"))
    assert recording.last("sendMessage").params["text"] == t("greeting", "en")
    await feed(app, updates.command("/lang"))
    await feed(app, updates.callback_from(recording.last("sendMessage"), "l:id"))
    await feed(app, updates.text("pns jadi timses"))
    assert recording.last("sendMessage").params["text"].startswith("<b>⛔ DILARANG</b>")


async def test_the_preference_cache_holds_only_pseudonyms(app, updates, services):
    people = [updates.user(first_name=f"U{i}") for i in range(5)]
    for person in people:
        await feed(app, updates.text("halo", user=person))
    cached = app.bot_data.prefs._cache
    assert set(cached) == {services.sender_hash(person["id"], "prefs") for person in people}
    for person in people:
        assert all(str(person["id"]) not in key for key in cached)


def test_the_preference_cache_is_bounded_and_a_forgotten_sender_is_read_again(services):
    store = PrefsStore(services.db, cache_size=3)
    store.set_language("sender-0", "en")
    for i in range(1, 10):
        assert store.language(f"sender-{i}") is None
    assert len(store._cache) == 3
    assert "sender-0" not in store._cache
    assert store.language("sender-0") == "en"  # from the database
    assert PrefsStore(services.db).language("sender-0") == "en"  # and after a restart


# -- cached cards and keyboards --------------------------------------------------------------------------------


def test_cards_and_keyboards_never_mix_between_entries_with_the_same_id(fixture_matcher):
    entry = fixture_matcher.kb.get("kampanye-timses")
    other_text = dataclasses.replace(entry.id_text, summary="Ringkasan lain")
    edited = dataclasses.replace(entry, id_text=other_text)  # same id, as in another knowledge base
    assert render_card(entry, "id") == render_card(entry, "id")
    assert "Ringkasan lain" in render_card(edited, "id")
    assert "Ringkasan lain" not in render_card(entry, "id")

    def titles(entries: tuple) -> list[str]:
        match = Match(kind=SUGGEST, question="x", language="id", suggestions=entries)
        return [row[0].text for row in render_match(match, "id")[1].inline_keyboard]

    assert any("Ringkasan lain" in title for title in titles((edited,)))
    assert not any("Ringkasan lain" in title for title in titles((entry,)))


def test_an_answer_keyboard_lists_its_own_related_entries(fixture_matcher):
    entry, *others = fixture_matcher.kb.entries
    for related in ((), tuple(others[:1]), tuple(others[:2])):
        match = Match(kind=ANSWER, question="x", language="en", entry=entry, related=related)
        rows = render_match(match, "en")[1].inline_keyboard
        assert [button.callback_data for button in rows[0]] == [f"fb:{entry.id}:u:en", f"fb:{entry.id}:d:en"]
        assert [row[0].callback_data for row in rows[1:]] == [f"r:{other.id}:en" for other in related]


async def test_a_cached_keyboard_sends_what_a_fresh_one_would_every_time(app, recording, updates):
    for _ in range(2):
        await feed(app, updates.text("pns jadi timses"))
    first, second = recording.calls_to("sendMessage")[-2:]
    keyboard = first.params["reply_markup"]
    assert keyboard["inline_keyboard"][0][0]["callback_data"].startswith("fb:")
    assert second.params["reply_markup"] == keyboard
    cached = render_match(Match(kind=ANSWER, question="x", language="id",
                                entry=app.bot_data.services.matcher.kb.get("kampanye-timses")), "id")[1]
    assert cached.to_dict() == InlineKeyboardMarkup(cached.inline_keyboard).to_dict()


def test_the_render_caches_are_bounded():
    for cached in (render_card, keyboards.answer_keyboard, keyboards.choices_keyboard, keyboards.next_steps):
        assert cached.cache_info().maxsize is not None


# -- the buffered unanswered questions -------------------------------------------------------------------------


def rows(db) -> list[tuple]:
    return db.execute("SELECT question, day, tokens, best_score, count FROM unanswered ORDER BY question").fetchall()


def test_buffered_questions_are_merged_like_the_table_and_written_on_flush(services):
    store = FeedbackStore(services.db)
    day = dt.date(2026, 2, 14)
    store.record_unanswered("boleh  pns\nmancing?", ["asn", "mancing"], 20.0, today=day)  # written at once
    store.buffer_unanswered("boleh pns mancing?", ["lain"], 35.0, today=day)
    store.buffer_unanswered("boleh pns mancing?", ["lain"], 25.0, today=day)
    store.buffer_unanswered("pns main catur?", ["asn", "catur"], 10.0, today=day)
    assert rows(services.db) == [("boleh pns mancing?", "2026-02-14", "asn mancing", 20.0, 1)]
    assert store.flush() == 2
    assert rows(services.db) == [("boleh pns mancing?", "2026-02-14", "asn mancing", 35.0, 3),
                                 ("pns main catur?", "2026-02-14", "asn catur", 10.0, 1)]
    assert store.flush() == 0


def test_the_buffer_is_written_when_enough_questions_wait_and_before_a_report(services):
    store = FeedbackStore(services.db, flush_at=3)
    store.buffer_unanswered("satu?", ["satu"], 1.0)
    store.buffer_unanswered("satu?", ["satu"], 1.0)  # the same question: still one waiting
    store.buffer_unanswered("dua?", ["dua"], 1.0)
    assert rows(services.db) == []
    store.buffer_unanswered("tiga?", ["tiga"], 1.0)
    assert [row[0] for row in rows(services.db)] == ["dua?", "satu?", "tiga?"]
    store.buffer_unanswered("empat?", ["empat"], 1.0)
    assert store.unanswered()[0]["question"] == "satu?"
    assert "empat?" in [row[0] for row in rows(services.db)]


async def test_the_bot_flushes_on_a_timer_and_at_shutdown(app, recording, updates, services):
    assert "unanswered-flush" in {job.name for job in app.job_queue.jobs()}
    await feed(app, updates.text(UNKNOWN))
    assert recording.last("sendMessage").params["text"] == t("nomatch", "id")
    assert rows(services.db) == []
    await app.post_shutdown(app)  # what run_polling / run_webhook run when the bot stops
    assert [row[0] for row in rows(services.db)] == [UNKNOWN]
    assert application_feedback_store(app).flush() == 0


async def test_flushing_the_handlers_buffer_writes_the_question_without_who_asked(app, updates, services):
    await feed(app, updates.text(UNKNOWN))
    await flush_unanswered(app)
    stored = "\n".join(str(row) for row in rows(services.db))
    assert UNKNOWN in stored
    user = updates.default_user
    for private in (str(user["id"]), user["first_name"], user["username"]):
        assert private not in stored


# -- the real process ------------------------------------------------------------------------------------------


async def test_questions_buffered_by_the_running_bot_are_on_disk_after_sigterm(api, tmp_path):
    env = {"PYTHONPATH": str(REPO), "TELEGRAM_BOT_TOKEN": FAKE_TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
           "TELEGRAM_FILE_BASE_URL": api.file_base_url, "DATA_DIR": str(tmp_path / "data"),
           "KNOWLEDGE_DIR": str(FIXTURE_KB)}
    proc = BotProcess(env, cwd=tmp_path, log_path=tmp_path / "bot.log", args=("run",))
    proc.start()
    try:
        await proc.wait_output("NetralBot self-check", timeout=15)
        updates = UpdateFactory()
        api.push_update(updates.text(UNKNOWN))
        reply = await api.wait_for("sendMessage")
        assert reply.params["text"] == t("nomatch", "id")
        # Well before the first timed flush (ask.UNANSWERED_FLUSH_SECONDS after start-up).
        assert await proc.stop(signal.SIGTERM) == 0
    finally:
        proc.kill()
    with sqlite3.connect(tmp_path / "data" / "netralbot.db") as db:
        assert [row[0] for row in rows(db)] == [UNKNOWN]
