"""A fake Telegram Bot API over real HTTP on 127.0.0.1, and a runner for the real bot process, for e2e tests.

API
---
    api = FakeBotAPI(token)
    await api.start()                      # listens on 127.0.0.1:<free port>
    api.base_url, api.file_base_url        # for TELEGRAM_API_BASE_URL / TELEGRAM_FILE_BASE_URL
    api.push_update({...})                 # queue an update (update_id assigned if missing); getUpdates returns it
    call = await api.wait_for("sendMessage", lambda p: "DILARANG" in p.get("text", ""), timeout=5)
    api.calls / api.calls_to("sendMessage") # every recorded Call(method, params), params decoded as in recording.py
    api.add_file(file_id, b"...")          # getFile gives files/<file_id>; GET /file/bot<token>/files/<id> serves it
    api.fail(method, status, description, retry_after=None, times=1)
    await api.stop()

Endpoints: POST (or GET) /bot<token>/<method>. getMe, deleteWebhook, getUpdates (long poll: waits up to
`timeout` seconds, at most LONG_POLL_CAP, for an update; `offset` acknowledges earlier ones) and every other method
answer like `RecordingRequest` (a Message for sendMessage and friends, True for anything unknown). A wrong token
gets 401 like Telegram. `api.acknowledged` is the highest update_id the bot has confirmed.

    proc = BotProcess(env, cwd=repo_root, log_path=tmp_path / "bot.log")
    proc.start()                           # `python -m bot run` with exactly `env` (plus PATH etc.)
    await proc.wait_output("self-check", timeout=10)
    code = await proc.stop(signal.SIGTERM, timeout=10)   # exit code
    proc.output                            # everything it printed (stdout and stderr)

`free_port()` returns a free TCP port on 127.0.0.1; `await wait_for_port(port)` waits until it accepts connections.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.support.recording import INT_PARAMS, ApiFailure, Call, FakeState, Upload, fake_result

LONG_POLL_CAP = 1.0  # seconds; short so that a stopping bot or server never waits long
# Parameters that the Bot API receives as JSON text.
JSON_PARAMS = frozenset(
    {"reply_markup", "entities", "caption_entities", "results", "commands", "scope", "media", "allowed_updates",
     "link_preview_options", "reply_parameters", "button", "message_ids", "reaction", "options"}
)


async def wait_for_port(port: int, timeout: float = 10.0) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout}s") from None
            await asyncio.sleep(0.05)
        else:
            writer.close()
            await writer.wait_closed()
            return


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeBotAPI:
    """See the module docstring."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.state = FakeState()
        self.acknowledged = 0
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._failures: dict[str, list[ApiFailure]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # the only way to learn port 0's port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- test API -------------------------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        update = dict(update)
        if "update_id" not in update or update["update_id"] < self._next_update_id:
            update["update_id"] = self._next_update_id
        self._next_update_id = update["update_id"] + 1
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def add_file(self, file_id: str, content: bytes) -> None:
        self.state.files[file_id] = content

    def fail(self, method: str, status: int, description: str, retry_after: int | None = None,
             times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([ApiFailure(status, description, retry_after)] * times)

    async def wait_for(self, method: str, predicate: Callable[[dict[str, Any]], bool] | None = None,
                       timeout: float = 5.0, *, after: int = 0) -> Call:
        """The first call to `method` (from index `after` on) whose params satisfy `predicate`."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for call in self.calls[after:]:
                    if call.method == method and (predicate is None or predicate(call.params)):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls[after:]]
                    raise AssertionError(f"no matching {method} call within {timeout}s; calls: {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

    async def wait_acknowledged(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot has confirmed (via getUpdates offset) that it received `update_id`."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while self.acknowledged < update_id:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"update {update_id} not acknowledged within {timeout}s")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

    # -- HTTP -----------------------------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        self.calls.append(call)
        await self._notify()
        failures = self._failures.get(method)
        if failures:
            failure = failures.pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return web.json_response(body, status=failure.status)
        if method == "getUpdates":
            result: Any = await self._get_updates(params)
        else:
            result = fake_result(method, params, self.state)
        call.result = result
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self.acknowledged = max(self.acknowledged, offset - 1)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            await self._notify()
        timeout = min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - time.monotonic()))
                except TimeoutError:
                    break
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.state.files:
            return web.Response(status=404)
        return web.Response(body=self.state.files[file_id])

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            raw: dict[str, Any] = await request.json()
        else:
            raw = {}
            form = await request.post() if request.can_read_body else {}
            for key, value in list(request.query.items()) + list(form.items()):
                if hasattr(value, "file"):  # an uploaded file
                    raw[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    raw[key] = value
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and key in JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            elif isinstance(value, str) and key in INT_PARAMS:
                try:
                    value = int(value)
                except ValueError:
                    pass
            params[key] = value
        # Uploads referenced as attach://name become the Upload itself, as in RecordingRequest.
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and isinstance(params.get(value[9:]), Upload):
                params[key] = params.pop(value[9:])
        return params


class BotProcess:
    """`python -m bot run` in a subprocess with a controlled environment; output goes to a log file."""

    def __init__(self, env: dict[str, str], *, cwd: Path, log_path: Path, args: tuple[str, ...] = ("run",)) -> None:
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.args = args
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT", "VIRTUAL_ENV")
                if key in os.environ}
        # The tests' own environment (a developer's .env included) must not leak into the bot under test.
        env = {**base, "PYTHONUNBUFFERED": "1", **self.env}
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *self.args], cwd=self.cwd, env=env, stdout=self._log,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    @property
    def returncode(self) -> int | None:
        return self.process.poll() if self.process else None

    async def wait_output(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if self.returncode is not None:
                raise AssertionError(f"the bot exited ({self.returncode}) before printing {text!r}:\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not printed within {timeout}s:\n{self.output}")
            await asyncio.sleep(0.05)

    async def wait_exit(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not exit within {timeout}s:\n{self.output}")
            await asyncio.sleep(0.05)
        return self.process.returncode

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        """Send `sig` and return the exit code; kill it (and fail) if it does not exit in time."""
        if self.process is None:
            raise RuntimeError("not started")
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return await self.wait_exit(timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        if getattr(self, "_log", None) is not None and not self._log.closed:
            self._log.close()
