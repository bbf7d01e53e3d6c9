"""Exporting this period's ledger templates: choose the period, the folder, all units or one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from duchaban.core.periods import period_label
from duchaban.ui.period_combo import PeriodCombo  # noqa: F401 (other dialogs import it from here)


class LedgerExportDialog(QDialog):
    def __init__(self, period_codes: list[str], folder: Path, unit_name: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出工作台账模板"))
        self.period_combo = PeriodCombo(period_codes)
        # The whole path in view (not just its last folder's name), and a way to look inside it.
        self.folder_edit = QLineEdit(str(Path(folder).resolve()))
        self.folder_edit.setMinimumWidth(max(420, self.folder_edit.fontMetrics().horizontalAdvance(
            self.folder_edit.text()) + 24))
        self.folder_edit.setCursorPosition(0)
        self.folder_edit.textChanged.connect(self.folder_edit.setToolTip)
        self.folder_edit.setToolTip(self.folder_edit.text())
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._choose_folder)
        self.open_button = QPushButton(self.tr("打开文件夹"))
        self.open_button.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        folder_row.addWidget(self.open_button)
        self.only_unit = QCheckBox(self.tr("只导出“{u}”").format(u=unit_name) if unit_name else "")
        self.only_unit.setVisible(bool(unit_name))
        self.unit_name = unit_name
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("报送周期"), self.period_combo)
        form.addRow(self.tr("保存到"), folder_row)
        form.addRow("", self.only_unit)
        form.addRow(buttons)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存位置"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def open_folder(self) -> bool:
        """Show the folder in the system's file manager (made first, when the export has not yet)."""
        folder = Path(self.folder_edit.text().strip())
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("无法建立文件夹“{f}”:{e}").format(f=folder, e=error.strerror or error))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def accept(self) -> None:
        period = self.period_combo.period()
        if period is None:
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("无法识别的报送周期“{p}”").format(p=self.period_combo.currentText()))
            return
        if not self.folder_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请选择保存位置"))
            return
        self.setWindowTitle(self.tr("导出{p}工作台账模板").format(p=period_label(period)))
        super().accept()

    def choices(self) -> tuple[str, Path, bool]:
        """(period code, folder, only the given unit)."""
        return self.period_combo.period().code, Path(self.folder_edit.text().strip()), self.only_unit.isChecked()
