"""The window redraws only what a change touched: an alias or contact edit (shown only in the
detail pane) leaves the task trees alone; a rename (shown in the trees) reloads them; a follow-up on
a finding redraws the detail and the units' standing, not the trees, and can be undone."""

import pytest

from duchaban.core.changes import ChangeSet, RowChange
from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
from duchaban.ui.view_tables import DETAIL, EVERYTHING, OVERVIEW, STANDING, views_to_refresh


@pytest.mark.parametrize("tables, views", [
    ((), set()),
    (("unit_alias",), {DETAIL}),
    (("contact", "indicator"), {DETAIL}),
    (("unit", "task_search"), EVERYTHING),
    (("unit_alias", "assignment"), EVERYTHING),
    (("finding_followup",), {DETAIL}),
    (("finding_followup", "finding"), {DETAIL, STANDING, OVERVIEW}),     # a status moved: the units' standing
    (("inspection", "inspection_unit", "finding"), {DETAIL, STANDING, OVERVIEW}),
    (("close_out",), EVERYTHING),                    # a task closed out changes its status in the trees
    (("a_table_added_later",), EVERYTHING),          # unknown: redraw everything rather than show stale data
])
def test_views_to_refresh(tables, views):
    assert views_to_refresh(tables) == views


@pytest.fixture
def resets(window):
    seen = []
    window.section_model.modelReset.connect(lambda: seen.append("section"))
    window.unit_model.modelReset.connect(lambda: seen.append("unit"))
    return seen


def _directory_on(window, qtbot, name):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()[0]
    dialog.select_unit(unit_id)
    window.show_unit(unit_id)
    return dialog


def test_an_alias_edit_and_its_undo_redraw_the_detail_but_not_the_task_trees(window, qtbot, resets):
    dialog = _directory_on(window, qtbot, "区科技局")
    assert "区科委" not in window.detail.toPlainText()
    dialog.alias_edit.setText("区科委")
    dialog.add_alias_from_edit()
    assert "区科委" in window.detail.toPlainText()
    window.undo_action.trigger()
    assert "区科委" not in window.detail.toPlainText()
    window.redo_action.trigger()
    assert "区科委" in window.detail.toPlainText()
    assert resets == []
    assert window.unit_view.currentIndex().isValid()       # the user's place in the tree is kept


def test_a_rename_reloads_the_task_trees(window, qtbot, resets):
    dialog = _directory_on(window, qtbot, "区审计局")
    dialog.name_edit.setText("区审计局(区经济责任审计办)")
    dialog.save_button.click()
    assert set(resets) == {"section", "unit"}
    resets.clear()
    window.undo_action.trigger()
    assert set(resets) == {"section", "unit"}


def test_an_edit_that_changed_nothing_is_not_pushed_and_redraws_nothing(window, resets):
    window.history.record("无", ChangeSet())
    assert not window.undo_stack.canUndo() and resets == []
    window.history.record("别名", ChangeSet((RowChange("unit_alias", "x", None, {"alias": "x"}),)))
    assert window.undo_stack.canUndo() and resets == []


def test_a_follow_up_redraws_the_detail_and_standing_not_the_task_trees_and_is_undone(window, qtbot, resets):
    from duchaban.ui.operations import inspections

    finding = window.db.execute("SELECT f.id, f.task_id, f.status FROM finding f JOIN inspection i"
                                " ON i.id = f.inspection_id WHERE f.task_id IS NOT NULL AND f.status = 'open'"
                                " AND i.confidential = 0 ORDER BY f.id LIMIT 1").fetchone()
    assert window.select_task_id(finding[1])
    window.unit_model.standing(0)          # the standings measured, as when the unit tab was shown
    standing_redrawn = []
    window.unit_model.dataChanged.connect(lambda first, last, _roles: standing_redrawn.append(
        (first.column(), last.column())))
    dialog = inspections.findings_dialog(window.context())
    qtbot.addWidget(dialog)
    assert "整改中" not in window.detail.toPlainText()
    assert dialog.follow(finding[0], "已制定整改方案", "rectifying")
    assert "整改中" in window.detail.toPlainText()          # the task's findings, in the detail pane
    col = window.unit_model.COL_STANDING
    assert standing_redrawn and set(standing_redrawn) == {(col, col)}
    assert resets == [] and window.section_view.currentIndex().isValid()
    assert window.undo_stack.canUndo()
    window.undo_action.trigger()
    assert window.db.execute("SELECT status FROM finding WHERE id = ?", [finding[0]]).fetchone()[0] == "open"
    assert "整改中" not in window.detail.toPlainText()
    assert resets == []


def test_recording_an_inspection_keeps_the_task_trees_and_is_undone(window, qtbot, resets):
    from PySide6.QtWidgets import QDialogButtonBox

    from duchaban.ui.operations import inspections

    window.select_task(52)
    count = window.db.execute("SELECT count(*) FROM inspection").fetchone()[0]
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.title.setText("三季度高新区创建定期督查")
    dialog.add_finding_row("工业园区管委会", "52", "国家高新区创建材料准备滞后", "10日内完成申报材料", "2021-07-31")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1
    assert "国家高新区创建材料准备滞后" in window.detail.toPlainText()
    assert resets == [] and window.undo_stack.canUndo()
    window.undo_action.trigger()
    assert window.db.execute("SELECT count(*) FROM inspection").fetchone()[0] == count
    assert "国家高新区创建材料准备滞后" not in window.detail.toPlainText()
    assert resets == []
