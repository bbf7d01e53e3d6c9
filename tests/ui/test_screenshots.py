"""Saved screenshots of the main window, the overview and the dialogs, for a person to look at.

The PNGs go to $DUCHABAN_SCREENSHOTS when set (e.g. ``DUCHABAN_SCREENSHOTS=shots xvfb-run -a
python -m pytest tests/ui/test_screenshots.py``), else to the test's temporary folder. Each test
checks the picture was written and is not blank; looking at it is the point.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMainWindow

from duchaban.ui.operations import database, inspections, ledgers, plans, reports
from duchaban.ui.operations import overview as overview_operations


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("DUCHABAN_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget, folder: Path, name: str, size=(1400, 860)) -> Path:
    if size:
        widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    # Painted afresh, then grabbed: a grab taken before pending layout and paint events are done
    # showed the status bar's message over the text it replaces.
    widget.repaint()
    QApplication.processEvents()
    if isinstance(widget, QMainWindow) and widget.statusBar().currentMessage() and hasattr(widget, "count_label"):
        assert not widget.count_label.isVisible()      # the message is not drawn over the counts
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() > 150 and image.height() > 60
    # Not one colour: something was drawn.
    colours = {image.pixel(x, y) for x in range(0, image.width(), max(1, image.width() // 40))
               for y in range(0, image.height(), max(1, image.height() // 30))}
    assert len(colours) > 3
    return path


def test_main_window(window, shots):
    window.select_task(52)
    save(window, shots, "main-window")


def test_search(window, shots):
    window.search_box.setText("信息")
    window.apply_filters()
    save(window, shots, "main-window-search")
    window.search_box.setText("补偿机制")        # at the end of a long task: shown in context
    window.apply_filters()
    save(window, shots, "main-window-search-context")
    window.search_box.setText("没有这种任务")      # no hits: the tree says so
    window.apply_filters()
    save(window, shots, "main-window-search-none")


def test_by_unit_view(window, shots):
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区财政局'").fetchone()[0]
    window.show_unit(unit_id)
    save(window, shots, "main-window-by-unit")


def test_overview(window, shots):
    window.show_overview()
    save(window, shots, "overview")
    screen = overview_operations.show_overview_full_screen(window.context())
    screen.showNormal()
    save(screen, shots, "overview-full-screen", size=(1600, 900))
    screen.close()


def test_charts(window, shots):
    dialog = reports.charts_dialog(window.context())
    for index, key in enumerate(("section", "unit", "trend")):
        dialog.tabs.setCurrentIndex(index)
        save(dialog, shots, f"charts-{key}", size=(1000, 720))
        assert dialog.save_png(key, shots / f"charts-{key}-export.png")
    dialog.close()


def _submission_status(w):
    from duchaban.store.settings import as_of_date
    from duchaban.ui.dialogs.submission_status import SubmissionStatusDialog

    return SubmissionStatusDialog(w.db, w.plan_id, ledgers.period_codes(w.context()), as_of_date(w.db), w.operator,
                                  w.db_path.parent, w)


def _unit_directory(w):
    from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog

    return UnitDirectoryDialog(w.db, w.history, w.operator, w)


def _task_edit(w):
    from duchaban.ui.dialogs.task_edit import TaskEditDialog

    w.select_task(52)
    return TaskEditDialog(w.db, w.current_task_id(), w.history, w.operator, w)


def _staff(w):
    from duchaban.ui.dialogs.staff import StaffDialog

    return StaffDialog(w.db, w.operator, w)


def _evidence(w):
    dialog = inspections.findings_dialog(w.context())
    row = next(r for r, f in enumerate(dialog.rows) if f["status"] == "closed")
    dialog.table.selectRow(row)
    return dialog.evidence_dialog()


def _on_tab(dialog, index):
    dialog.tabs.setCurrentIndex(index)
    return dialog


def _ledger_export(w):
    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

    return LedgerExportDialog(ledgers.period_codes(w.context()), w.db_path.parent / "台账模板", None, w)


def _restore(w):
    from duchaban.store.backup import backup_if_changed
    from duchaban.ui.dialogs.restore import RestoreDialog

    backup_if_changed(w.db, reason="exit")
    return RestoreDialog(w.db_path, w)


def _operator(w):
    from duchaban.ui.dialogs.operator import OperatorDialog

    return OperatorDialog(w.db, "张伟", w)


def _first_run(w):
    from duchaban.ui.dialogs.first_run import FirstRunWizard

    return FirstRunWizard(w.db, w.operator, None, w)


def _first_run_staff(w):
    wizard = _first_run(w)
    wizard.staff_page.initializePage()
    wizard.staff_page.edit.setPlainText("王建国 主任\n李明 副主任 督查科\n赵丽\n")
    wizard.setStartId(wizard.pageIds()[2])
    wizard.restart()
    return wizard


def _assessment(w):
    import time

    dialog = reports.assessment_dialog(w.context())
    deadline = time.monotonic() + 20
    while dialog.data is None and time.monotonic() < deadline:     # its figures are read in a job
        QApplication.processEvents()
        time.sleep(0.02)
    return dialog


DIALOGS = {
    "ledger-export": _ledger_export,
    "restore": _restore,
    "operator": _operator,
    "first-run": _first_run,
    "first-run-staff": _first_run_staff,
    "bulletin": lambda w: reports.bulletin_dialog(w.context()),
    "assessment": _assessment,
    "findings": lambda w: inspections.findings_dialog(w.context()),
    "inspections": lambda w: inspections.inspections_dialog(w.context()),
    "inspection": lambda w: inspections.inspection_dialog(w.context()),
    "spot-check": lambda w: inspections.random_draw_dialog(w.context()),
    "plan-import": lambda w: plans.plan_import_dialog(w.context()),
    "submission-import": lambda w: ledgers.submission_import_dialog(w.context()),
    "field-exchange": lambda w: database.field_exchange_dialog(w.context()),
    "field-exchange-import": lambda w: _on_tab(database.field_exchange_dialog(w.context()), 1),
    "submission-status": _submission_status,
    "unit-directory": _unit_directory,
    "task-edit": _task_edit,
    "staff": _staff,
    "evidence": _evidence,
}


@pytest.mark.parametrize("name", DIALOGS)
def test_dialog(window, shots, name):
    dialog = DIALOGS[name](window)
    save(dialog, shots, f"dialog-{name}", size=None)
    dialog.close()


def test_draw_record_print_preview(window, shots):
    from duchaban.services.printable_records import printable_record
    from duchaban.services.random_draw import random_draw, unit_pool
    from duchaban.ui.print_document import preview

    result = random_draw(window.db, pool=unit_pool(window.db, plan_id=window.plan_id, unit_kind="town"),
                             count=2, inspectors=2, seed="截图")
    title, html = printable_record(window.db, "draw", result.unit_draw_id)
    dialog = preview(html, window, title=title)
    save(dialog, shots, "print-preview-draw-record", size=(1000, 1100))
    dialog.close()


def test_inspection_calendar(window, shots):
    from PySide6.QtCore import QDate

    dialog = inspections.inspections_dialog(window.context())
    dialog.calendar.setSelectedDate(QDate(2021, 6, 17))      # 端午 on the 14th, an inspection on the 17th
    save(dialog, shots, "calendar-2021-06", size=None)
    dialog.calendar.setSelectedDate(QDate(2021, 9, 15))      # 中秋, its 调休 on the 18th, a planned round
    save(dialog, shots, "calendar-2021-09", size=None)
    dialog.close()


def test_submission_import_with_named_cells(window, qtbot, shots, tmp_path):
    # What the office sees for a ledger with error values and a careless 同上: each cell named.
    from ledger_files import FIRST_DATA_ROW, PERCENT, PROBLEMS, fill, template_for

    job = ledgers.start_template_export(window.context(), "2021Q3", tmp_path / "q3", only_unit=False)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass

    def careless(sheet):
        sheet.cell(FIRST_DATA_ROW, PERCENT, "#N/A").data_type = "e"
        sheet.cell(FIRST_DATA_ROW + 1, PROBLEMS, "同 上")

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(template_for(tmp_path / "q3", "工业园区管委会"), inbox / "园区三季度.xlsx", edit=careless)
    dialog = ledgers.submission_import_dialog(window.context())
    dialog.period_combo.setCurrentText("2021Q3")
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        dialog.add_paths([inbox])
    dialog.files.selectRow(0)
    assert "错误值" in dialog.messages.text() and "像是“同上”" in dialog.messages.text()
    save(dialog, shots, "dialog-submission-import-named-cells", size=None)
    dialog.close()


def test_plan_import_asking_about_names_and_another_plan(window, qtbot, shots, sample_plan_path, tmp_path):
    # A second notice of 2021 under another number, with a close spelling: both wait for the office.
    text = sample_plan_path.read_text(encoding="utf-8").replace("〔2021〕12号", "〔2021〕30号")
    notice = tmp_path / "30号.txt"
    notice.write_text(text.replace("区科技局", "区科学技术局", 1), encoding="utf-8")
    dialog = plans.plan_import_dialog(window.context())
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(notice)
    dialog.side.setCurrentIndex(1)
    assert dialog.another_plan_box.isVisibleTo(dialog) and dialog.accept_suggestions.isVisibleTo(dialog)
    save(dialog, shots, "dialog-plan-import-asking", size=None)
    dialog.close()
