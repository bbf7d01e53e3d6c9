"""The returned-ledger preview's models: one checked file a row, and one file's changes, without a window."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.formats.ledger_import import ACCEPTED, REJECTED, FileVerdict, TaskChange, check_submissions
from duchaban.ui.models.ledger_file_tables import VERDICT_COLORS, LedgerChangeModel, LedgerFileModel


def test_a_file_that_is_no_workbook_reads_refused_with_its_reasons(qtmodeltester, sample_db, tmp_path):
    bad = tmp_path / "说明.xlsx"
    bad.write_bytes(b"not a workbook")
    verdicts = check_submissions(sample_db, [bad]) + [
        FileVerdict(Path("园区.xlsx"), status=ACCEPTED, unit_name="工业园区管委会", period_code="2021Q3",
                    messages=["第一条提示", "第二条提示"])]
    model = LedgerFileModel()
    model.set_rows(verdicts)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "文件", "单位", "周期", "结论", "任务数", "说明"]
    assert (model.text(0, "file"), model.text(0, "verdict"), model.text(0, "tasks")) == ("说明.xlsx", "拒收", "0")
    assert model.text(0, "note") == verdicts[0].messages[0] != ""
    verdict = model.column("verdict")
    assert model.index(0, verdict).data(Qt.ItemDataRole.ForegroundRole) == QColor(VERDICT_COLORS[REJECTED])
    assert model.index(1, verdict).data(Qt.ItemDataRole.ForegroundRole) == QColor(VERDICT_COLORS[ACCEPTED])
    note = model.index(1, model.column("note"))
    assert note.data() == "第一条提示" and note.data(Qt.ItemDataRole.ToolTipRole) == "第一条提示\n第二条提示"


def test_changes_name_the_task_and_show_the_earlier_text_in_the_tooltip(qtmodeltester):
    model = LedgerChangeModel()
    model.set_rows([TaskChange(12, "推进中 50%", "推进中 90%", text="建设智慧园区。", progress="已完成主体",
                               previous="完成设计"),
                    TaskChange(3, "", "已完成 100%", progress="已完成", previous="已完成")])
    qtmodeltester.check(model)
    assert [model.text(r, "task") for r in range(2)] == ["12. 建设智慧园区。", "任务 3"]
    assert [model.text(r, "before") for r in range(2)] == ["推进中 50%", "(新增)"]
    progress = model.column("progress")
    assert model.index(0, progress).data(Qt.ItemDataRole.ToolTipRole) == "本次:已完成主体\n\n原来:完成设计"
    assert model.index(1, progress).data(Qt.ItemDataRole.ToolTipRole) == "已完成"     # unchanged: the text itself
    model.sort(model.column("task"))
    assert [model.text(r, "task") for r in range(2)] == ["任务 3", "12. 建设智慧园区。"]   # by number, not text
