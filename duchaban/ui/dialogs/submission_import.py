"""Importing returned ledgers: pick files or a folder (or drop them), see each file's verdict and
what it would change, then import the accepted ones in one step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from duchaban.formats.ledger_import import ALREADY, REJECTED, BatchResult
from duchaban.ui.dialogs.job_dialog import FileJobDialog
from duchaban.ui.dialogs.ledger_export import PeriodCombo
from duchaban.ui.jobs import check_submissions_job, import_submissions_job
from duchaban.ui.models.ledger_file_tables import LedgerChangeModel, LedgerFileModel
from duchaban.ui.views.table_view import ColumnTableView

ANY_PERIOD = "(按文件中的周期)"


class SubmissionImportDialog(FileJobDialog):
    """Emits ``imported(BatchResult)`` after a successful import; ``checked`` after each check."""

    imported = Signal(object)
    checked = Signal()

    def __init__(self, db_path: Path, period_codes: list[str], operator: str | None, parent=None):
        super().__init__(db_path, parent)
        self.operator = operator
        self.paths: list[Path] = []
        self.result: BatchResult | None = None
        self.setWindowTitle(self.tr("导入单位报送的工作台账"))
        self.resize(1100, 680)

        add_files = QPushButton(self.tr("选择文件(&F)…"))
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton(self.tr("选择文件夹(&D)…"))
        add_folder.clicked.connect(self.choose_folder)
        # The current reporting period first (the window lists it first): a past period's file is
        # then refused by default, not taken for this period's report.
        self.period_combo = PeriodCombo([*period_codes, ANY_PERIOD])   # selects the first code given
        self.period_combo.currentTextChanged.connect(lambda _t: self.recheck())
        self.replace_closed = QCheckBox(self.tr("允许改动已结束周期的填报"))
        self.replace_closed.setToolTip(self.tr("不勾选时,会改动已结束周期已有填报的台账一律拒收"))
        self.replace_closed.toggled.connect(lambda _c: self.recheck())
        top = QHBoxLayout()
        top.addWidget(add_files)
        top.addWidget(add_folder)
        top.addStretch()
        top.addWidget(QLabel(self.tr("只接受周期:")))
        top.addWidget(self.period_combo)
        top.addWidget(self.replace_closed)

        self.summary = QLabel(
            self.tr("选择或拖入单位报送的台账文件(.xlsx / .xls / .ods / .et),可以一次选择整个文件夹。"))
        self.summary.setWordWrap(True)
        self.files_model = LedgerFileModel(self)
        self.files = ColumnTableView(self.files_model, stretch="note", widths={"file": 260})
        self.files.selectionModel().currentRowChanged.connect(lambda current, _: self.show_file(current.row()))
        self.details_model = LedgerChangeModel(self)
        # Each cell's tooltip holds its whole text, however narrow the column.
        self.details = ColumnTableView(self.details_model, stretch="progress",
                                       widths={"task": 260, "before": 110, "after": 130})
        self.details.setWordWrap(False)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.messages.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.details)
        lower.addWidget(self.messages)
        lower.setSizes([780, 320])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.files)
        splitter.addWidget(lower)
        splitter.setSizes([380, 260])

        self.buttons = self.action_buttons(self.tr("导入(&I)"), self.start_import,
                                           close=QDialogButtonBox.StandardButton.Close)
        self.import_button = self.action_button
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # --- choosing files ---------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择台账文件"), "",
                                                self.tr("表格文件 (*.xlsx *.xls *.xlsm *.ods *.et);;所有文件 (*)"))
        if paths:
            self.add_paths([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择台账所在文件夹"))
        if folder:
            self.add_paths([Path(folder)])

    def files_dropped(self, paths: list[Path]) -> None:
        self.add_paths(paths)

    def add_paths(self, paths: list[Path]) -> None:
        self.paths = list(dict.fromkeys(self.paths + paths))
        self.recheck()

    def _period(self) -> str | None:
        period = self.period_combo.period() if self.period_combo.currentText() != ANY_PERIOD else None
        return period.code if period else None

    # --- checking --------------------------------------------------------------------------

    def recheck(self) -> None:
        if not self.paths:
            return
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("正在检查……"))
        self.run_job(check_submissions_job, self.paths, self._period(), self.replace_closed.isChecked(),
                     title=self.tr("正在检查台账……"),
                     done=self.show_result, failed=self.show_failure)

    def show_failure(self, message: str) -> None:
        self.summary.setText(f"<span style='color:#c62828'>{message}</span>")
        self.checked.emit()

    def show_result(self, result: BatchResult) -> None:
        self.result = result
        verdicts = result.verdicts
        self.files_model.set_rows(verdicts)
        importable = sum(v.importable for v in verdicts)
        self.summary.setText(self.tr("共 {n} 个文件:可导入 {ok} 个,拒收 {bad} 个,已导入过 {old} 个;"
                                     "导入后将新增进展 {add} 条,修改 {change} 条。选中一行查看将要改动的内容。").format(
            n=len(verdicts), ok=importable, bad=result.count(REJECTED), old=result.count(ALREADY),
            add=result.entries_added, change=result.entries_changed))
        self.import_button.setEnabled(importable > 0)
        if verdicts:
            self.files.selectRow(0)
            self.show_file(0)
        self.checked.emit()

    def show_file(self, row: int) -> None:
        verdict = self.files_model.row(row)
        if verdict is None:
            return
        self.details_model.set_rows(verdict.changes)
        self.messages.setText("<br>".join(verdict.messages) or self.tr("没有问题"))

    # --- importing -----------------------------------------------------------------------

    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self.run_job(import_submissions_job, self.paths, self._period(), self.operator,
                     self.replace_closed.isChecked(), title=self.tr("正在导入台账……"), done=self._imported,
                     failed=self.show_failure)

    def _imported(self, result: BatchResult) -> None:
        self.result = result
        self.imported.emit(result)
        self.accept()
