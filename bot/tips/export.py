"""CSV export of tips for reviewers' own case systems, made to open cleanly in Excel: UTF-8 with a byte-order
mark (otherwise Excel guesses the ANSI code page and garbles Indonesian text), CRLF line ends, every field quoted,
and cells that Excel would run as formulas (=, +, -, @, tab, CR) prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io

from bot.tips.timefmt import wib
from bot.tips.store import Tip, TipStore
from bot.tips.texts import CATEGORY_SHORT, close_reason_label, status_label
from bot.tips.regions import Wilayah

BOM = "\ufeff"
COLUMNS = ("No", "Masuk (WIB)", "Status", "Alasan ditutup", "Jenis", "Provinsi", "Kabupaten/Kota",
           "Waktu kejadian", "Instansi", "Jabatan", "Nama ASN", "Uraian", "Jumlah file", "Tautan",
           "Ditangani", "Diperbarui (WIB)", "Sama dengan laporan")


def excel_safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def export_csv(store: TipStore, tips: list[Tip], wilayah: Wilayah, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for tip in tips:
        evidence = store.evidence_of(tip.id)
        province = wilayah.province(tip.province_code)
        regency = wilayah.regency(tip.regency_code)
        row = (
            tip.id, wib(tip.created_at), status_label(tip.status), close_reason_label(tip.close_reason),
            CATEGORY_SHORT.get(tip.category, tip.category), province.name if province else tip.province_code,
            regency.name if regency else tip.regency_code, tip.when_text, tip.agency, tip.role,
            tip.accused_name or "", tip.description, sum(1 for e in evidence if e.kind != "link"),
            " ".join(e.url for e in evidence if e.kind == "link" and e.url), tip.claimed_by or "",
            wib(tip.updated_at), tip.duplicate_of if tip.duplicate_of and tip.duplicate_of != tip.id else "",
        )
        writer.writerow([excel_safe(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
