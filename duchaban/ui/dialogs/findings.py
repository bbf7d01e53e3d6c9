"""Following findings to the end: follow-ups, evidence, close-out (销号), reopening."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from duchaban.core.changes import ChangeSet
from duchaban.core.findings import FINDING_STATUSES
from duchaban.store.evidence import add_evidence
from duchaban.store.inspections import follow_up, list_findings, reopen_finding
from duchaban.ui.models.finding_table import FindingTableModel
from duchaban.ui.store_calls import call_store
from duchaban.ui.views.table_view import ColumnTableView

if TYPE_CHECKING:
    from sqlite_utils import Database


class FindingsDialog(QDialog):
    """Emits ``changed`` after every action with what it wrote (a ChangeSet; None when the write does
    not describe itself, as attaching evidence), so the window redraws that and can undo it."""

    changed = Signal(object)

    def __init__(self, db: Database, *, today: date, operator: str | None, folder: Path | None = None,
                 parent=None):
        super().__init__(parent)
        self.db, self.today, self.operator = db, today, operator
        self.folder = folder or Path.home()
        self.rows: list[dict] = []
        self.setWindowTitle(self.tr("问题整改跟踪"))
        self.resize(1100, 600)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部状态"), None)
        for code, label in FINDING_STATUSES.items():
            self.status_filter.addItem(label, code)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue_only = QCheckBox(self.tr("只看逾期未整改"))
        self.overdue_only.toggled.connect(lambda _c: self.reload())
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.status_filter)
        top.addWidget(self.overdue_only)
        top.addStretch()
        top.addWidget(self.summary)
        self.model = FindingTableModel(self)
        self.table = ColumnTableView(self.model, stretch="problem")
        buttons = QHBoxLayout()
        actions = ((self.tr("记录跟踪(&F)…"), self.ask_follow_up), (self.tr("添加佐证(&E)…"), self.ask_evidence),
                   (self.tr("销号(&C)…"), self.ask_close), (self.tr("重新整改(&R)…"), self.ask_reopen),
                   (self.tr("佐证材料(&V)…"), self.show_evidence),
                   (self.tr("整改通知书(&N)…"), self.print_notice),
                   (self.tr("督查记录表(&P)…"), self.print_inspection))
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        self.rows = list_findings(self.db, today=self.today, status=self.status_filter.currentData(),
                                  overdue_only=self.overdue_only.isChecked())
        self.table.set_rows(self.rows, key=lambda f: f["id"])
        if self.status_filter.currentData() is not None or self.overdue_only.isChecked():
            self.table.set_empty_text(self.tr("没有符合筛选条件的问题"))
        else:
            self.table.set_empty_text(
                self.tr("尚无督查发现的问题\n“督查 → 记录督查”时记下的问题会列在这里,跟踪整改直到销号"))
        self.summary.setText(self.summary_text())

    def summary_text(self) -> str:
        """The counts above the list, worded so they add up with the overview, which leaves 暗访 findings out."""
        def counts(chosen: list[dict]) -> tuple[int, int]:
            return sum(f["status"] != "closed" for f in chosen), sum(bool(f["overdue"]) for f in chosen)

        still_open, overdue = counts(self.rows)
        text = self.tr("共 {n} 个问题,未销号 {u} 个,逾期 {o} 个").format(n=len(self.rows), u=still_open, o=overdue)
        secret = [f for f in self.rows if f["confidential"]]
        if secret:
            secret_open, secret_overdue = counts(secret)
            text += self.tr("(其中暗访保密问题:未销号 {u} 个,逾期 {o} 个)").format(u=secret_open, o=secret_overdue)
        return text

    def current(self) -> dict | None:
        return self.table.current()

    def _run(self, fn, **kwargs) -> bool:
        ok, result = call_store(self, fn, self.db, who=self.operator, **kwargs)
        if ok:
            self.reload()
            self.changed.emit(result if isinstance(result, ChangeSet) else None)
        return ok

    # Each action is one store call; the dialogs only ask.

    def follow(self, finding_id: int, text: str, status: str | None) -> bool:
        return self._run(follow_up, finding_id=finding_id, text=text, on_date=self.today, status=status)

    def attach(self, finding: dict, path: Path) -> bool:
        return self._run(add_evidence, path=path, owner_kind="finding", owner_uuid=finding["uuid"])

    def close_dialog(self):
        """The one-dialog close-out (销号) of the selected finding, or None when none is selected."""
        from duchaban.ui.dialogs.close_finding import CloseFindingDialog

        finding = self.current()
        if finding is None:
            return None
        dialog = CloseFindingDialog(self.db, finding_id=finding["id"], today=self.today, operator=self.operator,
                                    folder=self.folder, parent=self)
        dialog.accepted.connect(self.reload)
        dialog.accepted.connect(lambda: self.changed.emit(dialog.change))
        return dialog

    def reopen(self, finding_id: int, reason: str) -> bool:
        return self._run(reopen_finding, finding_id=finding_id, reason=reason)

    def evidence_dialog(self):
        from duchaban.ui.dialogs.evidence import EvidenceDialog

        finding = self.current()
        if finding is None:
            return None
        dialog = EvidenceDialog(self.db, owner_kind="finding", owner_uuid=finding["uuid"],
                                title=f"{finding['unit_name']}:{finding['description']}", operator=self.operator,
                                parent=self)
        dialog.added.connect(self.reload)
        dialog.added.connect(lambda *_: self.changed.emit(None))
        return dialog

    def show_evidence(self) -> None:
        dialog = self.evidence_dialog()
        if dialog is not None:
            dialog.exec()

    def record_dialog(self, kind: str):
        """The print preview of the selected finding's notice (``notice``) or inspection record."""
        from duchaban.ui.record_preview import record_preview

        finding = self.current()
        if finding is None:
            return None
        record_id = finding["id"] if kind == "notice" else finding["inspection_id"]
        return record_preview(self, self.db, kind, record_id, folder=self.folder)

    def print_notice(self) -> None:
        dialog = self.record_dialog("notice")
        if dialog is not None:
            dialog.exec()

    def print_inspection(self) -> None:
        dialog = self.record_dialog("inspection")
        if dialog is not None:
            dialog.exec()

    def ask_follow_up(self) -> None:
        finding = self.current()
        if finding is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("记录跟踪"), self.tr("跟踪情况:"))
        if not ok:
            return
        labels = [self.tr("(状态不变)"), FINDING_STATUSES["rectifying"], FINDING_STATUSES["rectified"]]
        choice, ok = QInputDialog.getItem(self, self.tr("记录跟踪"), self.tr("整改状态:"), labels, 0, False)
        if ok:
            status = {FINDING_STATUSES["rectifying"]: "rectifying", FINDING_STATUSES["rectified"]: "rectified"}
            self.follow(finding["id"], text, status.get(choice))

    def ask_evidence(self) -> None:
        finding = self.current()
        if finding is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择佐证材料"))
        if path:
            self.attach(finding, Path(path))

    def ask_close(self) -> None:
        dialog = self.close_dialog()
        if dialog is not None:
            dialog.exec()

    def ask_reopen(self) -> None:
        finding = self.current()
        if finding is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("重新整改"), self.tr("原因:"))
        if ok:
            self.reopen(finding["id"], reason)

