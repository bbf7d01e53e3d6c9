"""The window's dialogs driven through their real widgets on real database files."""

from functools import partial

import pytest
from helpers import file_bytes, logical_dump, undone_dump
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from test_main_window import field, visible_tasks

from duchaban.store.database import open_database
from duchaban.store.staff import set_password
from duchaban.ui.dialogs.operator import OperatorDialog
from duchaban.ui.dialogs.plan_import import NEW_UNIT
from duchaban.ui.dialogs.task_edit import TaskEditDialog
from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
from duchaban.ui.jobs import export_directory_job, import_directory_job
from duchaban.ui.operations import directory, inspections, plans, reports


def import_dialog(window, qtbot, path):
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(path)
    return dialog


def test_import_the_sample_into_an_empty_database(empty_window, qtbot, sample_plan_path):
    dialog = import_dialog(empty_window, qtbot, sample_plan_path)
    assert "156 项任务" in dialog.summary.text()
    assert "已经导入过" not in dialog.summary.text()
    assert dialog.tree.topLevelItemCount() == 4
    # Near misses are listed with the unit suggested for them, and wait for the office's yes.
    combos = {dialog.names.item(r, 0).text(): dialog.names.cellWidget(r, 2) for r in range(dialog.names.rowCount())}
    assert combos["区经济信委"].currentIndex() == -1 and "区经济信息委" in combos["区经济信委"].placeholderText()
    assert combos["区科技局"].currentText() == NEW_UNIT
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.accept_suggestions.click()
    assert dialog.decisions["区经济信委"] == "区经济信息委" and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert empty_window.stack.currentWidget() is empty_window.splitter
    assert len(visible_tasks(empty_window.section_view)) == 156
    again = import_dialog(empty_window, qtbot, sample_plan_path)
    assert "已经导入过" in again.summary.text()


def test_ambiguous_name_must_be_chosen_before_import(window, qtbot, tmp_path):
    from duchaban.store.unit_edits import create_unit

    create_unit(window.db, name="区城乡管理局", kind="department")
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、城市\n1.管好城市。\n责任单位:区城管理局\n", encoding="utf-8")
    dialog = import_dialog(window, qtbot, notice)
    assert not dialog.import_button.isEnabled()
    combo = dialog.names.cellWidget(0, 2)
    assert combo.currentText() == ""
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.decide("区城管理局", "区城市管理局")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert window.plan_combo.count() == 2
    assert window.plan_combo.isEnabled()


def test_unreadable_file_is_explained_and_changes_nothing(window, qtbot, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 ...")
    before = file_bytes(window.db_path)
    dialog = import_dialog(window, qtbot, bad)
    assert "PDF" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert file_bytes(window.db_path) == before


def test_alias_added_in_the_directory_is_used_by_the_next_import(window, qtbot, tmp_path):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText("区科技局")
    dialog.table.selectRow(0)
    assert dialog.name_edit.text() == "区科技局"
    dialog.alias_edit.setText("区科学技术局")
    qtbot.keyClick(dialog.alias_edit, Qt.Key.Key_Return)
    assert [dialog.alias_list.item(i).text() for i in range(dialog.alias_list.count())] == ["区科学技术局"]
    dialog.accept()

    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、创新\n1.建设创新平台。\n责任单位:区科学技术局\n", encoding="utf-8")
    importer = import_dialog(window, qtbot, notice)
    assert importer.names.rowCount() == 0  # resolved silently by the alias
    assert importer.tree.topLevelItem(0).child(0).text(1) == "区科技局"


def test_undo_restores_a_directory_edit(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText("区审计局")
    dialog.table.selectRow(0)
    dialog.name_edit.setText("区审计局(区经济责任审计办)")
    dialog.save_button.click()
    assert dialog.name_edit.text() == "区审计局(区经济责任审计办)"
    dialog.accept()
    window.select_task(155)
    assert "区审计局(区经济责任审计办)" in window.detail.toPlainText()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "区审计局(区经济责任审计办)" not in window.detail.toPlainText()
    assert field(window.detail.toPlainText(), "责任单位") == "区财政局、区审计局"
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert "区审计局(区经济责任审计办)" in window.detail.toPlainText()


def test_merge_and_undo_through_the_directory(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    from duchaban.store.unit_edits import create_unit

    # a duplicate typed by hand
    source = create_unit(window.db, name="区卫健委员会", kind="department").created
    dialog.merge(source, "区卫生健康委")
    assert dialog.name_edit.text() == "区卫生健康委"
    assert "区卫健委员会" in [dialog.alias_list.item(i).text() for i in range(dialog.alias_list.count())]
    dialog.undo_button.click()
    assert window.db.execute("SELECT count(*) FROM unit WHERE name = '区卫健委员会'").fetchone()[0] == 1


def test_merging_units_that_both_reported_a_task_keeps_the_later_report_and_undoes(window, qtbot, message_boxes):
    from helpers import undone_dump

    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    source = window.db.execute("SELECT id FROM unit WHERE name = '区医保局'").fetchone()[0]
    before = undone_dump(window.db)
    dialog.merge(source, "区卫生健康委")
    assert message_boxes and "保留了较晚报送的一条" in message_boxes[-1]
    assert window.db.execute("SELECT count(*) FROM unit WHERE name = '区医保局'").fetchone()[0] == 0
    assert window.undo_stack.canUndo()
    dialog.undo_button.click()
    assert undone_dump(window.db) == before


def test_edit_task_deadline_and_undo(window, qtbot):
    window.select_task(52)
    task_id = window.current_task_id()
    dialog = TaskEditDialog(window.db, task_id, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.deadline_edit.setText("2021年6月底")
    dialog.note_edit.setPlainText("区政府常务会议明确")
    dialog.add_indicator_row(None)
    row = dialog.indicators.rowCount() - 1
    dialog.indicators.item(row, 0).setText("引进企业")
    dialog.indicators.item(row, 2).setText("30")
    dialog.indicators.item(row, 3).setText("家")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    text = window.detail.toPlainText()
    assert field(text, "完成时限") == "2021年6月底(2021-06-30)"
    assert "逾期" in text  # the demo's as-of date is 2021-07-15
    assert "引进企业:不低于 30家" in text
    assert window.undo_action.text() == "撤销 编辑任务 52"
    window.undo_action.trigger()
    text = window.detail.toPlainText()
    assert field(text, "完成时限") == "未写明(按年底计)"
    assert "引进企业" not in text and "区政府常务会议明确" not in text


def test_bad_indicator_value_is_refused_and_nothing_changes(window, qtbot, message_boxes):
    messages = message_boxes
    window.select_task(4)
    dialog = TaskEditDialog(window.db, window.current_task_id(), window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.deadline_edit.setText("9月底")
    dialog.indicators.item(0, 2).setText("一百三十")
    before = file_bytes(window.db_path)
    dialog.accept()
    assert messages and "不是数字" in messages[0]
    assert dialog.result() == 0
    assert file_bytes(window.db_path) == before
    assert not window.undo_stack.canUndo()


def test_operator_dialog_checks_the_password(qtbot, sample_db, message_boxes):
    staff_id = sample_db.execute("SELECT id FROM staff WHERE name = '张伟'").fetchone()[0]
    set_password(sample_db, staff_id=staff_id, password="zw2021")
    dialog = OperatorDialog(sample_db, "张伟")
    qtbot.addWidget(dialog)
    assert dialog.operator == "张伟" and dialog.password.isEnabled()
    dialog.password.setText("wrong")
    dialog.accept()
    assert dialog.result() == 0 and message_boxes == ["密码不正确"]
    dialog.password.setText("zw2021")
    dialog.accept()
    assert dialog.result() == 1


def test_open_another_database_and_recent_list(window, tmp_path, message_boxes):
    other = tmp_path / "other.sqlite"
    open_database(other).close()
    assert window.databases.open_file(other)
    assert window.stack.currentWidget() is window.start_page
    assert window.databases.recent()[0] == str(other.resolve())
    assert not window.databases.open_file(tmp_path / "missing.sqlite")
    assert "找不到数据库文件" in message_boxes[0]
    assert window.db_path == other


def test_directory_export_and_import_run_as_jobs(window, qtbot, tmp_path):
    path = tmp_path / "名录.xlsx"
    exported = partial(directory.directory_exported, window.context())
    job = window.run_job(export_directory_job, path, title="导出", done=exported)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert path.exists()
    assert "单位 80 个" in window.statusBar().currentMessage()
    imported = partial(directory.directory_imported, window.context())
    job = window.run_job(import_directory_job, path, "测试", title="导入", done=imported)
    with qtbot.waitSignal(job.done, timeout=5000):
        pass
    assert "新增单位 0 个" in window.statusBar().currentMessage()


def test_failed_job_shows_its_message(window, qtbot, tmp_path, message_boxes):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nonsense")
    imported = partial(directory.directory_imported, window.context())
    job = window.run_job(import_directory_job, bad, "测试", title="导入", done=imported)
    with qtbot.waitSignal(job.failed, timeout=5000):
        pass
    qtbot.waitUntil(lambda: bool(message_boxes))
    assert "无法作为 Excel" in message_boxes[0]


def test_group_members_edit_and_undo(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    group = window.db.execute("SELECT id FROM unit WHERE name = '各乡镇(街道)'").fetchone()[0]
    dialog.select_unit(group)
    assert dialog.members_box.isVisibleTo(dialog)
    assert dialog.members_label.text().startswith("共 33 个")
    towns = [window.db.execute("SELECT id FROM unit WHERE name = ?", [n]).fetchone()[0] for n in ("竹山镇", "礼让镇")]
    dialog.set_members(group, towns)
    assert dialog.members_label.text() == "共 2 个:礼让镇、竹山镇"
    dialog.undo_button.click()
    assert dialog.members_label.text().startswith("共 33 个")


def test_group_members_dialog_lists_only_the_group_kind(window, qtbot):
    from duchaban.ui.dialogs.unit_directory import GroupMembersDialog

    group = window.db.execute("SELECT id FROM unit WHERE name = '有关街道'").fetchone()[0]
    members = GroupMembersDialog(window.db, group)
    qtbot.addWidget(members)
    assert members.list.count() == 33
    assert sorted(members.checked_ids()) == sorted(r[0] for r in window.db.execute(
        "SELECT member_id FROM unit_group_member WHERE group_id = ?", [group]))


def test_dropping_a_file_on_the_import_dialog_previews_it(window, qtbot, sample_plan_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_plan_path))])
    drag = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        enter = QDragEnterEvent(QPointF(10, 10), *drag)
    except TypeError:       # Qt 6.9 (the Linux bundle's) takes a QPoint; 6.10 deprecated that form
        enter = QDragEnterEvent(QPoint(10, 10), *drag)
    dialog.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.dropEvent(drop)
    assert dialog.path_edit.text() == str(sample_plan_path)
    assert "已经导入过" in dialog.summary.text()


def test_actions_that_need_a_plan_say_so_on_an_empty_database(empty_window):
    for make in (reports.bulletin_dialog, reports.charts_dialog, reports.assessment_dialog,
                 inspections.inspections_dialog, inspections.random_draw_dialog):
        assert make(empty_window.context()) is None
        assert empty_window.statusBar().currentMessage() == "请先导入分解方案"


def _unit_rows(dialog):
    return [(dialog.assignments.cellWidget(r, 0).currentText(), dialog.assignments.cellWidget(r, 1).currentData())
            for r in range(dialog.assignments.rowCount())]


def test_edit_task_units_audited_and_undone(window, qtbot):
    from duchaban.store.search import search_task_ids

    window.select_task(52)
    task_id = window.current_task_id()
    before = undone_dump(window.db)     # the task travels: its undo is a new revision (left out)
    dialog = TaskEditDialog(window.db, task_id, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    rows = _unit_rows(dialog)
    assert rows[0] == ("工业园区管委会", "lead") and ("区经济信息委", "responsible") in rows
    dropped = rows.index(("区经济信息委", "responsible"))
    dialog.assignments.removeRow(dropped)
    dialog.add_unit_row("区财政局", "cooperating")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    text = window.detail.toPlainText()
    assert "区经济信息委" not in field(text, "责任单位") and "区财政局" in field(text, "配合单位")
    assert task_id in search_task_ids(window.db, "区财政局")
    audit = window.db.execute("SELECT after FROM audit_log WHERE table_name = 'assignment' ORDER BY id DESC").fetchone()
    assert '["区财政局", "cooperating"]' in audit[0]
    window.undo_action.trigger()
    assert undone_dump(window.db) == before
    window.redo_action.trigger()
    assert "区财政局" in field(window.detail.toPlainText(), "配合单位")


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assignments.cellWidget(1, 1).setCurrentIndex(0), "有且只有一个牵头单位"),
    (lambda d: d.assignments.cellWidget(0, 1).setCurrentIndex(1), "有且只有一个牵头单位"),
    (lambda d: d.add_unit_row("区发改委员会", "responsible"), "不在单位名录中"),
    (lambda d: d.add_unit_row("工业园区管委会", "cooperating"), "只能出现一次"),
])
def test_bad_task_units_are_refused_and_nothing_changes(window, qtbot, message_boxes, change, message):
    window.select_task(52)
    dialog = TaskEditDialog(window.db, window.current_task_id(), window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.note_edit.setPlainText("不应保存")
    change(dialog)
    before = logical_dump(window.db)
    dialog.accept()
    assert message in message_boxes[-1] and dialog.result() == 0
    assert logical_dump(window.db) == before
    assert not window.undo_stack.canUndo()
