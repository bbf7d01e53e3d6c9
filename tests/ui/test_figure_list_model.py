"""The list behind an overview figure, without a window: columns by key, the row's colour on its last cell."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.ui.models.figure_list import FigureListModel


def test_a_list_brings_its_own_columns_and_targets(qtmodeltester):
    model = FigureListModel()
    model.show((("unit", "单位"), ("report", "报送情况")),
               [(("区交通局", "逾期报送 07-09"), ("unit", 7), "#e65100"), (("区教委", None), None, None)])
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == ["单位", "报送情况"]
    assert [model.text(r, "report") for r in range(2)] == ["逾期报送 07-09", ""]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == QColor("#e65100")
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None      # only the state is coloured
    assert [model.target(0), model.target(1), model.target(2)] == [("unit", 7), None, None]
    model.show((("number", "序号"), ("task", "任务"), ("status", "状态")), [((3, "任务三", "滞后"), ("task", 3), None)])
    qtmodeltester.check(model)
    assert (model.columnCount(), model.text(0, "task")) == (3, "任务三")
