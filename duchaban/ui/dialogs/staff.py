"""The staff list: add people, set titles and passwords, retire people who left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from sqlite_utils import Database

from duchaban.store.staff import add_staff, list_staff, set_password, update_staff
from duchaban.ui.store_calls import call_store


class StaffDialog(QDialog):
    def __init__(self, db: Database, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setWindowTitle(self.tr("工作人员"))
        self.resize(640, 420)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("职务"), self.tr("密码"), self.tr("状态")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("姓名"))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("职务"))
        add = QPushButton(self.tr("添加"))
        add.clicked.connect(self.add_person)
        password = QPushButton(self.tr("设置密码…"))
        password.clicked.connect(self.change_password)
        toggle = QPushButton(self.tr("停用 / 启用"))
        toggle.clicked.connect(self.toggle_active)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for widget in (self.name_edit, self.title_edit, add, password, toggle, close):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        people = list_staff(self.db, active_only=False)
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            values = (person["name"], person["title"] or "", self.tr("已设置") if person["password_hash"] else "",
                      self.tr("在职") if person["active"] else self.tr("已停用"))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, person["id"])
                self.table.setItem(row, column, item)

    def _selected(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _try(self, fn, **kwargs) -> bool:
        ok, _ = call_store(self, fn, self.db, who=self.operator, **kwargs)
        if ok:
            self.reload()
        return ok

    def add_person(self) -> None:
        if self._try(add_staff, name=self.name_edit.text(), title=self.title_edit.text().strip() or None):
            self.name_edit.clear()
            self.title_edit.clear()

    def change_password(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("设置密码"), self.tr("新密码(留空表示不设密码):"),
                                            QLineEdit.EchoMode.Password)
        if ok:
            self._try(set_password, staff_id=staff_id, password=password or None)

    def toggle_active(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        active = next(p["active"] for p in list_staff(self.db, active_only=False) if p["id"] == staff_id)
        self._try(update_staff, staff_id=staff_id, active=0 if active else 1)
