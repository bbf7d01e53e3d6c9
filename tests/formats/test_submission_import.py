"""Returned ledgers: a realistic round trip, and a corpus of bad files that must change nothing."""

import pytest
from helpers import logical_dump
from ledger_files import KEY, PERCENT, PROGRESS, STATUS, fill, identity_cell, resort_descending, template_for, to_xls
from openpyxl import Workbook, load_workbook

from duchaban.core.ledger import identity_checksum
from duchaban.core.periods import parse_period
from duchaban.formats.ledger_import import ACCEPTED, ALREADY, REJECTED, WARNINGS, import_submissions
from duchaban.formats.ledger_template import FIRST_DATA_ROW, IDENTITY_SHEET, export_templates, write_template
from duchaban.store.check import check_database
from duchaban.store.units import unit_id_by_name

UNITS = ("区发展改革委", "区科技局", "竹山镇", "工业园区管委会")


@pytest.fixture
def templates(sample_db, tmp_path):
    """2021Q2 templates for a few units, exported from the demo database."""
    ids = [unit_id_by_name(sample_db, u) for u in UNITS]
    export_templates(sample_db, plan_id=1, period_code="2021Q2", out_dir=tmp_path / "templates", unit_ids=ids)
    return tmp_path / "templates"


def entries(db, unit):
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT t.number, pe.status, pe.percent FROM progress_entry pe JOIN task t ON t.id = pe.task_id"
        " JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id"
        " WHERE u.name = ? AND rp.code = '2021Q2'", [unit])}


def test_round_trip_renamed_resorted_and_xls(sample_db, templates, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # 区发展改革委 renames the file; 区科技局 sorts its rows backwards and marks task 2 done;
    # 竹山镇 saves as .xls; 工业园区管委会 types numbers as text, full-width, and uses 同上.
    fill(template_for(templates, "区发展改革委"), inbox / "发改委二季度台账(最终版).xlsx", percent=55)

    def science(sheet):
        resort_descending(sheet)
        row = next(r for r in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == 2)
        sheet.cell(row, STATUS, "已完成")
        sheet.cell(row, PERCENT, 100)

    fill(template_for(templates, "区科技局"), inbox / "科技局.xlsx", edit=science)
    filled = fill(template_for(templates, "竹山镇"), tmp_path / "竹山镇.xlsx", percent=40)
    to_xls(filled, inbox / "竹山镇台账.xls")

    def park(sheet):
        sheet.cell(FIRST_DATA_ROW, PERCENT, "７５％")
        sheet.cell(FIRST_DATA_ROW + 1, PERCENT, "同上")
        sheet.cell(FIRST_DATA_ROW + 2, PERCENT, "80")
        sheet.insert_rows(FIRST_DATA_ROW + 3, 2)  # blank rows a unit leaves in

    fill(template_for(templates, "工业园区管委会"), inbox / "园区.xlsx", edit=park)

    submissions_before = sample_db.execute("SELECT count(*) FROM submission").fetchone()[0]
    result = import_submissions(sample_db, [inbox], who="测试")
    verdicts = {v.path.name: v for v in result.verdicts}
    assert {n: v.status for n, v in verdicts.items()} == {
        "发改委二季度台账(最终版).xlsx": ACCEPTED, "科技局.xlsx": ACCEPTED, "竹山镇台账.xls": ACCEPTED,
        "园区.xlsx": WARNINGS}
    # 同上 is followed, and the office is shown which cell said so.
    assert any("工作台账!I5(沿用任务" in m for m in verdicts["园区.xlsx"].messages), verdicts["园区.xlsx"].messages
    assert result.committed
    dev = entries(sample_db, "区发展改革委")
    assert len(dev) == 54 and set(dev.values()) == {("in_progress", 55.0)}
    science_entries = entries(sample_db, "区科技局")
    assert science_entries[2] == ("completed", 100.0) and science_entries[1] == ("in_progress", 60.0)
    assert set(entries(sample_db, "竹山镇").values()) == {("in_progress", 40.0)}
    park_entries = entries(sample_db, "工业园区管委会")
    numbers = sorted(park_entries)
    assert [park_entries[n][1] for n in numbers[:3]] == [75.0, 75.0, 80.0]
    # Submissions are recorded with who imported them, and the store stays consistent.
    assert sample_db.execute("SELECT count(*) FROM submission").fetchone()[0] == submissions_before + 4
    assert sample_db.execute("SELECT count(*) FROM submission WHERE imported_by = '测试'").fetchone()[0] == 4
    assert check_database(sample_db).ok
    # The latest report drives the task's status: task 2 is led by 区科技局, reported done.
    row = sample_db.execute("SELECT tp.status, tp.percent FROM task_progress tp JOIN task t ON t.id = tp.task_id"
                            " WHERE t.number = 2").fetchone()
    assert row == ("completed", 100.0)

    # The same batch again: every file already imported, nothing changes.
    before = logical_dump(sample_db)
    again = import_submissions(sample_db, [inbox], who="测试")
    assert {v.status for v in again.verdicts} == {ALREADY} and not again.committed
    assert logical_dump(sample_db) == before


def test_merged_cells_apply_to_every_row_they_span(sample_db, templates, tmp_path):
    def merge(sheet):
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 3):
            for column in (PROGRESS, PERCENT):
                sheet.cell(row, column).value = None
        sheet.cell(FIRST_DATA_ROW, PROGRESS, "三项任务合并汇报:均已完成阶段目标")
        sheet.cell(FIRST_DATA_ROW, PERCENT, 70)
        sheet.merge_cells(start_row=FIRST_DATA_ROW, start_column=PROGRESS, end_row=FIRST_DATA_ROW + 2,
                          end_column=PROGRESS)
        sheet.merge_cells(start_row=FIRST_DATA_ROW, start_column=PERCENT, end_row=FIRST_DATA_ROW + 2,
                          end_column=PERCENT)

    path = fill(template_for(templates, "区科技局"), tmp_path / "merged.xlsx", edit=merge)
    verdict = import_submissions(sample_db, [path]).verdicts[0]
    assert verdict.status == ACCEPTED, verdict.messages
    first_three = [answer for _, answer in verdict.reports[:3]]
    assert {(a.progress_text, a.percent) for a in first_three} == {("三项任务合并汇报:均已完成阶段目标", 70.0)}


def test_corrected_file_replaces_the_units_answers(sample_db, templates, tmp_path):
    first = fill(template_for(templates, "区科技局"), tmp_path / "a.xlsx", percent=30)
    second = fill(template_for(templates, "区科技局"), tmp_path / "b.xlsx", percent=45)
    import_submissions(sample_db, [first])
    result = import_submissions(sample_db, [second])
    assert result.entries_changed == len(entries(sample_db, "区科技局")) and result.entries_added == 0
    assert set(entries(sample_db, "区科技局").values()) == {("in_progress", 45.0)}
    assert result.verdicts[0].changes[0].before == "推进中 30%" and result.verdicts[0].changes[0].after == "推进中 45%"


def test_dry_run_reports_but_writes_nothing(sample_db, tmp_path):
    # 2021Q3 has no reports yet in the demo, so every answer is a new entry.
    ids = [unit_id_by_name(sample_db, "区科技局")]
    [template] = export_templates(sample_db, plan_id=1, period_code="2021Q3", out_dir=tmp_path / "q3", unit_ids=ids)
    path = fill(template, tmp_path / "a.xlsx")
    before = logical_dump(sample_db)
    result = import_submissions(sample_db, [path], dry_run=True)
    assert result.verdicts[0].status == ACCEPTED and not result.committed
    assert len(result.verdicts[0].changes) == len(result.verdicts[0].reports) > 0
    assert logical_dump(sample_db) == before


def test_warnings_name_the_cell(sample_db, templates, tmp_path):
    def sloppy(sheet):
        sheet.cell(FIRST_DATA_ROW, PERCENT, "大部分")
        sheet.cell(FIRST_DATA_ROW + 1, STATUS, "差不多")
        for c in range(7, 13):
            sheet.cell(FIRST_DATA_ROW + 2, c).value = None

    path = fill(template_for(templates, "区科技局"), tmp_path / "a.xlsx", edit=sloppy)
    verdict = import_submissions(sample_db, [path]).verdicts[0]
    assert verdict.status == WARNINGS
    text = "\n".join(verdict.messages)
    assert "工作台账!I4:完成比例“大部分”不是数字" in text
    assert "工作台账!H5:完成状态“差不多”无法识别" in text
    assert "有 1 项任务未填报" in text


def test_two_files_of_one_unit_in_a_batch_are_both_refused_whatever_the_order(sample_db, templates, tmp_path):
    a = fill(template_for(templates, "区科技局"), tmp_path / "a.xlsx")
    b = fill(template_for(templates, "区科技局"), tmp_path / "b.xlsx", percent=10)
    before = logical_dump(sample_db)
    for order in ([a, b], [b, a], [a, b]):
        result = import_submissions(sample_db, order)
        assert [v.status for v in result.verdicts] == [REJECTED, REJECTED]
        assert all("同一批文件中有区科技局2021年第二季度的 2 份不同的台账(“a.xlsx”、“b.xlsx”)" in v.messages[0]
                   for v in result.verdicts)
        assert logical_dump(sample_db) == before


# --- the corpus of bad submissions --------------------------------------------------------


def wrong_unit(templates, tmp_path, db):
    plan = dict(next(iter(db.query("SELECT * FROM plan"))))
    keys = [r[0] for r in db.execute("SELECT uuid FROM task ORDER BY number LIMIT 3")]
    from duchaban.formats.ledger_template import TemplateRow
    path = tmp_path / "wrong-unit.xlsx"
    write_template(path, plan=plan, unit={"uuid": "00000000-0000-4000-8000-000000000000", "name": "外区某局"},
                   period=parse_period("2021Q2"), rows=[TemplateRow(k, {"number": 1}) for k in keys])
    return fill(path, tmp_path / "wrong-unit-filled.xlsx")


def wrong_period(templates, tmp_path, db):
    ids = [unit_id_by_name(db, "区科技局")]
    [path] = export_templates(db, plan_id=1, period_code="2021Q1", out_dir=tmp_path / "q1", unit_ids=ids)
    return fill(path, tmp_path / "q1-filled.xlsx")


def foreign(templates, tmp_path, db):
    book = Workbook()
    book.active.append(["序号", "任务", "进展"])
    book.active.append([1, "某项工作", "已完成"])
    path = tmp_path / "别处的表.xlsx"
    book.save(path)
    return path


def edited_keys(templates, tmp_path, db):
    def edit(sheet):
        sheet.cell(FIRST_DATA_ROW + 1, KEY, "11111111-2222-4333-8444-555555555555")
    return fill(template_for(templates, "区科技局"), tmp_path / "edited.xlsx", edit=edit)


def edited_identity(templates, tmp_path, db):
    path = fill(template_for(templates, "区科技局"), tmp_path / "identity.xlsx")
    book = load_workbook(path)
    identity_cell(book, "period").value = "2021Q3"
    book.save(path)
    return path


def truncated(templates, tmp_path, db):
    path = fill(template_for(templates, "区科技局"), tmp_path / "t.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def password(templates, tmp_path, db):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = fill(template_for(templates, "区科技局"), tmp_path / "plain.xlsx")
    target = tmp_path / "locked.xlsx"
    with open(plain, "rb") as source, open(target, "wb") as out:
        OOXMLFile(source).encrypt("科技局", out)
    return target


def empty(templates, tmp_path, db):
    def clear(sheet):  # the template comes pre-filled with last period's answers; a unit wiped them
        for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
            for column in range(PROGRESS, KEY):
                sheet.cell(row, column).value = None
    return fill(template_for(templates, "区科技局"), tmp_path / "empty.xlsx", edit=clear)


def no_rows(templates, tmp_path, db):
    def edit(sheet):
        sheet.delete_rows(FIRST_DATA_ROW, sheet.max_row)
    return fill(template_for(templates, "区科技局"), tmp_path / "no-rows.xlsx", edit=edit)


def twenty_thousand_rows(templates, tmp_path, db):
    def edit(sheet):
        for r in range(sheet.max_row + 1, sheet.max_row + 20001):
            sheet.cell(r, 7, f"补充说明第{r}行")
    return fill(template_for(templates, "区科技局"), tmp_path / "big.xlsx", edit=edit)


def not_a_workbook(templates, tmp_path, db):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return path


BAD = {
    "wrong unit": (wrong_unit, None, "外区某局”不在本数据库的单位名录中"),
    "wrong period": (wrong_period, "2021Q2", "这是2021年第一季度的台账,本次导入的是2021年第二季度"),
    "foreign workbook": (foreign, None, "不是督查办下发的台账模板"),
    "edited task keys": (edited_keys, None, "任务标识被改动"),
    "edited identity": (edited_identity, None, "识别信息(任务标识、单位或周期)被改动"),
    "truncated file": (truncated, None, "文件已损坏或不是 Excel 工作簿"),
    "password-protected": (password, None, "设有打开密码"),
    "empty sheet": (empty, None, "都没有填写,台账是空的"),
    "no task rows": (no_rows, None, "没有任何任务行"),
    "20,000-row sheet": (twenty_thousand_rows, None, "20000 行内容不属于模板中的任务"),
    "not a workbook": (not_a_workbook, None, "文件已损坏或不是 Excel 工作簿"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_submission_is_rejected_and_changes_nothing(sample_db, templates, tmp_path, case):
    make, period, message = BAD[case]
    path = make(templates, tmp_path, sample_db)
    before = logical_dump(sample_db)
    result = import_submissions(sample_db, [path], period_code=period, who="测试")
    [verdict] = result.verdicts
    assert verdict.status == REJECTED, verdict.messages
    assert any(message in m for m in verdict.messages), verdict.messages
    assert not result.committed
    assert logical_dump(sample_db) == before


def test_a_bad_file_does_not_stop_the_good_ones(sample_db, templates, tmp_path):
    good = fill(template_for(templates, "区科技局"), tmp_path / "good.xlsx")
    bad = truncated(templates, tmp_path, sample_db)
    result = import_submissions(sample_db, [good, bad])
    assert [v.status for v in result.verdicts] == [ACCEPTED, REJECTED]
    assert result.committed
    assert sample_db.execute("SELECT count(*) FROM submission WHERE file_name = 'good.xlsx'").fetchone()[0] == 1


def test_checksum_is_what_the_template_says(sample_db, templates):
    book = load_workbook(template_for(templates, "区科技局"))
    sheet = book[IDENTITY_SHEET]
    values = {r[0].value: r[1].value for r in sheet.iter_rows()}
    keys = [r[3].value for r in sheet.iter_rows() if r[3].value]
    assert values["checksum"] == identity_checksum(values["plan"], values["unit"], values["period"], keys)


class _CancelAfter:
    """The window's progress handle, as a user who presses 取消 while the ``n``-th file is checked."""

    def __init__(self, n: int):
        self.n, self.reported = n, 0

    def report(self, done, total, text=""):
        self.reported += 1

    def check(self):
        from duchaban.core.errors import DuchabanError

        if self.reported >= self.n:
            raise DuchabanError("已取消,数据库未作任何修改")


def test_cancelling_while_files_are_read_ahead_writes_nothing_and_stops_the_readers(sample_db, templates, tmp_path):
    import threading

    from duchaban.core.errors import DuchabanError

    files = [fill(template_for(templates, unit), tmp_path / f"{i}-{unit}.xlsx") for i, unit in enumerate(UNITS)]
    assert len(files) >= 3
    before = logical_dump(sample_db)
    with pytest.raises(DuchabanError, match="已取消"):
        import_submissions(sample_db, files, progress=_CancelAfter(2))
    assert logical_dump(sample_db) == before
    assert not [t for t in threading.enumerate() if t.name.startswith("ledger-read")]
