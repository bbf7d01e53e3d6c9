"""Who has reported for a period (报送情况), and a reminder list (催办清单) for those who have not."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from duchaban.core.errors import DuchabanError
from duchaban.core.overview import LATE
from duchaban.core.periods import period_label
from duchaban.core.unit_names import KIND_LABELS
from duchaban.formats.reminder_xlsx import export_reminder_list
from duchaban.store.ledgers import ensure_period, period_of, record_reminders, submission_status
from duchaban.ui.dialogs.ledger_export import PeriodCombo
from duchaban.ui.models.submission_status_table import SubmissionStatusModel
from duchaban.ui.views.table_view import ColumnTableView

if TYPE_CHECKING:
    from sqlite_utils import Database


class SubmissionStatusDialog(QDialog):
    def __init__(self, db: Database, plan_id: int, period_codes: list[str], today: date, operator: str | None,
                 folder: Path, parent=None):
        super().__init__(parent)
        self.db, self.plan_id, self.today, self.operator, self.folder = db, plan_id, today, operator, folder
        self.rows: list[dict] = []
        self.setWindowTitle(self.tr("台账报送情况"))
        self.resize(900, 620)
        self.period_combo = PeriodCombo(period_codes)
        self.period_combo.currentTextChanged.connect(lambda _t: self.reload())
        self.missing_only = QCheckBox(self.tr("只看未报送"))
        self.missing_only.toggled.connect(lambda _c: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报送周期:")))
        top.addWidget(self.period_combo)
        top.addWidget(self.missing_only)
        top.addStretch()
        self.summary = QLabel()
        self.model = SubmissionStatusModel(self)
        self.table = ColumnTableView(self.model, stretch="file", widths={"unit": 200, "report": 150})
        self.remind_button = QPushButton(self.tr("导出催办清单(&R)…"))
        self.remind_button.clicked.connect(self.export_reminders)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remind_button)
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.reload()

    def _period_row(self) -> dict | None:
        period = self.period_combo.period()
        return ensure_period(self.db, period.code) if period else None

    def reload(self) -> None:
        period_row = self._period_row()
        if period_row is None:
            self.summary.setText(self.tr("无法识别的报送周期"))
            self.model.set_rows([])
            return
        self.rows = submission_status(self.db, plan_id=self.plan_id, period_id=period_row["id"])
        # A late ledger is told apart from an on-time one by its first arrival, as bulletins count it.
        self.model.load(self.rows, period_row["due_on"])
        judged = self.model.rows()
        missing = [r for r in judged if r["submission"] is None]
        late = sum(r["arrival"] == LATE for r in judged)
        self.summary.setText(self.tr(
            "{p}:应报 {n} 个单位,按时报送 {on_time} 个,逾期报送 {late} 个,未报送 {miss} 个;报送截止 {due}").format(
            p=period_label(period_of(period_row)), n=len(self.rows), on_time=len(self.rows) - len(missing) - late,
            late=late, miss=len(missing), due=period_row["due_on"]))
        if self.missing_only.isChecked():
            self.model.set_rows(missing)
        self.remind_button.setEnabled(bool(missing))

    def missing_rows(self) -> list[dict]:
        return [r for r in self.rows if r["submission"] is None]

    def export_reminders(self, path: Path | None = None) -> Path | None:
        """Write the reminder list for units that have not reported, and record the reminders."""
        period_row = self._period_row()
        missing = self.missing_rows()
        if period_row is None or not missing:
            return None
        if path is None:
            name = f"{period_row['code']}-台账催办清单.xlsx"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("导出催办清单"), str(self.folder / name),
                                                    self.tr("Excel 工作簿 (*.xlsx)"))
            if not chosen:
                return None
            path = Path(chosen)
        label = period_label(period_of(period_row))
        rows = [{**r, "kind_label": KIND_LABELS[r["kind"]]} for r in missing]
        try:
            export_reminder_list(path, title=f"{label}工作台账未报送单位催办清单", rows=rows,
                                 due=date.fromisoformat(period_row["due_on"]), sent_on=self.today)
            record_reminders(self.db, unit_ids=[r["id"] for r in missing], period_id=period_row["id"],
                             text=f"请尽快报送{label}工作台账", sent_on=self.today, who=self.operator)
        except (OSError, DuchabanError) as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return None
        self.summary.setText(self.summary.text() + self.tr(";已导出催办清单 {n} 个单位").format(n=len(missing)))
        return path
