"""Editing a task after import: deadline, note, indicators, the units that carry it.

The underscored functions are the internal steps under store/task_edits.py, which is the one
public way to make these edits (each returns a change set that undo can reverse).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.deadlines import parse_deadline
from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store.audit import record_change
from duchaban.store.progress import refresh_task_progress
from duchaban.store.rows import row_by_id
from duchaban.store.search import reindex_tasks

if TYPE_CHECKING:
    from sqlite_utils import Database

EDITABLE_FIELDS = ("deadline_text", "deadline_on", "note", "leaders")


def get_task(db: Database, task_id: int) -> dict:
    return row_by_id(db, "task", task_id)


def _update_task(db: Database, *, task_id: int, who: str | None = None, **changes) -> dict:
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


def task_indicator_ids(db: Database, task_id: int) -> list[int]:
    """The ids of the task's indicator rows, in order (an undo puts rows back under the same ids)."""
    return [r[0] for r in db.execute("SELECT id FROM indicator WHERE task_id = ? ORDER BY ordinal", [task_id])]


def _replace_indicators(db: Database, *, task_id: int, indicators: list[Indicator], who: str | None = None,
                        ids: list[int] | None = None) -> list[Indicator]:
    """Set a task's indicators (under ``ids`` when given, new ids otherwise); return the old list."""
    validate_indicators(indicators)
    task = get_task(db, task_id)
    before = task_indicators(db, task_id)
    if before == indicators:
        return before
    with db.atomic():
        db.execute("DELETE FROM indicator WHERE task_id = ?", [task_id])
        for ordinal, ind in enumerate(indicators):
            db.execute("INSERT INTO indicator (id, task_id, ordinal, clause, value, measure, comparator)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", [ids[ordinal] if ids else None, task_id, ordinal, ind.clause,
                                                         ind.value, ind.measure, ind.comparator])
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


ROLES = ("lead", "responsible", "cooperating")


def task_assignments(db: Database, task_id: int) -> list[tuple[int, str]]:
    """The task's units as (unit id, role), lead first, in the notice's order."""
    return [tuple(r) for r in db.execute(
        "SELECT unit_id, role FROM assignment WHERE task_id = ?"
        " ORDER BY CASE role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 ELSE 2 END, ordinal", [task_id])]


def validate_assignments(db: Database, assignments: list[tuple[int, str]]) -> None:
    """StoreError unless there is exactly one lead unit and each unit is named once, in a known role."""
    roles = [role for _, role in assignments]
    if roles.count("lead") != 1:
        raise StoreError("每项任务须有且只有一个牵头单位")
    if any(role not in ROLES for role in roles):
        raise StoreError("单位的职责只能是牵头、责任或配合")
    seen: set[int] = set()
    for unit_id, _ in assignments:
        name = db.execute("SELECT name FROM unit WHERE id = ?", [unit_id]).fetchone()
        if name is None:
            raise StoreError("所选单位不在单位名录中")
        if unit_id in seen:
            raise StoreError(f"“{name[0]}”在同一任务中只能出现一次")
        seen.add(unit_id)


def _replace_assignments(db: Database, *, task_id: int, assignments: list[tuple[int, str]],
                        who: str | None = None) -> list[tuple[int, str]]:
    """Set which units lead, share and cooperate on a task; return the old list (pass it back to
    undo). Reports the units already made stay; the task's latest report and search row follow."""
    validate_assignments(db, assignments)
    task = get_task(db, task_id)
    before = task_assignments(db, task_id)
    if before == list(assignments):
        return before
    names = dict(db.execute("SELECT id, name FROM unit"))
    with db.atomic():
        db.execute("DELETE FROM assignment WHERE task_id = ?", [task_id])
        db.conn.executemany("INSERT INTO assignment (task_id, unit_id, role, ordinal) VALUES (?, ?, ?, ?)",
                            [(task_id, unit_id, role, ordinal) for ordinal, (unit_id, role) in enumerate(assignments)])
        refresh_task_progress(db, [task_id])
        reindex_tasks(db, [task_id])
        record_change(db, who=who, action="update", table="assignment", key=task["uuid"],
                      before={"units": [[names[u], r] for u, r in before]},
                      after={"units": [[names[u], r] for u, r in assignments]})
    return before


def task_numbers(db: Database, plan_id: int) -> list[int]:
    """The plan's task numbers, in order (the pool of a random draw of tasks)."""
    return [r[0] for r in db.execute("SELECT number FROM task WHERE plan_id = ? ORDER BY number", [plan_id])]


def task_id_by_number(db: Database, plan_id: int, number: int) -> int | None:
    row = db.execute("SELECT id FROM task WHERE plan_id = ? AND number = ?", [plan_id, number]).fetchone()
    return None if row is None else row[0]
