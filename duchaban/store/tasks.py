"""Editing a task after import: deadline, note, indicators."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.deadlines import parse_deadline
from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store.audit import record_change
from duchaban.store.rows import row_by_id

if TYPE_CHECKING:
    from sqlite_utils import Database

EDITABLE_FIELDS = ("deadline_text", "deadline_on", "note", "leaders")


def get_task(db: Database, task_id: int) -> dict:
    return row_by_id(db, "task", task_id)


def update_task(db: Database, *, task_id: int, who: str | None = None, **changes) -> dict:
    """Change a task's deadline, note or leaders; return the old values (pass them back to undo)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise StoreError(f"不能修改任务的字段:{'、'.join(sorted(unknown))}")
    if changes.get("deadline_on"):
        try:
            date.fromisoformat(changes["deadline_on"])
        except ValueError:
            raise StoreError(f"完成时限“{changes['deadline_on']}”不是有效日期") from None
    task = get_task(db, task_id)
    before = {k: task[k] for k in changes}
    if before == changes:
        return before
    with db.atomic():
        db["task"].update(task_id, changes)
        record_change(db, who=who, action="update", table="task", key=task["uuid"], before=before, after=changes)
    return before


def task_indicators(db: Database, task_id: int) -> list[Indicator]:
    return [Indicator(*row) for row in db.execute(
        "SELECT clause, value, measure, comparator FROM indicator WHERE task_id = ? ORDER BY ordinal", [task_id])]


def validate_indicators(indicators: list[Indicator]) -> None:
    """StoreError naming the first indicator that cannot be stored."""
    for ind in indicators:
        if not ind.clause.strip() or not ind.measure.strip():
            raise StoreError("指标的说明和计量单位不能为空")
        if ind.comparator not in (">=", "<=", "="):
            raise StoreError(f"指标的比较方式“{ind.comparator}”无效")


def replace_indicators(db: Database, *, task_id: int, indicators: list[Indicator],
                       who: str | None = None) -> list[Indicator]:
    """Set a task's indicators; return the old list (pass it back to undo)."""
    validate_indicators(indicators)
    task = get_task(db, task_id)
    before = task_indicators(db, task_id)
    if before == indicators:
        return before
    with db.atomic():
        db.execute("DELETE FROM indicator WHERE task_id = ?", [task_id])
        for ordinal, ind in enumerate(indicators):
            db.execute("INSERT INTO indicator (task_id, ordinal, clause, value, measure, comparator)"
                       " VALUES (?, ?, ?, ?, ?, ?)", [task_id, ordinal, ind.clause, ind.value, ind.measure,
                                                      ind.comparator])
        record_change(db, who=who, action="update", table="indicator", key=task["uuid"],
                      before={"indicators": [vars(i) for i in before]},
                      after={"indicators": [vars(i) for i in indicators]})
    return before


def deadline_fields(db: Database, *, task_id: int, text: str) -> dict:
    """The deadline_text / deadline_on values for a deadline as written (2021年9月底, 长期坚持).

    The date is read from the wording with the plan's year (6月底前, 三季度末, 2021-09-30);
    ongoing wording (长期坚持) and wording that is not a date keep no date.
    """
    year = db.execute("SELECT p.year FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id = ?",
                      [task_id]).fetchone()
    if year is None:
        raise StoreError(f"任务 {task_id} 不存在")
    text = (text or "").strip()
    parsed = parse_deadline(text, year[0]) if text else None
    day = parsed.on if parsed is not None else None
    return {"deadline_text": text or None, "deadline_on": day.isoformat() if day else None}


def set_deadline(db: Database, *, task_id: int, text: str, who: str | None = None) -> dict:
    """Set a task's deadline as written; return the old values (pass them to update_task to undo)."""
    return update_task(db, task_id=task_id, who=who, **deadline_fields(db, task_id=task_id, text=text))
