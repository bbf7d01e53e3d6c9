"""The window's word when the database it opened does not agree with its own history.

What `duchaban check` reports about rows changed outside the program (and a broken log chain) is
looked for off the GUI thread once the plan is on screen, so the start is not slowed; a finding
shows in the status bar with 详情, without stopping the user's work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from duchaban.ui.job_runner import Job, Progress


def outside_changes_job(db_path: Path, *, progress: Progress) -> list[str]:
    """What disagrees with the log, in the words `check` uses (empty when all agrees)."""
    from duchaban.store.audit import verify_audit_chain
    from duchaban.store.data_check import outside_change_messages
    from duchaban.store.database import opened_database

    with opened_database(db_path) as db:
        broken = verify_audit_chain(db)
        found = [f"操作日志第 {broken} 条的校验值不符,日志可能被改动"] if broken is not None else []
        return found + outside_change_messages(db)


# How long after the plan is shown the check begins. Started at once, the check's Python work
# (hashing every row) took the GIL from the GUI thread while it painted the plan: the window was
# ready a third later (bench startup_ready), for a finding nobody can read before the plan anyway.
START_DELAY_MS = 1500

# Checks under way, kept until they end even when their window goes first: a job whose answer
# never arrives would leave the collector waiting for it (ui/job_runner.py).
_IN_FLIGHT: set[Job] = set()


class TamperWarning(QObject):
    """Checks the window's database in the background; ``checked(messages)`` when done."""

    checked = Signal(list)

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.messages: list[str] = []
        self.label = QLabel()
        self.label.setStyleSheet("color: #b00020;")
        self.details_button = QPushButton(self.tr("详情"))
        self.details_button.setFlat(True)
        self.details_button.clicked.connect(self.show_details)
        window.statusBar().addPermanentWidget(self.label)
        window.statusBar().addPermanentWidget(self.details_button)
        self.box: QMessageBox | None = None
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(START_DELAY_MS)
        self._timer.timeout.connect(self._start_now)
        self._show([])

    def start(self) -> None:
        """Check the file the window now shows, once the plan has been on screen a moment (an
        earlier check's answer is dropped)."""
        self._show([])
        self._job = None
        self._timer.start()

    def _start_now(self) -> None:
        """Not the window's own work (own_work=False): while it runs, the window still notices what
        another program commits (ui/outside_changes.py)."""
        if self.window.db is None:     # closed for a job that rewrites the file: checked when it is back
            return
        job = Job(outside_changes_job, self.window.db_path, own_work=False)
        _IN_FLIGHT.add(job)
        job.done.connect(lambda _messages, job=job: _IN_FLIGHT.discard(job))
        job.failed.connect(lambda _message, job=job: _IN_FLIGHT.discard(job))
        job.done.connect(self._on_done)
        self._job = job.start()

    def _on_done(self, messages: list[str]) -> None:
        if self.sender() is not self._job:
            return      # the window moved on to another file meanwhile
        self._job = None
        self._show(messages)
        self.checked.emit(messages)

    def _show(self, messages: list[str]) -> None:
        self.messages = messages
        if messages:
            self.label.setText(self.tr("数据与操作日志不符({n} 处),可能有人绕过本程序改动了数据库")
                               .format(n=len(messages)))
        self.label.setVisible(bool(messages))
        self.details_button.setVisible(bool(messages))

    def details_text(self) -> str:
        return "\n".join(self.messages)

    def show_details(self) -> None:
        """A window beside the work, not a question that blocks it."""
        if self.box is None:
            self.box = QMessageBox(QMessageBox.Icon.Warning, self.tr("数据与操作日志不符"),
                                   self.tr("以下记录与操作日志不符(命令行 duchaban check 给出同样的结论):"),
                                   QMessageBox.StandardButton.Close, self.window)
            self.box.setModal(False)
        self.box.setInformativeText(self.details_text())
        self.box.show()
