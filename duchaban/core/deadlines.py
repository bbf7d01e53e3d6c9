"""Task deadlines as notices write them (完成时限): a date, or an explicit "ongoing".

``parse_deadline`` reads a 完成时限 / 时间节点 field: 6月底前, 年底前, 2021年9月, 9月30日前,
上半年, 三季度末 → the last day it allows; 长期坚持, 持续推进, 分阶段推进 → ongoing (no date:
the task runs all year). ``deadlines_in_text`` finds the same phrases inside a task's own text
(…,6月底前建成) when no field gives one; only wording that is plainly a deadline counts there
(a month with 底/末/前, a date, 年底前, a half-year or quarter end), never a bare month.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from duchaban.core.periods import chinese_numeral_value

ONGOING_WORDS = ("长期坚持", "持续推进", "分阶段", "长期", "持续", "常态化", "经常性", "每年", "逐年", "按年度",
                 "按季度", "按月")

_Y = r"(?:(\d{4})\s*年\s*)?"
_FULL_DATE = re.compile(_Y + r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ISO_DATE = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})")
_QUARTER = re.compile(_Y + r"(?:第)?([一二三四1-4])\s*季度(?:末|底)?")
_HALF = re.compile(_Y + r"(上半年|下半年|年中)")
_MONTH = re.compile(_Y + r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(底|末|上旬|中旬|下旬)?(前)?")
_YEAR_END = re.compile(_Y + r"(?:年底|年末|年内|全年|底前|12月底)")
_YEAR_ONLY = re.compile(r"(\d{4})\s*年(?:底|末)?(?:前|以前|之前)?(?:完成)?$")

# In a task's own text only unmistakable deadlines count: with 底/末/前 or a full date.
_IN_TEXT = re.compile(
    r"(?:(?:\d{4})\s*年\s*)?(?:"
    r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]\s*(?:前|以前|之前)"
    r"|\d{1,2}\s*月\s*(?:底|末)\s*(?:前|以前|之前)?"
    r"|(?:年底|年末)\s*(?:前|以前|之前)"
    r"|(?:上半年|下半年)\s*(?:前|以前|之前|内)"
    r"|(?:第)?[一二三四]季度\s*(?:末|底)\s*(?:前|以前|之前)?"
    r")"
)


@dataclass(frozen=True)
class Deadline:
    """A deadline read from words: ``on`` the last day allowed, or ``ongoing`` (no end date)."""

    text: str
    on: date | None = None
    ongoing: bool = False

    def describe(self) -> str:
        """For the user: 2021-06-30, or 长期(无截止日期)."""
        if self.ongoing:
            return "长期(无截止日期)"
        return self.on.isoformat() if self.on else "未能识别"


def _year(group: str | None, default: int | None) -> int | None:
    return int(group) if group else default


def _date(year: int | None, month: int, day: int | None = None) -> date | None:
    if year is None or not 1 <= month <= 12:
        return None
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral_value(text)


def parse_deadline(text: str | None, year: int | None) -> Deadline | None:
    """The deadline a 完成时限 field states, with ``year`` for wording without one; None when the
    words are not a deadline this reads (the text is then kept as written, without a date)."""
    written = (text or "").strip()
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", written))
    if not s:
        return None
    if any(word in s for word in ONGOING_WORDS) and not re.search(r"\d", s):
        return Deadline(written, ongoing=True)
    if m := _FULL_DATE.search(s):
        day = _date(_year(m.group(1), year), int(m.group(2)), int(m.group(3)))
        return Deadline(written, day) if day else None
    if m := _ISO_DATE.search(s):
        day = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return Deadline(written, day) if day else None
    if m := _QUARTER.search(s):
        y = _year(m.group(1), year)
        quarter = _month_number(m.group(2))
        return Deadline(written, _date(y, quarter * 3)) if y and quarter else None
    if m := _HALF.search(s):
        y = _year(m.group(1), year)
        return Deadline(written, date(y, 12, 31) if m.group(2) == "下半年" else date(y, 6, 30)) if y else None
    if m := _MONTH.search(s):
        month = _month_number(m.group(2))
        y = _year(m.group(1), year)
        if month is None or y is None:
            return None
        part = m.group(3)
        if part is None and m.group(4):
            return None  # 6月前: by the start of June or its end? The notice must say.
        if part == "上旬":
            return Deadline(written, _date(y, month, 10))
        if part == "中旬":
            return Deadline(written, _date(y, month, 20))
        day = _date(y, month)
        return Deadline(written, day) if day else None
    if m := _YEAR_END.search(s):
        y = _year(m.group(1), year)
        return Deadline(written, date(y, 12, 31)) if y else None
    if m := _YEAR_ONLY.search(s):
        return Deadline(written, date(int(m.group(1)), 12, 31))
    if any(word in s for word in ONGOING_WORDS):
        return Deadline(written, ongoing=True)
    return None


def deadlines_in_text(text: str, year: int | None) -> Deadline | None:
    """The deadline a task's own text states (…,6月底前建成…); with several, the latest, since the
    task is done only when all its parts are. Its text lists every phrase found, so the user sees
    where the date came from."""
    found = [(m.group(0), parse_deadline(m.group(0), year)) for m in _IN_TEXT.finditer(text or "")]
    dated = [(phrase, d) for phrase, d in found if d is not None and d.on is not None]
    if not dated:
        return None
    phrases = "、".join(dict.fromkeys(phrase for phrase, _ in dated))
    return Deadline(phrases, max(d.on for _, d in dated))
