"""A read-only table model whose columns are named specs instead of indices.

Each dialog's model lists its columns once: key, Chinese header, what a row shows there, how it
sorts, its alignment, tooltip and colour. Views, dialogs and tests then ask for a column by key
(``model.column("unit")``, ``model.text(row, "unit")``), so adding a column moves nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from duchaban.core.pinyin_search import pinyin_order_key
from duchaban.ui.models.roles import SortRole

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def shown(value: Any) -> str:
    """How a cell's value reads: whole floats without '.0', nothing for None."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def natural_key(value: Any) -> tuple:
    """Numbers before texts, numbers by size, texts by pinyin; None sorts with the empty text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    return (1, 0, pinyin_order_key(shown(value)))


@dataclass(frozen=True)
class Column:
    key: str
    header: str                                        # Chinese source text, translated in headerData
    value: Callable[[Any], Any]                        # what the row shows here (formatted by shown())
    sort: Callable[[Any], Any] | None = None           # sort key; by default the value, numbers by size
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[Any], str | None] | None = None  # by default the cell's own text, for elided cells
    color: Callable[[Any], str | None] | None = None   # text colour, e.g. '#c62828'


class ColumnTableModel(QAbstractTableModel):
    """Rows are any objects (dicts, dataclasses); subclasses set COLUMNS."""

    COLUMNS: Sequence[Column] = ()

    def __init__(self, parent=None, columns: Sequence[Column] | None = None):
        super().__init__(parent)
        self.columns = tuple(columns if columns is not None else self.COLUMNS)
        self._keys = {c.key: n for n, c in enumerate(self.columns)}
        self._rows: list = []
        self._order: tuple[int, Qt.SortOrder] | None = None     # the last sort, kept across reloads

    # --- loading ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._order is not None:
            self._rows.sort(key=self._sort_key(self._order[0]), reverse=self._order[1] == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column], rows: Sequence) -> None:
        """Other columns and rows at once (a list whose columns depend on what it shows); unsorted."""
        self.beginResetModel()
        self.columns = tuple(columns)
        self._keys = {c.key: n for n, c in enumerate(self.columns)}
        self._rows, self._order = list(rows), None
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row(self, row: int):
        """The object behind a row, or None outside the table."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column(self, key: str) -> int:
        return self._keys[key]

    def text(self, row: int, key: str) -> str:
        """What the user reads in a cell."""
        return self.index(row, self.column(key)).data()

    def find(self, key: str, text: str) -> int:
        """The first row whose cell reads ``text``, or -1."""
        return next((r for r in range(len(self._rows)) if self.text(r, key) == text), -1)

    # --- Qt's model interface -----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt's name)
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(type(self).__name__, self.columns[section].header)
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align is not None:
                return self.columns[section].align
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(column.value(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(row) or None
            return shown(column.value(row)) or None
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == SortRole:
            return column.sort(row) if column.sort is not None else natural_key(column.value(row))
        return None

    def _sort_key(self, column: int) -> Callable[[Any], Any]:
        spec = self.columns[column]
        return spec.sort or (lambda row: natural_key(spec.value(row)))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            self._order = None
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._rows.sort(key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        # Selections and current cells follow their rows.
        where = {id(row): n for n, row in enumerate(self._rows)}
        for old in self.persistentIndexList():
            new_row = where[id(before[old.row()])]
            self.changePersistentIndex(old, self.index(new_row, old.column()))
        self.layoutChanged.emit()
