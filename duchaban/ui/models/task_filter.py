"""Filtering and sorting a tree of tasks: by search result, by status, by text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from duchaban.ui.models.roles import TASK, SortRole

# Qt 6.10 brought endFilterChange() and deprecated invalidateRowsFilter(); the app pins Qt 6.9
# (pyproject.toml: glibc 2.28 for the Linux bundle), which has only the latter.
# installer/qt_api.py checks the pinned API.
_HAS_END_FILTER_CHANGE = hasattr(QSortFilterProxyModel, "endFilterChange")


def refilter_rows(proxy: QSortFilterProxyModel, change) -> None:
    """Apply ``change()`` (which alters what the proxy's filter accepts) and filter the rows again."""
    proxy.beginFilterChange()
    change()
    if _HAS_END_FILTER_CHANGE:
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)  # qt-api: guarded
    else:
        proxy.invalidateRowsFilter()


class TaskFilterProxy(QSortFilterProxyModel):
    """Shows only tasks that pass every active filter, and the branches leading to them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._task_ids: frozenset[int] | None = None
        self._statuses: frozenset[str] | None = None
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SortRole)

    @property
    def active(self) -> bool:
        return self._task_ids is not None or self._statuses is not None

    def set_task_ids(self, ids) -> None:
        """Keep only these task ids (None: no restriction)."""
        self._task_ids = None if ids is None else frozenset(ids)
        self._refilter()

    def set_statuses(self, statuses) -> None:
        """Keep only tasks with one of these status codes (None: all)."""
        self._statuses = None if statuses is None else frozenset(statuses)
        self._refilter()

    def _refilter(self) -> None:
        source = self.sourceModel()
        if self.active and hasattr(source, "fetch_all"):
            source.fetch_all()
        refilter_rows(self, lambda: None)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self.active:
            return True
        # Read the node directly: three data() round trips per row were most of the filter time.
        node = self.sourceModel().node_at(source_row, source_parent)
        if node.kind != TASK:
            return False  # shown only when a task below it is (recursive filtering)
        if self._task_ids is not None and node.key not in self._task_ids:
            return False
        if self._statuses is not None and node.payload["status"] not in self._statuses:
            return False
        return True
