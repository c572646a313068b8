"""Updates of different chats at the same time, the updates of one chat one after another, in arrival order.

python-telegram-bot handles one update at a time by default, so with the Bot API a network round trip away
every reply waits for the previous user's `sendMessage` (about 18 replies/s at 50 ms, under Telegram's 30/s
per bot). Its plain `concurrent_updates(True)` removes that wait but also the order within a chat, which this
bot needs: the /lapor draft and the /status follow-up belong to one user, and answers must come in the order
asked.

This is the bot's one ordering mechanism: handlers run to their end (no `block=False`), and a slow step (a
file download, the /status delay, a reply waiting for Telegram's rate limit) holds up only its own chat.

Use: `ApplicationBuilder().concurrent_updates(ChatOrderedProcessor(32))`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseUpdateProcessor

# PTB's own semaphore (taken before `do_process_update` runs) would be held by updates that only wait for
# their chat's turn, so it is made too large to ever be the limit; the budgets below are taken after the turn
# instead.
_UNLIMITED = 2**31


def ordering_key(update: object) -> Hashable | None:
    """What must not overtake each other: the chat's updates, else the user's (inline queries and chosen inline
    results have no chat), else None (nothing to keep in order).

    A private chat's id is the user's id, so a user's inline queries queue with their private chat; that is
    the same person, so it is the order we want. Group and channel ids are negative and never meet a user id.

    Button presses in a group queue among themselves, not behind the group's messages: a group with minutes of
    replies waiting for Telegram's per-group limit still answers a 👍 at once (a button's answer is not
    limited per group), and its handlers never depend on the order of messages and presses.
    """
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        if update.callback_query is not None and chat.type != ChatType.PRIVATE:
            return (chat.id, "buttons")
        return chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


def in_group(update: object) -> bool:
    """Whether `update` belongs to a group or channel (their budget), not a private chat or no chat."""
    return isinstance(update, Update) and update.effective_chat is not None \
        and update.effective_chat.type != ChatType.PRIVATE


class _Turn:
    """One chat's lock and how many updates hold it or wait for it (dropped when that is none)."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class ChatOrderedProcessor(BaseUpdateProcessor):
    """One update at a time per chat; across chats at most `max_concurrent_updates` updates of private chats
    (and inline queries, and anything without a chat) plus at most `group_updates` of groups and channels.

    An update first waits for its chat's turn, and only then for a place in its budget, so updates queued
    behind their own chat hold nothing that other chats need. Groups have their own budget because a group's
    replies wait for Telegram's per-group limit (about 20 messages a minute; PTB's AIORateLimiter holds each
    send until it may go): with 80 mentions queued in one group, that group keeps one place busy for minutes,
    and a few such groups must not take the places that private questions are answered in.

    Order holds because PTB starts one task per update in arrival order, nothing awaits between a task's start
    and its queueing for the chat's lock, and asyncio's locks and semaphores let waiters in first come, first
    served. It cannot deadlock: an update holding a place never waits for a chat's turn.

    Chat ids live only in this dict, only while an update of that chat is in flight, and are never logged.
    """

    __slots__ = ("_budgets", "_group_limit", "_limit", "_running", "_turns")

    def __init__(self, max_concurrent_updates: int, group_updates: int | None = None) -> None:
        if max_concurrent_updates < 1 or (group_updates is not None and group_updates < 1):
            raise ValueError("update budgets must be positive integers")
        # The base class sizes its semaphore from the max_concurrent_updates property, so that reads
        # "unlimited" while it runs; from then on the property is the private chats' budget.
        self._limit = _UNLIMITED
        super().__init__(_UNLIMITED)
        self._limit = max_concurrent_updates
        default_groups = max(1, max_concurrent_updates // 2)
        self._group_limit = group_updates if group_updates is not None else default_groups
        self._budgets = (asyncio.BoundedSemaphore(self._limit), asyncio.BoundedSemaphore(self._group_limit))
        self._running = 0
        self._turns: dict[Hashable, _Turn] = {}

    @property
    def max_concurrent_updates(self) -> int:
        """The budget of private chats (and updates without a chat); groups have `group_updates` besides."""
        return self._limit

    @property
    def group_updates(self) -> int:
        """How many updates of groups and channels may run at once (each group's one at a time)."""
        return self._group_limit

    @property
    def current_concurrent_updates(self) -> int:
        """Updates running now (in either budget); updates waiting for their chat's turn are not counted."""
        return self._running

    @property
    def chats_in_flight(self) -> int:
        """How many chats have an update running or waiting (each keeps one lock)."""
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        budget = self._budgets[1] if in_group(update) else self._budgets[0]
        if key is None:
            await self._run(budget, coroutine)
            return
        turn = self._turns.get(key)
        if turn is None:
            turn = self._turns[key] = _Turn()
        turn.users += 1
        try:
            async with turn.lock:
                # PTB's process_update sends handler errors to the error handler; anything else that escapes
                # still releases the lock on the way out, so the chat's next update is not stuck behind it.
                await self._run(budget, coroutine)
        finally:
            turn.users -= 1
            if turn.users == 0:  # a million users must not leave a million locks behind
                del self._turns[key]

    async def _run(self, budget: asyncio.BoundedSemaphore, coroutine: Awaitable[Any]) -> None:
        async with budget:
            self._running += 1
            try:
                await coroutine
            finally:
                self._running -= 1

    async def initialize(self) -> None:
        """Nothing to set up: locks are made on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: every lock is gone once its chat's last update is done."""
