"""Pickers that find a unit by its pinyin initials as well as by its characters (fgw -> 区发展改革委)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from duchaban.core.pinyin_search import matches_text


class PinyinFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose text (the key column, or any column when it is -1) is found by the query."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def query(self) -> str:
        return self._query

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self._query:
            return True
        model = self.sourceModel()
        key = self.filterKeyColumn()
        columns = [key] if key >= 0 else range(model.columnCount(source_parent))
        for column in columns:
            text = model.index(source_row, column, source_parent).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and matches_text(self._query, text):
                return True
        return False


def install_pinyin_completer(combo: QComboBox) -> QCompleter:
    """Give an editable combo box a completer that finds its items by characters or pinyin initials."""
    proxy = PinyinFilterProxy(combo)
    proxy.setSourceModel(combo.model())
    proxy.setFilterKeyColumn(combo.modelColumn())
    completer = QCompleter(proxy, combo)
    # Our proxy does the filtering; the completer only shows what is left.
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.lineEdit().textEdited.connect(proxy.set_query)
    return completer
