"""The staff list: add people, set titles and passwords, retire people who left, record the
units each must stand aside from (回避) in random draws, and the other names each goes by (别名)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from duchaban.store.recusals import add_recusal, list_recusals, remove_recusal
from duchaban.store.staff import add_staff, add_staff_alias, list_staff, set_password, staff_aliases, update_staff
from duchaban.store.units import list_units
from duchaban.ui.models.staff_table import StaffTableModel
from duchaban.ui.store_calls import call_store
from duchaban.ui.views.table_view import ColumnTableView

if TYPE_CHECKING:
    from sqlite_utils import Database


class StaffDialog(QDialog):
    def __init__(self, db: Database, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setWindowTitle(self.tr("工作人员"))
        self.resize(900, 440)
        self.model = StaffTableModel(self)
        self.table = ColumnTableView(self.model, stretch="title", empty_text=self.tr(
            "尚未添加工作人员\n在下方填写姓名、职务后点“添加”;记录督查时的督查人员从这里选择"))
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
        recuse = QPushButton(self.tr("登记回避…"))
        recuse.clicked.connect(self.ask_recusal)
        unrecuse = QPushButton(self.tr("解除回避…"))
        unrecuse.clicked.connect(self.ask_remove_recusal)
        alias = QPushButton(self.tr("添加别名…"))
        alias.clicked.connect(self.ask_alias)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for widget in (self.name_edit, self.title_edit, add, password, toggle, recuse, unrecuse, alias, close):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        people = list_staff(self.db, active_only=False)
        recusals: dict[str, list[str]] = {}
        for recusal in list_recusals(self.db):
            recusals.setdefault(recusal["staff"], []).append(f"{recusal['unit']}({recusal['reason']})")
        self.table.set_rows([{**person, "recusals": "、".join(recusals.get(person["name"], [])),
                              "aliases": self._aliases_text(person)} for person in people], key=lambda p: p["id"])

    def _aliases_text(self, person: dict) -> str:
        text = "、".join(staff_aliases(self.db, person["id"]))
        if person["origin"] == "typed_name":
            # Made by the upgrade from a name typed on a record: perhaps a misspelling of someone here.
            text += self.tr("(升级时按手填姓名新建,请核对)")
        return text

    def add_alias(self, staff_id: int, alias: str) -> bool:
        return self._try(add_staff_alias, staff_id=staff_id, alias=alias)

    def ask_alias(self) -> None:
        staff_id, name = self._selected(), self._selected_name()
        if staff_id is None:
            return
        alias, ok = QInputDialog.getText(self, self.tr("添加别名"), self.tr("{s}的别名(如:小王):").format(s=name))
        if ok:
            self.add_alias(staff_id, alias)

    def _selected(self) -> int | None:
        person = self.table.current()
        return person["id"] if person else None

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

    def _selected_name(self) -> str | None:
        person = self.table.current()
        return person["name"] if person else None

    def recuse(self, staff: str, unit: str, reason: str) -> bool:
        return self._try(add_recusal, staff=staff, unit=unit, reason=reason)

    def unrecuse(self, staff: str, unit: str) -> bool:
        return self._try(remove_recusal, staff=staff, unit=unit)

    def ask_recusal(self) -> None:
        staff = self._selected_name()
        if staff is None:
            return
        units = [u["name"] for u in list_units(self.db) if u["kind"] != "group"]
        unit, ok = QInputDialog.getItem(self, self.tr("登记回避"), self.tr("{s}需回避的单位:").format(s=staff), units,
                                        0, True)
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, self.tr("登记回避"), self.tr("回避原因(如:曾在该单位工作):"))
        if ok:
            self.recuse(staff, unit, reason)

    def ask_remove_recusal(self) -> None:
        staff = self._selected_name()
        if staff is None:
            return
        units = [r["unit"] for r in list_recusals(self.db) if r["staff"] == staff]
        if not units:
            return
        unit, ok = QInputDialog.getItem(self, self.tr("解除回避"), self.tr("解除{s}对哪个单位的回避:").format(s=staff),
                                        units, 0, False)
        if ok:
            self.unrecuse(staff, unit)
