"""The unit directory as a table: name, kind, aliases, state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from duchaban.core.unit_names import KIND_LABELS
from duchaban.store.units import list_units
from duchaban.ui.models.roles import UnitIdRole

if TYPE_CHECKING:
    from sqlite_utils import Database


class UnitTableModel(QAbstractTableModel):
    COL_NAME, COL_KIND, COL_ALIASES, COL_STATE = range(4)
    HEADERS = ("单位名称", "类别", "别名", "状态")

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self._db = db
        self._rows: list[dict] = []
        self.kind: str | None = None

    def reload(self, kind: str | None = None) -> None:
        self.beginResetModel()
        self.kind = kind
        self._rows = list_units(self._db, kind=kind, include_inactive=True)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NAME:
                return row["name"]
            if column == self.COL_KIND:
                return KIND_LABELS[row["kind"]]
            if column == self.COL_ALIASES:
                return "、".join(row["aliases"])
            return "在用" if row["active"] else "已停用"
        if role == Qt.ItemDataRole.ForegroundRole and not row["active"]:
            return QColor("#9e9e9e")
        if role == UnitIdRole:
            return row["id"]
        return None

    def row_of(self, unit_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r["id"] == unit_id), -1)

    def unit(self, row: int) -> dict:
        return self._rows[row]
