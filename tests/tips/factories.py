"""Small builders for tips tests: a complete TipInput, and a tip created through the store."""

from __future__ import annotations

from typing import Any

from bot.tips.store import TipInput

DESCRIPTION = ("Kepala seksi di kantor kecamatan membagikan ajakan memilih paslon nomor 2 di grup WhatsApp kantor "
               "pada jam kerja, lalu meminta semua staf ikut.")


def tip_input(**changes: Any) -> TipInput:
    values: dict[str, Any] = {
        "category": "sosmed", "province_code": "32", "regency_code": "3273", "when_text": "kemarin, 30-04-2024",
        "when_date": "2024-04-30", "agency": "Kantor Kecamatan Coblong", "role": "kepala seksi",
        "description": DESCRIPTION,
    }
    values.update(changes)
    return TipInput(**values)
