"""The tips feature's services in one object, created once per application from the shared `Services`:
the tip store, drafts, quota, evidence files, outbox and the /lapor state machine, plus the few operations that
span several of them (submitting a draft, the daily housekeeping) and the short-lived /status follow-up sessions.

Follow-up sessions ("the next message answers the reviewer's question on tip 12") live in memory only, keyed by
`sender_hash(user_id, "followup")`: written to disk they would link a sender to a tip. Quotas live in memory too
(bot/tips/quota.py). Without a usable tips key (bot/tips/crypto.py) the service cannot be made: `TipsUnavailable`
says why, and the handlers tell users that reporting is not open yet.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.settings import TipsSettings
from bot.tips.crypto import Cipher, DecryptError, KeyProblem, load_key
from bot.tips.drafts import Draft, DraftStore
from bot.tips.evidence import EvidenceStore, StoredFile
from bot.tips.flow import ReportFlow
from bot.tips.quota import Quota, QuotaLimits
from bot.tips.regions import Wilayah
from bot.tips.regions import wilayah as bundled_wilayah
from bot.tips.scrub import Scrubbed, scrub
from bot.tips.store import TipStore
from bot.tips.timefmt import utcnow
from bot.tips.wipe import scrub_wal

log = logging.getLogger(__name__)

FOLLOWUP_TTL_SECONDS = 30 * 60


class TipsUnavailable(Exception):
    """The tips feature cannot start (no usable key); the message says why, for the operator."""


@dataclass
class SubmitResult:
    ok: bool
    tip_id: int | None = None
    code: str | None = None
    refusal: str | None = None  # "hour", "day", "duplicate", "incomplete"
    limit: int | None = None


@dataclass
class FollowUp:
    tip_id: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(6))
    mode: str | None = None  # None, "reply" or "evidence"
    expires: float = field(default_factory=lambda: time.monotonic() + FOLLOWUP_TTL_SECONDS)
    added: int = 0

    def touch(self) -> None:
        self.expires = time.monotonic() + FOLLOWUP_TTL_SECONDS


class TipsService:
    def __init__(self, services: Any, config: TipsSettings | None = None, wilayah: Wilayah | None = None) -> None:
        self.services = services
        self.settings = services.settings
        self.config = config or services.settings.tips
        self.wilayah = wilayah or bundled_wilayah()
        try:
            key = load_key(self.config.key, self.config.key_file, self.settings.data_dir,
                           self.config.key_in_data_dir)
        except KeyProblem as exc:
            raise TipsUnavailable(str(exc)) from None
        self.cipher = Cipher(key)
        self.evidence = EvidenceStore(self.settings.data_dir, self.cipher)
        try:
            self.store = TipStore(services.db, services.sender_key, self.evidence, self.config.receipt_iterations)
        except DecryptError:
            raise TipsUnavailable("the tips key does not open this database (another key, or one rotated away "
                                  "from): set the key the data was written with") from None
        self.outbox = self.store.outbox
        self.outbox.backoff_start = timedelta(seconds=self.config.outbox_backoff_seconds)
        self.drafts = DraftStore(services.db, self.cipher, timedelta(hours=self.config.draft_ttl_hours))
        self._draft_key = self.store.pseudonym_key("draft-owner")
        self.quota = Quota(QuotaLimits(self.config.tips_per_hour, self.config.tips_per_day,
                                       self.config.status_attempts_per_hour))
        self.flow = ReportFlow(self.config, self.wilayah)
        self._followups: dict[str, FollowUp] = {}
        self.delivery_lock: Any = None  # an asyncio.Lock, made by the delivery code inside the event loop

    # -- identities (keyed hashes only) ----------------------------------------------------------------------
    def draft_key(self, user_id: int) -> str:
        """The draft's owner: keyed with a key derived from the sealed pepper, so the data directory alone (or
        with the pseudonym file secret.key) cannot test whether someone has a report in progress."""
        return hmac.new(self._draft_key, f"draft:{user_id}".encode(), hashlib.sha256).hexdigest()

    def reviewer_hash(self, user_id: int) -> str:
        return self.services.sender_hash(user_id, "reviewer")

    def is_reviewer(self, user_id: int | None) -> bool:
        from bot.settings import RESERVED_TELEGRAM_IDS

        return user_id is not None and user_id in self.settings.admin_ids and user_id not in RESERVED_TELEGRAM_IDS

    # -- submitting ------------------------------------------------------------------------------------------
    def submit(self, draft: Draft, user_id: int, now: datetime | None = None,
               receipt: tuple[str, str] | None = None) -> SubmitResult:
        """Write the draft as a tip and delete the draft in the same transaction; count it for the sender's quota
        (in memory) once it is committed."""
        now = now or utcnow()
        if self.flow.missing(draft):
            return SubmitResult(False, refusal="incomplete")
        tip = self.flow.to_input(draft)
        refusal = self.quota.tip_refusal(user_id, tip.description, now)
        if refusal:
            limit = {"hour": self.config.tips_per_hour, "day": self.config.tips_per_day}.get(refusal)
            return SubmitResult(False, refusal=refusal, limit=limit)
        tip_id, code = self.store.create(tip, draft_id=draft.draft_id, now=now, receipt=receipt,
                                         in_transaction=(lambda: self.drafts.delete_in_transaction(draft.key),))
        self.quota.record_tip(user_id, tip.description, now)
        return SubmitResult(True, tip_id=tip_id, code=code)

    def cancel_draft(self, draft: Draft) -> None:
        self.drafts.delete(draft.key)
        self.evidence.remove_draft(draft.draft_id)
        scrub_wal(self.store.db)

    def clean_file(self, data: bytes, ext: str, mime: str | None) -> Scrubbed:
        """Evidence without identifying metadata (NotAnImage when an "image" cannot be decoded). CPU work:
        callers in the event loop run it in a thread."""
        return scrub(data, ext, mime)

    def save_draft_file(self, draft: Draft, cleaned: Scrubbed) -> StoredFile:
        return self.evidence.save_draft_file(draft.draft_id, cleaned.data, cleaned.ext)

    # -- follow-up sessions (memory only) --------------------------------------------------------------------
    def open_followup(self, user_id: int, tip_id: int) -> FollowUp:
        self._expire_followups()
        session = FollowUp(tip_id)
        self._followups[self.services.sender_hash(user_id, "followup")] = session
        return session

    def followup(self, user_id: int) -> FollowUp | None:
        if not self._followups:  # nearly always: every private text asks, and a keyed hash costs more than this
            return None
        key = self.services.sender_hash(user_id, "followup")
        session = self._followups.get(key)
        if session is None:
            return None
        if session.expires < time.monotonic():
            del self._followups[key]
            return None
        return session

    def close_followup(self, user_id: int) -> bool:
        return self._followups.pop(self.services.sender_hash(user_id, "followup"), None) is not None

    def _expire_followups(self) -> None:
        now = time.monotonic()
        for key in [k for k, s in self._followups.items() if s.expires < now]:
            del self._followups[key]

    # -- housekeeping ----------------------------------------------------------------------------------------
    def housekeeping(self, now: datetime | None = None) -> dict[str, int]:
        """Retention and clean-up, run daily: closed tips past retention (and their files), expired drafts (and
        their files, plus draft folders nobody owns), quota rows no rule needs, delivered outbox items."""
        now = now or utcnow()
        purged = self.store.purge_expired(self.settings.tip_retention_days, self.config.retention_open_days, now)
        expired = self.drafts.purge_expired(now)
        for draft_id in expired:
            self.evidence.remove_draft(draft_id)
        if expired:
            scrub_wal(self.store.db)
        live = self.drafts.live_draft_ids()
        drafts_root = self.evidence.root / "drafts"
        orphans = 0
        if drafts_root.exists():
            for folder in drafts_root.iterdir():
                if folder.name not in live:
                    shutil.rmtree(folder, ignore_errors=True)
                    orphans += 1
        counts = {"tips": len(purged), "drafts": len(expired), "draft_folders": orphans,
                  "quota": self.quota.purge(now), "outbox": self.outbox.purge_sent(now=now)}
        self._expire_followups()
        log.info("tips housekeeping: %s", counts)
        return counts


def for_application(application: Any) -> TipsService:
    """The TipsService of a python-telegram-bot Application: `bot_data.tips` (bot.tg.context.BotData), created on
    first use from `bot_data.services` and the tips settings in them. TipsUnavailable (remembered in
    `bot_data.tips_unavailable`, so the key is looked for once) when the tips key is missing or refused."""
    bot_data = application.bot_data
    if bot_data.tips is None:
        if bot_data.tips_unavailable:
            raise TipsUnavailable(bot_data.tips_unavailable)
        try:
            bot_data.tips = TipsService(bot_data.services)
        except TipsUnavailable as exc:
            bot_data.tips_unavailable = str(exc)
            raise
    service: TipsService = bot_data.tips
    return service
