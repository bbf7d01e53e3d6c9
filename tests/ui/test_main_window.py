"""The real main window on a real database file, driven as a user would."""

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtWidgets import QApplication

from duchaban.ui.models.roles import NodeKindRole
from duchaban.ui.operations import database


def visible_tasks(view, parent=QModelIndex()):
    model = view.model()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data(NodeKindRole) == "task":
            found.append(index.data())
        found += visible_tasks(view, index)
    return found


def test_tree_shows_the_sample_plan(window):
    assert window.stack.currentWidget() is window.splitter
    model = window.section_view.model()
    assert model.rowCount() == 4
    assert len(visible_tasks(window.section_view)) == 156
    assert "任务 156 项" in window.count_label.text()
    assert "2021-07-15" in window.as_of_label.text()
    assert window.plan_combo.currentText() == "2021年区政府工作报告目标任务分解方案"


def field(text: str, label: str) -> str:
    """The value shown beside a label in the detail pane (table cells become lines)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[lines.index(label) + 1]


def test_selecting_task_52_shows_its_units(window):
    assert window.select_task(52)
    text = window.detail.toPlainText()
    assert "任务 52" in text
    assert field(text, "牵头单位") == "工业园区管委会"
    assert "区经济信息委" in field(text, "责任单位").split("、")
    assert field(text, "配合单位") == "各乡镇(街道)(单位组)"
    assert "判定规则:报告完成 57%,序时进度 54%" in text


def test_unit_link_opens_the_unit_tab(window, qtbot):
    window.select_task(52)
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区经济信息委'").fetchone()[0]
    window.detail.anchorClicked.emit(QUrl(f"unit:{unit_id}"))
    assert window.tabs.currentWidget() is window.unit_view
    assert window.unit_view.currentIndex().data() == "区经济信息委"


def test_unit_tab_lists_tasks_by_role(window):
    window.tabs.setCurrentWidget(window.unit_view)
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区发展改革委'").fetchone()[0]
    window.show_unit(unit_id)
    index = window.unit_view.currentIndex()
    assert index.data() == "区发展改革委"
    roles = [window.unit_proxy.index(r, 0, index).data() for r in range(window.unit_proxy.rowCount(index))]
    assert [r.split("(")[0] for r in roles] == ["牵头", "责任", "配合"]


def test_search_finds_task_2_and_clearing_restores(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_box
    # Chinese arrives through the input method as committed text, not as key clicks.
    window.search_box.insert("数字经济")
    qtbot.waitUntil(lambda: len(visible_tasks(window.section_view)) < 156, timeout=2000)
    found = visible_tasks(window.section_view)
    assert any(t.startswith("2. 建成高新区数字经济产业园") for t in found)
    assert all("数字经济" in t for t in found)
    window.search_box.clear()
    qtbot.waitUntil(lambda: len(visible_tasks(window.section_view)) == 156, timeout=2000)


def test_two_character_search_uses_the_fallback(window, qtbot):
    window.search_box.setText("梁平")
    window.apply_filters()
    found = visible_tasks(window.section_view)
    assert found and all("梁平" in t for t in found)


def test_search_by_unit_name(window):
    window.search_box.setText("区审计局")
    window.apply_filters()
    assert visible_tasks(window.section_view) == [
        "155. 严格管好用好公共资金,加强审计监督,遏制权力“越线”。"]


def test_status_filter(window):
    index = window.status_combo.findText("逾期")
    window.status_combo.setCurrentIndex(index)
    assert visible_tasks(window.section_view) == []
    window.status_combo.setCurrentIndex(window.status_combo.findText("滞后"))
    from duchaban.store.browse import task_rows, task_verdict

    lagging = [r for r in task_rows(window.db, plan_id=window.plan_id)
               if task_verdict(r, window.section_model.today).code == "lagging"]
    assert len(visible_tasks(window.section_view)) == len(lagging) > 0


def test_window_state_is_remembered(window, settings, qtbot):
    window.resize(1100, 700)
    window.close()
    assert settings.value("main/geometry") is not None
    assert settings.value("main/splitter") is not None


def test_empty_database_offers_import_or_demo(empty_window, qtbot):
    assert empty_window.stack.currentWidget() is empty_window.start_page
    assert "尚无分解方案" in empty_window.count_label.text()
    qtbot.mouseClick(empty_window.start_page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: empty_window.stack.currentWidget() is empty_window.splitter, timeout=30000)
    assert len(visible_tasks(empty_window.section_view)) == 156


def test_standard_buttons_are_in_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts & {"确定", "确定(O)", "OK"} and any("取消" in t for t in texts)


def choose(combo, text):
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_filter_by_unit(window):
    choose(window.filter_bar.unit, "区审计局")
    assert visible_tasks(window.section_view) == ["155. 严格管好用好公共资金,加强审计监督,遏制权力“越线”。"]
    window.filter_bar.clear_button.click()
    assert len(visible_tasks(window.section_view)) == 156


def test_filter_tasks_led_by_committees(window):
    choose(window.filter_bar.role, "牵头")
    choose(window.filter_bar.kind, "管委会")
    expected = window.db.execute(
        "SELECT count(*) FROM assignment a JOIN unit u ON u.id = a.unit_id"
        " WHERE a.role = 'lead' AND u.kind = 'committee'").fetchone()[0]
    found = visible_tasks(window.section_view)
    assert len(found) == expected > 0


def test_filter_by_section_combines_with_search(window):
    choose(window.filter_bar.section, "二、2021年经济社会发展主要预期目标")
    assert [t.split(".")[0] for t in visible_tasks(window.section_view)] == ["47", "48", "49", "50", "51"]
    window.search_box.setText("以上")
    window.apply_filters()
    assert [t.split(".")[0] for t in visible_tasks(window.section_view)] == ["47", "50"]


def test_search_words_are_highlighted_in_the_detail(window):
    window.search_box.setText("数字经济")
    window.apply_filters()
    window.select_task(2)
    assert "background-color:#fff176" in window.detail.toHtml().replace(" ", "")
    assert window.highlighter.words == ["数字经济"]


def test_the_as_of_date_can_be_set_and_statuses_follow_it(window, message_boxes):
    assert "统计截止 2021-07-15" in window.as_of_label.text()
    assert database.set_as_of_date(window.context(), "2021-12-31")
    assert "统计截止 2021-12-31" in window.as_of_label.text()
    window.select_task(52)
    assert "序时进度 100%" in window.detail.toPlainText()   # at year end the whole year has passed
    assert not database.set_as_of_date(window.context(), "七月十五")
    assert "日期应写作" in message_boxes[-1] and "2021-12-31" in window.as_of_label.text()
    assert database.set_as_of_date(window.context(), None)
    from datetime import date
    assert f"统计截止 {date.today().isoformat()}" in window.as_of_label.text()


def test_an_earlier_statistics_date_ignores_reports_of_later_periods(window):
    window.select_task(52)
    assert "报告完成 57%" in window.detail.toPlainText()          # the Q2 report
    assert database.set_as_of_date(window.context(), "2021-03-15")
    window.select_task(52)
    text = window.detail.toPlainText()
    assert "报告完成 57%" not in text and "报告完成" in text      # Q2 had not begun: Q1's report counts
    from datetime import date

    from duchaban.store.browse import known_on, task_rows
    rows = known_on(window.db, task_rows(window.db, plan_id=1), date(2020, 12, 31))
    assert all(r["percent"] is None for r in rows)                # before the first period began


def test_unit_detail_tells_late_ledgers_from_on_time_ones(window):
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区交通局'").fetchone()[0]
    window.show_unit(unit_id)
    text = window.detail.toPlainText()
    assert "逾期报送(截止 07-07)" in text          # 2021Q2, first sent 07-09
    assert "按时报送(截止 04-08)" in text          # 2021Q1
    assert "已报送" not in text


def test_task_history_marks_a_late_ledger(window):
    # 区交通局 sent its 2021Q2 ledger on 07-09, after the 07-07 deadline.
    task = window.db.execute(
        "SELECT t.number FROM progress_entry pe JOIN task t ON t.id = pe.task_id JOIN unit u ON u.id = pe.unit_id"
        " JOIN reporting_period rp ON rp.id = pe.period_id WHERE u.name = '区交通局' AND rp.code = '2021Q2'"
        " ORDER BY t.number LIMIT 1").fetchone()[0]
    window.select_task(task)
    assert "逾期报送(截止 07-07)" in window.detail.toPlainText()


def test_unit_detail_says_how_the_unit_stands(window):
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区财政局'").fetchone()[0]
    window.show_unit(unit_id)
    assert field(window.detail.toPlainText(), "当前情况") == "滞后逾期任务 5,台账未报送"


def test_unit_detail_lists_the_period_it_did_not_report(window):
    def detail_of(name):
        unit_id = window.db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()[0]
        window.show_unit(unit_id)
        return window.detail.toPlainText()

    text = detail_of("区财政局")
    assert "台账未报送" in text                               # its standing, in the summary
    ledger = text[text.index("台账报送"):]
    lines = [line.strip() for line in ledger.splitlines() if line.strip()]
    # The missed period is a row of the table, before the period it did report.
    assert lines.index("2021年第二季度") < lines.index("2021年第一季度")
    assert lines[lines.index("2021年第二季度") + 1] == "未报送(截止 07-07)"
    on_time = detail_of("区教委")
    assert "未报送" not in on_time


def test_the_plan_combo_shows_the_whole_title(window):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    def shown_whole(combo, title):
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        return field.width() >= combo.fontMetrics().horizontalAdvance(title)

    combo = window.plan_combo
    assert not combo.isEnabled()                           # one plan: nothing to choose
    assert combo.currentText() == "2021年区政府工作报告目标任务分解方案"
    assert shown_whole(combo, combo.currentText()) and combo.toolTip() == combo.currentText()
    # A longer title (Chinese glyphs are also wider in some fonts than offscreen's) still shows whole.
    title = "2021年区政府工作报告和区委全会确定的重点目标任务分解方案"
    window.db.execute("UPDATE plan SET title = ?", [title])
    window.reload()
    QApplication.processEvents()
    assert combo.currentText() == title
    assert shown_whole(combo, title) and combo.toolTip() == title


def test_a_status_message_given_while_hidden_is_not_drawn_over_the_counts(window):
    window.hide()
    window.search_box.setText("信息")
    window.apply_filters()                     # “找到 26 项任务” while the window is hidden
    window.show()
    QApplication.processEvents()
    assert window.statusBar().currentMessage().startswith("找到")
    assert not window.count_label.isVisible()
    window.statusBar().clearMessage()
    assert window.count_label.isVisible() and window.count_label.text().startswith("任务 156 项")


def test_start_page_offers_no_demo_once_the_district_is_set(qtbot, fresh_db_path, settings):
    from duchaban.store.database import open_database
    from duchaban.store.settings import set_office
    from duchaban.store.unit_edits import create_unit
    from duchaban.ui.main_window import MainWindow

    db = open_database(fresh_db_path)
    set_office(db, name="城口县人民政府督查办公室", district="城口县", who="t")
    create_unit(db, name="县财政局", kind="department", who="t")
    db.close()
    db = open_database(fresh_db_path)
    win = MainWindow(db, fresh_db_path, settings)
    qtbot.addWidget(win)
    win.show()
    try:
        assert win.stack.currentWidget() is win.start_page
        assert not win.start_page.demo_button.isEnabled()
        assert "单位名录" in win.start_page.demo_button.toolTip()
        assert "示例数据" not in win.start_page.hint.text()
    finally:
        win.close()
        db.close()
