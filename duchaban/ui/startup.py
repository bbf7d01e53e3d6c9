"""Starting the window: it is painted first, and the database is opened over it.

Opening a database means importing the database layer (sqlite-utils with click, dateutil and
pluggy), checking the schema, perhaps asking for a passphrase and for who is working, then reading
the plan: together more than the whole start of a bare Qt window. Showing the window first means
the user sees the program answer at once, and every question asked while opening has the window
as its parent instead of floating alone on the desktop.
"""

from __future__ import annotations

import getpass
from contextlib import contextmanager
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from duchaban.core.errors import DuchabanError


class _AfterPaint(QObject):
    """Calls back once, from the event loop, after ``widget`` has next been painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            # The window's own paint event comes first in a repaint; the children paint and
            # the frame reaches the screen before the event loop gets to this.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the event loop has finished painting ``widget`` the next time."""
    _AfterPaint(widget, callback)


def choose_operator(db, settings: QSettings, parent: QWidget | None = None) -> tuple[bool, str | None]:
    """(go on, operator): asks who is working when the office keeps a staff list.

    Without a staff list the login name is recorded; cancelling the question quits.
    """
    from duchaban.store.staff import list_staff
    from duchaban.ui.dialogs.operator import OperatorDialog

    last = settings.value("operator") or None
    if not list_staff(db):
        return True, last or getpass.getuser()
    dialog = OperatorDialog(db, last, parent)
    if not dialog.exec():
        return False, None
    settings.setValue("operator", dialog.operator)
    return True, dialog.operator


class WindowStartup(QObject):
    """Opens ``window.db_path`` into a window that was created without a database.

    After the window's first paint: the passphrase if the file is encrypted, the file itself,
    then the operator (skipped when ``operator`` is given). ``opened`` when the window shows the
    database; ``failed(status)`` when it cannot (status 1) or the user cancelled (status 0), after
    any message has been shown.
    """

    painted = Signal()
    opened = Signal()
    failed = Signal(int)

    def __init__(self, window, settings: QSettings, *, operator: str | None = None, open_after_paint: bool = True):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.operator = operator
        self._open_after_paint = open_after_paint
        after_next_paint(window, self._on_painted)

    def _on_painted(self) -> None:
        self.painted.emit()
        if self._open_after_paint:
            self.open()

    def open(self) -> None:
        from duchaban.store.database import open_database
        from duchaban.ui.passphrase import unlock

        window, path = self.window, self.window.db_path
        if not unlock(window, path):
            self.failed.emit(1)
            return
        try:
            with _busy():
                db = open_database(path)
        except DuchabanError as exc:
            QMessageBox.critical(window, "督查办", str(exc))
            self.failed.emit(1)
            return
        go_on, operator = (True, self.operator) if self.operator else choose_operator(db, self.settings, window)
        if not go_on:
            db.close()
            self.failed.emit(0)
            return
        with _busy():
            window.attach_database(db, operator)
        self.opened.emit()
        from duchaban.services.district_setup import needs_first_run

        if needs_first_run(db):
            window.start_first_run()


@contextmanager
def _busy():
    """The busy cursor while the database opens or the window fills (never over a question)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
