"""Removing what evidence files say about the person who made them, before they are stored or shown to anyone.

Images (JPEG, PNG, WebP, and HEIC/HEIF through the pillow-heif plugin) are decoded and re-encoded by Pillow from the
pixels alone: EXIF (GPS position, camera make and model, capture time, serial numbers), XMP, IPTC, comments and
PNG text chunks do not survive. The EXIF orientation is applied to the pixels first so the picture still stands
the right way up. HEIC becomes JPEG (reviewers' phones and Telegram show it). A file that claims to be an image and
cannot be decoded is refused rather than kept with its metadata.

PDF, Office documents and videos cannot be cleaned here: they are kept as sent and flagged, to the tipster and to
reviewers, as possibly carrying author names or location.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF photos from iPhones; the plugin is a maintained wheel on PyPI
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - the dependency is declared, but the rest works without it
    HEIF = False

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "heic", "heif"})
AUTHOR_METADATA = frozenset({"pdf", "doc", "docx", "xls", "xlsx"})
VIDEO = frozenset({"mp4", "mov"})
MAX_PIXELS = 60_000_000  # a decompression bomb is refused, not decoded

# What we tell people was removed, by kind.
GPS, DEVICE, TIME, OTHER_EXIF, XMP, IPTC, COMMENT = "gps", "device", "time", "exif", "xmp", "iptc", "comment"
_DEVICE_TAGS = (0x010F, 0x0110, 0x0131, 0xA430, 0xA431, 0xA433, 0xA434, 0xA435)  # make, model, software, serials
_TIME_TAGS = (0x0132, 0x9003, 0x9004)


class NotAnImage(Exception):
    """The file says it is an image but cannot be decoded (or is far too large): refused."""


@dataclass(frozen=True)
class Scrubbed:
    data: bytes
    ext: str
    removed: tuple[str, ...] = ()  # GPS, DEVICE, ... found in the original and not in `data`
    flag: str | None = None  # "author" (PDF/Office) or "video": may still carry metadata
    mime: str | None = None


def scrub(data: bytes, ext: str, mime: str | None = None) -> Scrubbed:
    """`data` without identifying metadata where that is possible; see the module docstring."""
    ext = "jpg" if ext == "jpeg" else ext
    if ext in VIDEO:
        return Scrubbed(data, ext, flag="video", mime=mime)
    image = _open_image(data)
    if image is None:
        if ext in IMAGE_EXTENSIONS:
            raise NotAnImage
        return Scrubbed(data, ext, flag="author" if ext in AUTHOR_METADATA else None, mime=mime)
    try:
        return _reencode(image, data)
    except (OSError, ValueError) as exc:  # an image Pillow can read but not write back: refuse, do not keep as is
        raise NotAnImage from exc
    finally:
        image.close()


def _open_image(data: bytes) -> Image.Image | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise NotAnImage
            image.load()
            return image
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except NotAnImage:
        raise
    except (OSError, ValueError, SyntaxError):  # truncated or corrupt image data
        raise NotAnImage from None


def found_metadata(image: Image.Image) -> tuple[str, ...]:
    """The kinds of identifying metadata an opened image carries."""
    found: list[str] = []
    exif = image.getexif()
    if exif:
        if exif.get_ifd(0x8825) or 0x8825 in exif:
            found.append(GPS)
        if any(tag in exif for tag in _DEVICE_TAGS) or any(tag in exif.get_ifd(0x8769)
                                                           for tag in (0xA430, 0xA431, 0xA433, 0xA434, 0xA435)):
            found.append(DEVICE)
        if any(tag in exif for tag in _TIME_TAGS) or any(tag in exif.get_ifd(0x8769) for tag in _TIME_TAGS):
            found.append(TIME)
        if not found:
            found.append(OTHER_EXIF)
    info = image.info
    if info.get("xmp") or info.get("XML:com.adobe.xmp") or any("xmp" in str(k).lower() for k in info):
        found.append(XMP)
    if image.format == "JPEG" and any(marker == 0xFFED for marker, _ in getattr(image, "applist", [])) \
            or "photoshop" in info or "iptc" in info:
        found.append(IPTC)
    if info.get("comment") or any(k in info for k in ("Comment", "Description", "Author", "Software")):
        found.append(COMMENT)
    return tuple(dict.fromkeys(found))


def _reencode(image: Image.Image, original: bytes) -> Scrubbed:
    """Only the pixels (first frame of an animation) go into the new file; ICC colour profiles are kept."""
    removed = found_metadata(image)
    source_format = image.format or ""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    options = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    if source_format == "PNG" or (source_format not in ("JPEG", "WEBP", "HEIF") and _has_alpha(image)):
        _pixels_only(image).save(out, "PNG", **options)
        ext, mime = "png", "image/png"
    elif source_format == "WEBP":
        _pixels_only(image).save(out, "WEBP", quality=90, **options)
        ext, mime = "webp", "image/webp"
    else:  # JPEG, HEIF and anything else becomes a JPEG
        rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
        _pixels_only(rgb).save(out, "JPEG", quality=92, optimize=True, **options)
        ext, mime = "jpg", "image/jpeg"
    return Scrubbed(out.getvalue(), ext, removed=removed, mime=mime)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels (and palette) and an empty `info`, where EXIF, XMP and comments travel."""
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette() or [])
        if "transparency" in image.info:
            clean.info["transparency"] = image.info["transparency"]
    clean.paste(image)
    return clean
