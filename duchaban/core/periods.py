"""Dates and reporting periods: the one place for date arithmetic.

Period codes: ``2021-03`` (month), ``2021Q1`` (quarter), ``2021H1`` (half-year),
``2021`` (year). Deadlines in notices are written in Chinese (``2021年12月底``,
``6月30日前``, ``年底前``) and parsed here too.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

PERIOD_KINDS = ("month", "quarter", "half", "year")

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})|[Qq]([1-4])|[Hh]([12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, inclusive of both ends."""

    starts_on: date
    ends_on: date
    kind: str
    code: str

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def elapsed_share(self, today: date) -> float:
        """Share of the period that has passed on ``today`` (0.0 before, 1.0 after)."""
        if today < self.starts_on:
            return 0.0
        if today >= self.ends_on:
            return 1.0
        total = (self.ends_on - self.starts_on).days + 1
        return ((today - self.starts_on).days + 1) / total


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# The words the window shows (period_label) and the ways people write them: 2021年第一季度,
# 2021年一季度, 2021年1季度, 2021年3月, 2021年03月份, 2021年上半年, 2021年度, 2021年, 2021全年.
_PERIOD_WORDS_RE = re.compile(
    r"^(\d{4})\s*年?\s*(?:第?\s*([一二三四1-4])\s*季度?|(\d{1,2})\s*月份?|([上下])半年|度|全年)?$")


def _code_from_words(text: str) -> str | None:
    m = _PERIOD_WORDS_RE.match(text)
    if not m or ("年" not in text and not m.group(0).endswith(("季度", "全年"))):
        return None
    year, quarter, month, half = m.groups()
    if quarter:
        return f"{year}Q{_CN_QUARTERS.index(quarter) + 1 if quarter in _CN_QUARTERS else quarter}"
    if month:
        return f"{year}-{month}"
    if half:
        return f"{year}H{1 if half == '上' else 2}"
    return year


def parse_period(code: str) -> Period:
    """The Period for a code (2021Q1) or its words (2021年第一季度); ValueError with a Chinese
    message otherwise."""
    text = unicodedata.normalize("NFKC", code or "").strip()
    m = _PERIOD_RE.match(text) or _PERIOD_RE.match(_code_from_words(text) or "")
    if not m:
        raise ValueError(f"无法识别的报送周期“{code}”,应写作 2021年第二季度、2021年3月、2021年上半年、"
                         "2021年度,或 2021Q2、2021-03、2021H1、2021")
    year = int(m.group(1))
    if not 2000 <= year <= 2100:
        raise ValueError(f"报送周期“{code}”的年份超出范围")
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"报送周期“{code}”的月份应为 01–12")
        return Period(date(year, month, 1), _month_end(year, month), "month", f"{year}-{month:02d}")
    if m.group(3):
        q = int(m.group(3))
        return Period(date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "quarter", f"{year}Q{q}")
    if m.group(4):
        h = int(m.group(4))
        return Period(date(year, 6 * h - 5, 1), _month_end(year, 6 * h), "half", f"{year}H{h}")
    return Period(date(year, 1, 1), date(year, 12, 31), "year", str(year))


# --- Chinese dates in notices ----------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_FULL_DATE = re.compile(r"(?:(\d{4})\s*[年.\-/])?\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?")
_MONTH_END = re.compile(r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:底|末|份)?")
_YEAR_END = re.compile(r"(?:(\d{4})\s*年)?\s*(?:年底|年末|全年|底)")
_HALF_END = re.compile(r"(?:(\d{4})\s*年)?\s*(上半年|下半年)")


def chinese_numeral_value(text: str) -> int | None:
    """Value of a small Chinese numeral (一 .. 九十九), as used in 一、 and (十一)."""
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones:
        return None
    t = _CN_DIGITS[tens] if tens else 1
    o = _CN_DIGITS[ones] if ones else 0
    if len(tens) > 1 or len(ones) > 1:
        return None
    return t * 10 + o


def parse_chinese_date(text: str, default_year: int | None = None) -> date | None:
    """The latest day a deadline such as 2021年12月底 / 6月30日前 / 年底前 allows, or None.

    Open-ended wording (长期坚持, 持续推进) gives None; so does a date without a year
    when no default year is known.
    """
    s = unicodedata.normalize("NFKC", text or "")
    m = _FULL_DATE.search(s)
    if m:
        year = int(m.group(1)) if m.group(1) else default_year
        if year is None:
            return None
        try:
            return date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _HALF_END.search(s)
    if m:
        year = int(m.group(1)) if m.group(1) else default_year
        if year is None:
            return None
        return date(year, 6, 30) if m.group(2) == "上半年" else date(year, 12, 31)
    m = _MONTH_END.search(s)
    if m:
        year = int(m.group(1)) if m.group(1) else default_year
        month = int(m.group(2))
        if year is None or not 1 <= month <= 12:
            return None
        return _month_end(year, month)
    m = _YEAR_END.search(s)
    if m:
        year = int(m.group(1)) if m.group(1) else default_year
        return date(year, 12, 31) if year is not None else None
    return None


def chinese_date(day: date) -> str:
    """A date as official documents write it: 2021年7月15日."""
    return f"{day.year}年{day.month}月{day.day}日"


def next_period(period: Period) -> Period:
    """The period of the same kind just after this one."""
    return containing_period(period.kind, period.ends_on + timedelta(days=1))


# What the window shows (2026-11-30 00:00, local time) and ISO 8601 (2026-11-30T00:00:00Z, +08:00).
_TIME_RE = re.compile(r"^(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?"
                      r"(?:(?:\s+|\s*T\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
TIME_FORMS = "2026-11-30 08:00(本机时间,与窗口中显示的一样)、2026-11-30,或 2026-11-30T00:00:00Z"


def parse_time(text: str, local_zone: timezone | None = None) -> datetime:
    """A point in time as the user writes it, in UTC. Without a zone it is local time, as the window
    shows times (``local_zone``, default this machine's); a date alone is its local midnight.
    ValueError with a Chinese message otherwise."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    m = _TIME_RE.match(s)
    if not m:
        raise ValueError(f"时间应写作 {TIME_FORMS},而不是“{text}”")
    year, month, day, hour, minute, second, zone = m.groups()
    if zone:
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        tz = timezone.utc if zone.upper() == "Z" else timezone(sign * timedelta(hours=int(digits[:2]),
                                                                                  minutes=int(digits[2:])))
    else:
        tz = local_zone
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise ValueError(f"“{text}”不是有效的日期或时间") from None
    moment = moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment.astimezone(timezone.utc)


def utc_iso(moment: datetime) -> str:
    """A time as stored in the database: UTC, second precision."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now_iso() -> str:
    """Current UTC time as stored in the database (second precision)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def schedule_share(starts_on: date, ends_on: date, today: date) -> float:
    """序时进度: the share (0..1) of the span from ``starts_on`` to ``ends_on`` passed on ``today``."""
    if ends_on < starts_on:
        return 1.0 if today >= ends_on else 0.0
    return Period(starts_on, ends_on, "span", "").elapsed_share(today)


# --- working days ----------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """True on a Chinese working day: weekdays that are not public holidays, and make-up
    working days (调休) on weekends. Years the calendar package does not cover fall back
    to Monday–Friday."""
    import chinese_calendar  # imported here: only deadline arithmetic needs it

    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (before it, when negative)."""
    step = 1 if days >= 0 else -1
    day, remaining = start, abs(days)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


# How long units have after a period ends to send its ledger back.
LEDGER_DUE_WORKING_DAYS = 5


def ledger_due_date(period: Period) -> date:
    """When a period's ledgers are due: a few working days after the period ends."""
    return add_working_days(period.ends_on, LEDGER_DUE_WORKING_DAYS)


_CN_QUARTERS = "一二三四"


def period_label(period: Period) -> str:
    """The period as a heading says it: 2021年第二季度, 2021年3月, 2021年上半年, 2021年度."""
    y = period.starts_on.year
    if period.kind == "month":
        return f"{y}年{period.starts_on.month}月"
    if period.kind == "quarter":
        return f"{y}年第{_CN_QUARTERS[(period.starts_on.month - 1) // 3]}季度"
    if period.kind == "half":
        return f"{y}年{'上半年' if period.starts_on.month == 1 else '下半年'}"
    return f"{y}年度"


def period_text(code: str) -> str:
    """A stored period code in words, for wherever the user reads one; text that is not a
    period code is shown as it is, never hidden."""
    try:
        return period_label(parse_period(code))
    except ValueError:
        return code


def period_sort_key(code: str) -> tuple:
    """Orders period codes by time: by the day each ends, a month before the quarter that ends
    with it, the quarter before the half-year; text that is not a period comes last."""
    try:
        period = parse_period(code)
    except ValueError:
        return (date.max, 0, code)
    return (period.ends_on, -period.starts_on.toordinal(), period.code)


def sorted_periods(codes) -> list[str]:
    """Period codes in time order (see period_sort_key)."""
    return sorted(codes, key=period_sort_key)


def previous_period(period: Period) -> Period:
    """The period of the same kind just before this one."""
    return containing_period(period.kind, period.starts_on - timedelta(days=1))


def containing_period(kind: str, day: date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}Q{(day.month - 1) // 3 + 1}")
    if kind == "half":
        return parse_period(f"{day.year}H{1 if day.month <= 6 else 2}")
    return parse_period(str(day.year))


def suggested_periods(today: date) -> list[str]:
    """Period codes an office is likely to want on ``today``: the quarter just ended first."""
    quarter = containing_period("quarter", today)
    month = containing_period("month", today)
    codes = [previous_period(quarter).code, quarter.code, previous_period(month).code, month.code,
             containing_period("half", today).code, str(today.year)]
    return list(dict.fromkeys(codes))
