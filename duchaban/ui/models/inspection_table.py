"""Planned and recorded inspections (督查计划与记录), one a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.core.findings import INSPECTION_STATE_COLORS, INSPECTION_STATES, kind_words
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("InspectionTableModel", text)


def inspection_day(row: dict) -> str:
    """The day it took place, else the day planned ('' when neither is set)."""
    return row["started_on"] or row["planned_on"] or ""


def state_label(row: dict) -> str:
    return _tr(INSPECTION_STATES[row["state"]])


class InspectionTableModel(ColumnTableModel):
    """Rows as store.inspections.list_inspections gives them."""

    COLUMNS = (
        Column("day", "日期", inspection_day),
        Column("kind", "方式", lambda r: kind_words(r["kind"], r["confidential"])),
        Column("title", "标题", lambda r: r["title"]),
        Column("units", "被督查单位", lambda r: r["units"] or ""),
        Column("state", "状态", state_label, color=lambda r: INSPECTION_STATE_COLORS[r["state"]]),
        Column("findings", "问题数", lambda r: r["finding_count"], align=RIGHT),
    )
