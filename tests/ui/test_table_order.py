"""Tables open in an order the user recognises and sort Chinese by pinyin, numbers by value."""

from PySide6.QtCore import QModelIndex, QPoint, Qt

from duchaban.store.units import list_units
from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
from duchaban.ui.models.column_table import natural_key
from duchaban.ui.models.section_tree import SectionTreeModel
from duchaban.ui.operations import reports


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


def _click_header(qtbot, header, column):
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2))


def _pinyin_sorted(texts):
    return sorted(texts, key=natural_key)


def test_unit_directory_name_header_sorts_by_pinyin(window, qtbot):
    dialog = UnitDirectoryDialog(window.db, window.history, window.operator, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _click_header(qtbot, dialog.table.horizontalHeader(), dialog.model.COL_NAME)
    names = _shown_names(dialog)
    assert names == _pinyin_sorted(names)
    assert names.index("龙门镇") < names.index("区财政局") < names.index("双桂街道")


def test_assessment_unit_header_sorts_by_pinyin_and_score_by_value(window, qtbot):
    dialog = reports.assessment_dialog(window.context())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20000)
    model, header = dialog.scores_model, dialog.scores_table.horizontalHeader()
    _click_header(qtbot, header, model.column("unit"))
    units = [model.text(r, "unit") for r in range(model.rowCount())]
    assert units == _pinyin_sorted(units)
    assert units.index("龙门镇") < units.index("区财政局")
    _click_header(qtbot, header, model.column("after"))
    scores = [float(model.text(r, "after")) for r in range(model.rowCount())]
    assert scores == sorted(scores)


def test_task_tree_lead_unit_header_sorts_by_pinyin(window, qtbot):
    window.tabs.setCurrentWidget(window.section_view)
    view = window.section_view
    view.expandAll()
    _click_header(qtbot, view.header(), SectionTreeModel.COL_LEAD)
    model = view.model()
    checked = 0
    parents = [QModelIndex()]
    while parents:
        parent = parents.pop()
        leads = [model.index(r, SectionTreeModel.COL_LEAD, parent).data() or "" for r in range(model.rowCount(parent))]
        if len(set(leads)) > 2:
            assert leads == _pinyin_sorted(leads)
            checked += 1
        parents += [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    assert checked > 0


def test_unit_tree_count_header_sorts_by_value(window, qtbot):
    from duchaban.ui.models.unit_tree import UnitTreeModel

    window.tabs.setCurrentWidget(window.unit_view)
    view = window.unit_view
    _click_header(qtbot, view.header(), UnitTreeModel.COL_LEAD)
    model = view.model()
    departments = model.index(0, 0)
    counts = [model.index(r, UnitTreeModel.COL_LEAD, departments).data() for r in range(model.rowCount(departments))]
    numbers = [int(c) for c in counts if c not in (None, "")]
    assert len(set(numbers)) > 3 and max(numbers) >= 10        # 24 after 3: by value, not as text
    assert numbers == sorted(numbers)
