"""Points in time as the user writes them: what the window shows (local time) and ISO 8601."""

from datetime import datetime, timedelta, timezone

import pytest

from duchaban.core.periods import parse_time, utc_iso

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize("text, stored", [
    ("2026-11-30 00:00", "2026-11-29T16:00:00Z"),         # as the window shows it: local time
    ("2026-11-30 08:30:15", "2026-11-30T00:30:15Z"),
    ("2026-11-30T08:00", "2026-11-30T00:00:00Z"),
    ("2026/11/30 8:00", "2026-11-30T00:00:00Z"),
    ("2026年11月30日 08:00", "2026-11-30T00:00:00Z"),
    ("２０２６－１１－３０　０８：００", "2026-11-30T00:00:00Z"),      # typed with a Chinese input method
    ("2026-11-30", "2026-11-29T16:00:00Z"),               # a date alone: its local midnight
    ("2026-11-30T00:00:00Z", "2026-11-30T00:00:00Z"),     # ISO with a zone: as written
    ("2026-11-30T08:00:00+08:00", "2026-11-30T00:00:00Z"),
    ("2026-11-30 00:00+0000", "2026-11-30T00:00:00Z"),
    ("  2026-11-30 00:00  ", "2026-11-29T16:00:00Z"),
])
def test_times_read_as_written(text, stored):
    assert utc_iso(parse_time(text, BEIJING)) == stored


def test_without_a_zone_it_is_this_machines_local_time():
    assert parse_time("2026-11-30 00:00") == datetime(2026, 11, 30).astimezone().astimezone(timezone.utc)


@pytest.mark.parametrize("text, message", [
    ("七月", "时间应写作"), ("2026-11-30 25", "时间应写作"), ("", "时间应写作"), ("30/11/2026", "时间应写作"),
    ("2026-13-01 00:00", "不是有效的日期或时间"), ("2026-11-30 24:00", "不是有效的日期或时间"),
])
def test_unreadable_times_are_refused_in_chinese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_time(text, BEIJING)
