"""The tips feature's services in one object, created once per application from the shared `Services`:
the tip store, drafts, quota, evidence files, outbox and the /lapor state machine, plus the few operations that
span several of them (submitting a draft, the daily housekeeping) and the short-lived /status follow-up sessions.

Follow-up sessions ("the next message answers the reviewer's question on tip 12") live in memory only, keyed by
`sender_hash(user_id, "followup")`: written to disk they would link a sender to a tip.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.settings import TipsSettings
from bot.tips.drafts import Draft, DraftStore
from bot.tips.evidence import EvidenceStore
from bot.tips.flow import ReportFlow
from bot.tips.quota import Quota, QuotaLimits
from bot.tips.regions import Wilayah
from bot.tips.regions import wilayah as bundled_wilayah
from bot.tips.store import TipStore
from bot.tips.timefmt import utcnow

log = logging.getLogger(__name__)

FOLLOWUP_TTL_SECONDS = 30 * 60


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
        self.evidence = EvidenceStore(self.settings.data_dir)
        self.store = TipStore(services.db, services.sender_key, self.evidence, self.config.receipt_iterations)
        self.outbox = self.store.outbox
        self.outbox.backoff_start = timedelta(seconds=self.config.outbox_backoff_seconds)
        self.drafts = DraftStore(services.db, timedelta(hours=self.config.draft_ttl_hours))
        self.quota = Quota(services.db, QuotaLimits(self.config.tips_per_hour, self.config.tips_per_day,
                                                    self.config.status_attempts_per_hour))
        self.flow = ReportFlow(self.config, self.wilayah)
        self._followups: dict[str, FollowUp] = {}
        self.delivery_lock: Any = None  # an asyncio.Lock, made by the delivery code inside the event loop

    # -- identities (keyed hashes only) ----------------------------------------------------------------------
    def draft_key(self, user_id: int) -> str:
        return self.services.sender_hash(user_id, "draft")

    def quota_key(self, user_id: int) -> str:
        return self.services.sender_hash(user_id, "quota")

    def reviewer_hash(self, user_id: int) -> str:
        return self.services.sender_hash(user_id, "reviewer")

    def is_reviewer(self, user_id: int | None) -> bool:
        from bot.settings import RESERVED_TELEGRAM_IDS

        return user_id is not None and user_id in self.settings.admin_ids and user_id not in RESERVED_TELEGRAM_IDS

    # -- submitting ------------------------------------------------------------------------------------------
    def submit(self, draft: Draft, quota_key: str, now: datetime | None = None,
               receipt: tuple[str, str] | None = None) -> SubmitResult:
        """Write the draft as a tip (with quota record and draft deletion in the same transaction)."""
        now = now or utcnow()
        if self.flow.missing(draft):
            return SubmitResult(False, refusal="incomplete")
        tip = self.flow.to_input(draft)
        text_hash = self.store.text_hash(tip.description)
        refusal = self.quota.tip_refusal(quota_key, text_hash, now)
        if refusal:
            limit = {"hour": self.config.tips_per_hour, "day": self.config.tips_per_day}.get(refusal)
            return SubmitResult(False, refusal=refusal, limit=limit)
        tip_id, code = self.store.create(
            tip, draft_id=draft.draft_id, now=now, receipt=receipt,
            in_transaction=(lambda: self.quota.record_tip(quota_key, text_hash, now),
                            lambda: self.drafts.delete_in_transaction(draft.key)),
        )
        return SubmitResult(True, tip_id=tip_id, code=code)

    def cancel_draft(self, draft: Draft) -> None:
        self.drafts.delete(draft.key)
        self.evidence.remove_draft(draft.draft_id)

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
        purged = self.store.purge_closed(self.settings.tip_retention_days, now)
        expired = self.drafts.purge_expired(now)
        for draft_id in expired:
            self.evidence.remove_draft(draft_id)
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
    first use from `bot_data.services` and the tips settings in them."""
    bot_data = application.bot_data
    if bot_data.tips is None:
        bot_data.tips = TipsService(bot_data.services)
    service: TipsService = bot_data.tips
    return service
