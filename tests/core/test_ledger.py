import pytest

from duchaban.core.ledger import identity_checksum, implied_status, read_percent, read_status


@pytest.mark.parametrize(
    "value, expected",
    [(80, 80.0), (0.8, 80.0), (1, 1.0), (100, 100.0), ("80%", 80.0), ("８０％", 80.0), ("约 65.5%", 65.5),
     (" 0 ", 0.0), (None, None), ("", None)],
)
def test_read_percent(value, expected):
    assert read_percent(value) == expected


@pytest.mark.parametrize("value, message", [("大部分", "不是数字"), (120, "超出"), ("-5", "超出"), (True, "数字")])
def test_bad_percent(value, message):
    with pytest.raises(ValueError, match=message):
        read_percent(value)


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
