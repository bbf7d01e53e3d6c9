"""How often each unit was inspected in a period (督查频次), by kind of inspection."""

from __future__ import annotations

from duchaban.core.findings import INSPECTION_KINDS
from duchaban.core.overview import ALERT_COLOR, BURDEN_WARNING
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


def _heavy(row: dict) -> str | None:
    """A unit inspected too often reads in the alert colour across its row."""
    return ALERT_COLOR if row["total"] >= BURDEN_WARNING else None


def _count(key: str, header: str) -> Column:
    return Column(key, header, lambda r: r[key], align=RIGHT, color=_heavy)


class InspectionBurdenModel(ColumnTableModel):
    """Rows as store.inspections.inspection_burden gives them."""

    COLUMNS = (
        Column("unit", "单位", lambda r: r["name"], color=_heavy),
        _count("total", "合计"),
        *(_count(kind, label) for kind, label in INSPECTION_KINDS.items()),
    )

    def heavy_count(self) -> int:
        return sum(_heavy(row) is not None for row in self.rows())
