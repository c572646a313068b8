"""CSV export of tips for reviewers' own case systems, made to open cleanly in Excel on a double click: semicolons
by default (Excel with Indonesian regional settings uses the comma as the decimal mark and splits on ";"), UTF-8
with a byte-order mark (otherwise Excel guesses the ANSI code page and garbles Indonesian text), CRLF line ends,
every field quoted, dates as "YYYY-MM-DD HH:MM" in WIB (Excel reads them as dates in every locale), and cells that
Excel would run as formulas (=, +, -, @, tab, CR) prefixed with an apostrophe (CSV injection). Reviewers'
questions and tipsters' answers, and the SHA-256 of every evidence file (of the stored, metadata-free bytes), come
along so that the case file is complete.
"""

from __future__ import annotations

import csv
import io

from bot.tips.regions import Wilayah
from bot.tips.store import Tip, TipStore
from bot.tips.texts import CATEGORY_SHORT, close_reason_label, status_label
from bot.tips.timefmt import WIB, from_iso

BOM = "\ufeff"
COLUMNS = ("No", "Masuk (WIB)", "Status", "Alasan ditutup", "Jenis", "Provinsi", "Kabupaten/Kota",
           "Waktu kejadian", "Tanggal kejadian", "Instansi", "Jabatan", "Nama ASN", "Uraian", "Jumlah file", "Tautan",
           "SHA-256 bukti", "Tanya-jawab", "Ditangani", "Diperbarui (WIB)", "Sama dengan laporan")


def excel_safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def excel_date(stamp: str | None) -> str:
    """'2024-05-01T03:04:05Z' -> '2024-05-01 10:04' (WIB)."""
    return from_iso(stamp).astimezone(WIB).strftime("%Y-%m-%d %H:%M") if stamp else ""


def conversation(store: TipStore, tip_id: int) -> str:
    lines = []
    for event in store.events(tip_id):
        if event.kind in ("question", "reply"):
            who = f"Peninjau {event.actor}" if event.kind == "question" else "Pelapor"
            lines.append(f"[{excel_date(event.at)}] {who}: {event.text or ''}")
    return "\n".join(lines)


def export_csv(store: TipStore, tips: list[Tip], wilayah: Wilayah, delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for tip in tips:
        evidence = store.evidence_of(tip.id)
        province = wilayah.province(tip.province_code)
        regency = wilayah.regency(tip.regency_code)
        files = [e for e in evidence if e.kind != "link"]
        row = (
            tip.id, excel_date(tip.created_at), status_label(tip.status), close_reason_label(tip.close_reason),
            CATEGORY_SHORT.get(tip.category, tip.category), province.name if province else tip.province_code,
            regency.name if regency else tip.regency_code, tip.when_text, tip.when_date or "", tip.agency,
            tip.role, tip.accused_name or "", tip.description, len(files),
            " ".join(e.url for e in evidence if e.kind == "link" and e.url),
            "\n".join(f"{index}. {e.sha256}" for index, e in enumerate(files, start=1) if e.sha256),
            conversation(store, tip.id), tip.claimed_by or "", excel_date(tip.updated_at),
            tip.duplicate_of if tip.duplicate_of and tip.duplicate_of != tip.id else "",
        )
        writer.writerow([excel_safe(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
