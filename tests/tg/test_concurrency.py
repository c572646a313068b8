"""ChatOrderedProcessor: different chats at the same time, one chat's updates in arrival order, a total limit, and
no lock left behind. Ordering is shown with asyncio events, never by comparing sleeps with a threshold."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, TypeHandler

from bot.tg.concurrency import ChatOrderedProcessor, ordering_key
from tests.support.constants import FAKE_TOKEN
from tests.support.recording import RecordingRequest, UpdateFactory

HANG_GUARD = 10  # seconds; only against a hang, never part of what is asserted


def make(data: dict[str, Any]) -> Update:
    return Update.de_json(data, None)


async def settle(rounds: int = 20) -> None:
    """Let every task that can run do so until it waits for something (a count of loop turns, not a time)."""
    for _ in range(rounds):
        await asyncio.sleep(0)


class Journal:
    """Handlers that record when they finish, optionally after a gate opens."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.running = 0
        self.most_running = 0

    async def handle(self, name: str, gate: asyncio.Event | None = None, started: asyncio.Event | None = None,
                     fail: bool = False) -> None:
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            if started is not None:
                started.set()
            if gate is not None:
                await gate.wait()
            if fail:
                raise RuntimeError("handler failed")
            self.done.append(name)
        finally:
            self.running -= 1


def process(processor: ChatOrderedProcessor, update: object, coroutine: Any) -> asyncio.Task:
    # PTB's Application does exactly this: one task per update, started in arrival order.
    return asyncio.create_task(processor.process_update(update, coroutine))


@pytest.fixture
def f() -> UpdateFactory:
    return UpdateFactory()


async def test_one_chats_updates_run_in_arrival_order_even_when_the_first_is_slow(f):
    processor, journal, gate = ChatOrderedProcessor(8), Journal(), asyncio.Event()
    user = f.user()
    first = process(processor, make(f.text("pertama", user=user)), journal.handle("first", gate))
    second = process(processor, make(f.text("kedua", user=user)), journal.handle("second"))
    third = process(processor, make(f.callback("x", user=user, message=f.bot_message(chat=f.private_chat(user)))),
                    journal.handle("third"))
    await settle()
    assert journal.done == [] and journal.running == 1  # the later updates wait for the slow one
    gate.set()
    await asyncio.wait_for(asyncio.gather(first, second, third), HANG_GUARD)
    assert journal.done == ["first", "second", "third"]


async def test_different_chats_overlap(f):
    processor, journal, gate = ChatOrderedProcessor(8), Journal(), asyncio.Event()
    slow = process(processor, make(f.text("lambat", user=f.user())), journal.handle("chat 1", gate))
    quick = process(processor, make(f.text("cepat", user=f.user())), journal.handle("chat 2"))
    await asyncio.wait_for(quick, HANG_GUARD)  # finishes while chat 1's update is still waiting for its gate
    assert journal.done == ["chat 2"] and not slow.done()
    gate.set()
    await asyncio.wait_for(slow, HANG_GUARD)
    assert journal.done == ["chat 2", "chat 1"]


async def test_the_total_limit_holds_across_chats(f):
    processor, journal, gate = ChatOrderedProcessor(3), Journal(), asyncio.Event()
    tasks = [process(processor, make(f.text(f"q{i}", user=f.user())), journal.handle(f"chat {i}", gate))
             for i in range(7)]
    await settle()
    assert journal.running == 3 and processor.current_concurrent_updates == 3
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks), HANG_GUARD)
    assert sorted(journal.done) == sorted(f"chat {i}" for i in range(7))
    assert journal.most_running == 3


async def test_a_chats_burst_waits_for_its_turn_without_taking_other_chats_places(f):
    """Updates queued behind their own chat hold no place: with two places, one busy chat's burst of four leaves
    the second place to other chats, and the burst keeps its order."""
    processor, journal, gate = ChatOrderedProcessor(2), Journal(), asyncio.Event()
    busy, other = f.user(), f.user()
    tasks = [process(processor, make(f.text("a1", user=busy)), journal.handle("a1", gate))]
    tasks += [process(processor, make(f.text(name, user=busy)), journal.handle(name)) for name in ("a2", "a3", "a4")]
    tasks.append(process(processor, make(f.text("b1", user=other)), journal.handle("b1")))
    await settle()
    assert journal.done == ["b1"] and processor.current_concurrent_updates == 1
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks), HANG_GUARD)
    assert journal.done == ["b1", "a1", "a2", "a3", "a4"]
    assert journal.most_running <= 2


async def test_a_groups_backlog_holds_one_place_and_private_chats_keep_theirs(f):
    """The issue's stall: a group's queued mentions (its first reply held by the rate limiter) used to take every
    place, so private questions waited for the group to drain."""
    processor, journal, gate = ChatOrderedProcessor(2), Journal(), asyncio.Event()
    group = f.group()
    backlog = [process(processor, make(f.mention(f"m{i}", chat=group)),
                       journal.handle(f"m{i}", gate if i == 0 else None)) for i in range(80)]
    await settle()
    assert journal.running == 1 and processor.current_concurrent_updates == 1 and processor.chats_in_flight == 1
    private = [process(processor, make(f.text(f"p{i}", user=f.user())), journal.handle(f"p{i}")) for i in range(10)]
    await asyncio.wait_for(asyncio.gather(*private), HANG_GUARD)  # answered while the group's first still waits
    assert journal.done == [f"p{i}" for i in range(10)]
    gate.set()
    await asyncio.wait_for(asyncio.gather(*backlog), HANG_GUARD)
    assert journal.done[10:] == [f"m{i}" for i in range(80)] and processor.chats_in_flight == 0


async def test_groups_have_their_own_budget_and_keep_their_order(f):
    processor, journal, gate = ChatOrderedProcessor(3, group_updates=2), Journal(), asyncio.Event()
    groups = [f.group() for _ in range(3)]
    tasks = [process(processor, make(f.mention(f"g{g}-{n}", chat=chat)), journal.handle(f"g{g}-{n}", gate))
             for n in range(3) for g, chat in enumerate(groups)]
    privates = [process(processor, make(f.text("q", user=f.user())), journal.handle(f"p{i}", gate)) for i in range(5)]
    await settle()
    assert journal.running == 2 + 3 and processor.current_concurrent_updates == 5
    assert processor.max_concurrent_updates == 3 and processor.group_updates == 2
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks, *privates), HANG_GUARD)
    for g in range(3):
        assert [name for name in journal.done if name.startswith(f"g{g}-")] == [f"g{g}-{n}" for n in range(3)]
    assert journal.most_running == 5


def test_budgets_must_be_positive():
    with pytest.raises(ValueError):
        ChatOrderedProcessor(0)
    with pytest.raises(ValueError):
        ChatOrderedProcessor(4, group_updates=0)
    assert ChatOrderedProcessor(1).group_updates == 1 and ChatOrderedProcessor(32).group_updates == 16


async def test_a_busy_groups_button_presses_do_not_wait_behind_its_messages(f):
    processor, journal, gate = ChatOrderedProcessor(4), Journal(), asyncio.Event()
    group, user = f.group(), f.user()
    card = f.bot_message(chat=group)
    backlog = [process(processor, make(f.mention(f"m{i}", chat=group)),
                       journal.handle(f"m{i}", gate if i == 0 else None)) for i in range(10)]
    presses = [process(processor, make(f.callback(f"fb:{i}", user=user, message=card)),
                       journal.handle(f"b{i}")) for i in range(3)]
    await asyncio.wait_for(asyncio.gather(*presses), HANG_GUARD)  # while the group's first message still waits
    assert journal.done == ["b0", "b1", "b2"]
    gate.set()
    await asyncio.wait_for(asyncio.gather(*backlog), HANG_GUARD)
    assert journal.done[3:] == [f"m{i}" for i in range(10)] and processor.chats_in_flight == 0


async def test_an_exception_does_not_block_the_chats_next_update(f):
    processor, journal = ChatOrderedProcessor(4), Journal()
    user = f.user()
    failing = process(processor, make(f.text("rusak", user=user)), journal.handle("broken", fail=True))
    following = process(processor, make(f.text("berikutnya", user=user)), journal.handle("next"))
    results = await asyncio.wait_for(asyncio.gather(failing, following, return_exceptions=True), HANG_GUARD)
    assert isinstance(results[0], RuntimeError) and results[1] is None
    assert journal.done == ["next"]
    assert processor.chats_in_flight == 0


async def test_a_cancelled_update_gives_up_its_place(f):
    processor, journal, gate, started = ChatOrderedProcessor(4), Journal(), asyncio.Event(), asyncio.Event()
    user = f.user()
    first = process(processor, make(f.text("satu", user=user)), journal.handle("first", gate, started))
    await asyncio.wait_for(started.wait(), HANG_GUARD)
    coroutine = journal.handle("cancelled")
    waiting = process(processor, make(f.text("dua", user=user)), coroutine)
    last = process(processor, make(f.text("tiga", user=user)), journal.handle("last"))
    await settle()
    waiting.cancel()
    coroutine.close()  # it never started; closing it keeps "never awaited" out of the test output
    gate.set()
    await asyncio.wait_for(asyncio.gather(first, last), HANG_GUARD)
    assert waiting.cancelled() and journal.done == ["first", "last"]
    assert processor.chats_in_flight == 0


async def test_locks_exist_only_while_a_chat_has_updates_in_flight(f):
    processor, journal, gate = ChatOrderedProcessor(128), Journal(), asyncio.Event()
    users = [f.user() for _ in range(50)]
    tasks = [process(processor, make(f.text("q", user=user)), journal.handle(str(n), gate))
             for n, user in enumerate(users) for _ in range(2)]
    await settle()
    assert processor.chats_in_flight == 50
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks), HANG_GUARD)
    assert len(journal.done) == 100
    assert processor.chats_in_flight == 0


async def test_updates_without_chat_or_user_are_processed(f):
    processor, journal, gate = ChatOrderedProcessor(4), Journal(), asyncio.Event()
    empty = Update(update_id=1)  # no chat, no user (e.g. a kind of update this PTB does not know)
    assert ordering_key(empty) is None and ordering_key("not an update") is None
    held = process(processor, empty, journal.handle("held", gate))
    free = process(processor, Update(update_id=2), journal.handle("free"))
    custom = process(processor, "not an update", journal.handle("custom"))
    await asyncio.wait_for(asyncio.gather(free, custom), HANG_GUARD)  # nothing to keep in order: no queue
    gate.set()
    await asyncio.wait_for(held, HANG_GUARD)
    assert journal.done == ["free", "custom", "held"]
    assert processor.chats_in_flight == 0


def test_the_key_is_the_chat_then_the_user(f):
    user = f.user()
    group = f.group()
    assert ordering_key(make(f.text("x", user=user))) == user["id"]
    assert ordering_key(make(f.text("x", user=user, chat=group))) == group["id"]
    # An inline query has no chat: it queues with the same person's private chat.
    assert ordering_key(make(f.inline("like postingan caleg", user=user))) == user["id"]
    assert ordering_key(make(f.callback("x", user=user, inline_message_id="im-1"))) == user["id"]
    # A button in a private chat queues with that chat; a button in a group with the group's other buttons.
    private = f.private_chat(user)
    assert ordering_key(make(f.callback("x", user=user, message=f.bot_message(chat=private)))) == user["id"]
    assert ordering_key(make(f.callback("x", user=user, message=f.bot_message(chat=group)))) == (group["id"],
                                                                                                  "buttons")


async def test_the_application_keeps_a_chats_order_from_its_update_queue(f):
    """Through PTB itself: updates put on the queue are dispatched by the Application, as when polling."""
    gate, seen = asyncio.Event(), []
    busy, other = f.user(), f.user()

    async def handler(update: Update, context: Any) -> None:
        text = update.effective_message.text
        if text == "a1":
            await gate.wait()
        seen.append(text)
        if text == "b1":
            gate.set()  # chat b's update got through while chat a's first one was still running

    application = (Application.builder().token(FAKE_TOKEN).request(RecordingRequest()).updater(None)
                   .concurrent_updates(ChatOrderedProcessor(4)).build())
    application.add_handler(TypeHandler(Update, handler))
    async with application:
        await application.start()
        for data in (f.text("a1", user=busy), f.text("a2", user=busy), f.text("a3", user=busy),
                     f.text("b1", user=other)):
            await application.update_queue.put(make(data))
        await asyncio.wait_for(application.update_queue.join(), HANG_GUARD)
        await application.stop()
    assert seen == ["b1", "a1", "a2", "a3"]


async def test_build_application_uses_the_processor_with_the_configured_limit(settings, services):
    from bot.app import build_application

    application = build_application(dataclasses.replace(settings, max_concurrent_updates=7), services,
                                    request=RecordingRequest(), updater=False, rate_limiter=False)
    assert isinstance(application.update_processor, ChatOrderedProcessor)
    assert application.update_processor.max_concurrent_updates == 7
    assert application.update_processor.group_updates == 3  # groups' own budget: half as many again
    default = build_application(settings, services, request=RecordingRequest(), updater=False, rate_limiter=False)
    assert default.update_processor.max_concurrent_updates == 32
    assert default.update_processor.group_updates == 16
    from bot.app import self_check

    assert "up to 32 at a time in private chats and 16 in groups, each chat's in order" in self_check(services)
