"""Whole numbers typed by users (a suggestion number, a tip id, a page) or carried in button data.

`str.isdigit()` is the wrong test for them: it accepts "²", "③" and "①", which `int()` then refuses, and
`int()` itself accepts "٣", " 7", "+7", "1_000" and strings long enough to be slow or to overflow SQLite's
64-bit integer. `parse_int` accepts only the ASCII digits 0-9, within bounds the caller states, and returns
None for anything else, so a caller has one case to handle: "not a number we can use".
"""

from __future__ import annotations

SQLITE_INT_MAX = 2**63 - 1  # the largest integer SQLite stores (a larger one raises OverflowError in sqlite3)

_DIGITS = frozenset("0123456789")
_MAX_LENGTH = 64  # longer is not a number anyone typed


def parse_int(text: str | None, low: int = 0, high: int = SQLITE_INT_MAX) -> int | None:
    """`text` as an int if it is made of ASCII decimal digits only and `low <= value <= high`, else None.

    No sign, no spaces, no underscores, no other scripts' digits: what a person types as a number after the
    caller has stripped its own prefix ("#12", "hal=3") and surrounding whitespace. Leading zeros are fine
    ("07"); the digits are counted before `int()` runs, so a thousand-digit string costs nothing.
    """
    if not isinstance(text, str) or not text or len(text) > _MAX_LENGTH or not _DIGITS.issuperset(text):
        return None
    significant = text.lstrip("0") or "0"
    if len(significant) > len(str(max(high, 0))):
        return None
    value = int(significant)
    return value if low <= value <= high else None
