"""Returned ledger files being checked before import: one file a row, and what one file would change."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.formats.ledger_import import ACCEPTED, ALREADY, REJECTED, WARNINGS
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel

VERDICT_COLORS = {ACCEPTED: "#2e7d32", WARNINGS: "#f9a825", REJECTED: "#c62828", ALREADY: "#757575"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LedgerFileModel", text)


class LedgerFileModel(ColumnTableModel):
    """Rows are the FileVerdicts of a checked batch."""

    COLUMNS = (
        Column("file", "文件", lambda v: v.path.name),
        Column("unit", "单位", lambda v: v.unit_name),
        Column("period", "周期", lambda v: v.period_code),
        Column("verdict", "结论", lambda v: v.label, color=lambda v: VERDICT_COLORS[v.status]),
        Column("tasks", "任务数", lambda v: len(v.reports), align=RIGHT),
        # The first message in the cell, all of them in its tooltip.
        Column("note", "说明", lambda v: v.messages[0] if v.messages else "", tooltip=lambda v: "\n".join(v.messages)),
    )


def _task(change) -> str:
    return f"{change.number}. {change.text}" if change.text else _tr("任务 {n}").format(n=change.number)


def _progress_tip(change) -> str | None:
    """What the unit wrote; beside the earlier text when this file changes it."""
    if change.previous and change.previous != change.progress:
        return _tr("本次:{now}\n\n原来:{before}").format(now=change.progress, before=change.previous)
    return change.progress


class LedgerChangeModel(ColumnTableModel):
    """Rows are one file's changes to the reports on record."""

    COLUMNS = (
        Column("task", "任务", _task, sort=lambda c: c.number),
        Column("before", "原来", lambda c: c.before or _tr("(新增)")),
        Column("after", "导入后", lambda c: c.after),
        Column("progress", "单位填报的进展情况", lambda c: c.progress, tooltip=_progress_tip),
    )
