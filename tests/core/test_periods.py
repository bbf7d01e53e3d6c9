from datetime import date

import pytest

from duchaban.core.periods import chinese_numeral_value, parse_chinese_date, parse_period, period_text, sorted_periods


@pytest.mark.parametrize(
    "code, kind, start, end, canonical",
    [
        ("2021-03", "month", date(2021, 3, 1), date(2021, 3, 31), "2021-03"),
        ("2021-2", "month", date(2021, 2, 1), date(2021, 2, 28), "2021-02"),
        ("2021Q2", "quarter", date(2021, 4, 1), date(2021, 6, 30), "2021Q2"),
        ("2021q4", "quarter", date(2021, 10, 1), date(2021, 12, 31), "2021Q4"),
        ("2021H1", "half", date(2021, 1, 1), date(2021, 6, 30), "2021H1"),
        ("2021", "year", date(2021, 1, 1), date(2021, 12, 31), "2021"),
        ("２０２１Ｑ１", "quarter", date(2021, 1, 1), date(2021, 3, 31), "2021Q1"),
    ],
)
def test_parse_period(code, kind, start, end, canonical):
    p = parse_period(code)
    assert (p.kind, p.starts_on, p.ends_on, p.code) == (kind, start, end, canonical)


@pytest.mark.parametrize("code", ["", "2021Q5", "2021-13", "21Q1", "2021H3", "1999"])
def test_bad_period_codes(code):
    with pytest.raises(ValueError, match="周期"):
        parse_period(code)


def test_elapsed_share():
    q = parse_period("2021Q1")
    assert q.elapsed_share(date(2020, 12, 1)) == 0.0
    assert q.elapsed_share(date(2021, 3, 31)) == 1.0
    assert q.elapsed_share(date(2021, 2, 14)) == pytest.approx(45 / 90)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021年3月12日", date(2021, 3, 12)),
        ("2021年12月底", date(2021, 12, 31)),
        ("6月30日前", date(2021, 6, 30)),
        ("9月底前", date(2021, 9, 30)),
        ("年底前", date(2021, 12, 31)),
        ("2022年底", date(2022, 12, 31)),
        ("上半年", date(2021, 6, 30)),
        ("2021-06-30", date(2021, 6, 30)),
        ("长期坚持", None),
        ("2月30日", None),
    ],
)
def test_parse_chinese_date(text, expected):
    assert parse_chinese_date(text, 2021) == expected


def test_date_without_year_needs_a_default():
    assert parse_chinese_date("6月30日前") is None


@pytest.mark.parametrize(
    "text, value", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("甲", None)]
)
def test_chinese_numerals(text, value):
    assert chinese_numeral_value(text) == value


from duchaban.core.periods import (  # noqa: E402
    add_working_days,
    containing_period,
    is_working_day,
    ledger_due_date,
    period_label,
    previous_period,
    working_days_between,
)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2021, 10, 1), False),   # National Day
        (date(2021, 9, 18), True),    # a Saturday made a working day (调休)
        (date(2021, 2, 12), False),   # Spring Festival
        (date(2021, 7, 14), True),
        (date(2030, 6, 1), False),    # beyond the calendar's data: a Saturday, weekends only
    ],
)
def test_working_days_know_holidays_and_make_up_days(day, working):
    assert is_working_day(day) is working


def test_working_day_arithmetic_across_national_day():
    # 2021-09-30 (Thu) + 1 working day skips the 10-01..10-07 holiday to 10-08 (a make-up Friday).
    assert add_working_days(date(2021, 9, 30), 1) == date(2021, 10, 8)
    assert add_working_days(date(2021, 10, 8), -1) == date(2021, 9, 30)
    assert working_days_between(date(2021, 9, 30), date(2021, 10, 8)) == 1
    assert working_days_between(date(2021, 10, 8), date(2021, 9, 30)) == -1


def test_ledger_due_after_the_quarter():
    # 2021Q3 ends on 09-30; the working days after the National Day week are 10-08 (Fri),
    # 10-09 (a make-up Saturday), 10-11, 10-12 and 10-13.
    assert ledger_due_date(parse_period("2021Q3")) == date(2021, 10, 13)


@pytest.mark.parametrize(
    "code, label, previous",
    [("2021-03", "2021年3月", "2021-02"), ("2021Q1", "2021年第一季度", "2020Q4"),
     ("2021H2", "2021年下半年", "2021H1"), ("2021", "2021年度", "2020")],
)
def test_labels_and_previous_periods(code, label, previous):
    period = parse_period(code)
    assert period_label(period) == label
    assert previous_period(period).code == previous
    assert containing_period(period.kind, period.ends_on) == period


@pytest.mark.parametrize("words, code", [
    ("2021年第一季度", "2021Q1"), ("2021年一季度", "2021Q1"), ("2021年第1季度", "2021Q1"), ("2021年1季度", "2021Q1"),
    ("2021年第四季度", "2021Q4"), ("２０２１年第二季度", "2021Q2"), ("2021 年 第二季度", "2021Q2"),
    ("2021年3月", "2021-03"), ("2021年03月份", "2021-03"), ("2021年12月", "2021-12"),
    ("2021年上半年", "2021H1"), ("2021年下半年", "2021H2"),
    ("2021年度", "2021"), ("2021年", "2021"), ("2021全年", "2021"),
    ("2021Q2", "2021Q2"), ("2021q2", "2021Q2"), ("2021-3", "2021-03"), ("2021H1", "2021H1"), ("2021", "2021"),
])
def test_periods_are_read_from_their_words_and_codes(words, code):
    assert parse_period(words).code == code


@pytest.mark.parametrize("code", ["2021-01", "2021-06", "2021-12", "2021Q1", "2021Q3", "2021H1", "2021H2", "2021"])
def test_the_words_shown_read_back_as_the_same_period(code):
    assert parse_period(period_text(code)).code == code


@pytest.mark.parametrize("text", ["2021年第五季度", "2021年13月", "2021年中", "2021季度", "20213月", "第二季度",
                                  "2021年上半", "Q2"])
def test_unreadable_period_words_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="无法识别的报送周期|月份应为"):
        parse_period(text)


@pytest.mark.parametrize("code, words", [
    ("2021Q2", "2021年第二季度"), ("2021-06", "2021年6月"), ("2021H2", "2021年下半年"), ("2021", "2021年度"),
    ("(按文件中的周期)", "(按文件中的周期)"),          # not a period: shown as it is
])
def test_period_text(code, words):
    assert period_text(code) == words


def test_periods_sort_by_time_parts_before_the_whole():
    codes = ["2021", "2021H2", "2021Q2", "2021-06", "2020Q4", "2021-03", "2021Q1", "2021H1", "2021-07", "其他"]
    assert sorted_periods(codes) == ["2020Q4", "2021-03", "2021Q1", "2021-06", "2021Q2", "2021H1", "2021-07",
                                     "2021H2", "2021", "其他"]
