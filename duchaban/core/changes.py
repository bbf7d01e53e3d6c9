"""What a write changed, as plain data: the rows it touched and the edit that reverses it.

Every undoable store operation returns a ChangeSet (after Anki's ``OpChanges``). The undo stack
keeps it, undoing runs its ``inverse`` (store/undo.py), and the window asks it which tables moved
so it redraws only the views that show them. Nothing here knows about Qt or SQL: an ``Edit``
names a store operation and its keyword arguments, and the store looks the name up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class RowChange:
    """One row as it was and as it is: ``before`` None for a row added, ``after`` None for one removed."""

    table: str
    key: Any        # the row's uuid where it has one, else its id (or the alias, for unit_alias)
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True)
class Edit:
    """A store operation to run, as data: its name in store/undo.py's table and its arguments."""

    op: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeSet:
    """The rows a write changed, the tables it changed besides (indexes, derived tables), and the
    edits that put everything back, in the order to run them."""

    rows: tuple[RowChange, ...] = ()
    inverse: tuple[Edit, ...] = ()
    also_touched: frozenset[str] = frozenset()
    # The id of the record the write created, for a caller that goes on with it (sqlite-utils' last_pk).
    created: Any = None
    # Why the change has no inverse, when it is kept on record rather than undone (a close-out is
    # reversed by reopening it with a reason; a bulk import by a backup).
    irreversible: str | None = None

    def __bool__(self) -> bool:
        return bool(self.rows or self.also_touched)

    @property
    def undoable(self) -> bool:
        """Whether an undo stack can take it: nothing says it is kept on record instead."""
        return self.irreversible is None

    @property
    def tables(self) -> frozenset[str]:
        """Every table the write changed."""
        return frozenset(r.table for r in self.rows) | self.also_touched

    def then(self, later: ChangeSet) -> ChangeSet:
        """This change followed by ``later``; undoing it undoes ``later`` first."""
        return ChangeSet(self.rows + later.rows, later.inverse + self.inverse, self.also_touched | later.also_touched,
                         self.created if self.created is not None else later.created,
                         self.irreversible or later.irreversible)

    def removed(self, table: str) -> list[RowChange]:
        """The rows of ``table`` this change removed."""
        return [r for r in self.rows if r.table == table and r.after is None]


NO_CHANGE = ChangeSet()


def combined(*changes: ChangeSet) -> ChangeSet:
    """Several changes made one after another, as one change (one undo step)."""
    result = NO_CHANGE
    for change in changes:
        result = result.then(change)
    return result
