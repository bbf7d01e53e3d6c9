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
