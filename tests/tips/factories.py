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


def jpeg(seed: int = 0, size: tuple[int, int] = (32, 24)) -> bytes:
    """A small real JPEG, different for every seed (evidence is decoded and re-encoded, so it must be real)."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, ((seed * 47) % 256, (seed * 91) % 256, 120))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


CAMERA_MODEL = "NetralCam Z-9000"
CAMERA_MAKE = "PabrikKamera"


def gps_jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG straight from a phone: GPS position, camera make and model, capture time, XMP with an author's
    name and a comment; orientation 6 (taken rotated)."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = CAMERA_MAKE
    exif[0x0110] = CAMERA_MODEL
    exif[0x0132] = "2024:05:01 10:00:00"
    exif[0x0112] = 6
    exif[0x8825] = {1: "S", 2: (6.0, 54.0, 12.5), 3: "E", 4: (107.0, 36.0, 1.0)}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description dc:creator="Penulis Rahasia"/></x:xmpmeta>'
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp, comment=b"komentar rahasia")
    return out.getvalue()
