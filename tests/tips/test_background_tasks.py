"""The outbox delivery that a tip starts in the background runs through Application.create_task: its errors reach
the error handler (not asyncio's "exception was never retrieved"), and stopping the bot waits for it."""

from __future__ import annotations

import asyncio

import handlers.tips.delivery as review  # kick_outbox and deliver_outbox live in handlers/tips/delivery.py


async def test_a_failing_background_delivery_reaches_the_error_handler(tips_app, monkeypatch):
    errors: list[BaseException] = []

    async def spy(update, context) -> None:
        errors.append(context.error)

    async def broken(application) -> int:
        raise RuntimeError("the outbox broke")

    tips_app.add_error_handler(spy)
    monkeypatch.setattr(review, "deliver_outbox", broken)
    await tips_app.start()
    try:
        review.kick_outbox(tips_app)
        for _ in range(100):
            if errors:
                break
            await asyncio.sleep(0.01)
    finally:
        await tips_app.stop()
    assert [str(e) for e in errors] == ["the outbox broke"]


async def test_stopping_waits_for_a_delivery_in_flight(tips_app, monkeypatch):
    started, finished = asyncio.Event(), []

    async def slow(application) -> int:
        started.set()
        await asyncio.sleep(0.2)
        finished.append(True)
        return 1

    monkeypatch.setattr(review, "deliver_outbox", slow)
    await tips_app.start()
    review.kick_outbox(tips_app)
    await asyncio.wait_for(started.wait(), 5)
    await tips_app.stop()
    assert finished == [True]
