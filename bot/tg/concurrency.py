"""Updates of different chats at the same time, the updates of one chat one after another, in arrival order.

python-telegram-bot handles one update at a time by default, so with the Bot API a network round trip away every
reply waits for the previous user's `sendMessage` (about 18 replies/s at 50 ms, under Telegram's 30/s per bot).
Its plain `concurrent_updates(True)` removes that wait but also the order within a chat, which this bot needs:
the /lapor draft and the /status follow-up belong to one user, and answers must come in the order asked.

Use: `ApplicationBuilder().concurrent_updates(ChatOrderedProcessor(32))`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def ordering_key(update: object) -> int | None:
    """The id whose updates must not overtake each other: the chat, else the user (inline queries and chosen
    inline results have no chat), else None (nothing to keep in order).

    A private chat's id is the user's id, so a user's inline queries queue with their private chat; that is the
    same person, so it is the order we want. Group and channel ids are negative and never meet a user id.
    """
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class _Turn:
    """One chat's lock and how many updates hold it or wait for it (so it can be dropped when that is none)."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most `max_concurrent_updates` updates at once (the base class's semaphore), one at a time per chat.

    Order holds because PTB starts one task per update in arrival order and both asyncio's semaphore and its lock
    let waiters in first come, first served; nothing awaits between taking the slot and queueing for the chat.

    An update waiting for its chat's turn holds one of the slots (the base class takes the slot before
    `do_process_update` sees the update), so one chat sending a burst can fill them all. Then the bot is back to
    one update at a time until the burst is through, as before this processor; it cannot deadlock, because the
    first update of every chat holding slots is running.

    Chat ids live only in this dict, only while an update of that chat is in flight, and are never logged.
    """

    __slots__ = ("_turns",)

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, _Turn] = {}

    @property
    def chats_in_flight(self) -> int:
        """How many chats have an update running or waiting (each keeps one lock)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.users += 1
        try:
            async with turn.lock:
                # PTB's process_update sends handler errors to the error handler; anything else that escapes
                # still releases the lock on the way out, so the chat's next update is not stuck behind it.
                await coroutine
        finally:
            turn.users -= 1
            if turn.users == 0:  # a million users must not leave a million locks behind
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: every lock is gone once its chat's last update is done."""
