"""Recording an inspection of any of the four kinds, with its findings, in one step."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from duchaban.core.errors import DuchabanError
from duchaban.core.findings import DEADLINE_HINT, INSPECTION_KINDS, SEVERITIES, rectification_deadline
from duchaban.core.pinyin_search import matches_text
from duchaban.store.inspections import (
    carry_out_planned,
    recent_inspections,
    record_inspection,
    record_inspection_with_findings,
)
from duchaban.ui.views.pinyin_filter import install_pinyin_completer

if TYPE_CHECKING:
    from sqlite_utils import Database

    from duchaban.core.changes import ChangeSet

FINDING_COLUMNS = ("单位", "任务编号", "问题", "整改要求", "整改期限", "严重程度")


def _checkable_list(names: list[str], checked: set[str]) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class InspectionDialog(QDialog):
    def __init__(self, db: Database, *, plan_id: int | None, staff: list[str], units: list[str],
                 operator: str | None, today: date, task_numbers: list[int] = (), unit_names: list[str] = (),
                 planned: dict | None = None, plan_ahead: bool = False, parent=None):
        """``planned``: an inspection planned ahead, to record as carried out (its fields preset);
        ``plan_ahead``: plan a round for later instead (no findings yet)."""
        super().__init__(parent)
        self.db, self.plan_id, self.operator, self.units = db, plan_id, operator, units
        self.planned, self.plan_ahead = planned, plan_ahead
        self.inspection_id: int | None = None
        self.change: ChangeSet | None = None       # what saving wrote, for the window to redraw and undo
        self.setWindowTitle(self.tr("计划督查") if plan_ahead else self.tr("按计划记录督查") if planned
                            else self.tr("记录督查"))
        self.resize(1000, 720)

        self.kind = QComboBox()
        for code, label in INSPECTION_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("如:二季度重点项目定期督查"))
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.tasks = QLineEdit(", ".join(str(n) for n in task_numbers))
        self.tasks.setPlaceholderText(self.tr("任务编号,用逗号分隔"))
        self.confidential = QCheckBox(self.tr("保密(不出现在通报和导出中)"))
        self.summary = QPlainTextEdit()
        self.summary.setMaximumHeight(70)
        self.inspectors = _checkable_list(staff, {operator} if operator else set())
        self.inspectors.setMaximumHeight(110)
        self.unit_filter = QLineEdit()
        self.unit_filter.setPlaceholderText(self.tr("筛选单位"))
        self.unit_list = _checkable_list(units, set(unit_names))
        self.unit_list.setMaximumHeight(140)
        self.unit_filter.textChanged.connect(self._filter_units)
        form = QFormLayout()
        form.addRow(self.tr("督查方式"), self.kind)
        form.addRow(self.tr("标题"), self.title)
        form.addRow(self.tr("日期"), self.day)
        form.addRow(self.tr("督查任务"), self.tasks)
        form.addRow("", self.confidential)
        form.addRow(self.tr("督查人员"), self.inspectors)
        units_box = QVBoxLayout()
        units_box.addWidget(self.unit_filter)
        units_box.addWidget(self.unit_list)
        form.addRow(self.tr("被督查单位"), units_box)
        form.addRow(self.tr("情况摘要"), self.summary)

        self.findings = QTableWidget(0, len(FINDING_COLUMNS))
        self.findings.setHorizontalHeaderLabels([self.tr(c) for c in FINDING_COLUMNS])
        self.findings.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.findings.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.findings.setColumnWidth(0, 200)       # unit names such as 区住房城乡建委 whole, not clipped
        self.findings.setColumnWidth(4, 130)
        self.findings.horizontalHeaderItem(4).setToolTip(self.tr(DEADLINE_HINT))
        add = QPushButton(self.tr("添加问题"))
        add.clicked.connect(lambda: self.add_finding_row())
        remove = QPushButton(self.tr("删除所选问题"))
        remove.clicked.connect(lambda: self.findings.removeRow(self.findings.currentRow()))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("发现的问题")))
        row.addStretch()
        row.addWidget(add)
        row.addWidget(remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.findings, 1)
        layout.addWidget(buttons)
        if plan_ahead:
            for widget in (self.findings, add, remove, self.summary):
                widget.setEnabled(False)
            self.kind.setCurrentIndex(self.kind.findData("scheduled"))
        if planned:
            self._preset(planned)

    def _preset(self, planned: dict) -> None:
        self.kind.setCurrentIndex(self.kind.findData(planned["kind"]))
        self.kind.setEnabled(False)
        self.title.setText(planned["title"])
        self.tasks.setText(", ".join(str(n) for n in planned.get("task_numbers", [])))
        wanted = set((planned.get("units") or "").split("、"))
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in wanted else Qt.CheckState.Unchecked)

    def _kind_changed(self) -> None:
        self.confidential.setChecked(self.kind.currentData() == "unannounced")

    def _filter_units(self, text: str) -> None:
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            item.setHidden(bool(text) and not matches_text(text, item.text()))

    def add_finding_row(self, unit: str = "", task: str = "", description: str = "", demand: str = "",
                        deadline: str = "") -> int:
        row = self.findings.rowCount()
        self.findings.insertRow(row)
        unit_combo = QComboBox()
        unit_combo.setEditable(True)
        checked = _checked(self.unit_list)  # units under inspection first
        unit_combo.addItems(checked + [u for u in self.units if u not in checked])
        unit_combo.setCurrentText(unit or unit_combo.itemText(0))
        install_pinyin_completer(unit_combo)
        self.findings.setCellWidget(row, 0, unit_combo)
        for column, value in ((1, task), (2, description), (3, demand), (4, deadline)):
            self.findings.setItem(row, column, QTableWidgetItem(value))
        severity = QComboBox()
        for code, label in SEVERITIES.items():
            severity.addItem(label, code)
        severity.setCurrentIndex(severity.findData("normal"))
        self.findings.setCellWidget(row, 5, severity)
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.findings.item(row, column)
        return item.text().strip() if item else ""

    def entered_findings(self) -> list[dict]:
        """The finding rows as typed; DuchabanError naming the first row that cannot be read."""
        found = []
        for row in range(self.findings.rowCount()):
            description = self._text(row, 2)
            if not description:
                continue
            task, deadline = self._text(row, 1), self._text(row, 4)
            try:
                task_number = int(unicodedata.normalize("NFKC", task)) if task else None
            except ValueError:
                raise DuchabanError(self.tr("第 {n} 个问题的任务编号“{t}”应为数字").format(n=row + 1, t=task)) from None
            try:
                qdate = self.day.date()
                deadline_on = rectification_deadline(deadline, start=date(qdate.year(), qdate.month(), qdate.day())) \
                    if deadline else None
            except ValueError as error:
                raise DuchabanError(self.tr("第 {n} 个问题:{e}").format(n=row + 1, e=error)) from None
            found.append({"unit": self.findings.cellWidget(row, 0).currentText().strip(), "task_number": task_number,
                          "description": description, "demand": self._text(row, 3) or None,
                          "deadline_on": deadline_on, "severity": self.findings.cellWidget(row, 5).currentData()})
        return found

    def accept(self) -> None:
        try:
            tasks = [int(t) for t in self.tasks.text().replace(",", ",").split(",") if t.strip()]
        except ValueError:
            QMessageBox.warning(self, self.windowTitle(), self.tr("任务编号应为数字,用逗号分隔"))
            return
        qdate = self.day.date()
        on = date(qdate.year(), qdate.month(), qdate.day())
        recent = [] if self.plan_ahead else recent_inspections(
            self.db, units=_checked(self.unit_list), task_numbers=tasks, plan_id=self.plan_id, on=on)
        if recent and QMessageBox.question(
                self, self.windowTitle(),
                self.tr("近期已督查过:\n{w}\n\n仍然记录这次督查吗?").format(w="\n".join(recent[:8]))
        ) != QMessageBox.StandardButton.Yes:
            return
        common = {"inspectors": _checked(self.inspectors), "units": _checked(self.unit_list), "task_numbers": tasks,
                  "confidential": self.confidential.isChecked(), "who": self.operator}
        try:
            if self.plan_ahead:
                self.change = record_inspection(self.db, kind=self.kind.currentData(), title=self.title.text(),
                                                started_on=on, plan_id=self.plan_id, planned=True, **common)
            elif self.planned:
                self.change = carry_out_planned(
                    self.db, inspection_id=self.planned["id"], started_on=on, title=self.title.text(),
                    summary=self.summary.toPlainText().strip() or None, findings=self.entered_findings(), **common)
            else:
                self.change = record_inspection_with_findings(
                    self.db, kind=self.kind.currentData(), title=self.title.text(), started_on=on,
                    plan_id=self.plan_id, summary=self.summary.toPlainText().strip() or None,
                    findings=self.entered_findings(), **common)
            self.inspection_id = self.change.created
        except DuchabanError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        super().accept()
