"""The QAbstractItemModel plumbing both trees share: nodes as internal pointers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from duchaban.ui.models.tree_node import Node

if TYPE_CHECKING:
    from sqlite_utils import Database

Index = QModelIndex | QPersistentModelIndex


class NodeTreeModel(QAbstractItemModel):
    """Subclasses fill ``self._root`` and implement ``node_data`` and ``load_children``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = Node("root", None, {})

    # --- subclass hooks ----------------------------------------------------------

    def node_data(self, node: Node, column: int, role: int):
        raise NotImplementedError

    def load_children(self, node: Node) -> list[Node]:
        """Children of a lazy node (fetched=False); called once, on first expand."""
        return []

    # --- QAbstractItemModel ------------------------------------------------------

    def node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def node_at(self, row: int, parent: Index) -> Node:
        """The node at ``row`` under ``parent`` (for proxies that filter on nodes)."""
        return self.node(parent).children[row]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = self.node(parent)
        if 0 <= row < len(node.children) and 0 <= column < self.columnCount():
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        node = self.node(parent)
        return bool(node.children) or not node.fetched

    def canFetchMore(self, parent: Index) -> bool:
        return not self.node(parent).fetched

    def fetchMore(self, parent: Index) -> None:
        node = self.node(parent)
        if node.fetched:
            return
        children = self.load_children(node)
        node.fetched = True
        if children:
            self.beginInsertRows(parent, 0, len(children) - 1)
            for child in children:
                node.add(child)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self.node_data(index.internalPointer(), index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def fetch_all(self, parent: Index = QModelIndex()) -> None:
        """Load every lazy level under ``parent`` (needed before filtering the whole tree)."""
        if self.canFetchMore(parent):
            self.fetchMore(parent)
        for row in range(self.rowCount(parent)):
            child = self.index(row, 0, parent)
            if self.hasChildren(child):
                self.fetch_all(child)


class PlanTreeModel(NodeTreeModel):
    """A tree over one plan's data, statuses measured on a given day."""

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self._db = db
        self.plan_id: int | None = None
        self.today = date.today()

    def set_database(self, db: Database) -> None:
        """Point the model at another database (it shows nothing until the next load)."""
        self.load(None, self.today)
        self._db = db

    def load(self, plan_id: int | None, today: date) -> None:
        """(Re)build the tree for a plan, statuses measured on ``today``."""
        self.beginResetModel()
        self.plan_id, self.today = plan_id, today
        self._root = Node("root", None, {})
        if plan_id is not None:
            self.populate(plan_id)
        self.endResetModel()

    def populate(self, plan_id: int) -> None:
        """Fill ``self._root`` for the plan (between reset signals)."""
        raise NotImplementedError
