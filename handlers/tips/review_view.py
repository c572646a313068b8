"""How tips look to reviewers: the notice with its buttons, the close-reason keyboard, the purge confirmation and
the history lines of /tip. Button data: "rv:<action>:<tip id>:<version>[:<arg>]".
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.numbers import parse_int
from bot.tips.render import esc, review_notice
from bot.tips.service import TipsService
from bot.tips.store import CATEGORIES, CLOSE_REASONS, TRANSITIONS, Tip
from bot.tips.texts import close_reason_label, status_label, tt

STATUS_CODES = {"ver": "verifying", "fwb": "forwarded_bawaslu", "fwk": "forwarded_bkn"}
STATUS_SHORT = {v: k for k, v in STATUS_CODES.items()}
REASON_CODES = {"dn": "done", "ib": "insufficient", "os": "out_of_scope", "dp": "duplicate", "sp": "spam"}
REASON_SHORT = {v: k for k, v in REASON_CODES.items()}


def review_keyboard(tip: Tip) -> InlineKeyboardMarkup:
    """Claim or release (not on a closed tip: there is nothing left to handle), the next statuses, close or
    reopen."""
    base = f"{tip.id}:{tip.version}"
    rows = []
    if tip.status != "closed":
        rows.append([InlineKeyboardButton(tt("rv.btn.release" if tip.claimed_by else "rv.btn.claim"),
                                          callback_data=f"rv:{'rl' if tip.claimed_by else 'cl'}:{base}")])
    allowed = TRANSITIONS[tip.status]
    status_row = [InlineKeyboardButton(tt(f"rv.btn.{status}"), callback_data=f"rv:st:{base}:{STATUS_SHORT[status]}")
                  for status in ("verifying", "forwarded_bawaslu", "forwarded_bkn")
                  if status in allowed and tip.status != "closed"]
    if status_row:
        rows.append(status_row)
    if "closed" in allowed:
        rows.append([InlineKeyboardButton(tt("rv.btn.close"), callback_data=f"rv:cm:{base}")])
    if tip.status == "closed":
        rows.append([InlineKeyboardButton(tt("rv.btn.reopen"), callback_data=f"rv:st:{base}:ver")])
    return InlineKeyboardMarkup(rows)


def close_keyboard(tip: Tip) -> InlineKeyboardMarkup:
    base = f"{tip.id}:{tip.version}"
    rows = [[InlineKeyboardButton(close_reason_label(reason).capitalize(),
                                  callback_data=f"rv:cr:{base}:{REASON_SHORT[reason]}")] for reason in CLOSE_REASONS]
    rows.append([InlineKeyboardButton(tt("rv.btn.back"), callback_data=f"rv:kb:{base}")])
    return InlineKeyboardMarkup(rows)


def purge_keyboard(tip: Tip) -> InlineKeyboardMarkup:
    base = f"{tip.id}:{tip.version}"
    return InlineKeyboardMarkup([[InlineKeyboardButton(tt("rv.btn.purge_yes"), callback_data=f"rv:py:{base}"),
                                  InlineKeyboardButton(tt("rv.btn.purge_no"), callback_data=f"rv:pn:{base}")]])


def notice(service: TipsService, tip: Tip) -> str:
    return review_notice(tip, service.store.evidence_of(tip.id), service.wilayah)


def actor_label(actor: str) -> str:
    """"system" -> "Bot", "tipster" -> "Pelapor", "R-3F2A" -> "Peninjau R-3F2A"."""
    if actor in ("system", "tipster"):
        return tt(f"rv.actor.{actor}")
    return tt("rv.actor.reviewer", label=actor)


def event_text(event: Any) -> str:
    if event.kind == "status":
        text = status_label(event.status)
        return text + (f" ({close_reason_label(event.text)})" if event.text else "")
    if event.kind == "evidence":
        return f"menambah {event.text or ''} bukti"
    labels = {"claim": "mengambil laporan", "question": "bertanya: ", "reply": "menjawab: "}
    return labels.get(event.kind, event.kind) + (event.text or "" if event.kind != "claim" else "")


def parse_filters(args: list[str], service: TipsService) -> tuple[dict[str, Any], int, str]:
    """/tips and /ekspor arguments -> (filters for TipStore.list, page, a readable description)."""
    words = {"terbuka": "open", "open": "open", "diterima": "received", "received": "received",
             "verifikasi": "verifying", "verifying": "verifying", "bawaslu": "forwarded_bawaslu",
             "bkn": "forwarded_bkn", "ditutup": "closed", "tutup": "closed", "closed": "closed"}
    found: dict[str, Any] = {}
    page = 1
    parts = list(args)
    while parts:
        word = parts.pop(0)
        lowered = word.lower()
        if lowered.startswith("cari="):
            found["text"] = " ".join([word[5:], *parts]).strip() or None
            break
        if lowered.startswith("hal=") and (number := parse_int(lowered[4:])) is not None:
            page = max(1, number)
        elif lowered.startswith("prov="):
            value = word[5:]
            matches = [value] if service.wilayah.province(value) else [p.code for p in
                                                                       service.wilayah.search_provinces(value)]
            found["province"] = matches[0] if matches else value
        elif lowered.startswith(("kab=", "kota=")):
            found["regency"] = word.split("=", 1)[1]
        elif lowered in words:
            if words[lowered] == "open":
                found["open_only"] = True
            else:
                found["status"] = words[lowered]
        elif lowered in CATEGORIES:
            found["category"] = lowered
    described = " ".join(f"{k}={v}" for k, v in found.items() if v not in (None, False))
    return found, page, (f"[{esc(described)}] " if described else "")
