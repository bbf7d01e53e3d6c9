"""Running long jobs off the GUI thread, with a progress dialog that can cancel them.

A job is a plain function ``fn(db_path, *args, progress=Progress)`` that opens its own
database connection (SQLite connections are not shared across threads) and returns a
result. The GUI gets the result, or the error message, through queued signals.
"""

from __future__ import annotations

import gc
import threading
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from duchaban.core.errors import DuchabanError


class Cancelled(DuchabanError):
    """The user pressed 取消 before the job wrote anything."""

    def __init__(self):
        super().__init__("已取消,数据库未作任何修改")


class Progress:
    """Handed to a job: report progress, and ask whether the user cancelled."""

    def __init__(self, signals: "_Signals"):
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (call before each write)."""
        if self._cancel.is_set():
            raise Cancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[..., Any], db_path: Path, args: tuple, signals: _Signals, progress: Progress):
        super().__init__()
        self.fn, self.db_path, self.args = fn, db_path, args
        self.signals, self.progress = signals, progress

    def run(self) -> None:
        try:
            result = self.fn(self.db_path, *self.args, progress=self.progress)
        except DuchabanError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: tell the user in one line, keep the details for the log
            traceback.print_exc()
            self.signals.failed.emit(f"内部错误:{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


class Job(QObject):
    """A running job. Connect to ``done`` / ``failed`` before starting it."""

    done = Signal(object)
    failed = Signal(str)
    running = 0     # jobs started and not yet finished, in this process
    # Jobs that are not the window's own work (a check in the background): they keep the collector
    # waiting too, but the window does not take another program's commit for theirs.
    background = 0

    def __init__(self, fn: Callable[..., Any], db_path: Path, *args, title: str = "", parent: QWidget | None = None,
                 cancellable: bool = True, own_work: bool = True):
        super().__init__(parent)
        self._own_work = own_work
        self._signals = _Signals()
        self.progress = Progress(self._signals)
        self._runnable = _Runnable(fn, Path(db_path), args, self._signals, self.progress)
        self._runnable.setAutoDelete(False)
        self._signals.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if title and parent is not None:
            self.dialog = QProgressDialog(title, self.tr("取消"), 0, 0, parent)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            if cancellable:
                self.dialog.canceled.connect(self.progress.cancel)
            else:   # a job that cannot stop half-way shows no button that would pretend it can
                self.dialog.setCancelButton(None)
            self._signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    def start(self) -> "Job":
        if Job.running + Job.background == 0:
            _collect_here_only()
        if self._own_work:
            Job.running += 1
        else:
            Job.background += 1
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            if text:
                self.dialog.setLabelText(text)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_done(self, result: object) -> None:
        self._finished()
        self._close_dialog()
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        self._finished()
        self._close_dialog()
        self.failed.emit(message)

    def _finished(self) -> None:
        if self._own_work:
            Job.running -= 1
        else:
            Job.background -= 1
        if Job.running + Job.background == 0:
            gc.enable()


def _collect_here_only() -> None:
    """Collect cyclic garbage now, on the GUI thread, and not again until the jobs end.

    Python collects cycles in whichever thread happens to allocate. A worker thread that did so
    would finalize closed dialogs and models, whose Qt objects belong to the GUI thread, and Qt
    objects must be deleted in their own thread. (The "none_dealloc" aborts met while this was
    written came from PySide6 6.12's reference counting, not from here; see pyproject.toml.)
    Reference counting still frees the jobs' own objects as they go; only the cycle collector waits."""
    gc.collect()
    gc.disable()
