"""Units by kind -> unit -> role (牵头 / 责任 / 配合) -> tasks; a unit's tasks load on first expand."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from duchaban.core.overview import ARRIVAL_LABELS, STANDING_WELL
from duchaban.core.pinyin_search import pinyin_order_key
from duchaban.core.roles import ROLE_LABELS
from duchaban.core.status import STATUS_COLORS, STATUS_LABELS
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS
from duchaban.ui.models.base_tree import PlanTreeModel
from duchaban.ui.models.roles import (
    KIND,
    ROLE,
    TASK,
    UNIT,
    NodeKindRole,
    SortRole,
    StatusRole,
    TaskIdRole,
    UnitIdRole,
)
from duchaban.ui.models.status_icons import status_icon
from duchaban.ui.models.tree_node import Node

GROUP_NOTE = "(非具体单位,任务由成员单位承担)"
GROUP_COLOR = "#607d8b"


def _standing_text(unit: dict, standing) -> str:
    """A real unit's standing (lagging tasks, ledger, findings), or what a group is."""
    if unit["kind"] == "group":
        return "单位组:情况见各成员单位"
    if standing is None:
        return ""
    if standing.summary:
        return standing.summary
    return "台账" + ARRIVAL_LABELS[standing.ledger] if standing.ledger else "正常"


def _standing_color(standing) -> str:
    return standing.color if standing is not None else STANDING_WELL


class UnitTreeModel(PlanTreeModel):
    COL_NAME, COL_LEAD, COL_RESPONSIBLE, COL_COOPERATING, COL_STANDING = range(5)
    HEADERS = ("单位 / 任务", *ROLE_LABELS.values(), "情况")

    _standings: dict | None = None

    def populate(self, plan_id: int) -> None:
        from duchaban.store.browse import unit_rows

        self._standings = None
        kinds: dict[str, Node] = {}
        for row in unit_rows(self._db, plan_id=plan_id):
            if row["kind"] not in kinds:
                kinds[row["kind"]] = Node(KIND, row["kind"], {"count": 0})
            kinds[row["kind"]].payload["count"] += 1
            has_tasks = any(row[f"{r}_count"] for r in ROLE_LABELS)
            kinds[row["kind"]].add(Node(UNIT, row["id"], row, fetched=not has_tasks))
        for kind in UNIT_KINDS:
            if kind in kinds:
                self._root.add(kinds[kind])

    def load_children(self, node: Node) -> list[Node]:
        from duchaban.store.browse import known_on, task_verdict, unit_task_rows

        children = []
        for role, label in ROLE_LABELS.items():
            rows = known_on(self._db, unit_task_rows(self._db, plan_id=self.plan_id, unit_id=node.key, role=role),
                            self.today)
            if not rows:
                continue
            role_node = Node(ROLE, role, {"label": label, "count": len(rows)})
            for row in rows:
                verdict = task_verdict(row, self.today)
                row["status"], row["rule"] = verdict.code, verdict.rule
                role_node.add(Node(TASK, row["id"], row))
            children.append(role_node)
        return children

    def standing(self, unit_id: int):
        """The unit's standing (core.overview.UnitStanding) or None. Measured when first shown: every
        task's status, the ledgers and the findings cost more than the rest of the tree, and the
        window opens on the section tab."""
        from duchaban.store.overview import unit_standings

        if self._standings is None:
            self._standings = {} if self.plan_id is None else unit_standings(
                self._db, plan_id=self.plan_id, today=self.today)
        return self._standings.get(unit_id)

    def forget_standings(self) -> None:
        """Measure the standings again when next shown (a finding moved), redrawing only that column."""
        if self._standings is None:
            return
        self._standings = None
        for kind_node in self._root.children:
            if kind_node.children:
                first, last = kind_node.children[0], kind_node.children[-1]
                self.dataChanged.emit(self.createIndex(first.row, self.COL_STANDING, first),
                                      self.createIndex(last.row, self.COL_STANDING, last))

    def unit_index(self, unit_id: int) -> QModelIndex:
        """The index of a unit's row, or an invalid index."""
        for kind_node in self._root.children:
            for unit_node in kind_node.children:
                if unit_node.key == unit_id:
                    return self.createIndex(unit_node.row, 0, unit_node)
        return QModelIndex()

    def node_data(self, node: Node, column: int, role: int):
        p = node.payload
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == KIND:
                if column != 0:
                    return None
                # Groups are names for sets of units, not units: their tasks fall to the members.
                return f"{KIND_LABELS[node.key]} {p['count']} 个" + (GROUP_NOTE if node.key == "group" else "")
            if node.kind == UNIT:
                if column == 0:
                    return p["name"]
                if column == self.COL_STANDING:
                    return _standing_text(p, self.standing(node.key))
                return p[("lead_count", "responsible_count", "cooperating_count")[column - 1]] or None
            if node.kind == ROLE:
                return f"{p['label']}({p['count']})" if column == 0 else None
            if column == 0:
                return f"{p['number']}. {p['text']}"
            return STATUS_LABELS[p["status"]] if column == self.COL_LEAD else None
        if node.kind == TASK:
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{STATUS_LABELS[p['status']]}:{p['rule']}" if column else p["text"]
            if role == Qt.ItemDataRole.DecorationRole and column == 0:
                return status_icon(STATUS_COLORS[p["status"]])
            if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_LEAD:
                return QColor(STATUS_COLORS[p["status"]])
            if role == TaskIdRole:
                return node.key
            if role == StatusRole:
                return p["status"]
        if node.kind == UNIT:
            if role == UnitIdRole:
                return node.key
            if role == Qt.ItemDataRole.ToolTipRole:
                return _standing_text(p, self.standing(node.key)) if column == self.COL_STANDING else None
            if role == Qt.ItemDataRole.ForegroundRole:
                if p["kind"] == "group":
                    return QColor(GROUP_COLOR)
                if column == self.COL_STANDING:
                    return QColor(_standing_color(self.standing(node.key)))
            if role == Qt.ItemDataRole.FontRole and p["kind"] == "group":
                font = QFont()
                font.setItalic(True)
                return font
        if node.kind == KIND and role == Qt.ItemDataRole.ForegroundRole and node.key == "group":
            return QColor(GROUP_COLOR)
        if role == NodeKindRole:
            return node.kind
        if role == SortRole:
            if column != self.COL_NAME:       # counts by value, states by pinyin
                return pinyin_order_key(str(self.node_data(node, column, Qt.ItemDataRole.DisplayRole) or ""))
            return p["number"] if node.kind == TASK else node.row
        return None
