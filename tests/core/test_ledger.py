import re
from datetime import date

import pytest

from duchaban.core.ledger import identity_checksum, implied_status, read_percent, read_status


@pytest.mark.parametrize(
    "value, percent_format, expected",
    [(80, False, 80.0), (0.8, True, 80.0), (1, True, 100.0), (1, False, 1.0), (100, None, 100.0),
     ("80%", None, 80.0), ("８０％", None, 80.0), ("约 65.5%", None, 65.5), ("0.8%", None, 0.8), ("1", None, 1.0),
     (" 0 ", None, 0.0), (None, None, None), ("", None, None)],
)
def test_read_percent(value, percent_format, expected):
    assert read_percent(value, percent_format) == expected


@pytest.mark.parametrize("value, percent_format, message", [
    ("大部分", None, "不是数字"), (120, False, "超出"), ("-5", None, "超出"), (True, None, "数字"),
    # Two readings possible: never guessed.
    (0.8, False, "含义不明(是 0.8% 还是 80%?)"), (0.8, None, "含义不明"), (1, None, "是 1% 还是 100%"),
    ("0.8", None, "含义不明"), ("1/3", None, "不是一个 0–100 的数字"), ("9月30日", None, "不是一个 0–100 的数字"),
    (date(2021, 9, 30), None, "是日期"), (1.5, True, "超出")])
def test_bad_percent(value, percent_format, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_percent(value, percent_format)


@pytest.mark.parametrize(
    "text, code",
    [("已完成", "completed"), (" 完成。", "completed"), ("进行中", "in_progress"), ("未启动", "not_started"),
     ("受阻", "blocked"), ("不知道", None), ("", None)],
)
def test_read_status(text, code):
    assert read_status(text) == code


def test_implied_status():
    assert [implied_status(p) for p in (None, 0, 50, 100)] == [None, "not_started", "in_progress", "completed"]


def test_checksum_changes_with_any_part():
    base = identity_checksum("p", "u", "2021Q2", ["a", "b"])
    assert base == identity_checksum("p", "u", "2021Q2", ["a", "b"])
    others = {identity_checksum("p", "u", "2021Q3", ["a", "b"]), identity_checksum("p", "x", "2021Q2", ["a", "b"]),
              identity_checksum("p", "u", "2021Q2", ["a", "c"])}
    assert len(others | {base}) == 4
