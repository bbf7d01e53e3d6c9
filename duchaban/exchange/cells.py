"""Cell values going into and coming out of spreadsheets."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

# A cell starting with one of these would be taken as a formula by Excel or WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """A value safe to write into a cell: user text never starts a formula (SPEC §5)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value) -> str:
    """A read cell as clean text: numbers typed for text (13800000000.0) lose their '.0',
    full-width characters become half-width, and surrounding spaces go."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    # Most cells are already normal; checking is much cheaper than normalising.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text).strip()
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text
