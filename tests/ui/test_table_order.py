"""Tables open in an order the user recognises and sort Chinese by pinyin, numbers by value."""

from PySide6.QtCore import QPoint, Qt

from duchaban.store.units import list_units
from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog


def _shown_names(dialog) -> list[str]:
    return [dialog.proxy.index(r, dialog.model.COL_NAME).data() for r in range(dialog.proxy.rowCount())]


def test_unit_directory_opens_in_directory_order_without_a_sort_arrow(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.show()
    header = dialog.table.horizontalHeader()
    assert header.sortIndicatorSection() == -1
    assert _shown_names(dialog) == [u["name"] for u in list_units(window.db, include_inactive=True)]
    assert _shown_names(dialog)[0] != "龙门镇"
    # The first click on a header sorts ascending (A before Z), not Qt's default descending.
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(dialog.model.COL_NAME) + 10, header.height() // 2))
    assert header.sortIndicatorSection() == dialog.model.COL_NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
