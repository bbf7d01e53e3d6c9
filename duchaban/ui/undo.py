"""Undo and redo for edits made through the store.

An edit is applied by the caller first (so an error is shown and nothing is pushed);
the command pushed afterwards knows how to replay and reverse it through store calls.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from duchaban.core.errors import DuchabanError


class AppliedEdit(QUndoCommand):
    def __init__(self, text: str, redo: Callable[[], Any], undo: Callable[[], Any],
                 on_error: Callable[[str], None]):
        super().__init__(text)
        self._redo, self._undo, self._on_error = redo, undo, on_error
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # QUndoStack.push calls redo; the caller already applied the edit
            self._applied = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except DuchabanError as exc:
            # The data moved on (e.g. the unit is now used elsewhere): keep the stack honest.
            self.setObsolete(True)
            self._on_error(str(exc))


class EditHistory:
    """The session's undo stack plus the ways edits are recorded on it."""

    def __init__(self, stack: QUndoStack, on_error: Callable[[str], None]):
        self.stack = stack
        self.on_error = on_error

    def record(self, text: str, redo: Callable[[], Any], undo: Callable[[], Any]) -> None:
        """Push an edit that has already been applied."""
        self.stack.push(AppliedEdit(text, redo, undo, self.on_error))

    def change_fields(self, text: str, apply: Callable[..., dict], **changes) -> dict:
        """Apply a store function that returns the old values, and record it; return the old values.

        ``apply(**changes)`` is e.g. ``partial(update_unit, db, unit_id=3, who=...)``.
        """
        old = apply(**changes)
        if old != changes:
            self.record(text, lambda: apply(**changes), lambda: apply(**old))
        return old
