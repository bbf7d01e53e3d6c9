"""Closing a finding (销号) in one dialog: verifier from the staff list, opinion, evidence to add
or remove, an override reason when the finding is not reported rectified, and the checks shown
live so that OK is only offered when the close-out will be accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from duchaban.core.findings import close_refusal, finding_not_done
from duchaban.store.evidence import evidence_for
from duchaban.store.inspections import close_finding, finding_close_checks, get_finding
from duchaban.store.staff import list_staff
from duchaban.ui.store_calls import call_store

if TYPE_CHECKING:
    from sqlite_utils import Database

PathRole = Qt.ItemDataRole.UserRole + 1   # a file still to be attached; stored evidence has none


class CloseFindingDialog(QDialog):
    def __init__(self, db: Database, *, finding_id: int, today: date, operator: str | None,
                 folder: Path | None = None, parent=None):
        super().__init__(parent)
        self.change = None      # the close-out written, once accepted
        self.db, self.finding_id, self.today, self.operator = db, finding_id, today, operator
        self.folder = folder or Path.home()
        finding = get_finding(db, finding_id)
        self.setWindowTitle(self.tr("问题销号"))
        self.resize(560, 480)
        self.verifier = QComboBox()
        self.verifier.setPlaceholderText(self.tr("请选择核验人"))
        for person in list_staff(db):
            self.verifier.addItem(person["name"] + (f"({person['title']})" if person["title"] else ""),
                                  person["id"])
        self.verifier.setCurrentIndex(-1)
        self.opinion = QLineEdit()
        self.opinion.setPlaceholderText(self.tr("如:整改到位,同意销号"))
        self.evidence = QListWidget()
        for item in evidence_for(db, owner_kind="finding", owner_uuid=finding["uuid"]):
            self.evidence.addItem(QListWidgetItem(self.tr("{name}(已保存)").format(name=item["file_name"])))
        self.add_button = QPushButton(self.tr("添加佐证(&A)…"))
        self.add_button.clicked.connect(self.ask_files)
        self.remove_button = QPushButton(self.tr("移除(&D)"))
        self.remove_button.clicked.connect(self.remove_selected)
        evidence_buttons = QHBoxLayout()
        evidence_buttons.addWidget(self.add_button)
        evidence_buttons.addWidget(self.remove_button)
        evidence_buttons.addStretch()
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("未报整改完成时必填:为何仍予销号"))
        self.override_needed = finding_not_done(finding["status"]) is not None
        self.override.setEnabled(self.override_needed)
        self.checks = QLabel()
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("销号"))
        self.buttons.accepted.connect(self.close_out)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("问题:"), QLabel(finding["description"]))
        form.addRow(self.tr("核验人:"), self.verifier)
        form.addRow(self.tr("核验意见:"), self.opinion)
        form.addRow(self.tr("佐证材料:"), self.evidence)
        form.addRow("", evidence_buttons)
        form.addRow(self.tr("销号理由:"), self.override)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("销号条件:")))
        layout.addWidget(self.checks)
        layout.addWidget(self.buttons)
        self.verifier.currentIndexChanged.connect(lambda _i: self.refresh_checks())
        self.override.textChanged.connect(lambda _t: self.refresh_checks())
        self.evidence.currentRowChanged.connect(lambda _r: self._enable_remove())
        self.refresh_checks()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def pending_paths(self) -> list[Path]:
        """Files chosen in this dialog, to be attached when the close-out goes through."""
        items = (self.evidence.item(i) for i in range(self.evidence.count()))
        return [Path(item.data(PathRole)) for item in items if item.data(PathRole)]

    def add_files(self, paths: list[str | Path]) -> None:
        known = set(self.pending_paths())
        for path in map(Path, paths):
            if path not in known:
                item = QListWidgetItem(path.name)
                item.setData(PathRole, str(path))
                item.setToolTip(str(path))
                self.evidence.addItem(item)
        self.refresh_checks()

    def ask_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择佐证材料"), str(self.folder))
        if paths:
            self.add_files(paths)

    def remove_selected(self) -> None:
        item = self.evidence.currentItem()
        if item is not None and item.data(PathRole):
            self.evidence.takeItem(self.evidence.row(item))
            self.refresh_checks()

    def _enable_remove(self) -> None:
        item = self.evidence.currentItem()
        # Stored evidence stays with the finding; only files chosen here can be taken out.
        self.remove_button.setEnabled(item is not None and bool(item.data(PathRole)))

    def current_checks(self):
        return finding_close_checks(self.db, finding_id=self.finding_id, verifier_id=self.verifier.currentData(),
                                    override_reason=self.override.text(), new_evidence=len(self.pending_paths()))

    def refresh_checks(self) -> None:
        checks = self.current_checks()
        lines = [f"<span style='color:{'#2e7d32' if c.passed else '#c62828'}'>{'✓' if c.passed else '✗'} "
                 f"{c.text}</span>" for c in checks]
        self.checks.setText("<br>".join(lines))
        self.ok_button.setEnabled(close_refusal(checks) is None)
        self._enable_remove()

    def close_out(self) -> None:
        # The close-out's change set (kept on record, not undone) tells the window what to redraw.
        ok, self.change = call_store(self, close_finding, self.db, finding_id=self.finding_id,
                           verifier_id=self.verifier.currentData(), closed_on=self.today,
                           opinion=self.opinion.text().strip() or None,
                           override_reason=self.override.text() if self.override_needed else None,
                           evidence_paths=self.pending_paths(), who=self.operator)
        if ok:
            self.accept()
