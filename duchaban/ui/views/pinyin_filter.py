"""Pickers that find a unit by its pinyin initials as well as by its characters (fgw -> 区发展改革委)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from duchaban.core.pinyin_search import match_rank, matches_text
from duchaban.ui.models.column_table import natural_key
from duchaban.ui.models.task_filter import refilter_rows

_NO_MATCH = 99


class PinyinFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose text (the key column, or any column when it is -1) is found by the query.

    With ``rank``, the rows left are ordered best match first (the name itself, then its initials
    from the start, then anywhere), each group in the source's order; without a query, the source's order.
    """

    def __init__(self, parent=None, *, rank: bool = False):
        super().__init__(parent)
        self._query = ""
        self._rank = rank

    def set_query(self, text: str) -> None:
        refilter_rows(self, lambda: setattr(self, "_query", text.strip()))
        if self._rank:
            # The ranks change with the query: sort afresh (sorting again on the same column is skipped).
            self.sort(-1)
            if self._query:
                self.sort(max(self.filterKeyColumn(), 0))

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        if not (self._rank and self._query):
            # Chinese by pinyin, not by character code (Qt's own comparison).
            return natural_key(left.data()) < natural_key(right.data())
        return self._rank_of(left) < self._rank_of(right)

    def _rank_of(self, index: QModelIndex) -> tuple[int, int]:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        rank = match_rank(self._query, text) if isinstance(text, str) else None
        return (_NO_MATCH if rank is None else rank, index.row())

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
    proxy = PinyinFilterProxy(combo, rank=True)
    proxy.setSourceModel(combo.model())
    proxy.setFilterKeyColumn(combo.modelColumn())
    completer = QCompleter(proxy, combo)
    # Our proxy does the filtering; the completer only shows what is left.
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.lineEdit().textEdited.connect(proxy.set_query)
    return completer
