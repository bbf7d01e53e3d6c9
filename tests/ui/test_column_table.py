"""The column-spec table model every dialog's table builds on, driven without a view."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel, natural_key, shown
from duchaban.ui.models.roles import SortRole


class Fruit(ColumnTableModel):
    COLUMNS = (
        Column("name", "名称", lambda r: r["name"], tooltip=lambda r: r.get("note")),
        Column("count", "数量", lambda r: r["count"], align=RIGHT,
               color=lambda r: "#c62828" if r["count"] > 9 else None),
        Column("price", "单价", lambda r: r["price"]),
    )


ROWS = [{"name": "苹果", "count": 10, "price": 2.0, "note": "红富士"},
        {"name": "香蕉", "count": 9, "price": 1.5},
        {"name": "橙子", "count": 100, "price": None}]


def test_cells_read_as_the_user_sees_them(qtmodeltester):
    model = Fruit()
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["名称", "数量", "单价"]
    assert [model.text(0, "price"), model.text(1, "price"), model.text(2, "price")] == ["2", "1.5", ""]
    count = model.index(0, model.column("count"))
    assert count.data(Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
    assert model.index(1, model.column("count")).data(Qt.ItemDataRole.ForegroundRole) is None
    assert count.data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    # A tooltip given by the column, else the cell's own text (the view may elide it), never an empty one.
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "红富士"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "9"
    assert model.index(2, 2).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.find("name", "香蕉") == 1 and model.find("name", "梨") == -1


def test_numbers_sort_by_size_and_rows_keep_their_objects():
    model = Fruit()
    model.set_rows(ROWS)
    assert model.index(0, 1).data(SortRole) == natural_key(10)
    model.sort(model.column("count"))
    assert [model.text(r, "count") for r in range(3)] == ["9", "10", "100"]    # not "10" < "100" < "9"
    model.sort(model.column("price"), Qt.SortOrder.DescendingOrder)
    assert [model.text(r, "name") for r in range(3)] == ["橙子", "苹果", "香蕉"]    # the empty price is a text
    assert model.row(0) is ROWS[2] and model.row(3) is None


def test_a_selected_row_follows_its_row_when_sorted(qtbot):
    from duchaban.ui.views.table_view import ColumnTableView

    model = Fruit()
    model.set_rows(ROWS)
    view = ColumnTableView(model, stretch="name", widths={"count": 80})
    qtbot.addWidget(view)
    assert model.rows() == ROWS     # enabling sorting sorted nothing
    view.select(2)
    assert view.current()["name"] == "橙子"
    view.sortByColumn(model.column("count"), Qt.SortOrder.AscendingOrder)
    assert view.current_row() == 2 and view.current()["name"] == "橙子"
    view.sortByColumn(model.column("count"), Qt.SortOrder.DescendingOrder)
    assert view.current_row() == 0 and view.current()["name"] == "橙子"
    assert view.columnWidth(model.column("count")) == 80


def test_shown_values():
    assert [shown(None), shown(3), shown(2.50), shown("x")] == ["", "3", "2.5", "x"]


def test_a_reload_keeps_the_current_row_by_its_key(qtbot):
    from duchaban.ui.views.table_view import ColumnTableView

    model = Fruit()
    view = ColumnTableView(model)
    qtbot.addWidget(view)
    view.set_rows(ROWS, key=lambda r: r["name"])
    assert view.current() is None           # nothing chosen until the user chooses
    view.select(1)
    fresh = [dict(r, count=r["count"] + 1) for r in (ROWS[1], ROWS[0], ROWS[2])]
    view.set_rows(fresh, key=lambda r: r["name"])
    assert view.current()["name"] == "香蕉" and view.current_row() == 0 and view.current()["count"] == 10
    view.set_rows([r for r in fresh if r["name"] != "香蕉"], key=lambda r: r["name"])
    assert view.current() is None           # gone: nothing else is chosen in its place
    view.select(0)
    view.set_rows(ROWS)                     # no key: the same position, as QTableWidget did
    assert view.current_row() == 0
