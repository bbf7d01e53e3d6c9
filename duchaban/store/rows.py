"""Reading one row by id, the same way for every table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables whose rows are fetched by id, and how a missing one is named to the user.
_MISSING = {
    "contact": "联系人不存在", "finding": "问题记录不存在", "finding_followup": "跟踪记录不存在",
    "inspection": "督查记录不存在", "staff": "该工作人员不存在",
    "task": "任务 {id} 不存在", "unit": "单位 {id} 不存在",
}


def row_by_id(db: Database, table: str, row_id: int) -> dict:
    """The row as a dict; StoreError with a Chinese message when there is none."""
    if table not in _MISSING:
        raise ValueError(f"unknown table {table}")
    row = next(iter(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])), None)
    if row is None:
        raise StoreError(_MISSING[table].format(id=row_id))
    return row
