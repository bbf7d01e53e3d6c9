"""Finding a unit by what an office types: part of its name, or its pinyin initials (fgw -> 区发展改革委).

Offices abbreviate units by their initials without the 区 prefix (发改委 -> fgw), and often by
only some characters of the name, so initials match as a subsequence that starts on the first
character of the name or of its stem. Full pinyin (fazhan) matches from the start of a syllable.
"""

from __future__ import annotations

import re
from functools import lru_cache

from duchaban.core.unit_names import normalize_name

_PREFIX = re.compile(r"^(区委|区政府|区|县|市)")
_ASCII = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=8192)
def _pinyin(text: str) -> tuple[str, tuple[str, ...]]:
    # Imported on first use: pypinyin's dictionaries take a while to load, the window's start should not wait.
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower()
    syllables = tuple(s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default"))
    return initials, syllables


@lru_cache(maxsize=16384)
def pinyin_order_key(text: str) -> str:
    """How a text sorts for a Chinese reader: characters by their pinyin (then tone, then the
    character itself), runs of digits by their value (第2 before 第10), digits before letters.

    A string, so that Qt compares it in C++ (a tree's sort role) as well as Python's sorted():
    each character becomes \x02 + its toned syllable (zhong1) + \x03 + itself, each digit run
    \x01 + its length (3 digits) + its value; the separators sort below letters and digits, so
    ba comes before bai, and a shorter number before a longer one.
    """
    from pypinyin import Style, lazy_pinyin

    # The whole text at once: a character's reading depends on its word (重庆 chong, 重要 zhong).
    toned = lazy_pinyin(text, style=Style.TONE3, errors=list)
    if len(toned) != len(text):
        toned = list(text)
    parts: list[str] = []
    digits = ""
    for char, syllable in zip(text, toned, strict=True):
        if char.isdigit() and char.isascii():
            digits += char
            continue
        if digits:
            parts.append(_number_part(digits))
            digits = ""
        parts.append(f"\x02{syllable.lower()}\x03{char}")
    if digits:
        parts.append(_number_part(digits))
    return "".join(parts)


def _number_part(digits: str) -> str:
    value = digits.lstrip("0") or "0"
    return f"\x01{len(value):03d}{value}"


def pinyin_keys(text: str) -> tuple[str, str]:
    """(initials, full pinyin) of a text, lower case, other characters kept as they are."""
    initials, syllables = _pinyin(text)
    return initials, "".join(syllables)


def _full_pinyin_from_a_syllable(query: str, text: str) -> bool:
    """fazhan finds 区发展改革委 (from 发), nongye not from inside 农业 (ngye)."""
    syllables = _pinyin(text)[1]
    return any("".join(syllables[i:]).startswith(query) for i in range(len(syllables)))


def _is_anchored_subsequence(query: str, letters: str) -> bool:
    if not letters or letters[0] != query[0]:
        return False
    it = iter(letters)
    return all(ch in it for ch in query)


def matches_text(query: str, text: str) -> bool:
    """True when what was typed finds this text: a part of it, or its pinyin (initials or full)."""
    query = normalize_name(query).lower()
    if not query:
        return True
    name = normalize_name(text)
    if query in name.lower():
        return True
    if not _ASCII.match(query):
        return False
    initials, _ = pinyin_keys(name)
    if _full_pinyin_from_a_syllable(query, name):
        return True
    stem = _PREFIX.sub("", name)
    stem_initials = initials[len(name) - len(stem):] if len(stem) < len(name) else initials
    return _is_anchored_subsequence(query, initials) or _is_anchored_subsequence(query, stem_initials)


def match_rank(query: str, text: str) -> int | None:
    """How well a typed text finds a name, lower is better (for ordering a picker); None: no match."""
    query = normalize_name(query).lower()
    name = normalize_name(text)
    if not matches_text(query, name):
        return None
    if name.lower().startswith(query) or query in name.lower():
        return 0
    initials, _ = pinyin_keys(name)
    stem = _PREFIX.sub("", name)
    stem_initials = initials[len(name) - len(stem):]
    if stem_initials.startswith(query) or initials.startswith(query):
        return 1
    if query in initials:
        return 2
    return 3
