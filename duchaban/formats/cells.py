"""Cell values going into and coming out of spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

# A cell starting with one of these would be taken as a formula by Excel or WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an .xlsx cannot hold (Excel writes them as _x000B_ and the like; openpyxl refuses them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32767  # Excel's limit on one cell's text


def safe_text(value):
    """A value safe to write into a cell: user text never starts a formula (SPEC §5), and control
    characters (which stop the writer) are left out."""
    if isinstance(value, str):
        if CONTROL_CHARACTERS.search(value):
            value = CONTROL_CHARACTERS.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def cell_text(value) -> str:
    """A read cell as clean text: numbers typed for text (13800000000.0) lose their '.0',
    full-width characters become half-width, and surrounding spaces go."""
    text = cell_prose(value)
    # Most cells are already normal; checking is much cheaper than normalising.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text).strip()
        text = text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text
    return text


def cell_prose(value) -> str:
    """A read cell as a unit's prose, kept exactly as typed (full-width punctuation, ①, ㎡, ½):
    only surrounding spaces go, a number typed for text loses its '.0', and the apostrophe that
    kept text from being a formula is removed."""
    if value is None:
        return ""
    if isinstance(value, bool):     # as Excel and WPS show it, not Python's True
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text
