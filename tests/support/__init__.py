"""Test support shared by every feature's tests.

- `constants`: `FIXTURE_KB` (the small knowledge base of the handler tests) and `FAKE_TOKEN`.
- `recording`: `RecordingRequest`, an in-memory Bot API that records every call, and `UpdateFactory`, which builds
  the update dictionaries Telegram would send (text, commands, callbacks, inline queries, media, groups, replies).
- `fake_bot_api`: `FakeBotAPI`, the same Bot API over real HTTP on 127.0.0.1 (aiohttp), for end-to-end tests, and
  `BotProcess`, which runs `python -m bot run` as a subprocess against it.
"""
