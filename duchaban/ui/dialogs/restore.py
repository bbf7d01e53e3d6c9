"""Restoring the database from one of its automatic backups, after seeing what the backup holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
)

from duchaban.core.errors import DuchabanError
from duchaban.core.periods import parse_time
from duchaban.store.backup import BackupInfo, backup_summary, list_backups
from duchaban.ui.models.backup_table import BackupTableModel, taken_at
from duchaban.ui.views.table_view import ColumnTableView

COUNT_LABELS = {"plan": "方案", "task": "任务", "unit": "单位", "submission": "台账报送", "progress_entry": "进展记录",
                "inspection": "督查", "audit_log": "操作日志"}


def _local_time(stored: str) -> str:
    """A stored UTC time as the window shows times: local, like the backup times beside it."""
    try:
        return parse_time(stored).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return stored


class RestoreDialog(QDialog):
    """Lists the backups newest first; ``chosen()`` is the one to restore once accepted."""

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("从备份恢复"))
        self.resize(760, 520)
        self.backups: list[BackupInfo] = list_backups(db_path)
        self.model = BackupTableModel(self)
        self.model.set_rows(self.backups)
        self.table = ColumnTableView(self.model, stretch="taken_at")
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self.show_summary(current.row()))
        self.preview = QLabel(self.tr("没有备份。每次导入前和退出时会自动备份。") if not self.backups else "")
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(self.tr("恢复到这个备份(&R)"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("恢复前会先备份当前数据,恢复后也可以再恢复回来。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        if self.backups:
            self.table.selectRow(0)

    def show_summary(self, row: int) -> None:
        backup = self.model.row(row)
        if backup is None:
            return
        try:
            summary = backup_summary(backup.path)
        except DuchabanError as exc:
            self.preview.setText(str(exc))
            self.restore_button.setEnabled(False)
            return
        counts = ",".join(f"{COUNT_LABELS[k]} {v}" for k, v in summary["counts"].items())
        last = summary["last_change"]
        text = self.tr("方案:{plans}<br>{counts}").format(plans="、".join(summary["plans"]) or self.tr("无"),
                                                         counts=counts)
        if last:
            text += self.tr("<br>最后一次修改:{at} {who}").format(at=_local_time(last["at"]), who=last["who"] or "")
        self.preview.setText(text)
        self.restore_button.setEnabled(True)

    def chosen(self) -> BackupInfo | None:
        return self.table.current()

    def confirm(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        answer = QMessageBox.question(
            self, self.windowTitle(),
            self.tr("用 {t} 的备份替换当前数据?当前数据会先另存为一份备份。").format(
                t=taken_at(backup)))
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()
