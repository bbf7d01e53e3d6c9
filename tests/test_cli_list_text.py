"""The plain-text lists of the command line: a header row naming the columns, one row per item with
as many tab-separated fields, and the marks the window shows (逾期, 保密)."""

import pytest

from duchaban.cli import main


def text_of(capsys, *argv) -> list[list[str]]:
    assert main(list(argv)) == 0
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("command, header", [
    (("plan", "list"), ["年度", "文号", "标题", "任务"]),
    (("units", "list"), ["类别", "单位名称", "别名"]),
    (("staff", "list"), ["编号", "姓名", "职务", "别名", "备注"]),
    (("inspect", "list"), ["编号", "日期", "方式", "标题", "被督查单位", "问题"]),
    (("finding", "list"), ["编号", "单位", "问题", "方式", "整改状态", "整改期限", "发现人", "佐证"]),
])
def test_lists_have_a_header_row_as_wide_as_their_rows(capsys, sample_db_path, command, header):
    rows = text_of(capsys, *command, "--db", str(sample_db_path))
    assert rows[0] == header
    assert len(rows) > 1 and all(len(row) == len(header) for row in rows[1:])


def test_finding_list_marks_overdue_and_confidential_as_the_window_does(capsys, sample_db_path):
    rows = {row[1]: row for row in text_of(capsys, "finding", "list", "--db", str(sample_db_path))[1:]}
    assert rows["竹山镇"][4] == "待整改(逾期)" and rows["双桂新城管委会"][4] == "待整改"
    assert rows["区城市管理局"][3] == "暗访检查(保密)" and rows["区城市管理局"][4] == "重新整改(逾期)"


def test_an_empty_list_prints_nothing(capsys, fresh_db_path):
    assert text_of(capsys, "plan", "list", "--db", str(fresh_db_path)) == []
