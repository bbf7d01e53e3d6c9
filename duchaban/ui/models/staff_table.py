"""The office's staff, one person a row, with the units each stands aside from and their other names."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.ui.models.column_table import Column, ColumnTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("StaffTableModel", text)


class StaffTableModel(ColumnTableModel):
    """Rows are store.staff.list_staff's people with ``recusals`` and ``aliases`` texts added."""

    COLUMNS = (
        Column("name", "姓名", lambda p: p["name"]),
        Column("title", "职务", lambda p: p["title"] or ""),
        Column("password", "密码", lambda p: _tr("已设置") if p["password_hash"] else ""),
        Column("state", "状态", lambda p: _tr("在职") if p["active"] else _tr("已停用")),
        Column("recusals", "回避单位", lambda p: p["recusals"]),
        Column("aliases", "别名", lambda p: p["aliases"]),
    )
