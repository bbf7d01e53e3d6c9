"""Which database file the window shows, and changing it: opening another file (its lock and
passphrase first), the recent files, closing the file while a job rewrites it and reopening it
afterwards, and noticing what other programs commit to it.

The window only draws. It gives the switch a DatabaseView: ``show_database`` when the file the
switch holds changed (point the models at it, redraw), ``forget_database`` while there is none,
``database_reopened`` when it is back, ``database_changed_outside`` when another program
committed, and the ways to report and to run a job. The switch holds the connection, the path
and the lock; the window reads them from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMenu, QWidget

from duchaban.core.errors import DuchabanError
from duchaban.ui.instance_lock import DatabaseInUse, DatabaseLock
from duchaban.ui.job_runner import Job
from duchaban.ui.outside_changes import OutsideChanges
from duchaban.ui.passphrase import unlock
from duchaban.ui.recent_files import recent_databases, remember_recent

if TYPE_CHECKING:
    from sqlite_utils import Database


class DatabaseView(Protocol):
    """What the switch asks of the window."""

    def show_database(self) -> None:
        """Point every view at the switch's (new) database and show it afresh."""

    def forget_database(self, message: str) -> None:
        """Point every view at no database and wait, showing ``message``."""

    def database_reopened(self) -> None:
        """The database is there again (after startup opened it, or a job rewrote it): let the user work."""

    def database_changed_outside(self) -> None:
        """Another program committed to the database: redraw and say so."""

    def show_error(self, message: str) -> None: ...

    def show_status(self, message: str, ms: int) -> None: ...

    def run_job(self, fn, *args, title: str, done, failed=None, cancellable: bool = True) -> Job: ...


class DatabaseSwitch(QObject):
    """The window's database file and the moves between files."""

    def __init__(self, view: DatabaseView, *, db: Database | None, path: Path, lock: DatabaseLock | None,
                 settings: QSettings, parent: QWidget):
        super().__init__(parent)
        self.view, self.settings, self._widget = view, settings, parent
        self.db, self.path, self.lock = db, Path(path), lock
        self.outside_changes = OutsideChanges(lambda: self.db, self._changed_outside, self)
        remember_recent(self.settings, self.path)

    def open_file(self, path: Path) -> bool:
        """Switch to another database file; False (and a message) if it cannot be opened."""
        from duchaban.store.database import open_database

        path = Path(path)
        if path.resolve() == self.path.resolve():
            return True
        if not path.is_file():
            self.view.show_error(self._widget.tr("找不到数据库文件:{p}").format(p=path))
            return False
        lock = DatabaseLock(path)
        try:
            lock.acquire()
        except DatabaseInUse as exc:
            self.view.show_error(str(exc))
            return False
        if not unlock(self._widget, path):
            lock.release()
            return False
        try:
            db = open_database(path, create=False)
        except DuchabanError as exc:
            lock.release()
            self.view.show_error(str(exc))
            return False
        if self.lock is not None:
            self.lock.release()
        self.lock = lock
        old = self.db
        self.db, self.path = db, path
        self.view.show_database()
        old.close()
        remember_recent(self.settings, self.path)
        return True

    def recent(self) -> list[str]:
        """The database files opened lately, newest first."""
        return recent_databases(self.settings)

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for entry in self.recent():
            action = menu.addAction(entry)
            action.triggered.connect(lambda _checked=False, p=entry: self.open_file(Path(p)))
        menu.setEnabled(bool(self.recent()))

    def attach(self, db: Database) -> None:
        """Hold ``db`` (the file at ``path``, opened by ui/startup.py or after a job), show it and let
        the user work."""
        self.db = db
        self.view.show_database()
        self.view.database_reopened()

    def detach(self, message: str) -> None:
        """Close the database (for a job that rewrites the file) and wait, showing ``message``."""
        db, self.db = self.db, None
        self.view.forget_database(message)
        db.close()

    def run_closed(self, fn, *args, waiting: str, title: str, done_message: Callable[[object], str]) -> Job:
        """Run ``fn(path, *args)`` in a worker while the connection is closed (the job rewrites or
        replaces the file), then reopen the database and say how it went.

        The window shows ``waiting`` meanwhile. Such a job cannot stop half-way, so the progress
        dialog has no cancel button."""
        self.detach(waiting)

        def reopen(message: str, failed: bool) -> None:
            from duchaban.store.database import open_database

            try:
                self.attach(open_database(self.path, create=False))
            except DuchabanError as exc:
                self.view.show_error(str(exc))
                return
            if failed:
                self.view.show_error(message)
            else:
                self.view.show_status(message, 15000)

        return self.view.run_job(fn, *args, cancellable=False, title=title,
                                 done=lambda result: reopen(done_message(result), False),
                                 failed=lambda message: reopen(message, True))

    def _changed_outside(self) -> None:
        if Job.running:     # the window's own job: its done handler reloads and says what it did
            return
        self.view.database_changed_outside()

    def stop(self) -> None:
        self.outside_changes.stop()
