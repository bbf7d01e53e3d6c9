"""Which days of a span are public holidays (法定节假日) or adjusted working days (调休上班), named,
for the inspection calendar. The official calendar comes from chinesecalendar; years it does not
cover have no special days (weekends stay weekends)."""

from __future__ import annotations

from datetime import date, timedelta

HOLIDAY, ADJUSTED_WORKDAY = "holiday", "adjusted_workday"
DAY_KIND_LABELS = {HOLIDAY: "法定节假日", ADJUSTED_WORKDAY: "调休上班"}


def _holiday_names() -> dict[str, str]:
    import chinese_calendar

    return {h.value: h.chinese for h in chinese_calendar.Holiday}


def special_days(first: date, last: date) -> dict[date, tuple[str, str]]:
    """Each public holiday and adjusted working day from ``first`` to ``last``: (kind, words),
    e.g. 2021-06-14 -> (HOLIDAY, "端午(法定节假日)"), 2021-09-18 -> (ADJUSTED_WORKDAY, "中秋调休上班")."""
    import chinese_calendar  # imported here: only the calendar needs it

    names = _holiday_names()
    found: dict[date, tuple[str, str]] = {}
    day = first
    while day <= last:
        try:
            is_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            is_holiday, name = False, None
        if name is not None:
            label = names.get(name, name)
            if is_holiday:
                found[day] = (HOLIDAY, f"{label}({DAY_KIND_LABELS[HOLIDAY]})")
            elif day.weekday() >= 5:
                found[day] = (ADJUSTED_WORKDAY, f"{label}{DAY_KIND_LABELS[ADJUSTED_WORKDAY]}")
        day += timedelta(days=1)
    return found
