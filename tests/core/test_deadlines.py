"""Deadlines written in words: each becomes a date, an explicit "ongoing", or is left unread."""

from datetime import date

import pytest

from duchaban.core.deadlines import deadlines_in_text, parse_deadline


@pytest.mark.parametrize("text, expected", [
    ("6月底前", date(2021, 6, 30)),
    ("6月底", date(2021, 6, 30)),
    ("2月底前", date(2021, 2, 28)),
    ("年底前", date(2021, 12, 31)),
    ("年内", date(2021, 12, 31)),
    ("2022年底前", date(2022, 12, 31)),
    ("2021年9月", date(2021, 9, 30)),
    ("2021年9月底前完成", date(2021, 9, 30)),
    ("9月30日前", date(2021, 9, 30)),
    ("2021年11月15日", date(2021, 11, 15)),
    ("2021-10-31", date(2021, 10, 31)),
    ("上半年", date(2021, 6, 30)),
    ("下半年", date(2021, 12, 31)),
    ("三季度末", date(2021, 9, 30)),
    ("第一季度", date(2021, 3, 31)),
    ("2022年二季度末", date(2022, 6, 30)),
    ("十月底", date(2021, 10, 31)),
    ("7月上旬", date(2021, 7, 10)),
    ("１２月底前", date(2021, 12, 31)),
])
def test_dates(text, expected):
    deadline = parse_deadline(text, 2021)
    assert deadline is not None and deadline.on == expected and not deadline.ongoing
    assert deadline.text == text


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "分阶段推进", "常态化开展", "长期", "每年"])
def test_ongoing(text):
    deadline = parse_deadline(text, 2021)
    assert deadline is not None and deadline.ongoing and deadline.on is None
    assert deadline.describe() == "长期(无截止日期)"


@pytest.mark.parametrize("text", ["", "尽快", "按上级要求", "6月前", "2月30日", "13月底"])
def test_words_that_are_not_read_stay_without_a_date(text):
    assert parse_deadline(text, 2021) is None


def test_a_month_without_a_year_needs_the_plan_year():
    assert parse_deadline("6月底前", None) is None
    assert parse_deadline("2021年6月底前", None).on == date(2021, 6, 30)


@pytest.mark.parametrize("text, phrases, expected", [
    ("6月底前建成数字经济产业园。", "6月底前", date(2021, 6, 30)),
    ("9月30日前完成摸底,年底前全面完成改造。", "9月30日前、年底前", date(2021, 12, 31)),
    ("2022年6月底前实现全覆盖。", "2022年6月底前", date(2022, 6, 30)),
    ("上半年前启动建设", "上半年前", date(2021, 6, 30)),
])
def test_deadlines_inside_a_task_text(text, phrases, expected):
    deadline = deadlines_in_text(text, 2021)
    assert (deadline.text, deadline.on) == (phrases, expected)


@pytest.mark.parametrize("text", [
    "上半年地区生产总值增长8%。",       # a target for the half year, not a deadline
    "全年完成投资80亿元,6月启动。",      # a bare month is not a deadline
    "“十四五”期间固投年均增长10%。",
])
def test_task_texts_without_a_deadline(text):
    assert deadlines_in_text(text, 2021) is None
