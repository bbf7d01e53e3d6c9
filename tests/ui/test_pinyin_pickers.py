"""Unit pickers find units by pinyin initials, driven through the real widgets."""

from PySide6.QtCore import Qt

from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
from duchaban.ui.operations import inspections


def popup_texts(completer):
    model = completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_filter_bar_unit_picker_finds_fgw(window, qtbot):
    combo = window.filter_bar.unit
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "fgw")
    texts = popup_texts(combo.completer())
    assert "区发展改革委" in texts and "区财政局" not in texts
    completer = combo.completer()
    index = completer.completionModel().index(texts.index("区发展改革委"), 0)
    completer.popup().setCurrentIndex(index)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert combo.currentText() == "区发展改革委"
    assert window.filter_bar.values()["unit_id"] is not None


def test_unit_directory_filter_by_initials(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.filter_edit, "fgw")
    names = {dialog.proxy.index(r, dialog.model.COL_NAME).data() for r in range(dialog.proxy.rowCount())}
    assert "区发展改革委" in names and "区财政局" not in names
    dialog.filter_edit.clear()
    assert dialog.proxy.rowCount() == dialog.model.rowCount()


def test_directory_lists_departments_then_towns(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    kinds = [dialog.model.index(r, dialog.model.COL_KIND).data() for r in range(dialog.model.rowCount())]
    order = list(dict.fromkeys(kinds))
    assert order[:2] == ["部门", "乡镇(街道)"]


def test_search_box_finds_a_units_tasks_by_initials(window, qtbot):
    from test_main_window import visible_tasks

    qtbot.keyClicks(window.search_box, "fgw")
    window.apply_filters()
    shown = visible_tasks(window.section_view)
    led = {r[0] for r in window.db.execute(
        "SELECT t.number FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id"
        " WHERE u.name = '区发展改革委'")}
    assert len(shown) == len(led) > 10


def test_filter_bar_lists_departments_first_in_the_order_entered(window):
    names = [window.filter_bar.unit.itemText(i) for i in range(1, window.filter_bar.unit.count())]
    assert names[0] == "区发展改革委"   # first of the starter directory, not 工业园区管委会 by kind name
    assert names.index("区财政局") < names.index("竹山镇") < names.index("工业园区管委会")


def test_inspection_dialog_unit_list_and_finding_unit_by_initials(window, qtbot):
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.unit_filter, "fgw")
    shown = [dialog.unit_list.item(i).text() for i in range(dialog.unit_list.count())
             if not dialog.unit_list.item(i).isHidden()]
    assert "区发展改革委" in shown and "区财政局" not in shown
    row = dialog.add_finding_row()
    combo = dialog.findings.cellWidget(row, 0)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "czj")
    assert "区财政局" in popup_texts(combo.completer())


def test_best_matches_come_first_in_the_popup(window, qtbot):
    combo = window.filter_bar.unit
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "gy")
    texts = popup_texts(combo.completer())
    # 区规划自然资源局 (g…y inside its initials) comes before the committee in the directory;
    # the committee whose initials start with gy is the better match.
    assert texts[0] == "工业园区管委会" and "区规划自然资源局" in texts
    combo.completer().model().set_query("")
    texts = popup_texts(combo.completer())
    assert texts[:2] == ["全部单位", "区发展改革委"]   # no query: the directory's order again
