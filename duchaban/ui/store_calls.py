"""Calling the store from a dialog: a refusal becomes a message box, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from duchaban.core.errors import DuchabanError


def call_store(parent: QWidget, fn, *args, **kwargs) -> tuple[bool, object]:
    """(True, result) when ``fn`` succeeds; (False, None) after showing its message when it refuses."""
    try:
        return True, fn(*args, **kwargs)
    except DuchabanError as exc:
        QMessageBox.warning(parent, parent.windowTitle(), str(exc))
        return False, None
