"""The plan as a tree: parts -> sub-sections -> tasks, with status per task and a roll-up per section."""

from __future__ import annotations

from collections import Counter, defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.core.pinyin_search import pinyin_order_key
from duchaban.core.status import STATUS_CODES, STATUS_COLORS, STATUS_LABELS, worst_status
from duchaban.ui.models.base_tree import PlanTreeModel
from duchaban.ui.models.roles import (
    SECTION,
    TASK,
    NodeKindRole,
    SectionIdRole,
    SortRole,
    StatusRole,
    TaskIdRole,
)
from duchaban.ui.models.status_icons import status_icon
from duchaban.ui.models.tree_node import Node


def rollup_text(counts: Counter) -> str:
    return " · ".join(f"{STATUS_LABELS[c]} {counts[c]}" for c in STATUS_CODES if counts.get(c))


class SectionTreeModel(PlanTreeModel):
    COL_TITLE, COL_LEAD, COL_DEADLINE, COL_STATUS = range(4)
    HEADERS = ("部分 / 任务", "牵头单位", "完成时限", "状态")

    def populate(self, plan_id: int) -> None:
        from duchaban.store.browse import known_on, section_rows, task_rows, task_verdict

        sections = {
            r["id"]: Node(SECTION, r["id"], {**r, "counts": Counter()}) for r in section_rows(self._db, plan_id)
        }
        tasks_by_section: dict[int | None, list[Node]] = defaultdict(list)
        for row in known_on(self._db, task_rows(self._db, plan_id=plan_id), self.today):
            verdict = task_verdict(row, self.today)
            row["status"], row["rule"] = verdict.code, verdict.rule
            tasks_by_section[row["section_id"]].append(Node(TASK, row["id"], row))
            section_id = row["section_id"]
            while section_id is not None:
                sections[section_id].payload["counts"][verdict.code] += 1
                section_id = sections[section_id].payload["parent_id"]
        for node in sections.values():
            for task in tasks_by_section.get(node.key, []):
                node.add(task)
        for node in sections.values():
            parent_id = node.payload["parent_id"]
            (self._root if parent_id is None else sections[parent_id]).add(node)
        for task in tasks_by_section.get(None, []):
            self._root.add(task)

    def task_count(self) -> int:
        return sum(1 for _ in self.iter_tasks())

    def iter_tasks(self):
        stack = list(self._root.children)
        while stack:
            node = stack.pop()
            if node.kind == TASK:
                yield node
            stack.extend(node.children)

    def node_data(self, node: Node, column: int, role: int):
        p = node.payload
        is_task = node.kind == TASK
        status = p["status"] if is_task else worst_status(p["counts"])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TITLE:
                if is_task:
                    return f"{p['number']}. {p['text']}"
                return f"{p['numeral']}{p['title']}({p['task_count']})"
            if column == self.COL_LEAD and is_task:
                return p["lead"] or ""
            if column == self.COL_DEADLINE and is_task:
                return p["deadline_text"] or p["deadline_on"] or ""
            if column == self.COL_STATUS:
                return STATUS_LABELS[status] if is_task else rollup_text(p["counts"])
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_STATUS and is_task:
                return f"{STATUS_LABELS[status]}:{p['rule']}"
            if column == self.COL_STATUS:
                return rollup_text(p["counts"])
            # Each cell's own text in full: the column may show it cut short.
            if is_task and column == self.COL_LEAD:
                return p["lead"] or None
            if is_task and column == self.COL_DEADLINE:
                return p["deadline_text"] or p["deadline_on"] or None
            return p["text"] if is_task else f"{p['numeral']}{p['title']}"
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_TITLE and status:
            return status_icon(STATUS_COLORS[status])
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS and is_task:
            return QColor(STATUS_COLORS[status])
        if role == TaskIdRole:
            return node.key if is_task else None
        if role == SectionIdRole:
            return None if is_task else node.key
        if role == NodeKindRole:
            return node.kind
        if role == StatusRole:
            return status
        if role == SortRole:
            if column != self.COL_TITLE:      # units, deadlines, states: as read, Chinese by pinyin
                return pinyin_order_key(str(self.node_data(node, column, Qt.ItemDataRole.DisplayRole) or ""))
            return p["number"] if is_task else node.row
        return None
