"""Ledgers from the window: export templates, import returned files, see who has not reported."""

from datetime import date

from ledger_files import fill, template_for
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from test_main_window import field

from duchaban.store.units import unit_id_by_name
from duchaban.ui.operations import ledgers


def test_task_detail_shows_the_ledger_history(window):
    window.select_task(52)
    text = window.detail.toPlainText()
    assert "台账记录" in text and "2021Q2" in text and "2021Q1" in text
    assert "工业园区管委会" in text and "57%" in text


def test_unit_detail_lists_its_submissions(window):
    unit_id = unit_id_by_name(window.db, "区发展改革委")
    window.show_unit(unit_id)
    text = window.detail.toPlainText()
    assert text.startswith("区发展改革委")
    assert "2021Q2-区发展改革委-工作台账.xlsx" in text
    assert "2021年第二季度 填报内容(54 项)" in text


def test_export_templates_from_the_window(window, qtbot, tmp_path):
    job = ledgers.start_template_export(window.context(), "2021Q3", tmp_path / "q3", only_unit=False)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    files = sorted((tmp_path / "q3").iterdir())
    assert len(files) == 75
    assert "生成台账模板 75 份" in window.statusBar().currentMessage()
    # Q3 templates come pre-filled with each unit's Q2 answers.
    sheet = load_workbook(template_for(tmp_path / "q3", "区发展改革委"))["工作台账"]
    assert sheet["H4"].value in ("推进中", "已完成", "受阻", "未开始")


def test_import_returned_ledgers_through_the_dialog(window, qtbot, tmp_path):
    job = ledgers.start_template_export(window.context(), "2021Q3", tmp_path / "q3", only_unit=False)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(template_for(tmp_path / "q3", "工业园区管委会"), inbox / "园区三季度.xlsx", percent=90, status="推进中")
    (inbox / "说明.xlsx").write_bytes(b"not a workbook")
    dialog = ledgers.submission_import_dialog(window.context())
    qtbot.addWidget(dialog)
    # The dialog starts on the current reporting period (the quarter just ended on the as-of date),
    # so a file of another period is refused until the office picks that period.
    assert dialog.period_combo.currentData() == "2021Q2" and dialog.period_combo.currentText() == "2021年第二季度"
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.add_paths([inbox])
    files = dialog.files_model
    note = files.text(files.find("file", "园区三季度.xlsx"), "note")
    assert "这是2021年第三季度的台账,本次导入的是2021年第二季度" in note
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.period_combo.setCurrentText("2021Q3")
    assert files.rowCount() == 2
    verdicts = {files.text(r, "file"): files.text(r, "verdict") for r in range(2)}
    assert verdicts == {"园区三季度.xlsx": "接受", "说明.xlsx": "拒收"}
    assert "可导入 1 个,拒收 1 个" in dialog.summary.text()
    assert "导入后将新增进展 18 条,修改 0 条" in dialog.summary.text()
    dialog.files.selectRow(files.find("file", "园区三季度.xlsx"))
    details = dialog.details_model
    assert details.rowCount() > 0 and details.text(0, "after") == "推进中 90%"
    # Each change names its task in words and shows what the unit wrote, beside the current answer.
    number, _, text = details.text(0, "task").partition(". ")
    task_text = window.db.execute("SELECT text FROM task WHERE number = ? AND plan_id = ?",
                                  [int(number), window.plan_id]).fetchone()[0]
    task = details.index(0, details.column("task"))
    assert text == task_text and task.data(Qt.ItemDataRole.ToolTipRole) == f"{number}. {task_text}"
    assert details.text(0, "progress") == f"按计划推进(任务{number})"
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert "新增进展" in window.statusBar().currentMessage()
    window.select_task(52)
    assert "判定规则:报告完成 90%" in window.detail.toPlainText()
    assert field(window.detail.toPlainText(), "牵头单位") == "工业园区管委会"


def test_submission_status_and_reminder_list(window, qtbot, tmp_path):
    from duchaban.ui.dialogs.submission_status import SubmissionStatusDialog

    dialog = SubmissionStatusDialog(window.db, window.plan_id, ["2021Q2"], date(2021, 7, 15), "王建国", tmp_path)
    qtbot.addWidget(dialog)
    assert "应报 75 个单位,按时报送 68 个,逾期报送 4 个,未报送 3 个" in dialog.summary.text()
    # 07-09 and 07-10 against a 07-07 deadline: late, in another colour than the on-time ledgers.
    model, report = dialog.model, dialog.model.column("report")
    states = {model.text(r, "unit"): model.index(r, report) for r in range(model.rowCount())}
    assert states["区交通局"].data() == "逾期报送 2021-07-09"
    assert states["区文化旅游委"].data() == "逾期报送 2021-07-10"
    on_time = next(index for index in states.values() if index.data().startswith("按时报送"))
    assert states["区交通局"].data(Qt.ItemDataRole.ForegroundRole) != on_time.data(Qt.ItemDataRole.ForegroundRole)
    assert not any(index.data().startswith("已报送") for index in states.values())
    dialog.missing_only.setChecked(True)
    assert dialog.table.model().rowCount() == 3
    missing = [model.text(r, "unit") for r in range(3)]
    path = dialog.export_reminders(tmp_path / "催办.xlsx")
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "2021年第二季度工作台账未报送单位催办清单"
    assert [sheet.cell(r, 2).value for r in range(3, 6)] == missing
    reminders = window.db.execute("SELECT count(*), min(sent_by) FROM reminder").fetchone()
    assert reminders == (3, "王建国")


def test_changing_a_closed_period_needs_the_offices_choice(window, qtbot, tmp_path):
    from helpers import logical_dump

    from duchaban.formats.ledger_template import export_templates

    unit_id = unit_id_by_name(window.db, "工业园区管委会")
    [q1] = export_templates(window.db, plan_id=window.plan_id, period_code="2021Q1", out_dir=tmp_path / "q1",
                            unit_ids=[unit_id])
    path = fill(q1, tmp_path / "园区一季度.xlsx", percent=95)
    dialog = ledgers.submission_import_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.period_combo.setCurrentText("(按文件中的周期)")  # no files yet: nothing to check
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.add_paths([path])
    assert dialog.files_model.text(0, "verdict") == "拒收"
    assert "这是已结束周期2021年第一季度的台账" in dialog.messages.text()
    assert not dialog.import_button.isEnabled()
    before = logical_dump(window.db)
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.replace_closed.setChecked(True)
    assert dialog.files_model.text(0, "verdict") == "接受(有提示)" and dialog.import_button.isEnabled()
    assert logical_dump(window.db) == before
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    percents = {r[0] for r in window.db.execute(
        "SELECT pe.percent FROM progress_entry pe JOIN reporting_period rp ON rp.id = pe.period_id"
        " WHERE pe.unit_id = ? AND rp.code = '2021Q1'", [unit_id])}
    assert percents == {95.0}


def test_ledger_export_shows_the_whole_folder_and_opens_it(window, qtbot, tmp_path):
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

    class FileManager(QObject):
        opened: list[str] = []

        @Slot(QUrl)
        def show(self, url: QUrl) -> None:
            self.opened.append(url.toLocalFile())

    target = tmp_path / "各单位" / "台账模板"
    dialog = LedgerExportDialog(["2021Q2"], target, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.folder_edit
    assert edit.text() == str(target)
    assert edit.fontMetrics().horizontalAdvance(edit.text()) < edit.width()     # all of it in view
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        assert dialog.open_folder()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert manager.opened == [str(target)] and target.is_dir()
