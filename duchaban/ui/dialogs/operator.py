"""Who is working: chosen from the staff list at start-up, with a password where one is set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox

from duchaban.store.staff import check_password, list_staff

if TYPE_CHECKING:
    from sqlite_utils import Database


class OperatorDialog(QDialog):
    def __init__(self, db: Database, last_name: str | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("选择操作人员"))
        self.staff = list_staff(db)
        self.combo = QComboBox()
        for person in self.staff:
            label = person["name"] + (f"({person['title']})" if person["title"] else "")
            self.combo.addItem(label, person["id"])
        names = [p["name"] for p in self.staff]
        if last_name in names:
            self.combo.setCurrentIndex(names.index(last_name))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.combo.currentIndexChanged.connect(self._update_password_field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("每一项修改都会记录操作人员。")))
        form.addRow(self.tr("操作人员"), self.combo)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(buttons)
        self._update_password_field()

    def _current(self) -> dict:
        return self.staff[self.combo.currentIndex()]

    def _update_password_field(self) -> None:
        has_password = bool(self._current()["password_hash"])
        self.password.setEnabled(has_password)
        self.password.setPlaceholderText("" if has_password else self.tr("未设置密码"))

    @property
    def operator(self) -> str:
        return self._current()["name"]

    def accept(self) -> None:
        if not check_password(self.db, staff_id=self._current()["id"], password=self.password.text()):
            QMessageBox.warning(self, self.windowTitle(), self.tr("密码不正确"))
            self.password.selectAll()
            return
        super().accept()
