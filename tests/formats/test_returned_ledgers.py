"""Returned ledgers are never stored wrong in silence (SPEC §5, issue 12): each way a unit's file
goes wrong is built here as a real file, and the verdict and the database are checked."""

import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import logical_dump
from ledger_files import (
    EVIDENCE,
    KEY,
    NEXT,
    PERCENT,
    PROBLEMS,
    PROGRESS,
    STATUS,
    add_part,
    fill,
    resort_descending,
    rewrite_part,
    template_for,
    to_ods,
    to_xls,
)
from openpyxl import load_workbook

from duchaban.formats.ledger_import import ACCEPTED, ALREADY, REJECTED, WARNINGS, import_submissions
from duchaban.formats.ledger_template import FIRST_DATA_ROW, HEADER_ROW, LEDGER_SHEET, export_templates
from duchaban.store.units import unit_id_by_name

UNIT = "区科技局"
SMALL = "双桂新城管委会"   # 7 tasks
SHEET_XML = "xl/worksheets/sheet1.xml"


@pytest.fixture
def templates(sample_db, tmp_path):
    ids = [unit_id_by_name(sample_db, u) for u in (UNIT, SMALL)]
    export_templates(sample_db, plan_id=1, period_code="2021Q2", out_dir=tmp_path / "templates", unit_ids=ids)
    return tmp_path / "templates"


def stored(db, unit=UNIT, period="2021Q2"):
    """Task number -> (status, percent, progress text) as stored for the unit and period."""
    return {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        "SELECT t.number, pe.status, pe.percent, pe.progress_text FROM progress_entry pe"
        " JOIN task t ON t.id = pe.task_id"
        " JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id"
        " WHERE u.name = ? AND rp.code = ?", [unit, period])}


def refused(db, path, message, **options):
    """Import ``path``; it must be refused with ``message`` and the database left as it was."""
    before = logical_dump(db)
    result = import_submissions(db, [path], **options)
    [verdict] = result.verdicts
    assert verdict.status == REJECTED, verdict.messages
    assert any(message in m for m in verdict.messages), verdict.messages
    assert not result.committed and logical_dump(db) == before
    return verdict


def row_of(sheet, number: int) -> int:
    return next(r for r in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == number)


# --- 1. answers on the wrong task -----------------------------------------------------------


def test_sorting_only_the_visible_columns_is_refused(sample_db, templates, tmp_path):
    def sort_a_to_l(sheet):
        sheet.cell(FIRST_DATA_ROW, STATUS, "已完成")
        sheet.cell(FIRST_DATA_ROW, PERCENT, 100)
        resort_descending(sheet, last_column=KEY - 1)

    path = fill(template_for(templates, UNIT), tmp_path / "sorted.xlsx", edit=sort_a_to_l)
    verdict = refused(sample_db, path, "序号或任务内容与隐藏的任务标识不一致")
    assert "第 4 行(看到的序号" in "\n".join(verdict.messages)


def test_swapped_task_keys_are_refused(sample_db, templates, tmp_path):
    book = load_workbook(template_for(templates, UNIT))
    numbers = [c.value for c in book[LEDGER_SHEET]["A"][FIRST_DATA_ROW - 1:]]

    def swap_first_two(sheet):
        ka, kb = sheet.cell(FIRST_DATA_ROW, KEY).value, sheet.cell(FIRST_DATA_ROW + 1, KEY).value
        sheet.cell(FIRST_DATA_ROW, KEY, kb)
        sheet.cell(FIRST_DATA_ROW + 1, KEY, ka)
        sheet.cell(FIRST_DATA_ROW, STATUS, "已完成")
        sheet.cell(FIRST_DATA_ROW, PERCENT, 100)

    path = fill(template_for(templates, UNIT), tmp_path / "swapped.xlsx", edit=swap_first_two)
    verdict = refused(sample_db, path, "隐藏标识是任务")
    text = "\n".join(verdict.messages)
    assert f"看到的序号“{numbers[0]}”,隐藏标识是任务 {numbers[1]}" in text


def test_sorting_with_the_filter_keeps_answers_on_their_task(sample_db, templates, tmp_path):
    sheet = load_workbook(template_for(templates, UNIT))[LEDGER_SHEET]
    # The filter (from whose buttons units sort) covers the hidden key column too.
    assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:M")

    def sort_all(sheet):
        sheet.cell(row_of(sheet, 2), PERCENT, 100)
        sheet.cell(row_of(sheet, 2), STATUS, "已完成")
        resort_descending(sheet)

    path = fill(template_for(templates, UNIT), tmp_path / "sorted-whole-rows.xlsx", edit=sort_all)
    result = import_submissions(sample_db, [path])
    assert result.verdicts[0].status == ACCEPTED, result.verdicts[0].messages
    assert stored(sample_db)[2][:2] == ("completed", 100.0)


def test_a_task_text_revised_after_export_is_named_not_refused(sample_db, templates, tmp_path):
    path = fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx", percent=33)
    number = load_workbook(path)[LEDGER_SHEET].cell(FIRST_DATA_ROW, 1).value
    sample_db.execute("UPDATE task SET text = text || '(修订)' WHERE number = ?", [number])
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS and result.committed
    assert f"任务 {number} 的任务内容与方案中的现行内容不同" in verdict.messages[0]
    assert {v[1] for v in stored(sample_db, SMALL).values()} == {33.0}


# --- 2. numbers read with their cell's format -------------------------------------------------


def test_percent_typed_in_excel_and_ambiguous_numbers(sample_db, templates, tmp_path):
    def typed(sheet):
        rows = range(FIRST_DATA_ROW, FIRST_DATA_ROW + 6)
        values = [(1, "0%"), (0.8, "0%"), (0.8, "General"), ("0.8", "@"), ("1/3", "@"), ("9月30日", "@")]
        for r, (value, number_format) in zip(rows, values):
            sheet.cell(r, PERCENT, value).number_format = number_format

    path = fill(template_for(templates, UNIT), tmp_path / "percent.xlsx", edit=typed)
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS
    text = "\n".join(verdict.messages)
    lines = {m.split(":", 1)[0]: m for m in verdict.messages}
    for cell, shown in (("I6", "“0.8”含义不明(是 0.8% 还是 80%?)"), ("I7", "“0.8”含义不明"),
                        ("I8", "“1/3”不是一个 0–100 的数字"), ("I9", "“9月30日”不是一个 0–100 的数字")):
        assert shown in lines[f"工作台账!{cell}"] and "本项比例未导入" in lines[f"工作台账!{cell}"]
    assert "I4" not in text and "I5" not in text
    book = load_workbook(path)
    sheet = book[LEDGER_SHEET]
    numbers = [sheet.cell(r, 1).value for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 6)]
    entries = stored(sample_db)
    # "100%" as Excel stores it (1, percent format) is 100; "80%" (0.8, percent format) is 80.
    assert entries[numbers[0]][1] == 100.0 and entries[numbers[1]][1] == 80.0
    assert [entries[n][1] for n in numbers[2:]] == [None] * 4


# --- 3. nothing new, yet accepted as new ---------------------------------------------------------


def test_template_sent_back_untouched_is_not_this_periods_report(sample_db, templates, tmp_path):
    untouched = shutil.copyfile(template_for(templates, UNIT), tmp_path / "原样报回.xlsx")
    refused(sample_db, untouched, "项未完成任务的填报都与上期完全相同")
    # The office's own export folder, imported by mistake: nothing taken for this period's report.
    before = logical_dump(sample_db)
    result = import_submissions(sample_db, [templates])
    assert {v.status for v in result.verdicts} == {REJECTED} and len(result.verdicts) == 2
    assert logical_dump(sample_db) == before

    def one_task_updated(sheet):
        sheet.cell(FIRST_DATA_ROW, PROGRESS, "本季度新增进展")

    book = load_workbook(untouched)
    one_task_updated(book[LEDGER_SHEET])
    book.save(tmp_path / "只改一项.xlsx")
    [verdict] = import_submissions(sample_db, [tmp_path / "只改一项.xlsx"], dry_run=True).verdicts
    assert verdict.status == WARNINGS
    assert any(m.startswith("未更新:有 ") and "项任务的填报与上期完全相同" in m for m in verdict.messages)


def test_deleted_task_rows_are_named(sample_db, templates, tmp_path):
    def delete(sheet):
        sheet.delete_rows(FIRST_DATA_ROW + 2, 2)

    book = load_workbook(template_for(templates, UNIT))
    gone = [book[LEDGER_SHEET].cell(FIRST_DATA_ROW + i, 1).value for i in (2, 3)]
    path = fill(template_for(templates, UNIT), tmp_path / "deleted.xlsx", edit=delete)
    refused(sample_db, path, f"缺 2 项任务:任务 {gone[0]}、{gone[1]} 的行被删除")


def test_formulas_without_saved_values_and_same_as_above_name_their_cell(sample_db, templates, tmp_path):
    def formulas(sheet):
        sheet.cell(FIRST_DATA_ROW + 1, PROGRESS, "=G4")       # openpyxl saves no computed value
    path = fill(template_for(templates, UNIT), tmp_path / "formula.xlsx", edit=formulas)
    refused(sample_db, path, "工作台账!G5:是公式,但文件里没有保存计算结果")

    def same_as_above_empty(sheet):
        sheet.cell(FIRST_DATA_ROW, PROBLEMS).value = None
        sheet.cell(FIRST_DATA_ROW + 1, PROBLEMS, "同上")
    path = fill(template_for(templates, UNIT), tmp_path / "same.xlsx", edit=same_as_above_empty)
    refused(sample_db, path, "工作台账!J5:填了“同上”,但上面一行没有可沿用的内容")


# --- 4. periods ------------------------------------------------------------------------------------


def test_a_closed_periods_entries_change_only_when_the_office_says_so(sample_db, tmp_path):
    ids = [unit_id_by_name(sample_db, UNIT)]
    [q1] = export_templates(sample_db, plan_id=1, period_code="2021Q1", out_dir=tmp_path / "q1", unit_ids=ids)
    path = fill(q1, tmp_path / "上季度的表.xlsx", percent=99)
    refused(sample_db, path, "这是已结束周期2021年第一季度的台账(当前报送周期是2021年第二季度)")
    result = import_submissions(sample_db, [path], replace_closed=True)
    assert result.verdicts[0].status == WARNINGS and result.committed
    assert "将改动已结束周期2021年第一季度" in result.verdicts[0].messages[0]
    assert {v[1] for v in stored(sample_db, period="2021Q1").values()} == {99.0}


def test_a_late_report_for_a_past_period_is_named(sample_db, tmp_path):
    ids = [unit_id_by_name(sample_db, SMALL)]
    [may] = export_templates(sample_db, plan_id=1, period_code="2021-05", out_dir=tmp_path / "may", unit_ids=ids)
    result = import_submissions(sample_db, [fill(may, tmp_path / "五月.xlsx")])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS and "按该周期的补报导入" in verdict.messages[-1]
    assert len(stored(sample_db, SMALL, "2021-05")) == 7


# --- 5. the same folder gives the same result, whatever the order ---------------------------------------


def test_a_folder_twice_changes_nothing_and_identical_copies_import_once(sample_db, templates, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = fill(template_for(templates, SMALL), inbox / "b-双桂.xlsx", percent=35)
    shutil.copyfile(good, inbox / "a-双桂(副本).xlsx")
    first = import_submissions(sample_db, [inbox])
    assert {v.path.name: v.status for v in first.verdicts} == {"a-双桂(副本).xlsx": ACCEPTED,
                                                               "b-双桂.xlsx": ALREADY}
    assert first.entries_added + first.entries_changed == 7
    dump = logical_dump(sample_db)
    for paths in ([inbox], [inbox / "b-双桂.xlsx", inbox / "a-双桂(副本).xlsx"]):
        again = import_submissions(sample_db, paths)
        assert {v.status for v in again.verdicts} == {ALREADY}
        assert logical_dump(sample_db) == dump


# --- 6. one hostile file never stops the batch -------------------------------------------------------


def far_cell(path: Path, ref: str) -> Path:
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
    return rewrite_part(path, SHEET_XML, lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>"))


def test_hostile_files_get_their_own_verdict_in_seconds(sample_db, templates, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(template_for(templates, SMALL), inbox / "0-good.xlsx")
    far_cell(fill(template_for(templates, UNIT), inbox / "1-xfd.xlsx"), "XFD1048576")
    far_cell(fill(template_for(templates, UNIT), inbox / "2-g.xlsx"), "G1048576")
    add_part(fill(template_for(templates, UNIT), inbox / "3-bomb.xlsx"), "xl/media/image1.png", bytes(40 << 20))
    started = time.monotonic()
    # A child process: if the reader were reached, the allocation would abort it, not just fail a test.
    code = ("import json, sys; from duchaban.store.database import open_database;"
            "from duchaban.formats.ledger_import import import_submissions;"
            "r = import_submissions(open_database(sys.argv[1]), [sys.argv[2]]);"
            "print(json.dumps([[v.path.name, v.status, v.messages] for v in r.verdicts]))")
    sample_db.close()
    db_path = tmp_path / "sample.sqlite"
    done = subprocess.run([sys.executable, "-c", code, str(db_path), str(inbox)], capture_output=True, text=True,
                          timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    verdicts = {name: (status, "\n".join(messages)) for name, status, messages in json.loads(done.stdout)}
    assert verdicts["0-good.xlsx"][0] == ACCEPTED
    assert verdicts["1-xfd.xlsx"] == (REJECTED, verdicts["1-xfd.xlsx"][1])
    assert "XFD1048576 单元格有内容" in verdicts["1-xfd.xlsx"][1]
    assert verdicts["2-g.xlsx"][0] == REJECTED and "G1048576 单元格有内容" in verdicts["2-g.xlsx"][1]
    assert verdicts["3-bomb.xlsx"][0] == REJECTED and "疑似压缩炸弹" in verdicts["3-bomb.xlsx"][1]
    assert elapsed < 30


# --- 7. prose kept as typed; what later steps cannot take ------------------------------------------------


PROSE = "完成道路硬化３公里，新建停车场1200㎡；①拆除违建½完成（见附件）"


def test_prose_is_kept_exactly_and_control_characters_never_break_the_next_export(sample_db, templates, tmp_path):
    def write(sheet):
        sheet.cell(FIRST_DATA_ROW, PROGRESS, PROSE)
        sheet.cell(FIRST_DATA_ROW + 1, NEXT, "下步CONTROL继续")

    # Excel writes a vertical tab (Alt+Enter in some versions, pasted text) as _x000B_.
    path = rewrite_part(fill(template_for(templates, SMALL), tmp_path / "prose.xlsx", edit=write), SHEET_XML,
                        lambda xml: xml.replace(b"CONTROL", b"_x000B_"))
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS and "含有看不见的控制字符,已删除:工作台账!K5" in verdict.messages[0]
    texts = [r[0] for r in sample_db.execute(
        "SELECT pe.progress_text FROM progress_entry pe JOIN unit u ON u.id = pe.unit_id"
        " JOIN reporting_period rp ON rp.id = pe.period_id WHERE u.name = ? AND rp.code = '2021Q2'", [SMALL])]
    assert PROSE in texts
    assert sample_db.execute("SELECT count(*) FROM progress_entry WHERE next_steps = '下步继续'").fetchone()[0] == 1
    # Text stored earlier with a control character (before this check) still exports.
    sample_db.execute("UPDATE progress_entry SET problems = '旧数据\x0b含控制字符' WHERE id IN"
                      " (SELECT id FROM progress_entry ORDER BY id DESC LIMIT 1)")
    [q3] = export_templates(sample_db, plan_id=1, period_code="2021Q3", out_dir=tmp_path / "q3",
                            unit_ids=[unit_id_by_name(sample_db, SMALL)])
    values = [c.value for row in load_workbook(q3)[LEDGER_SHEET].iter_rows() for c in row]
    assert PROSE in values


def test_text_longer_than_a_cell_holds_is_refused(sample_db, templates, tmp_path):
    def long(sheet):
        sheet.cell(FIRST_DATA_ROW, EVIDENCE, "LONG")
    # openpyxl would cut the text at 32,767 characters; a file from elsewhere need not.
    path = rewrite_part(fill(template_for(templates, SMALL), tmp_path / "long.xlsx", edit=long), SHEET_XML,
                        lambda xml: xml.replace(b"LONG", "材".encode() * 33000))
    refused(sample_db, path, "工作台账!L4:内容有 33000 字,超过 Excel 单元格的上限 32767 字")


# --- 8. every file of a folder is named --------------------------------------------------------------------


def test_every_file_in_a_folder_gets_a_verdict(sample_db, templates, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    filled = fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx")
    shutil.copyfile(filled, inbox / "双桂(WPS).et")                   # WPS saved it as .xlsx content
    (inbox / "科技局.csv").write_text("序号,进展\n1,完成\n", encoding="utf-8")
    (inbox / "说明.docx").write_bytes(b"PK\x03\x04 not really")
    (inbox / "旧表.et").write_bytes(b"\x00\x01WPS proprietary")
    with open(inbox / "巨大.xlsx", "wb") as big:  # sparse: 31 MB on paper, nothing on disk
        big.truncate(31 << 20)
    result = import_submissions(sample_db, [inbox])
    verdicts = {v.path.name: (v.status, "\n".join(v.messages)) for v in result.verdicts}
    assert verdicts["双桂(WPS).et"][0] == ACCEPTED
    assert verdicts["科技局.csv"][0] == REJECTED and "没有模板的识别信息" in verdicts["科技局.csv"][1]
    assert verdicts["说明.docx"][0] == REJECTED and "不是台账文件" in verdicts["说明.docx"][1]
    assert verdicts["旧表.et"][0] == REJECTED and "另存为” Excel 工作簿(.xlsx)" in verdicts["旧表.et"][1]
    assert verdicts["巨大.xlsx"][0] == REJECTED and "文件有 31 MB,远超台账的大小" in verdicts["巨大.xlsx"][1]
    assert len(verdicts) == 5
    assert not any(re.search(r"[A-Z][a-z]+Error", text) for _, text in verdicts.values())


def test_an_ods_is_read_with_its_percentages(sample_db, templates, tmp_path):
    def percent_typed(sheet):
        sheet.cell(FIRST_DATA_ROW, PERCENT, 1).number_format = "0%"   # LibreOffice: value type percentage

    filled = fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx", percent=45, edit=percent_typed)
    path = to_ods(filled, tmp_path / "双桂.ods")
    assert b'office:value-type="percentage" office:value="1"' in zipfile.ZipFile(path).read("content.xml")
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == ACCEPTED, verdict.messages
    assert sorted(v[1] for v in stored(sample_db, SMALL).values()) == [45.0] * 6 + [100.0]


# --- the command line says what a dry run would change -------------------------------------------------------


def test_dry_run_on_the_command_line_says_what_would_change(sample_db_path, tmp_path):
    from duchaban.store.database import open_database

    db = open_database(sample_db_path)
    [template] = export_templates(db, plan_id=1, period_code="2021Q2", out_dir=tmp_path / "t",
                                  unit_ids=[unit_id_by_name(db, SMALL)])
    db.close()
    path = fill(template, tmp_path / "双桂.xlsx", percent=41)
    done = subprocess.run([sys.executable, "-m", "duchaban", "--db", str(sample_db_path), "submissions", "import",
                           str(path), "--dry-run"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "导入后将新增进展 0 条,修改 7 条" in done.stdout
    assert "将改动 任务" in done.stdout and "→ 推进中 41%" in done.stdout


def test_replacing_a_closed_period_on_the_command_line_needs_the_flag(capsys, sample_db_path, tmp_path):
    from helpers import file_bytes

    from duchaban.cli import main
    from duchaban.store.database import open_database

    db = open_database(sample_db_path)
    [q1] = export_templates(db, plan_id=1, period_code="2021Q1", out_dir=tmp_path / "q1",
                            unit_ids=[unit_id_by_name(db, SMALL)])
    db.close()
    path = fill(q1, tmp_path / "双桂一季度.xlsx", percent=88)
    before = file_bytes(sample_db_path)
    code = main(["submissions", "import", str(path), "--db", str(sample_db_path)])
    out, err = capsys.readouterr()
    assert code == 1 and "这是已结束周期2021年第一季度的台账" in out and "--replace-closed" in out
    assert file_bytes(sample_db_path) == before
    code = main(["submissions", "import", str(path), "--replace-closed", "--db", str(sample_db_path)])
    out, _ = capsys.readouterr()
    assert code == 0 and "修改 7 条" in out
    db = open_database(sample_db_path)
    try:
        assert {v[1] for v in stored(db, SMALL, "2021Q1").values()} == {88.0}
    finally:
        db.close()


def test_a_legacy_xls_reaching_far_is_refused_quickly(sample_db, templates, tmp_path):
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("工作台账").write(65535, 255, " ")
    book.save(str(tmp_path / "far.xls"))
    started = time.monotonic()
    refused(sample_db, tmp_path / "far.xls", "IV65536),远超台账的大小")
    assert time.monotonic() - started < 1.5


def test_an_ods_repeating_cells_by_the_hundred_thousand_is_refused_quickly(sample_db, templates, tmp_path):
    filled = fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx")
    path = to_ods(filled, tmp_path / "repeat.ods")
    bomb = ('<table:table-row table:number-rows-repeated="400000"><table:table-cell '
            'table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>")
    rewrite_part(path, "content.xml", lambda xml: xml.replace(b"</table:table>", bomb.encode() + b"</table:table>", 1))
    started = time.monotonic()
    refused(sample_db, path, "延伸到第 400010 行、第 200 列")
    assert time.monotonic() - started < 1.5


# --- reading a folder as a pipeline -----------------------------------------------------------


def _as_compared(read):
    raw = read.raw
    return (read.sha256, read.unreadable, type(raw).__name__,
            str(raw) if isinstance(raw, Exception) else (raw.identity, raw.task_keys, raw.rows, raw.sheet_name)
            if raw is not None else None)


def test_reading_a_folder_on_threads_gives_what_reading_file_by_file_gives(sample_db, templates, tmp_path, monkeypatch):
    from duchaban.formats import ledger_import

    folder = tmp_path / "mixed"
    folder.mkdir()
    good = fill(template_for(templates, UNIT), folder / "a-good.xlsx")
    fill(template_for(templates, SMALL), folder / "b-small.xlsx", status="已完成", percent=100)
    far_cell(shutil.copy(good, folder / "c-far.xlsx"), "XFD1048576")
    (folder / "d-notes.csv").write_text("单位,进展\n", encoding="utf-8")
    (folder / "e-empty.xlsx").write_bytes(b"")
    (folder / "f-word.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    files = ledger_import.expand_paths([folder])
    assert len(files) == 6
    monkeypatch.setattr(ledger_import.os, "cpu_count", lambda: 4)   # the threads even on a one-core runner
    threaded = [_as_compared(r) for r in ledger_import._read_files(files)]
    one_by_one = [_as_compared(ledger_import._read_file(f)) for f in files]
    assert threaded == one_by_one
    kinds = [t[2] for t in threaded]
    assert kinds.count("RawLedger") == 2 and kinds.count("LedgerFileError") >= 2 and threaded[3][1]


def test_a_file_removed_after_its_probe_is_named_not_read(sample_db, templates, tmp_path):
    from duchaban.formats import ledger_import

    path = fill(template_for(templates, UNIT), tmp_path / "moved.xlsx")
    probed = ledger_import._first_look(path)
    path.unlink()     # a colleague moves the file while the folder is being read
    read = ledger_import._finish_reading(path, probed)
    assert read.unreadable == "找不到文件(可能已被移走或删除)" and read.raw is None


def test_a_legacy_xls_cut_off_inside_a_record_gets_a_verdict_not_a_crash(sample_db, templates, tmp_path):
    import olefile

    xls = to_xls(fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx"), tmp_path / "cut.xls")
    with olefile.OleFileIO(str(xls), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        offset = last = 0
        while offset + 4 <= len(data):      # the last record's header
            last = offset
            offset += 4 + int.from_bytes(data[offset + 2:offset + 4], "little")
        data[last:last + 4] = b"\x03\x02\x0e\x00"   # a cell record promising 14 bytes that are not there
        ole.write_stream("Workbook", bytes(data))
    good = fill(template_for(templates, UNIT), tmp_path / "good.xlsx")
    before = logical_dump(sample_db)
    result = import_submissions(sample_db, [xls, good], dry_run=True)
    verdicts = {v.path.name: v for v in result.verdicts}
    assert verdicts["good.xlsx"].status == ACCEPTED     # one damaged file does not stop the batch
    assert logical_dump(sample_db) == before
    cut = verdicts["cut.xls"]     # the reader makes what it can of it; whatever it says is said in Chinese
    assert cut.status in (ACCEPTED, WARNINGS, REJECTED)
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in cut.messages)


def test_a_far_cell_written_in_lower_case_is_refused_too(sample_db, templates, tmp_path):
    # The reader takes r="g40000" as G40000; the probe must count it (40,000 rows is past the limit,
    # yet small enough that this test is safe even if the probe let it through).
    cell = b'<row r="40000"><c r="g40000" t="inlineStr"><is><t>x</t></is></c></row>'
    path = rewrite_part(fill(template_for(templates, SMALL), tmp_path / "lower.xlsx"), SHEET_XML,
                        lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>"))
    refused(sample_db, path, "的 G40000 单元格有内容")


def test_error_values_are_named_not_read_as_empty_in_silence(sample_db, templates, tmp_path):
    # A unit's lookup formula that failed leaves #N/A in the cell; the reader gives an empty cell.
    def broken(sheet):
        for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
            cell = sheet.cell(row, PERCENT, "#N/A")
            cell.data_type = "e"
        sheet.cell(FIRST_DATA_ROW, PROGRESS, "#DIV/0!").data_type = "e"

    path = fill(template_for(templates, SMALL), tmp_path / "errors.xlsx", edit=broken)
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS
    [named] = [m for m in verdict.messages if "错误值" in m]
    assert f"工作台账!G{FIRST_DATA_ROW}(#DIV/0!)" in named and f"工作台账!I{FIRST_DATA_ROW}(#N/A)" in named
    entries = stored(sample_db, unit=SMALL)
    assert len(entries) == 7 and all(percent is None for _, percent, _ in entries.values())
    number = load_workbook(path)[LEDGER_SHEET].cell(FIRST_DATA_ROW, 1).value
    assert entries[number][2] in ("", None)     # the broken progress cell: empty, as named


def test_error_values_in_an_ods_are_named_too(sample_db, templates, tmp_path):
    filled = fill(template_for(templates, SMALL), tmp_path / "双桂.xlsx")
    path = to_ods(filled, tmp_path / "errors.ods")
    error_cell = ('<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0"'
                  ' calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>')

    def break_first_percent(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        start = text.index("<text:p>60</text:p>")      # the first row's 完成比例
        cell_start = text.rindex("<table:table-cell", 0, start)
        cell_end = text.index("</table:table-cell>", start) + len("</table:table-cell>")
        return (text[:cell_start] + error_cell + text[cell_end:]).encode("utf-8")

    rewrite_part(path, "content.xml", break_first_percent)
    result = import_submissions(sample_db, [path], dry_run=True)
    [verdict] = result.verdicts
    assert any("错误值" in m and "(#DIV/0!)" in m for m in verdict.messages), verdict.messages


def test_text_that_looks_like_same_as_above_is_named_and_kept_as_typed(sample_db, templates, tmp_path):
    near = ["同 上", "同上．", "同\u3000上", "同上\u200b\u200b", "＂＂＂＂＂", "同上.", "'同上。"]
    plain = ["同上级部门协调推进", "上同", "同步推进"]

    def typed(sheet):
        for i, text in enumerate(near + plain):
            sheet.cell(FIRST_DATA_ROW + 1 + i, PROBLEMS, text)

    path = fill(template_for(templates, UNIT), tmp_path / "near.xlsx", edit=typed)
    result = import_submissions(sample_db, [path])
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS
    [named] = [m for m in verdict.messages if "像是“同上”" in m]
    cells = re.findall(r"工作台账!J(\d+)", named)
    assert cells == [str(FIRST_DATA_ROW + 1 + i) for i in range(len(near))]
    kept = {r[0] for r in sample_db.execute("SELECT problems FROM progress_entry WHERE problems IS NOT NULL")}
    assert {"同 上", "同上．", "＂＂＂＂＂", "同上级部门协调推进"} <= kept     # kept as typed, never guessed


def test_a_folder_that_cannot_be_opened_gets_a_verdict(sample_db, templates, tmp_path, monkeypatch):
    import os

    from duchaban.formats import ledger_import

    inbox = tmp_path / "inbox"
    locked = inbox / "各镇街"
    locked.mkdir(parents=True)
    fill(template_for(templates, UNIT), inbox / "科技局.xlsx")
    fill(template_for(templates, SMALL), locked / "双桂.xlsx")
    # What the system answers for a folder without read permission (root would be let in anyway).
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    before = logical_dump(sample_db)
    result = import_submissions(sample_db, [inbox], dry_run=True)
    by_name = {v.path.name: v for v in result.verdicts}
    assert set(by_name) == {"科技局.xlsx", "各镇街"}
    assert by_name["科技局.xlsx"].status == ACCEPTED
    assert by_name["各镇街"].status == REJECTED and "没有打开这个文件夹的权限" in by_name["各镇街"].messages[0]
    assert logical_dump(sample_db) == before
    [given] = import_submissions(sample_db, [locked], dry_run=True).verdicts     # the folder itself given
    assert "没有打开这个文件夹的权限" in given.messages[0]
    assert ledger_import.check_file(sample_db, inbox).messages == ["这是一个文件夹,不是台账文件"]
    # A file inside that folder, given by name: the system will not even say what it is.
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if Path(path).parent == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    [inside] = import_submissions(sample_db, [locked / "双桂.xlsx"], dry_run=True).verdicts
    assert inside.status == REJECTED and inside.messages == ["没有读取这个文件的权限(可能正被其他程序打开)"]


def test_a_cell_of_nothing_but_control_characters_is_cleaned_to_empty(sample_db, templates, tmp_path):
    # Written as Excel writes them (_x0001_); nothing else in the cell, and nothing left once cleaned.
    path = rewrite_part(fill(template_for(templates, SMALL), tmp_path / "control.xlsx",
                             edit=lambda sheet: sheet.cell(FIRST_DATA_ROW, PROBLEMS, "ONLYCONTROL")),
                        SHEET_XML, lambda xml: xml.replace(b"ONLYCONTROL", b"_x0001__x0002_"))
    result = import_submissions(sample_db, [path], dry_run=True)
    [verdict] = result.verdicts
    assert verdict.status == WARNINGS
    assert any("控制字符" in m and f"工作台账!J{FIRST_DATA_ROW}" in m for m in verdict.messages)
