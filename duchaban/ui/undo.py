"""The window's undo stack over change sets (store/undo.py does the undoing).

An edit is applied by the caller first (so an error is shown and nothing is pushed); the command
pushed afterwards holds the change set and, on undo or redo, runs its inverse through the store.
Every change (the edit, an undo, a redo) is announced with its change set so views refresh what
it touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from duchaban.core.errors import DuchabanError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from duchaban.core.changes import ChangeSet


class ChangeCommand(QUndoCommand):
    """One applied change set on the stack."""

    def __init__(self, text: str, change: ChangeSet, history: EditHistory):
        super().__init__(text)
        self._change, self._history = change, history
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo; the caller already applied the edit
            self._applied = False
            return
        self._reverse()

    def undo(self) -> None:
        self._reverse()

    def _reverse(self) -> None:
        from duchaban.store.undo import undo_change

        try:
            self._change = undo_change(self._history.database(), self._change, who=self._history.operator())
        except DuchabanError as exc:
            # The data moved on (e.g. the unit is now used elsewhere): keep the stack honest.
            self.setObsolete(True)
            self._history.on_error(str(exc))
            return
        self._history.changed.emit(self._change)


class EditHistory(QObject):
    """The session's undo stack; ``changed`` carries the change set of every edit, undo and redo."""

    changed = Signal(object)

    def __init__(self, stack: QUndoStack, on_error: Callable[[str], None], *,
                 database: Callable[[], Database], operator: Callable[[], str | None]):
        super().__init__(stack)
        self.stack, self.on_error = stack, on_error
        self.database, self.operator = database, operator

    def record(self, text: str, change: ChangeSet) -> ChangeSet:
        """Push a change that has already been applied (nothing when it changed nothing, and only
        announced when it is kept on record rather than undone: a close-out); return it."""
        if change:
            if change.undoable:
                self.stack.push(ChangeCommand(text, change, self))
            self.changed.emit(change)
        return change
