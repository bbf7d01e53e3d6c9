"""整改期限 as the office writes it: a date, or so many working days or days from the finding."""

from datetime import date

import pytest

from duchaban.core.findings import rectification_deadline

FOUND = date(2021, 9, 15)     # a Wednesday before 中秋 (19–21 Sept; Sat 18 Sept a make-up working day)


@pytest.mark.parametrize("written, due", [
    ("2021-10-01", date(2021, 10, 1)),
    ("２０２１-10-01", date(2021, 10, 1)),       # full-width digits, as typed with a Chinese IME
    ("2021年10月8日", date(2021, 10, 8)),
    ("2021/10/8", date(2021, 10, 8)),
    ("10月8日前", date(2021, 10, 8)),
    ("3个工作日", date(2021, 9, 18)),             # Thu, Fri, then the make-up Saturday
    ("4个工作日", date(2021, 9, 22)),             # the holiday skipped
    ("7个工作日", date(2021, 9, 26)),             # Sunday 26 Sept: a make-up working day for 国庆
    ("7 工作日内", date(2021, 9, 26)),
    ("15日内", date(2021, 9, 30)),
    ("15天", date(2021, 9, 30)),
    ("15天以内", date(2021, 9, 30)),
])
def test_deadlines_are_read(written, due):
    assert rectification_deadline(written, start=FOUND) == due


@pytest.mark.parametrize("written, reason", [
    ("下周", "无法识别"),
    ("7个月", "无法识别"),
    ("0天内", "至少 1 天"),
    ("2021-02-30", "不是有效的日期"),
    ("2021-09-01", "早于发现问题的日期 2021-09-15"),
    ("尽快", "无法识别"),
])
def test_anything_else_is_refused_with_its_reason(written, reason):
    with pytest.raises(ValueError, match=reason):
        rectification_deadline(written, start=FOUND)


@pytest.mark.parametrize("kind, confidential, words", [("unannounced", True, "暗访检查(保密)"),
                                                        ("unannounced", False, "暗访检查"),
                                                        ("scheduled", False, "定期督查")])
def test_an_inspections_kind_in_words_says_when_it_is_confidential(kind, confidential, words):
    from duchaban.core.findings import kind_words

    assert kind_words(kind, confidential) == words
