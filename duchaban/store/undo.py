"""Undo and redo from change sets, for the window and the command line alike.

Undoing runs a change set's inverse edits in one transaction and returns what that changed;
the returned change set's own inverse is the redo. Every edit goes through the same store
functions as the first write, so undo and redo are audited like any other change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.changes import NO_CHANGE, ChangeSet
from duchaban.store import inspection_undo, task_edits, unit_edits

if TYPE_CHECKING:
    from sqlite_utils import Database

# The operations an Edit may name. An inverse is data, so it names one of these, never a callable.
OPERATIONS: dict[str, Callable[..., ChangeSet]] = {
    fn.__name__: fn for fn in (
        unit_edits.change_unit, unit_edits.add_unit_alias, unit_edits.remove_unit_alias, unit_edits.create_unit,
        unit_edits.remove_unit, unit_edits.put_back_unit, unit_edits.change_group_members,
        unit_edits.merge_unit_into, unit_edits.unmerge_unit, unit_edits.add_unit_contact,
        unit_edits.remove_unit_contact, unit_edits.put_back_contact,
        task_edits.change_task, task_edits.change_task_indicators, task_edits.change_task_units,
        inspection_undo.remove_inspection, inspection_undo.put_back_inspection, inspection_undo.remove_finding,
        inspection_undo.put_back_finding, inspection_undo.remove_follow_up, inspection_undo.put_back_follow_up,
    )
}


def undo_change(db: Database, change: ChangeSet, *, who: str | None = None) -> ChangeSet:
    """Reverse ``change`` in one transaction; return what that changed (undo it again to redo).

    A StoreError (the data moved on since: the unit is now used elsewhere) leaves the database as it was.
    """
    result = NO_CHANGE
    with db.atomic():
        for edit in change.inverse:
            result = result.then(OPERATIONS[edit.op](db, who=who, **edit.args))
    return result
