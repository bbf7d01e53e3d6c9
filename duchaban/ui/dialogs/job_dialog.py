"""What the import dialogs share: files dropped on them, work run as jobs, one action button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from duchaban.ui.job_runner import Job


class JobDialog(QDialog):
    """A dialog whose work runs as jobs on the database file (``run_job``)."""

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._jobs: list[Job] = []

    def action_buttons(self, text: str, slot, *, close: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
        """A button box with ``close`` and a disabled action button (``self.action_button``)."""
        buttons = QDialogButtonBox(close)
        self.action_button: QPushButton = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setEnabled(False)
        buttons.accepted.connect(slot)
        buttons.rejected.connect(self.reject)
        return buttons

    def run_job(self, fn, *args, done, failed, title: str = "") -> Job:
        """Run ``fn(db_path, *args)`` off the GUI thread (with a progress dialog when titled)."""
        job = Job(fn, self.db_path, *args, title=title, parent=self)
        job.done.connect(done)
        job.failed.connect(failed)
        self._jobs = [j for j in self._jobs if j.dialog is not None] + [job]
        return job.start()


class FileJobDialog(JobDialog):
    """Subclasses implement ``files_dropped`` and call ``run_job`` for anything that reads files."""

    def __init__(self, db_path: Path, parent=None):
        super().__init__(db_path, parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.files_dropped([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])

    def files_dropped(self, paths: list[Path]) -> None:
        raise NotImplementedError
