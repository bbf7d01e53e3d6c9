"""Editing one task's deadline, leaders, note, indicators and units; applied as one undoable step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from duchaban.core.errors import DuchabanError
from duchaban.core.plan import Indicator
from duchaban.core.unit_names import KIND_LABELS
from duchaban.store.task_edits import edit_task
from duchaban.store.tasks import ROLES, get_task, task_assignments, task_indicators
from duchaban.store.units import list_units
from duchaban.ui.undo import EditHistory
from duchaban.ui.views.pinyin_filter import install_pinyin_completer

if TYPE_CHECKING:
    from sqlite_utils import Database

COMPARATOR_CHOICES = ((">=", "不低于"), ("<=", "不高于"), ("=", "等于"))
ROLE_CHOICES = {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}


class TaskEditDialog(QDialog):
    def __init__(self, db: Database, task_id: int, history: EditHistory, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.task_id, self.history, self.operator = db, task_id, history, operator
        task = get_task(db, task_id)
        self.setWindowTitle(self.tr("编辑任务 {n}").format(n=task["number"]))
        self.resize(820, 720)
        self.units = list_units(db)
        self.unit_ids = {u["name"]: u["id"] for u in self.units}

        text = QLabel(f"{task['number']}. {task['text']}")
        text.setWordWrap(True)
        self.deadline_edit = QLineEdit(task["deadline_text"] or "")
        self.deadline_edit.setPlaceholderText(self.tr("如 2021年9月底、6月30日前、长期坚持"))
        self.leaders_edit = QLineEdit(task["leaders"] or "")
        self.note_edit = QPlainTextEdit(task["note"] or "")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("完成时限"), self.deadline_edit)
        form.addRow(self.tr("责任领导"), self.leaders_edit)
        form.addRow(self.tr("备注"), self.note_edit)

        self.indicators = QTableWidget(0, 4)
        self.indicators.setHorizontalHeaderLabels(
            [self.tr("指标说明"), self.tr("比较"), self.tr("数值"), self.tr("单位")])
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for ind in task_indicators(db, task_id):
            self.add_indicator_row(ind)
        add = QPushButton(self.tr("添加指标"))
        add.clicked.connect(lambda: self.add_indicator_row(None))
        remove = QPushButton(self.tr("删除所选指标"))
        remove.clicked.connect(lambda: self.indicators.removeRow(self.indicators.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()

        self.assignments = QTableWidget(0, 2)
        self.assignments.setHorizontalHeaderLabels([self.tr("单位"), self.tr("职责")])
        self.assignments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assignments.setColumnWidth(1, 110)
        names = {u["id"]: u["name"] for u in self.units}
        for unit_id, role in task_assignments(db, task_id):
            self.add_unit_row(names.get(unit_id, ""), role)
        add_unit = QPushButton(self.tr("添加单位"))
        add_unit.clicked.connect(lambda: self.add_unit_row("", "responsible"))
        remove_unit = QPushButton(self.tr("删除所选单位"))
        remove_unit.clicked.connect(lambda: self.assignments.removeRow(self.assignments.currentRow()))
        unit_row = QHBoxLayout()
        unit_row.addWidget(add_unit)
        unit_row.addWidget(remove_unit)
        unit_row.addStretch()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("承担单位(牵头单位只能有一个;单位可输入拼音首字母查找)")))
        layout.addWidget(self.assignments, 1)
        layout.addLayout(unit_row)
        layout.addWidget(QLabel(self.tr("量化指标")))
        layout.addWidget(self.indicators, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def add_indicator_row(self, ind: Indicator | None) -> None:
        row = self.indicators.rowCount()
        self.indicators.insertRow(row)
        self.indicators.setItem(row, 0, QTableWidgetItem(ind.clause if ind else ""))
        combo = QComboBox()
        for code, label in COMPARATOR_CHOICES:
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(ind.comparator if ind else ">="))
        self.indicators.setCellWidget(row, 1, combo)
        self.indicators.setItem(row, 2, QTableWidgetItem(f"{ind.value:g}" if ind else ""))
        self.indicators.setItem(row, 3, QTableWidgetItem(ind.measure if ind else ""))

    def add_unit_row(self, name: str, role: str) -> None:
        row = self.assignments.rowCount()
        self.assignments.insertRow(row)
        unit_combo = QComboBox()
        unit_combo.setEditable(True)
        unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for unit in self.units:
            suffix = f"({KIND_LABELS['group']})" if unit["kind"] == "group" else ""
            unit_combo.addItem(unit["name"], unit["id"])
            unit_combo.setItemData(unit_combo.count() - 1, unit["name"] + suffix, Qt.ItemDataRole.ToolTipRole)
        unit_combo.setCurrentText(name)
        install_pinyin_completer(unit_combo)
        self.assignments.setCellWidget(row, 0, unit_combo)
        role_combo = QComboBox()
        for code in ROLES:
            role_combo.addItem(ROLE_CHOICES[code], code)
        role_combo.setCurrentIndex(role_combo.findData(role))
        self.assignments.setCellWidget(row, 1, role_combo)

    def entered_assignments(self) -> list[tuple[int, str]]:
        """The unit rows as (unit id, role); DuchabanError naming a unit the directory does not know
        (a name is never matched by guess here: pick it from the list)."""
        found = []
        for row in range(self.assignments.rowCount()):
            name = self.assignments.cellWidget(row, 0).currentText().strip()
            if not name:
                continue
            if name not in self.unit_ids:
                raise DuchabanError(self.tr("第 {n} 行的单位“{u}”不在单位名录中,请从列表中选择").format(
                    n=row + 1, u=name))
            found.append((self.unit_ids[name], self.assignments.cellWidget(row, 1).currentData()))
        return found

    def entered_indicators(self) -> list[Indicator]:
        """The indicator rows as typed; DuchabanError for a value that is not a number."""
        found = []
        for row in range(self.indicators.rowCount()):
            cells = [self.indicators.item(row, c) for c in (0, 2, 3)]
            clause, value, measure = ((c.text().strip() if c else "") for c in cells)
            if not (clause or value or measure):
                continue
            try:
                number = float(value)
            except ValueError:
                raise DuchabanError(self.tr("第 {n} 个指标的数值“{v}”不是数字").format(n=row + 1, v=value)) from None
            found.append(Indicator(clause, number, measure, self.indicators.cellWidget(row, 1).currentData()))
        return found

    def accept(self) -> None:
        try:
            self.apply()
        except DuchabanError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        super().accept()

    def apply(self) -> None:
        """Write what changed as one undoable step."""
        number = get_task(self.db, self.task_id)["number"]
        change = edit_task(self.db, task_id=self.task_id, deadline_text=self.deadline_edit.text().strip(),
                           leaders=self.leaders_edit.text().strip() or None,
                           note=self.note_edit.toPlainText().strip() or None,
                           indicators=self.entered_indicators(), assignments=self.entered_assignments(),
                           who=self.operator)
        self.history.record(self.tr("编辑任务 {n}").format(n=number), change)
