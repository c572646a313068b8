"""Driving the tips handlers in memory, on top of tests/support/recording.py.

The review outbox is delivered in the background (Application.create_task), so `feed` waits for that task
before returning. `Person` is one Telegram user talking to the bot: send text, commands, photos
and documents, press buttons by their label, read what the bot answered.
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

from telegram import Update
from telegram.warnings import PTBUserWarning

from tests.support.recording import Call, RecordingRequest, UpdateFactory


async def settle() -> None:
    """Wait for the handler tasks and background deliveries started by the last update."""
    me = asyncio.current_task()
    for _ in range(200):
        pending = [task for task in asyncio.all_tasks() if task is not me and not task.done()
                   and (task.get_name().startswith("Application:") or task.get_name().startswith("tips:"))]
        if not pending:
            return
        await asyncio.gather(*pending, return_exceptions=True)
    raise AssertionError("background tasks did not finish")


async def feed(app: Any, data: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        # Background tasks of an application that is initialized but not "running" warn that they are not
        # awaited automatically; settle() awaits them.
        warnings.simplefilter("ignore", PTBUserWarning)
        await app.process_update(Update.de_json(data, app.bot))
        await settle()


def buttons(call: Call) -> list[dict[str, Any]]:
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


class Person:
    def __init__(self, app: Any, recording: RecordingRequest, updates: UpdateFactory,
                 user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None) -> None:
        self.app, self.recording, self.updates = app, recording, updates
        self.user = user or updates.default_user
        self.chat = chat or updates.private_chat(self.user)
        self.mark = 0

    # -- talking --------------------------------------------------------------------------------------------------
    async def send(self, text: str) -> list[str]:
        return await self._feed(self.updates.text(text, user=self.user, chat=self.chat))

    async def command(self, command: str, *args: str) -> list[str]:
        return await self._feed(self.updates.command(command, *args, user=self.user, chat=self.chat))

    async def photo(self, content: bytes | None = None, caption: str | None = None) -> list[str]:
        from tests.tips.factories import jpeg

        content = jpeg() if content is None else content
        data = self.updates.photo(caption=caption, user=self.user, chat=self.chat)
        for size in data["message"]["photo"]:
            self.recording.add_file(size["file_id"], content)
        return await self._feed(data)

    async def document(self, content: bytes = b"%PDF-1.4 doc", **kwargs: Any) -> list[str]:
        kwargs.setdefault("file_size", len(content))
        data = self.updates.document(user=self.user, chat=self.chat, **kwargs)
        self.recording.add_file(data["message"]["document"]["file_id"], content)
        return await self._feed(data)

    async def media(self, **fields: Any) -> list[str]:
        return await self._feed(self.updates.update(message=self.updates.message(user=self.user, chat=self.chat,
                                                                                 **fields)))

    async def press(self, label: str) -> list[str]:
        """Press the newest button whose text contains `label` (or whose callback data equals it)."""
        for call in reversed(self.recording.calls):
            if call.method not in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
                continue
            if call.params.get("chat_id") != self.chat["id"]:
                continue
            for button in buttons(call):
                if label in button.get("text", "") or label == button.get("callback_data"):
                    return await self.press_data(button["callback_data"], call)
        raise AssertionError(f"no button {label!r} in this chat; texts: {self.texts()[-3:]}")

    async def press_data(self, data: str, call: Call | None = None) -> list[str]:
        if call is None:
            update = self.updates.callback(data, user=self.user,
                                           message=self.updates.bot_message(chat=self.chat, reply_markup={
                                               "inline_keyboard": [[{"text": "x", "callback_data": data}]]}))
        else:
            update = self.updates.callback_from(call, data, user=self.user, chat=self.chat)
        return await self._feed(update)

    async def _feed(self, data: dict[str, Any]) -> list[str]:
        self.mark = len(self.recording.calls)
        await feed(self.app, data)
        return self.new_texts()

    # -- reading --------------------------------------------------------------------------------------------------
    def new_calls(self) -> list[Call]:
        return self.recording.calls[self.mark:]

    def new_texts(self) -> list[str]:
        """What this person saw in answer to their last action: messages, edits and button-press toasts."""
        seen = []
        for call in self.new_calls():
            if call.method in ("sendMessage", "editMessageText") and call.params.get("chat_id") == self.chat["id"]:
                seen.append(call.params.get("text", ""))
            elif call.method == "answerCallbackQuery" and call.params.get("text"):
                seen.append(call.params["text"])
        return seen

    def texts(self) -> list[str]:
        return [c.params.get("text", "") for c in self.recording.calls
                if c.method in ("sendMessage", "editMessageText") and c.params.get("chat_id") == self.chat["id"]]

    def last_text(self) -> str:
        return self.texts()[-1]

    def alerts(self) -> list[str]:
        return [c.params.get("text", "") for c in self.new_calls() if c.method == "answerCallbackQuery"]


DESCRIPTION = ("Lurah mengumpulkan para ketua RT di balai kelurahan dan meminta mereka mengarahkan warga memilih "
               "pasangan calon nomor 2.")


async def file_report(person: Person, *, photo: bytes | None = b"",
                      link: str | None = "https://www.facebook.com/posts/123", name: str | None = None,
                      description: str = DESCRIPTION) -> str:
    """Go through /lapor from start to receipt; returns the receipt code."""
    import re

    await person.command("/lapor")
    await person.press("Mengerahkan bawahan")
    await person.send("Jawa Barat")
    await person.send("kota bandung")
    await person.press("Kemarin")
    await person.send("Kantor Kelurahan Sukajadi")
    await person.send("Lurah")
    if name:
        await person.send(name)
    else:
        await person.press("Lewati")
    await person.send(description)
    if photo is not None:
        await person.photo(photo or None)
    if link is not None:
        await person.send(link)
    await person.press("Selesai" if (photo is not None or link is not None) else "Tanpa bukti")
    texts = await person.press("Kirim laporan")
    receipt = next((t for t in texts if "Kode laporan" in t), None)
    assert receipt is not None, f"no receipt; the bot said {texts}"
    return re.search(r"NB-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", receipt).group(0)
