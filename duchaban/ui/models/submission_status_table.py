"""Who has reported for a period (报送情况), one unit a row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from duchaban.core.overview import ARRIVAL_COLORS, ARRIVAL_LABELS, ledger_arrival
from duchaban.core.unit_names import KIND_LABELS
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("SubmissionStatusModel", text)


def _report(row: dict) -> str:
    """On time / late / missing, the day it first came and, if it came again, the latest day."""
    words = ARRIVAL_LABELS[row["arrival"]]
    sub = row["submission"]
    if sub:
        words += " " + row["first_sent"][:10]
        if sub["imported_at"][:10] != row["first_sent"][:10]:
            words += _tr("(最近 {t})").format(t=sub["imported_at"][:10])
    return words


class SubmissionStatusModel(ColumnTableModel):
    COLUMNS = (
        Column("unit", "单位", lambda r: r["name"]),
        Column("kind", "类别", lambda r: KIND_LABELS[r["kind"]]),
        Column("tasks", "任务数", lambda r: r["task_count"], align=RIGHT),
        # Sorted by state, then by day: the late and missing come together.
        Column("report", "报送情况", _report, sort=lambda r: (r["arrival"], r["first_sent"] or ""),
               color=lambda r: ARRIVAL_COLORS[r["arrival"]]),
        Column("file", "文件", lambda r: r["submission"]["file_name"] if r["submission"] else ""),
    )

    def load(self, rows: list[dict], due_on: str) -> None:
        """``rows`` as store.ledgers.submission_status gives them, judged against ``due_on``."""
        self.set_rows([{**r, "arrival": ledger_arrival(r["first_sent"], due_on)} for r in rows])
