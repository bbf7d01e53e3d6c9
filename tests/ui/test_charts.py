"""Charts from the window: the bars count the statuses the tasks have, and export as PNG."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from duchaban.core.bulletin_figures import OVERVIEW_CODES
from duchaban.core.status import STATUS_LABELS
from duchaban.ui.operations import reports


def bar_values(chart):
    [series] = chart.series()
    return {bar.label(): [bar.at(i) for i in range(bar.count())] for bar in series.barSets()}


def test_section_bars_add_up_to_every_task(window, qtbot):
    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    values = bar_values(dialog.charts["section"])
    assert set(values) == {STATUS_LABELS[c] for c in OVERVIEW_CODES}
    assert sum(sum(v) for v in values.values()) == 156
    # Twenty sub-sections and the two parts with tasks of their own, top to bottom in the plan's order.
    assert len(dialog.sections_shown) == 22
    categories = dialog.charts["section"].axes()[0].categories()
    assert categories[-1].startswith("一(一)") and len(categories) == 22
    # Sub-sections under different parts are told apart by the part's numeral, and no label repeats.
    assert any(c.startswith("三(一)") for c in categories)
    assert len(set(categories)) == len(categories)


def test_unit_bars_put_the_most_behind_first(window, qtbot):
    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    values = bar_values(dialog.charts["unit"])
    behind = [a + b for a, b in zip(values["滞后"], values["逾期"])]
    assert behind[-1] == max(behind) > 0     # the top bar is the unit with the most tasks behind


def test_trend_has_a_point_per_quarter_begun(window, qtbot):
    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    lines = {s.name(): [p.y() for p in s.points()] for s in dialog.charts["trend"].series()}
    # The demo is measured on 2021-07-15: Q1, Q2 and the running Q3.
    assert all(len(points) == 3 for points in lines.values())
    assert lines["平均进度"][0] < lines["平均进度"][1]


def test_export_png(window, qtbot, tmp_path):
    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_png("section", tmp_path / "分领域.png")
    image = QImage(str(tmp_path / "分领域.png"))
    assert (image.width(), image.height()) == (1600, 1000)


def test_every_unit_bar_has_room_for_its_label(window, qtbot):
    from duchaban.ui.dialogs.charts import BAR_HEIGHT

    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    chart = dialog.charts["unit"]
    categories = chart.axes()[0].categories()
    assert len(categories) == 25 and len(set(categories)) == 25
    assert chart.plotArea().height() / len(categories) >= BAR_HEIGHT - 6


def test_a_group_named_as_lead_is_marked_as_a_group(window, qtbot):
    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    categories = dialog.charts["unit"].axes()[0].categories()
    assert "区政府各部门(单位组)" in categories and "区政府各部门" not in categories


def test_bar_legend_and_count_axis_show_without_scrolling(window, qtbot):
    from PySide6.QtWidgets import QApplication

    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 720)
    dialog.show()
    for index, key in enumerate(("section", "unit")):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        scroll, chart = dialog.tabs.currentWidget(), dialog.charts[key]
        assert scroll.verticalScrollBar().maximum() > 0          # the chart is taller than the window
        visible = scroll.viewport().height()
        legend = chart.legend()
        assert legend.isVisible() and len(legend.markers()) == 6
        assert 0 <= legend.geometry().top() and legend.geometry().bottom() <= visible
        # The count axis sits above the bars, so its numbers are in view too.
        values = chart.axes(Qt.Orientation.Horizontal)[0]
        assert values.alignment() == Qt.AlignmentFlag.AlignTop
        assert chart.plotArea().top() <= visible
