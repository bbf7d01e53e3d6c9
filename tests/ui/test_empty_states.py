"""Empty lists say why they are empty: a search with no hits, an empty database."""

from PySide6.QtWidgets import QApplication
from test_main_window import visible_tasks


def _why(window):
    return [e.label.text() for e in window.tree_empty_states if e.label.isVisible()]


def test_search_without_hits_says_so_in_the_tree_and_clearing_restores(window, qtbot):
    window.show()
    window.search_box.setText("没有这种任务")
    window.apply_filters()
    QApplication.processEvents()
    assert visible_tasks(window.section_view) == []
    assert _why(window) == ["没有找到与“没有这种任务”相符的任务\n清空搜索框或更改筛选条件可显示全部任务"]
    label = window.tree_empty_states[0].label
    assert label.geometry() == window.section_view.viewport().rect()
    assert window.statusBar().currentMessage() == "找到 0 项任务"
    window.tabs.setCurrentWidget(window.unit_view)
    QApplication.processEvents()
    assert _why(window) == ["没有找到与“没有这种任务”相符的任务\n清空搜索框或更改筛选条件可显示全部任务"]
    window.search_box.clear()
    window.apply_filters()
    QApplication.processEvents()
    assert len(visible_tasks(window.section_view)) == 156
    assert _why(window) == []
    assert window.statusBar().currentMessage() == ""      # no stale “找到 0 项任务”


def test_a_search_with_hits_shows_no_empty_text(window):
    window.show()
    window.search_box.setText("数字经济")
    window.apply_filters()
    QApplication.processEvents()
    assert visible_tasks(window.section_view)
    assert _why(window) == []


def _texts(actions):
    return {a.text().split("(")[0] for a in actions}


def test_actions_that_need_a_plan_are_disabled_with_the_reason_on_an_empty_database(empty_window):
    window = empty_window
    needing = window.plan_actions
    assert {"督查计划与记录", "随机抽查", "导出台账模板", "导入报送的台账", "报送情况与催办", "督查通报",
            "统计图表", "绩效考核", "督查概览", "全屏展示概览"} <= _texts(needing)
    for action in needing:
        assert not action.isEnabled(), action.text()
        assert action.statusTip() == "请先导入分解方案(文件 → 导入分解方案)"
        assert action.toolTip().endswith(":请先导入分解方案(文件 → 导入分解方案)")
    # The toolbar's buttons are the same actions: greyed, their tooltip saying why.
    for action in (window.export_templates_action, window.import_submissions_action, window.bulletin_action):
        button = window.action_toolbar.widgetForAction(action)
        assert not button.isEnabled()
        assert button.toolTip() == "{}(Ctrl+{}):请先导入分解方案(文件 → 导入分解方案)".format(
            action.iconText(), action.shortcut().toString()[-1])
    # What needs no plan stays available: importing one, the directory, recording an inspection.
    for action in (window.import_action, window.record_inspection_action):
        assert action.isEnabled()


def test_importing_a_plan_enables_them_with_their_own_tooltips(empty_window, qtbot, sample_plan_path):
    from test_dialogs import import_dialog

    window = empty_window
    dialog = import_dialog(window, qtbot, sample_plan_path)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.accept_suggestions.click()       # the notice's close spellings, as suggested
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert window.plan_id is not None
    for action in window.plan_actions:
        assert action.isEnabled() and action.statusTip() == "" and "请先" not in action.toolTip()
    assert window.import_submissions_action.toolTip() == "导入台账(Ctrl+L)"
    # A plan but no inspection yet: the inspections table says how to add one.
    from duchaban.ui.operations import inspections

    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.model.rowCount() == 0
    label = dialog.table.empty_state.label
    assert label.isVisible() and label.text().startswith("尚无督查计划或记录")


def test_empty_tables_say_why_they_are_empty(empty_window):
    from duchaban.ui.dialogs.staff import StaffDialog
    from duchaban.ui.operations import inspections

    window = empty_window
    window.show()
    findings = inspections.findings_dialog(window.context())
    findings.show()
    QApplication.processEvents()
    label = findings.table.empty_state.label
    assert label.isVisible() and label.text().startswith("尚无督查发现的问题")
    findings.overdue_only.setChecked(True)
    assert label.text() == "没有符合筛选条件的问题"
    findings.close()
    staff = StaffDialog(window.db, window.operator, window)
    staff.show()
    QApplication.processEvents()
    assert staff.table.empty_state.label.isVisible()
    assert staff.table.empty_state.label.text().startswith("尚未添加工作人员")
    staff.close()
