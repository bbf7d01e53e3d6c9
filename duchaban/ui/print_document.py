"""The print preview dialog of an HTML record (the PDF itself is laid out in render/record_pdf.py)."""

from __future__ import annotations

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from duchaban.render.record_pdf import MARGINS_MM, html_to_pdf, print_fitted, record_document

__all__ = ["html_to_pdf", "preview"]


def preview(html: str, parent: QWidget, *, title: str) -> QPrintPreviewDialog:
    """The print preview of the record; the caller shows it (exec) or tests it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      MARGINS_MM, QPageLayout.Unit.Millimeter))
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    document = record_document(html)
    dialog.paintRequested.connect(lambda target: print_fitted(document, target))
    # The dialog holds bare pointers to both: keep them alive as long as it is.
    dialog._printer, dialog._document = printer, document
    return dialog
