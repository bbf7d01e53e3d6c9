"""The table view the dialogs show their column models in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from duchaban.ui.models.column_table import ColumnTableModel
from duchaban.ui.views.empty_state import EmptyState


class ColumnTableView(QTableView):
    """Read-only rows, sortable by a header click (unsorted until then), long texts elided with
    the whole text in the tooltip; widths and the stretching column are given by column key."""

    def __init__(self, model: ColumnTableModel, *, stretch: str | None = None, widths: dict[str, int] | None = None,
                 sortable: bool = True, empty_text: str = "", parent=None):
        super().__init__(parent)
        self.setModel(model)
        # What an empty table says (why it is empty, what fills it); set_empty_text changes it.
        self.empty_state = EmptyState(self, empty_text)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        if sortable:
            # No indicator first: enabling sorting would otherwise sort by the first column at once.
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.setSortingEnabled(True)
        for key, width in (widths or {}).items():
            self.setColumnWidth(model.column(key), width)
        if stretch is not None:
            header.setSectionResizeMode(model.column(stretch), QHeaderView.ResizeMode.Stretch)

    def set_empty_text(self, text: str) -> None:
        self.empty_state.set_text(text)

    def model(self) -> ColumnTableModel:
        return super().model()

    def current_row(self) -> int:
        return self.currentIndex().row()

    def current(self):
        """The object behind the current row, or None."""
        return self.model().row(self.current_row())

    def set_rows(self, rows, *, key=None) -> None:
        """Show new rows and keep the current one: the row with the same ``key(row)`` if given,
        else the same position (as a reloaded QTableWidget did)."""
        before, row = self.current(), self.current_row()
        self.model().set_rows(rows)
        if before is not None and key is not None:
            row = next((n for n, r in enumerate(self.model().rows()) if key(r) == key(before)), -1)
        self.select(row)

    def select(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.selectRow(row)
