"""Opening a stored evidence file with the system's viewer. On a machine that syncs with the office
hub, a file not opened here before is fetched from the hub first, in a worker with a progress
dialog; off the office network the user is told where the file is and when it will open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from duchaban.hub.connection import with_password
from duchaban.store.backup import database_file
from duchaban.store.evidence import evidence_files, synced_with_hub
from duchaban.ui.job_runner import Job

if TYPE_CHECKING:
    from sqlite_utils import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("EvidenceOpen", text)


def hub_address(widget: QWidget | None) -> str | None:
    """The office hub's address (with this session's password) remembered by the window that
    ``widget`` belongs to, or None when it has none."""
    while widget is not None:
        hub = getattr(widget, "hub_sync", None)
        if hub is not None:
            return with_password(hub.url, hub.password) if hub.url else None
        widget = widget.parent()
    return None


def open_evidence(parent: QWidget, db: Database, path: str | Path, file_name: str | None = None, *,
                  fetched: Callable[[], None] | None = None) -> Job | bool:
    """Open the stored copy at ``path`` (named ``<sha256><suffix>``); when absent on a machine that
    syncs with the hub, start fetching it and return the job (``fetched`` runs once it is here)."""
    path = Path(path)
    name = file_name or next((n for sha, n in evidence_files(db) if sha == path.stem), path.name)
    if path.exists():
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    title = _tr("佐证材料")
    if not synced_with_hub(db):
        QMessageBox.warning(parent, title, _tr("佐证文件缺失:{p}\n请从备份恢复数据库旁的 .files 文件夹。").format(
            p=str(path)))
        return False
    from duchaban.ui.jobs import fetch_evidence_job

    job = Job(fetch_evidence_job, database_file(db), hub_address(parent), path.stem, name,
              title=_tr("正在从办公室数据库取回“{n}”……").format(n=name), parent=parent, cancellable=False)

    def done(stored: Path) -> None:
        if fetched is not None:
            fetched()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(stored)))

    job.done.connect(done)
    job.failed.connect(lambda message: QMessageBox.warning(parent, title, message))
    return job.start()
