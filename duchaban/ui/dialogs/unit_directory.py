"""The unit directory editor: units, kinds, aliases, contacts, groups; merge; every edit undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS
from duchaban.store.contacts import list_contacts
from duchaban.store.unit_edits import (
    add_unit_alias,
    add_unit_contact,
    change_group_members,
    change_unit,
    create_unit,
    merge_unit_into,
    remove_unit,
    remove_unit_alias,
    remove_unit_contact,
)
from duchaban.store.unit_groups import explicit_member_ids, group_members
from duchaban.store.units import get_unit, list_units, unit_id_by_name
from duchaban.ui.models.roles import UnitIdRole
from duchaban.ui.models.unit_table import UnitTableModel
from duchaban.ui.store_calls import call_store
from duchaban.ui.undo import EditHistory
from duchaban.ui.views.pinyin_filter import PinyinFilterProxy

if TYPE_CHECKING:
    from sqlite_utils import Database


class UnitDirectoryDialog(QDialog):
    """Emits ``changed`` after any edit, undo or redo so the main window can refresh."""

    changed = Signal()

    def __init__(self, db: Database, history: EditHistory, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.history, self.operator = db, history, operator
        self.unit_id: int | None = None
        self.setWindowTitle(self.tr("单位名录"))
        self.resize(1100, 680)
        self.model = UnitTableModel(db, self)
        self.proxy = PinyinFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self._build()
        self.history.stack.indexChanged.connect(self._after_history_change)
        self.model.reload()
        self.table.selectRow(0)

    # --- construction -------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("按名称、别名或拼音首字母(如 fgw)筛选"))
        self.filter_edit.textChanged.connect(self.proxy.set_query)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("全部类别"), None)
        for kind in UNIT_KINDS:
            self.kind_filter.addItem(KIND_LABELS[kind], kind)
        self.kind_filter.currentIndexChanged.connect(lambda: self._reload(keep=self.unit_id))
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.kind_filter)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # No indicator first: Qt's default (descending on the first column) showed the directory backwards;
        # unsorted it keeps the directory's own order (by kind, then as listed), and a click sorts ascending.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(UnitTableModel.COL_ALIASES, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(UnitTableModel.COL_NAME, 180)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("新增单位(&N)…"))
        self.add_button.clicked.connect(self.add_new_unit)
        self.merge_button = QPushButton(self.tr("合并到(&M)…"))
        self.merge_button.clicked.connect(self.merge_into)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(self.delete_current)
        for button in (self.add_button, self.merge_button, self.delete_button):
            row.addWidget(button)
        row.addStretch()
        left_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self._build_editor())
        splitter.setSizes([560, 540])

        self.undo_button = QPushButton(self.tr("撤销(&Z)"))
        self.undo_button.clicked.connect(self.history.stack.undo)
        self.redo_button = QPushButton(self.tr("重做(&Y)"))
        self.redo_button.clicked.connect(self.history.stack.redo)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addStretch()
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._update_history_buttons()

    def _build_editor(self) -> QWidget:
        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)

        basics = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(basics)
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in UNIT_KINDS:
            self.kind_combo.addItem(KIND_LABELS[kind], kind)
        self.active_check = QCheckBox(self.tr("在用"))
        self.note_edit = QLineEdit()
        self.save_button = QPushButton(self.tr("保存修改(&S)"))
        self.save_button.clicked.connect(self.save_basics)
        form.addRow(self.tr("名称"), self.name_edit)
        form.addRow(self.tr("类别"), self.kind_combo)
        form.addRow("", self.active_check)
        form.addRow(self.tr("备注"), self.note_edit)
        form.addRow("", self.save_button)
        layout.addWidget(basics)

        aliases = QGroupBox(self.tr("别名(导入时按别名识别)"))
        alias_layout = QVBoxLayout(aliases)
        self.alias_list = QListWidget()
        self.alias_list.setMaximumHeight(110)
        self.alias_edit = QLineEdit()
        self.alias_edit.setPlaceholderText(self.tr("输入别名后按“添加”"))
        self.alias_edit.returnPressed.connect(self.add_alias_from_edit)
        add_alias_button = QPushButton(self.tr("添加"))
        add_alias_button.clicked.connect(self.add_alias_from_edit)
        remove_alias_button = QPushButton(self.tr("删除所选别名"))
        remove_alias_button.clicked.connect(self.remove_selected_alias)
        alias_row = QHBoxLayout()
        alias_row.addWidget(self.alias_edit, 1)
        alias_row.addWidget(add_alias_button)
        alias_row.addWidget(remove_alias_button)
        alias_layout.addWidget(self.alias_list)
        alias_layout.addLayout(alias_row)
        layout.addWidget(aliases)

        contacts = QGroupBox(self.tr("联系人"))
        contact_layout = QVBoxLayout(contacts)
        self.contact_table = QTableWidget(0, 3)
        self.contact_table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("职务"), self.tr("电话")])
        self.contact_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.contact_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.contact_table.setMaximumHeight(120)
        self.contact_name = QLineEdit()
        self.contact_name.setPlaceholderText(self.tr("姓名"))
        self.contact_role = QLineEdit(self.tr("联络员"))
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText(self.tr("电话"))
        add_contact_button = QPushButton(self.tr("添加"))
        add_contact_button.clicked.connect(self.add_contact_from_form)
        remove_contact_button = QPushButton(self.tr("删除所选"))
        remove_contact_button.clicked.connect(self.remove_selected_contact)
        contact_row = QHBoxLayout()
        for widget in (self.contact_name, self.contact_role, self.contact_phone, add_contact_button,
                       remove_contact_button):
            contact_row.addWidget(widget)
        contact_layout.addWidget(self.contact_table)
        contact_layout.addLayout(contact_row)
        layout.addWidget(contacts)

        self.members_box = QGroupBox(self.tr("单位组成员"))
        members_layout = QVBoxLayout(self.members_box)
        self.members_label = QLabel()
        self.members_label.setWordWrap(True)
        self.members_button = QPushButton(self.tr("编辑成员(&E)…"))
        self.members_button.clicked.connect(self.edit_members)
        members_layout.addWidget(self.members_label)
        members_layout.addWidget(self.members_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.members_box)
        layout.addStretch()
        return editor

    # --- showing the current unit ------------------------------------------------------

    def _reload(self, keep: int | None = None) -> None:
        self.model.reload(self.kind_filter.currentData())
        self.select_unit(keep)

    def select_unit(self, unit_id: int | None) -> None:
        row = self.model.row_of(unit_id) if unit_id is not None else -1
        if row < 0:
            self.unit_id = None
            self.table.selectRow(0)
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._show(unit_id)

    def _on_row_changed(self, current, _previous) -> None:
        unit_id = current.siblingAtColumn(0).data(UnitIdRole)
        if unit_id is not None:
            self._show(unit_id)

    def _show(self, unit_id: int) -> None:
        self.unit_id = unit_id
        unit = get_unit(self.db, unit_id)
        self.name_edit.setText(unit["name"])
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(unit["kind"]))
        self.active_check.setChecked(bool(unit["active"]))
        self.note_edit.setText(unit["note"] or "")
        self.alias_list.clear()
        self.alias_list.addItems(self.model.unit(self.model.row_of(unit_id))["aliases"])
        contacts = list_contacts(self.db, unit_id)
        self.contact_table.setRowCount(len(contacts))
        for row, contact in enumerate(contacts):
            for column, key in enumerate(("name", "role", "phone")):
                item = QTableWidgetItem(contact[key] or "")
                item.setData(Qt.ItemDataRole.UserRole, contact["id"])
                self.contact_table.setItem(row, column, item)
        is_group = unit["kind"] == "group"
        self.members_box.setVisible(is_group)
        if is_group:
            members = group_members(self.db, unit_id)
            self.members_label.setText(self.tr("共 {n} 个:").format(n=len(members)) + "、".join(members))

    # --- edits (each one undoable) --------------------------------------------------------

    def _try(self, fn, *args, **kwargs):
        """The store call's result, or None after showing why it was refused."""
        return call_store(self, fn, *args, **kwargs)[1]

    def _apply(self, text: str, operation, **args):
        """Run an undoable store operation and push its change set; None after showing a refusal."""
        change = self._try(operation, self.db, who=self.operator, **args)
        return None if change is None else self.history.record(text, change)

    def save_basics(self) -> None:
        if self.unit_id is None:
            return
        unit = get_unit(self.db, self.unit_id)
        wanted = {"name": self.name_edit.text().strip(), "kind": self.kind_combo.currentData(),
                  "active": int(self.active_check.isChecked()), "note": self.note_edit.text().strip() or None}
        changes = {k: v for k, v in wanted.items() if v != unit[k]}
        if changes:
            self._apply(self.tr("修改单位“{name}”").format(name=unit["name"]), change_unit, unit_id=self.unit_id,
                        **changes)

    def add_alias_from_edit(self) -> None:
        alias = self.alias_edit.text().strip()
        if self.unit_id is None or not alias:
            return
        if self._apply(self.tr("添加别名“{a}”").format(a=alias), add_unit_alias, unit_id=self.unit_id, alias=alias):
            self.alias_edit.clear()

    def remove_selected_alias(self) -> None:
        item = self.alias_list.currentItem()
        if self.unit_id is None or item is None:
            return
        self._apply(self.tr("删除别名“{a}”").format(a=item.text()), remove_unit_alias, alias=item.text())

    def add_contact_from_form(self) -> None:
        if self.unit_id is None:
            return
        name = self.contact_name.text()
        if self._apply(self.tr("添加联系人“{n}”").format(n=name), add_unit_contact, unit_id=self.unit_id, name=name,
                       role=self.contact_role.text(), phone=self.contact_phone.text().strip() or None) is not None:
            self.contact_name.clear()
            self.contact_phone.clear()

    def remove_selected_contact(self) -> None:
        item = self.contact_table.item(self.contact_table.currentRow(), 0)
        if item is None:
            return
        name = self.contact_table.item(item.row(), 0).text()
        self._apply(self.tr("删除联系人“{n}”").format(n=name), remove_unit_contact,
                    contact_id=item.data(Qt.ItemDataRole.UserRole))

    def add_new_unit(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新增单位"), self.tr("单位名称:"))
        if not ok or not name.strip():
            return
        kind = self.kind_filter.currentData() or "department"
        change = self._apply(self.tr("新增单位“{n}”").format(n=name.strip()), create_unit, name=name, kind=kind)
        if change:
            self.select_unit(change.rows[0].after["id"])

    def delete_current(self) -> None:
        if self.unit_id is None:
            return
        name = get_unit(self.db, self.unit_id)["name"]
        self._apply(self.tr("删除单位“{n}”").format(n=name), remove_unit, unit_id=self.unit_id)

    def edit_members(self) -> None:
        if self.unit_id is None:
            return
        dialog = GroupMembersDialog(self.db, self.unit_id, self)
        if dialog.exec():
            self.set_members(self.unit_id, dialog.checked_ids())

    def set_members(self, group_id: int, member_ids: list[int]) -> None:
        """Give the group this explicit member list (empty: every unit of its kind), undoably."""
        name = get_unit(self.db, group_id)["name"]
        self._apply(self.tr("修改“{n}”的成员").format(n=name), change_group_members, group_id=group_id,
                    member_ids=member_ids)

    def merge_into(self) -> None:
        if self.unit_id is None:
            return
        source = get_unit(self.db, self.unit_id)
        is_group = source["kind"] == "group"
        same_kind = [u["name"] for u in list_units(self.db)
                     if u["id"] != source["id"] and (u["kind"] == "group") == is_group]
        target_name, ok = QInputDialog.getItem(
            self, self.tr("合并单位"),
            self.tr("把“{n}”合并到(其任务、别名、联系人都转到目标单位):").format(n=source["name"]),
            same_kind, 0, False)
        if ok and target_name:
            self.merge(source["id"], target_name)

    def merge(self, source_id: int, target_name: str) -> None:
        target_id = unit_id_by_name(self.db, target_name)
        source_name = get_unit(self.db, source_id)["name"]
        change = self._apply(self.tr("合并“{a}”到“{b}”").format(a=source_name, b=target_name), merge_unit_into,
                             source_id=source_id, target_id=target_id)
        if change is None:
            return
        self.select_unit(target_id)
        reconciled = len(change.removed("progress_entry"))
        if reconciled:
            QMessageBox.information(self, self.tr("合并单位"), self.tr(
                "两个单位对同一任务、同一周期都报送过进展,共 {n} 处;每处保留了较晚报送的一条。"
                "撤销合并可恢复原样。").format(n=reconciled))

    # --- after every change -------------------------------------------------------------

    def _after_history_change(self, _index: int) -> None:
        self._update_history_buttons()
        keep = self.unit_id
        self._reload(keep)
        self.changed.emit()

    def _update_history_buttons(self) -> None:
        stack = self.history.stack
        self.undo_button.setEnabled(stack.canUndo())
        self.undo_button.setToolTip(stack.undoText())
        self.redo_button.setEnabled(stack.canRedo())
        self.redo_button.setToolTip(stack.redoText())

    def done(self, result: int) -> None:
        self.history.stack.indexChanged.disconnect(self._after_history_change)
        super().done(result)


class GroupMembersDialog(QDialog):
    """Tick the units a group stands for; none ticked means every unit of the group's kind."""

    def __init__(self, db: Database, group_id: int, parent=None):
        super().__init__(parent)
        group = get_unit(db, group_id)
        self.setWindowTitle(self.tr("“{n}”的成员").format(n=group["name"]))
        self.resize(420, 560)
        explicit = set(explicit_member_ids(db, group_id))
        self.list = QListWidget()
        for unit in list_units(db):
            if unit["kind"] == "group" or (group["member_kind"] and unit["kind"] != group["member_kind"]):
                continue
            item = QListWidgetItem(unit["name"])
            item.setData(Qt.ItemDataRole.UserRole, unit["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit["id"] in explicit else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        hint = QLabel(self.tr("不勾选任何单位时,按类别包含全部{k}。").format(
            k=KIND_LABELS.get(group["member_kind"], self.tr("单位"))))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def checked_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
