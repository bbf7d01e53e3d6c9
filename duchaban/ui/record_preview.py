"""Showing a printable record: Qt's print preview, with a button to save it as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

from duchaban.core.errors import DuchabanError
from duchaban.services.printable_records import printable_record
from duchaban.ui.print_document import html_to_pdf, preview

if TYPE_CHECKING:
    from sqlite_utils import Database


def record_preview(parent: QWidget, db: Database, kind: str, record_id: int, *, folder: Path):
    """The preview dialog of the record (not shown yet), or None after telling the user why not."""
    try:
        title, html = printable_record(db, kind, record_id)
    except DuchabanError as error:
        QMessageBox.warning(parent, parent.windowTitle(), str(error))
        return None
    dialog = preview(html, parent, title=title)
    save = QAction(dialog.tr("保存为 PDF…"), dialog)

    def save_pdf() -> None:
        path, _ = QFileDialog.getSaveFileName(dialog, dialog.tr("保存为 PDF"), str(Path(folder) / f"{title}.pdf"),
                                              dialog.tr("PDF 文件 (*.pdf)"))
        if path:
            try:
                html_to_pdf(html, Path(path), title=title)
            except DuchabanError as error:
                QMessageBox.warning(dialog, title, str(error))

    save.triggered.connect(save_pdf)
    toolbar = dialog.findChild(QToolBar)
    if toolbar is not None:
        toolbar.addSeparator()
        toolbar.addAction(save)
    dialog.save_pdf_action = save
    return dialog
