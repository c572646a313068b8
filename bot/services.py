"""The long-lived objects the handlers share, created once at start-up and kept in `application.bot_data.services`.

`sender_hash` is how the question-answering side and the reviewers' labels refer to a Telegram user in storage: a
keyed hash (HMAC-SHA256) of the user id with the pseudonym key (`TIP_SECRET`, or `DATA_DIR/secret.key` generated
once), so the database alone cannot be linked to a person. It is also the salt of receipt-code hashes.

The tips feature does not use it for tipsters (see docs/privacy.md): drafts are keyed under a key derived from the
tips encryption key (bot/tips/service.py), and quotas under keys that live in memory only and rotate daily
(bot/tips/quota.py), because `secret.key` lies beside the database by default and would let whoever copies the
data directory test a suspect's id.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.qa.matcher import Matcher
from bot.settings import Settings

SECRET_FILE = "secret.key"


@dataclass
class Services:
    settings: Settings
    matcher: Matcher
    db: sqlite_utils.Database
    sender_key: bytes

    def sender_hash(self, user_id: int, purpose: str) -> str:
        """A stable pseudonym of `user_id` for one purpose ("quota", "draft", "prefs", ...)."""
        return hmac.new(self.sender_key, f"{purpose}:{user_id}".encode(), hashlib.sha256).hexdigest()


def load_sender_key(settings: Settings) -> bytes:
    """TIP_SECRET from the settings, or a random key generated once into the data directory (mode 0600)."""
    if settings.tip_secret:
        return settings.tip_secret.encode()
    path = Path(settings.data_dir) / SECRET_FILE
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key


def get_services(context: Any) -> Services:
    """The Services of a handler's `context` (a CallbackContext whose bot_data is a bot.tg.context.BotData)."""
    services: Services = context.application.bot_data.services
    return services
