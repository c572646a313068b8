"""An in-memory Bot API for handler tests, and builders for the updates Telegram sends.

API
---
`RecordingRequest()` is a `telegram.request.BaseRequest`; pass it to `build_application(..., request=...)` (or to
`ApplicationBuilder().request(...)`). Every API call is appended to `request.calls` as a `Call(method, params)`:
`params` holds the decoded values (dicts for `reply_markup`, ints for `chat_id`); an uploaded file appears as an
`Upload(filename, content, mimetype)`; `call.result` is what the fake answered. Answers are plausible results (a
Message for sendMessage/sendPhoto/..., `{"message_id": n}` for copyMessage, a File with `file_path` for getFile,
`True` otherwise).

    request.calls_to("sendMessage")          -> list[Call]
    request.last("sendMessage")              -> Call (AssertionError if there was none)
    request.sent_texts()                     -> texts of sendMessage/editMessageText calls, in order
    request.clear()                          -> forget the calls so far
    request.add_file(file_id, b"bytes")      -> getFile returns a path, and downloading it returns the bytes
    request.respond(method, result)          -> answer `method` with `result` (or callable(params) -> result)
    request.fail(method, status, description, retry_after=None, times=1) -> make the next call(s) fail

`UpdateFactory()` builds update dictionaries (feed them with `await feed(app, data)`):

    f = UpdateFactory()
    f.text("boleh pns ikut kampanye?")       private text from the default user
    f.command("/start")                      a command (bot_command entity added; "/lapor@NetralTestBot" works)
    f.text("...", chat=f.group_chat)         a group message; f.mention("...") adds "@NetralTestBot ..." + entity
    f.text("...", reply_to=f.bot_message())  a reply to one of the bot's messages
    f.callback("a:medsos-like:id", message=f.bot_message(reply_markup=...))
    f.inline("like postingan caleg")
    f.photo(), f.document(), f.sticker(), f.voice(), f.location()
    f.user(...), f.private_chat(user), f.group(...) make other people and chats

`result_message(...)` is the Message dictionary the fake returns, shared with `fake_bot_api`.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from telegram import Update
from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "NetralTestBot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "NetralBot",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


class _CallFields(NamedTuple):
    method: str
    params: dict[str, Any]


class Call(_CallFields):
    """One API call: unpacks as (method, params); `result` is what the fake answered (None if it failed)."""

    result: Any = None


class Upload(NamedTuple):
    filename: str | None
    content: bytes
    mimetype: str | None


class ApiFailure(NamedTuple):
    status: int
    description: str
    retry_after: int | None


# Parameters whose values are integers in the Bot API (a fake over HTTP receives them as strings).
INT_PARAMS = frozenset(
    {"chat_id", "from_chat_id", "message_id", "reply_to_message_id", "offset", "limit", "timeout", "cache_time",
     "user_id", "message_thread_id"}
)


@dataclass
class FakeState:
    """What a fake Bot API remembers: message ids, uploaded files, files that tests can download."""

    message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> content

    def next_message_id(self) -> int:
        return next(self.message_ids)


def _chat_for(chat_id: Any) -> dict[str, Any]:
    try:
        number = int(chat_id)
    except (TypeError, ValueError):
        return {"id": -1009999999999, "type": "channel", "title": str(chat_id)}
    if number > 0:
        return {"id": number, "type": "private", "first_name": "User"}
    return {"id": number, "type": "supergroup", "title": "Group"}


def result_message(state: FakeState, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A Message as the Bot API would return it for a message the bot sent."""
    message: dict[str, Any] = {
        "message_id": state.next_message_id(),
        "date": int(time.time()),
        "chat": _chat_for(params.get("chat_id")),
        "from": BOT_USER,
    }
    for key in ("text", "caption"):
        if isinstance(params.get(key), str):
            message[key] = params[key]
    if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
        message["reply_markup"] = params["reply_markup"]
    message.update(extra)
    return message


def _file_ids(state: FakeState, kind: str) -> tuple[str, str]:
    number = state.next_message_id()
    return f"{kind}-file-{number}", f"{kind}-uniq-{number}"


def fake_result(method: str, params: dict[str, Any], state: FakeState) -> Any:
    """The `result` a Bot API server would plausibly return for `method` called with `params`."""
    name = method.lower()
    if name == "getme":
        return BOT_USER
    if name == "sendmessage":
        return result_message(state, params)
    if name in ("editmessagetext", "editmessagereplymarkup", "editmessagecaption"):
        if params.get("inline_message_id"):
            return True
        message = result_message(state, params)
        message["message_id"] = int(params.get("message_id") or message["message_id"])
        message["edit_date"] = message["date"]
        return message
    if name == "copymessage":
        return {"message_id": state.next_message_id()}
    if name == "copymessages":
        return [{"message_id": state.next_message_id()} for _ in params.get("message_ids") or []]
    if name == "sendphoto":
        file_id, unique = _file_ids(state, "photo")
        size = {"file_id": file_id, "file_unique_id": unique, "width": 800, "height": 600}
        return result_message(state, params, photo=[size])
    if name == "senddocument":
        file_id, unique = _file_ids(state, "document")
        return result_message(state, params, document={"file_id": file_id, "file_unique_id": unique})
    if name == "sendmediagroup":
        messages = []
        for item in params.get("media") or []:
            file_id, unique = _file_ids(state, item.get("type", "document"))
            if item.get("type") == "photo":
                media = {"photo": [{"file_id": file_id, "file_unique_id": unique, "width": 800, "height": 600}]}
            else:
                media = {"document": {"file_id": file_id, "file_unique_id": unique}}
            caption = {"caption": item["caption"]} if isinstance(item.get("caption"), str) else {}
            messages.append(result_message(state, {"chat_id": params.get("chat_id")}, **media, **caption))
        return messages
    if name == "getfile":
        file_id = str(params.get("file_id"))
        content = state.files.get(file_id, b"")
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content),
                "file_path": f"files/{file_id}"}
    return True


class RecordingRequest(BaseRequest):
    """A Bot API in memory: records every call and answers with `fake_result` (see the module docstring)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.state = FakeState()
        self._responses: dict[str, Any] = {}
        self._failures: dict[str, list[ApiFailure]] = {}

    # -- BaseRequest ----------------------------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if method == "GET":  # a file download: base_file_url + file_path
            file_id = url.rsplit("/", 1)[-1]
            if file_id in self.state.files:
                return 200, self.state.files[file_id]
            return 404, b"Not Found"
        api_method = url.rsplit("/", 1)[-1]
        params = self._decode(request_data)
        call = Call(api_method, params)
        self.calls.append(call)
        failures = self._failures.get(api_method)
        if failures:
            failure = failures.pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return failure.status, json.dumps(body).encode()
        response = self._responses.get(api_method)
        if response is None:
            result = fake_result(api_method, params, self.state)
        else:
            result = response(params) if callable(response) else response
        call.result = result
        return 200, json.dumps({"ok": True, "result": result}).encode()

    @staticmethod
    def _decode(request_data: RequestData | None) -> dict[str, Any]:
        if request_data is None:
            return {}
        # `parameters` holds JSON-ready values (dicts and lists, not JSON strings); round-trip them so that tests
        # see exactly what would travel over the wire.
        params = json.loads(json.dumps(request_data.parameters, default=str))
        uploads = request_data.multipart_data if request_data.contains_files else {}
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
                params[key] = _upload(uploads[value[9:]])
        for name, part in uploads.items():
            if name not in params and not any(
                isinstance(v, str) and v == f"attach://{name}" for v in params.values()
            ):
                params[name] = _upload(part)
        return params

    # -- test API -------------------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        assert calls, f"no {method} call; calls were: {[c.method for c in self.calls]}"
        return calls[-1]

    def sent_texts(self) -> list[str]:
        return [
            c.params.get("text", "")
            for c in self.calls
            if c.method in ("sendMessage", "editMessageText")
        ]

    def clear(self) -> None:
        self.calls.clear()

    def add_file(self, file_id: str, content: bytes) -> None:
        self.state.files[file_id] = content

    def respond(self, method: str, result: Any | Callable[[dict[str, Any]], Any]) -> None:
        self._responses[method] = result

    def fail(self, method: str, status: int, description: str, retry_after: int | None = None,
             times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([ApiFailure(status, description, retry_after)] * times)


def _upload(part: Any) -> Upload:
    filename, content, mimetype = (tuple(part) + (None, None, None))[:3]
    if hasattr(content, "read"):
        content = content.read()
    return Upload(filename, bytes(content), mimetype)


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class UpdateFactory:
    """Builds update dictionaries the way Telegram sends them. Ids count up so every update is distinct."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.default_user = self.user(first_name="Sari", username="sari_asn", language_code="id")
        self.default_chat = self.private_chat(self.default_user)
        self.group_chat = self.group()

    # -- people and chats -----------------------------------------------------------------------------------

    def user(self, user_id: int | None = None, *, first_name: str = "Budi", username: str | None = None,
             language_code: str | None = "id") -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id or 100000 + next(self._ids), "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    @staticmethod
    def private_chat(user: dict[str, Any]) -> dict[str, Any]:
        return {"id": user["id"], "type": "private", "first_name": user["first_name"]}

    def group(self, chat_id: int | None = None, title: str = "Grup ASN Kecamatan") -> dict[str, Any]:
        return {"id": chat_id or -1001000000000 - next(self._ids), "type": "supergroup", "title": title}

    # -- messages -------------------------------------------------------------------------------------------

    def message(self, *, user: dict[str, Any] | None = None, chat: dict[str, Any] | None = None,
                reply_to: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        """A Message dictionary; `fields` become message fields (text, photo, sticker, ...)."""
        user = user or self.default_user
        if chat is None:
            chat = self.default_chat if user is self.default_user else self.private_chat(user)
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            **fields,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def update(self, **fields: Any) -> dict[str, Any]:
        return {"update_id": next(self._ids), **fields}

    def text(self, text: str, *, entities: list[dict[str, Any]] | None = None, edited: bool = False,
             **kwargs: Any) -> dict[str, Any]:
        """A text message update. A text starting with "/" gets a bot_command entity for its first word."""
        fields: dict[str, Any] = {"text": text}
        entities = list(entities or [])
        if text.startswith("/") and not any(e["type"] == "bot_command" and e["offset"] == 0 for e in entities):
            entities.insert(0, {"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])})
        if entities:
            fields["entities"] = entities
        return self.update(**{"edited_message" if edited else "message": self.message(**fields, **kwargs)})

    def command(self, command: str, *args: str, **kwargs: Any) -> dict[str, Any]:
        text = command if command.startswith("/") else f"/{command}"
        return self.text(" ".join([text, *args]), **kwargs)

    def mention(self, text: str, *, username: str = BOT_USERNAME, **kwargs: Any) -> dict[str, Any]:
        """A message that starts by mentioning @username (the bot by default), with the mention entity."""
        handle = f"@{username}"
        entity = {"type": "mention", "offset": 0, "length": utf16_len(handle)}
        kwargs.setdefault("chat", self.group_chat)
        return self.text(f"{handle} {text}", entities=[entity], **kwargs)

    def bot_message(self, text: str = "…", *, chat: dict[str, Any] | None = None,
                    reply_markup: dict[str, Any] | None = None, message_id: int | None = None) -> dict[str, Any]:
        """A message the bot sent earlier (to reply to, or to carry a callback query's keyboard)."""
        message = {
            "message_id": message_id or next(self._ids),
            "date": int(time.time()),
            "chat": chat or self.default_chat,
            "from": BOT_USER,
            "text": text,
        }
        if reply_markup is not None:
            message["reply_markup"] = reply_markup
        return message

    def callback(self, data: str, *, message: dict[str, Any] | None = None, user: dict[str, Any] | None = None,
                 inline_message_id: str | None = None) -> dict[str, Any]:
        """A button press. Without `message`, the pressed message shows one button carrying `data`."""
        query: dict[str, Any] = {
            "id": str(next(self._ids)),
            "from": user or self.default_user,
            "chat_instance": "ci-1",
            "data": data,
        }
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
        else:
            query["message"] = message or self.bot_message(
                reply_markup={"inline_keyboard": [[{"text": "x", "callback_data": data}]]}
            )
        return self.update(callback_query=query)

    def callback_from(self, call: Call, data: str, *, user: dict[str, Any] | None = None,
                      chat: dict[str, Any] | None = None) -> dict[str, Any]:
        """Press the button `data` on the message the bot sent or edited in `call` (its keyboard included)."""
        markup = call.params.get("reply_markup")
        message_id = call.params.get("message_id")
        if message_id is None and isinstance(call.result, dict):
            message_id = call.result.get("message_id")
        message = self.bot_message(call.params.get("text", "…"), chat=chat, reply_markup=markup,
                                   message_id=int(message_id) if message_id else None)
        return self.callback(data, message=message, user=user)

    def inline(self, query: str, *, user: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.update(inline_query={"id": str(next(self._ids)), "from": user or self.default_user,
                                         "query": query, "offset": ""})

    # -- media ----------------------------------------------------------------------------------------------

    def photo(self, caption: str | None = None, **kwargs: Any) -> dict[str, Any]:
        n = next(self._ids)
        sizes = [{"file_id": f"photo-{n}-s", "file_unique_id": f"p{n}s", "width": 90, "height": 90, "file_size": 900},
                 {"file_id": f"photo-{n}", "file_unique_id": f"p{n}", "width": 1280, "height": 960,
                  "file_size": 120000}]
        extra = {"caption": caption} if caption else {}
        return self.update(message=self.message(photo=sizes, **extra, **kwargs))

    def document(self, file_name: str = "bukti.pdf", mime_type: str = "application/pdf", file_size: int = 2048,
                 caption: str | None = None, **kwargs: Any) -> dict[str, Any]:
        n = next(self._ids)
        doc = {"file_id": f"doc-{n}", "file_unique_id": f"d{n}", "file_name": file_name, "mime_type": mime_type,
               "file_size": file_size}
        extra = {"caption": caption} if caption else {}
        return self.update(message=self.message(document=doc, **extra, **kwargs))

    def sticker(self, **kwargs: Any) -> dict[str, Any]:
        n = next(self._ids)
        sticker = {"file_id": f"sticker-{n}", "file_unique_id": f"s{n}", "width": 512, "height": 512,
                   "is_animated": False, "is_video": False, "type": "regular", "emoji": "👍"}
        return self.update(message=self.message(sticker=sticker, **kwargs))

    def voice(self, **kwargs: Any) -> dict[str, Any]:
        n = next(self._ids)
        voice = {"file_id": f"voice-{n}", "file_unique_id": f"v{n}", "duration": 3, "mime_type": "audio/ogg"}
        return self.update(message=self.message(voice=voice, **kwargs))

    def location(self, **kwargs: Any) -> dict[str, Any]:
        return self.update(message=self.message(location={"latitude": -6.2, "longitude": 106.8}, **kwargs))


async def feed(application: Any, data: dict[str, Any]) -> None:
    """Process one update dictionary through `application` (which must be initialized)."""
    await application.process_update(Update.de_json(data, application.bot))
