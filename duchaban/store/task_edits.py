"""Undoable edits of a task after import: each returns a ChangeSet whose inverse puts it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from duchaban.core.changes import NO_CHANGE, ChangeSet, Edit, RowChange, combined
from duchaban.core.plan import Indicator
from duchaban.store.tasks import (
    _replace_assignments,
    _replace_indicators,
    _update_task,
    deadline_fields,
    get_task,
    task_indicator_ids,
    validate_assignments,
    validate_indicators,
)

if TYPE_CHECKING:
    from sqlite_utils import Database


def change_task(db: Database, *, task_id: int, who: str | None = None, **changes: Any) -> ChangeSet:
    """Change a task's deadline, note or leaders (store/tasks.py's _update_task)."""
    before = _update_task(db, task_id=task_id, who=who, **changes)
    task = get_task(db, task_id)
    after = {k: task[k] for k in before}
    if after == before:
        return NO_CHANGE
    return ChangeSet((RowChange("task", task["uuid"], before, after),),
                     (Edit("change_task", {"task_id": task_id, **before}),))


def _indicators(items: list) -> list[Indicator]:
    # An inverse carries indicators as plain dicts (data); callers may pass either.
    return [i if isinstance(i, Indicator) else Indicator(**i) for i in items]


def change_task_indicators(db: Database, *, task_id: int, indicators: list, who: str | None = None,
                           ids: list[int] | None = None) -> ChangeSet:
    """Set a task's quantitative indicators (``ids``: the rows' ids, when an undo or redo puts rows back)."""
    wanted = _indicators(indicators)
    before_ids = task_indicator_ids(db, task_id)
    before = _replace_indicators(db, task_id=task_id, indicators=wanted, who=who, ids=ids)
    if before == wanted:
        return NO_CHANGE
    return ChangeSet((RowChange("indicator", get_task(db, task_id)["uuid"], {"indicators": [vars(i) for i in before]},
                                {"indicators": [vars(i) for i in wanted]}),),
                     (Edit("change_task_indicators", {"task_id": task_id, "indicators": [vars(i) for i in before],
                                                      "ids": before_ids}),))


def change_task_units(db: Database, *, task_id: int, assignments: list, who: str | None = None) -> ChangeSet:
    """Set which units lead, share and cooperate on a task."""
    wanted = [(unit_id, role) for unit_id, role in assignments]
    before = _replace_assignments(db, task_id=task_id, assignments=wanted, who=who)
    if before == wanted:
        return NO_CHANGE
    return ChangeSet((RowChange("assignment", get_task(db, task_id)["uuid"], {"units": before}, {"units": wanted}),),
                     (Edit("change_task_units", {"task_id": task_id, "assignments": before}),),
                     frozenset({"task_search", "task_progress"}))


def edit_task(db: Database, *, task_id: int, deadline_text: str, leaders: str | None, note: str | None,
              indicators: list[Indicator], assignments: list[tuple[int, str]], who: str | None = None) -> ChangeSet:
    """Apply the task editor's form as one step: all of it, or (on a refusal) none of it."""
    validate_indicators(indicators)
    validate_assignments(db, assignments)
    task = get_task(db, task_id)
    fields = {k: v for k, v in (("leaders", leaders or None), ("note", note or None)) if v != task[k]}
    if (deadline_text or "") != (task["deadline_text"] or ""):
        fields.update(deadline_fields(db, task_id=task_id, text=deadline_text))
    with db.atomic():
        return combined(change_task(db, task_id=task_id, who=who, **fields) if fields else NO_CHANGE,
                        change_task_indicators(db, task_id=task_id, indicators=indicators, who=who),
                        change_task_units(db, task_id=task_id, assignments=assignments, who=who))
