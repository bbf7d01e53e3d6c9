"""Findings (问题) being followed to their close-out, one a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.core.findings import kind_words
from duchaban.core.overview import ALERT_COLOR
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("FindingTableModel", text)


def _demand(row: dict) -> str | None:
    """Every cell of a finding tells what was demanded of the unit."""
    return row["demand"]


def _column(key: str, header: str, value, **options) -> Column:
    return Column(key, header, value, tooltip=_demand, **options)


class FindingTableModel(ColumnTableModel):
    """Rows as store.inspections.list_findings gives them."""

    COLUMNS = (
        _column("started_on", "督查日期", lambda r: r["started_on"] or ""),
        _column("kind", "方式", lambda r: kind_words(r["kind"], r["confidential"])),
        _column("unit", "单位", lambda r: r["unit_name"]),
        _column("task", "任务", lambda r: r["task_number"] or "", align=RIGHT),
        _column("problem", "问题", lambda r: r["description"]),
        _column("deadline", "整改期限", lambda r: r["deadline_on"] or ""),
        _column("status", "状态", lambda r: r["status_label"] + (_tr("(逾期)") if r["overdue"] else ""),
                color=lambda r: ALERT_COLOR if r["overdue"] else None),
        _column("evidence", "佐证", lambda r: r["evidence_count"], align=RIGHT),
    )
