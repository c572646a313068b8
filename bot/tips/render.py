"""Text renderings of tips (HTML for parse_mode=HTML): the review-group notice, a reviewer's one-line listing,
statistics, the tipster's /status view and the summary of a draft. Every piece of user text is escaped here.
Reviewers are shown by label ("R-3F2A"); the tipster's view names only the role ("Peninjau").
"""

from __future__ import annotations

import html
from collections import Counter

from bot.texts import TELEGRAM_LIMIT
from bot.tips.drafts import Draft
from bot.tips.regions import Wilayah
from bot.tips.store import Event, Evidence, Tip
from bot.tips.texts import CATEGORY_SHORT, category_label, close_reason_label, status_label, tt
from bot.tips.timefmt import wib

STATUS_ICON = {"received": "🆕", "verifying": "🔍", "forwarded_bawaslu": "➡️", "forwarded_bkn": "➡️", "closed": "✔️"}


def esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def place(wilayah: Wilayah, province_code: str, regency_code: str) -> str:
    province = wilayah.province(province_code)
    regency = wilayah.regency(regency_code)
    return f"{regency.name if regency else regency_code}, {province.name if province else province_code}"


def _fit(text_before: str, body: str, text_after: str, limit: int, cut_note: str) -> str:
    """Escape `body` and cut it so that the whole message stays under `limit` characters."""
    budget = limit - len(text_before) - len(text_after)
    escaped = esc(body)
    if len(escaped) <= budget:
        return text_before + escaped + text_after
    keep = len(body)
    while keep > 0 and len(esc(body[:keep])) + len(cut_note) + 1 > budget:
        keep -= max(1, (len(esc(body[:keep])) + len(cut_note) + 1 - budget) // 2)
    return text_before + esc(body[:max(keep, 0)]) + "… " + cut_note + text_after


def review_notice(tip: Tip, evidence: list[Evidence], wilayah: Wilayah) -> str:
    """The review group's message for a tip; the buttons under it come from the handler."""
    counts = Counter(item.kind for item in evidence)
    kinds = {"photo": "foto", "document": "dokumen", "video": "video"}
    files = ", ".join(f"{counts[k]} {label}" for k, label in kinds.items() if counts[k]) or "tidak ada file"
    links = [item.url for item in evidence if item.kind == "link" and item.url]
    status = status_label(tip.status)
    if tip.status == "closed":
        status += f" ({close_reason_label(tip.close_reason)})"
    head = (
        f"{STATUS_ICON.get(tip.status, '')} <b>Laporan #{tip.id}</b> · {esc(status)}\n"
        f"<b>Jenis:</b> {esc(category_label(tip.category))}\n"
        f"<b>Wilayah:</b> {esc(place(wilayah, tip.province_code, tip.regency_code))}\n"
        f"<b>Waktu kejadian:</b> {esc(tip.when_text)}\n"
        f"<b>Instansi:</b> {esc(tip.agency)}\n"
        f"<b>Jabatan:</b> {esc(tip.role)}\n"
        f"<b>Nama ASN:</b> {esc(tip.accused_name) if tip.accused_name else '(tidak disebutkan)'}\n"
        f"<b>Uraian:</b>\n"
    )
    tail = f"\n\n<b>Bukti:</b> {files}"
    if links:
        tail += "\n" + "\n".join(f"• {esc(url)}" for url in links)
    tail += f"\n<b>Masuk:</b> {wib(tip.created_at)}"
    if tip.duplicate_of and tip.duplicate_of != tip.id:
        tail += f"\n⚠️ Uraiannya sama dengan laporan #{tip.duplicate_of}"
    tail += f"\n<b>Ditangani:</b> {esc(tip.claimed_by) if tip.claimed_by else 'belum ada'}"
    if len(tail) > TELEGRAM_LIMIT // 2:  # many long links: keep the account readable, list links via /tip
        tail = tail[: TELEGRAM_LIMIT // 2].rsplit("\n", 1)[0] + "\n…"
    return _fit(head, tip.description, tail, TELEGRAM_LIMIT, f"(terpotong; lengkapnya: /ekspor atau /tip {tip.id})")


def list_line(tip: Tip, wilayah: Wilayah) -> str:
    regency = wilayah.regency(tip.regency_code)
    where = regency.short_name if regency else tip.regency_code
    claimed = f" · {esc(tip.claimed_by)}" if tip.claimed_by else ""
    return (f"#{tip.id} · {esc(status_label(tip.status))} · {esc(CATEGORY_SHORT.get(tip.category, tip.category))}"
            f" · {esc(where)} · {wib(tip.created_at, with_time=False)}{claimed}")


def stats_text(stats: dict[str, dict[str, int]], wilayah: Wilayah, top: int = 10) -> str:
    lines = [f"📊 <b>Statistik laporan</b> (total {stats['total']['all']})", "", "<b>Status</b>"]
    lines += [f"• {esc(status_label(k))}: {v}" for k, v in stats["status"].items()]
    lines += ["", "<b>Jenis</b>"]
    lines += [f"• {esc(CATEGORY_SHORT.get(k, k))}: {v}" for k, v in stats["category"].items()]
    lines += ["", f"<b>Provinsi</b> (teratas {top})"]
    for code, count in list(stats["province"].items())[:top]:
        province = wilayah.province(code)
        lines.append(f"• {esc(province.name if province else code)}: {count}")
    lines += ["", f"<b>Kabupaten/kota</b> (teratas {top})"]
    for code, count in list(stats["regency"].items())[:top]:
        regency = wilayah.regency(code)
        lines.append(f"• {esc(regency.name if regency else code)}: {count}")
    return "\n".join(lines)


def tipster_status(tip: Tip, events: list[Event], wilayah: Wilayah, language: str) -> str:
    """What a tipster sees for /status: status history and reviewers' questions, reviewers by role only."""
    head = tt("status.header", language, category=esc(category_label(tip.category, language)),
              place=esc(place(wilayah, tip.province_code, tip.regency_code)), created=wib(tip.created_at),
              status=esc(status_label(tip.status, language)))
    lines = []
    for event in events:
        at = wib(event.at)
        if event.kind == "status" and event.status == "closed":
            lines.append(tt("status.ev.closed", language, at=at,
                            reason=esc(close_reason_label(event.text, language))))
        elif event.kind == "status":
            status = esc(status_label(event.status or "", language))
            lines.append(tt("status.ev.status", language, at=at, status=status))
        elif event.kind in ("claim", "evidence"):
            lines.append(tt(f"status.ev.{event.kind}", language, at=at, text=esc(event.text or "")))
        elif event.kind in ("question", "reply"):
            text = event.text or ""
            if len(text) > 600:
                text = text[:600] + "…"
            lines.append(tt(f"status.ev.{event.kind}", language, at=at, text=esc(text)))
    footer = tt("status.closed_footer" if tip.status == "closed" else "status.footer", language)
    body = head + "\n\n" + tt("status.history", language) + "\n" + "\n".join(lines) + "\n\n" + footer
    while len(body) > TELEGRAM_LIMIT and len(lines) > 2:  # very long histories: drop the oldest middle lines
        lines.pop(1)
        body = head + "\n\n" + tt("status.history", language) + "\n" + lines[0] + "\n…\n" + "\n".join(lines[1:]) \
            + "\n\n" + footer
    return body


def draft_summary(draft: Draft, wilayah: Wilayah, language: str) -> str:
    d = draft.data
    province = wilayah.province(d.get("province", ""))
    regency = wilayah.regency(d.get("regency", ""))
    description = d.get("description", "")
    if len(description) > 1500:
        description = description[:1500] + "…"
    return tt("summary", language,
              category=esc(category_label(d.get("category", ""), language)),
              regency=esc(regency.name if regency else "?"), province=esc(province.name if province else "?"),
              when=esc(d.get("when", "?")), agency=esc(d.get("agency", "?")), role=esc(d.get("role", "?")),
              name=esc(d["name"]) if d.get("name") else tt("summary.no_name", language),
              description=esc(description), files=len(d.get("files", [])), links=len(d.get("links", [])))
