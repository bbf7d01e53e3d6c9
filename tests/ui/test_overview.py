"""The overview page on the demo database: its figures agree with the store, and each figure
clicks through to the list behind it, and on to the task or unit."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from duchaban.core.overview import LATE, MISSING, ON_TIME, most_behind
from duchaban.store.overview import overview_figures, unit_standings
from duchaban.ui.operations import overview as overview_operations
from duchaban.ui.views.overview import TaskKey, UnitKey

TODAY = date(2021, 7, 15)


def figure(window, key) -> int:
    return int(window.overview.figure_buttons[key].text().split("\n")[1])


@pytest.fixture
def overview(window):
    window.show_overview()
    assert window.stack.currentWidget() is window.overview
    return window


def test_figures_match_the_store(overview):
    db = overview.db
    lagging = db.execute("SELECT count(*) FROM task").fetchone()[0]
    figures = overview_figures(db, plan_id=overview.plan_id, today=TODAY)
    assert len(figures["tasks"]) == lagging == 156
    for code in ("on_track", "lagging", "completed", "closed", "overdue", "not_started"):
        assert figure(overview, ("status", code)) == sum(t["status"] == code for t in figures["tasks"])
    assert figure(overview, ("status", "lagging")) == 37
    # 2021Q2 was due 07-07: four units sent theirs on 07-09 or 07-10, three sent nothing.
    assert figures["period"]["code"] == "2021Q2"
    assert (figure(overview, ("ledger", ON_TIME)), figure(overview, ("ledger", LATE)),
            figure(overview, ("ledger", MISSING))) == (68, 4, 3)
    late = {r["name"]: r["sent_on"] for r in figures["ledgers"] if r["state"] == LATE}
    assert late["区交通局"] == "2021-07-09" and late["区文化旅游委"] == "2021-07-10"
    overdue = [f for f in figures["findings"] if f["overdue"]]
    assert figure(overview, ("findings", "overdue")) == len(overdue) == 2
    assert "2021-07-15" in overview.overview.title.text()


def test_status_figure_lists_its_tasks_and_opens_one(overview, qtbot):
    page = overview.overview
    qtbot.mouseClick(page.figure_buttons[("status", "lagging")], Qt.MouseButton.LeftButton)
    targets = page.list_targets()
    assert len(targets) == 37 and all(kind == TaskKey for kind, _ in targets)
    task_id = targets[0][1]
    page.table.doubleClicked.emit(page.list_model.index(0, 0))
    assert overview.stack.currentWidget() is overview.splitter
    assert overview.current_task_id() == task_id


def test_late_ledger_figure_lists_late_units_and_opens_a_unit(overview, qtbot):
    page = overview.overview
    qtbot.mouseClick(page.figure_buttons[("ledger", LATE)], Qt.MouseButton.LeftButton)
    listed = page.list_model
    assert listed.rowCount() == 4
    shown = {listed.text(r, "unit"): listed.text(r, "report") for r in range(4)}
    assert shown["区交通局"] == "逾期报送 07-09"
    page.table.doubleClicked.emit(listed.index(listed.find("unit", "区交通局"), 0))
    assert overview.tabs.currentWidget() is overview.unit_view
    assert overview.unit_view.currentIndex().data() == "区交通局"


def test_units_most_behind_and_burden_lists(overview, qtbot):
    page = overview.overview
    standings = unit_standings(overview.db, plan_id=overview.plan_id, today=TODAY)
    ranked = most_behind(list(standings.values()), limit=len(standings))
    qtbot.mouseClick(page.figure_buttons[("units", None)], Qt.MouseButton.LeftButton)
    assert [page.list_model.text(r, "unit") for r in range(page.list_model.rowCount())] == [s.name for s in ranked]
    assert all(kind == UnitKey for kind, _ in page.list_targets())
    qtbot.mouseClick(page.figure_buttons[("burden", None)], Qt.MouseButton.LeftButton)
    inspected = overview.db.execute(
        "SELECT count(DISTINCT iu.unit_id) FROM inspection_unit iu JOIN inspection i ON i.id = iu.inspection_id"
        " WHERE i.state = 'recorded' AND i.confidential = 0 AND i.started_on BETWEEN '2021-01-01' AND '2021-07-15'"
    ).fetchone()[0]
    assert page.list_model.rowCount() == inspected == figure(overview, ("burden", None)) == 6


def test_full_screen_is_read_only(overview, qtbot):
    screen = overview_operations.show_overview_full_screen(overview.context())
    assert screen.isFullScreen() or screen.isVisible()
    assert not screen.table.isVisible()
    button = screen.figure_buttons[("status", "lagging")]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert screen.list_key is None
    # It reads the figures again on its timer: a task closed meanwhile shows up.
    assert screen.refresh_timer.isActive()
    overview.db.execute("INSERT INTO close_out (uuid, task_id, verifier, closed_on, created_at)"
                        " SELECT 'x-1', id, '王建国', '2021-07-01', '2021-07-01T00:00:00Z' FROM task WHERE number = 1")
    screen.refresh_timer.timeout.emit()
    assert screen.figure_buttons[("status", "closed")].text().endswith("\n1")
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible()


def test_overview_stays_after_an_edit_reload(overview):
    overview.refresh()
    assert overview.stack.currentWidget() is overview.overview
    overview.show_tasks()
    assert overview.stack.currentWidget() is overview.splitter


def test_the_window_opens_on_the_overview_when_it_was_closed_on_it(qtbot, sample_db_path, settings):
    from duchaban.store.database import open_database
    from duchaban.ui.main_window import MainWindow

    db = open_database(sample_db_path)
    first = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(first)
    assert first.stack.currentWidget() is first.splitter      # the task views, the first time
    first.show_overview()
    first.close()
    second = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(second)
    assert second.stack.currentWidget() is second.overview
    second.show_tasks()
    second.close()
    third = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(third)
    assert third.stack.currentWidget() is third.splitter


def test_behind_figure_counts_every_unit_behind_not_the_display_cap(overview, qtbot):
    page = overview.overview
    standings = unit_standings(overview.db, plan_id=overview.plan_id, today=TODAY)
    behind = [s for s in standings.values() if s.score > 0]
    assert len(behind) > 10                       # the old figure was the cap, 10
    button = page.figure_buttons[("units", None)]
    assert button.text() == f"滞后单位\n{len(behind)}"
    card = button.parentWidget()
    assert card.title() == "最滞后的单位"
    assert page.behind_count.text() == f"共 {len(behind)} 个单位滞后,以下列出前 5 个"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.list_model.rowCount() == len(behind)


def test_full_screen_trend_keeps_its_labels_at_1200_by_650(overview, qtbot):
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication, QLabel

    screen = overview_operations.show_overview_full_screen(overview.context())
    screen.showNormal()
    screen.resize(1200, 650)
    qtbot.waitUntil(lambda: screen.trend_chart.plotArea().width() > 0)
    QApplication.processEvents()
    # The page fits the screen: nothing pushed off its right or bottom edge.
    assert screen.minimumSizeHint().width() <= 1200 and screen.minimumSizeHint().height() <= 650
    assert screen.size().width() == 1200
    axis = screen.trend_chart.axes(Qt.Orientation.Horizontal)[0]
    quarters = axis.categories()
    assert quarters == ["一季度", "二季度", "三季度"]
    # Qt hides a category label that would overlap its neighbour: each needs its slot's width.
    slot = screen.trend_chart.plotArea().width() / len(quarters)
    assert slot >= max(QFontMetrics(axis.labelsFont()).horizontalAdvance(q) for q in quarters)
    entries = [label for label in screen.trend_legend.findChildren(QLabel)]
    texts = [label.text() for label in entries]
    for name in ("平均进度", "完成率(含销号)", "滞后逾期占比", "三季度截至7月15日"):
        assert any(text.endswith(name) for text in texts), name
    for label in entries:
        assert label.isVisible() and label.width() >= label.sizeHint().width(), label.text()
        assert label.visibleRegion().boundingRect() == label.rect(), label.text()
    screen.close()


SECRETLY_VISITED = "区城市管理局"   # visited only by the demo's confidential 暗访 of 2021-06-29


def _shown_texts(page) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [w.text() for w in page.findChildren(QLabel)] + [b.text() for b in page.figure_buttons.values()]


def test_overview_names_no_unit_visited_only_in_secret(overview, qtbot):
    page = overview.overview
    assert not [t for t in _shown_texts(page) if SECRETLY_VISITED + ":今年受督查" in t]
    for key in (("burden", None), ("inspections", None), ("findings", "open"), ("findings", "overdue")):
        page.show_list(key)
        rows = page.list_model.rowCount()
        texts = [str(page.list_model.index(r, c).data()) for r in range(rows)
                 for c in range(page.list_model.columnCount())]
        assert not [t for t in texts if SECRETLY_VISITED in t], key
    screen = overview_operations.show_overview_full_screen(overview.context())
    assert not [t for t in _shown_texts(screen) if SECRETLY_VISITED + ":今年受督查" in t]
    assert screen.figure_buttons[("burden", None)].text().endswith("\n6")
    qtbot.keyClick(screen, Qt.Key.Key_Escape)


def test_overdue_findings_add_up_with_the_findings_list(overview, qtbot):
    """Overview 整改逾期 2 and 问题整改跟踪 逾期 3 differ by the 暗访's finding: both screens say so."""
    from duchaban.ui.operations.inspections import findings_dialog

    page = overview.overview
    shown_overdue, shown_open = figure(overview, ("findings", "overdue")), figure(overview, ("findings", "open"))
    assert (shown_overdue, shown_open) == (2, 4)
    assert page.confidential_note.text() == "另有暗访(保密)问题未销号 1 个,其中逾期 1 个,只在“问题整改跟踪”中列出"
    dialog = findings_dialog(overview.context())
    qtbot.addWidget(dialog)
    assert dialog.summary.text() == "共 6 个问题,未销号 5 个,逾期 3 个(其中暗访保密问题:未销号 1 个,逾期 1 个)"
    assert 3 == shown_overdue + 1 and 5 == shown_open + 1
    screen = overview_operations.show_overview_full_screen(overview.context())
    assert not [t for t in _shown_texts(screen) if "暗访" in t]     # the meeting room is not told
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
