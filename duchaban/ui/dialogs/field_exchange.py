"""外勤交换: export what this laptop recorded since its last package, or merge a package from the field,
choosing side by side for every record edited in both places."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.field_names import table_label
from duchaban.store.field_sync import describe_differences
from duchaban.ui.dialogs.job_dialog import FileJobDialog

CHOICES = (("local", "保留本机"), ("incoming", "采用交换包"))


def _buckets(bucket: dict) -> str:
    return "、".join(f"{table_label(t)} {n}" for t, n in bucket.items()) or "无"


class FieldExchangeDialog(FileJobDialog):
    exported = Signal(object)
    previewed = Signal(object)
    imported = Signal(object)

    def __init__(self, db_path: Path, *, operator: str | None, folder: Path, last_export: str | None = None,
                 parent=None):
        """``last_export``: when this database last wrote a package (UTC ISO), where the next one starts."""
        super().__init__(db_path, parent)
        self.operator, self.folder, self.last_export = operator, Path(folder), last_export
        self.report = None
        self.setWindowTitle(self.tr("外勤交换包"))
        self.resize(860, 400)      # grows when a package brings records edited on both sides
        self.tabs = QTabWidget()
        self.tabs.addTab(self._export_tab(), self.tr("导出(外勤笔记本)"))
        self.tabs.addTab(self._import_tab(), self.tr("导入(办公室)"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)

    # --- export -------------------------------------------------------------------

    def _export_tab(self) -> QWidget:
        page = QWidget()
        self.mode_since_last = QRadioButton(self.tr("自上次导出以来在本机新增或修改的记录(推荐)"))
        self.mode_everything = QRadioButton(self.tr("全部记录"))
        self.mode_since_time = QRadioButton(self.tr("自指定时间起修改的记录:"))
        self.mode_since_time.setToolTip(self.tr("按每条记录上记的修改时间挑选。各台电脑的时钟不一致时可能漏掉记录,"
                                                "一般请用“自上次导出以来”"))
        self.mode_since_last.setChecked(True)
        start = (QDateTime.fromString(self.last_export, Qt.DateFormat.ISODate).toLocalTime() if self.last_export
                 else QDateTime.currentDateTime().addDays(-7))
        self.since = QDateTimeEdit(start)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.since.setEnabled(False)
        self.mode_since_time.toggled.connect(self.since.setEnabled)
        timed = QHBoxLayout()
        timed.addWidget(self.mode_since_time)
        timed.addWidget(self.since)
        timed.addStretch(1)
        self.include_confidential = QCheckBox(self.tr("包含暗访检查(保密)"))
        self.export_path = QLineEdit(str(self.folder / f"外勤交换-{datetime.now():%Y%m%d-%H%M}.dcbx"))
        export = QPushButton(self.tr("导出"))
        export.clicked.connect(self.export)
        last = (self.tr("本机上次导出交换包:{t}。").format(t=self.since.dateTime().toString("yyyy-MM-dd HH:mm"))
                if self.last_export else
                self.tr("本机还没有导出过交换包:第一次导出包含全部记录,办公室合并时相同的记录不会重复。"))
        explain = QLabel(self.tr("导出在本机记录或修改的督查、问题、跟踪、销号、佐证材料和删除记录。"
                                 "按本机的修改顺序号选取,不依赖电脑时钟;办公室可重复导入同一个交换包。") + last)
        explain.setWordWrap(True)
        form = QFormLayout(page)
        form.addRow(explain)
        form.addRow(self.tr("导出"), self.mode_since_last)
        form.addRow("", self.mode_everything)
        form.addRow("", timed)
        form.addRow("", self.include_confidential)
        form.addRow(self.tr("保存为"), self.export_path)
        form.addRow("", export)
        return page

    def since_iso(self) -> str:
        local = self.since.dateTime().toPython().astimezone()
        return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def export_choice(self) -> tuple[str | None, bool]:
        """(since time or None, everything)."""
        if self.mode_since_time.isChecked():
            return self.since_iso(), False
        return None, self.mode_everything.isChecked()

    def export(self):
        from duchaban.ui.jobs import export_field_job

        since, everything = self.export_choice()
        return self.run_job(export_field_job, since, everything, Path(self.export_path.text()),
                            self.include_confidential.isChecked(), self.operator, title=self.tr("正在导出……"),
                            done=self._on_exported, failed=self._warn)

    def _on_exported(self, manifest: dict) -> None:
        counts = manifest["counts"]
        QMessageBox.information(self, self.windowTitle(), self.tr(
            "已导出:督查 {i} 次,问题 {f} 个,跟踪 {u} 条,销号 {c} 条,佐证 {e} 份,删除记录 {d} 条。").format(
            i=counts["inspections"], f=counts["findings"], u=counts["followups"], c=counts["close_outs"],
            e=counts["evidence"], d=counts.get("tombstones", 0)))
        self.exported.emit(manifest)

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), message)

    # --- import -------------------------------------------------------------------

    def _import_tab(self) -> QWidget:
        page = QWidget()
        self.package_path = QLineEdit()
        self.package_path.setPlaceholderText(self.tr("选择或拖入 .dcbx 交换包"))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._choose_package)
        row = QHBoxLayout()
        row.addWidget(self.package_path, 1)
        row.addWidget(browse)
        self.summary = QLabel(self.tr(
            "选择或拖入外勤笔记本导出的 .dcbx 交换包:先列出将新增、更新、删除的记录;两边都修改过的记录列在下表,"
            "逐条选择保留本机还是采用交换包,然后合并。同一个交换包可以重复导入,不会产生重复记录。"))
        self.summary.setWordWrap(True)
        self.conflicts = QTableWidget(0, 3)
        # Shown only when there are records edited in both places: an empty grid says nothing.
        self.conflicts.setVisible(False)
        self.conflicts.setHorizontalHeaderLabels([self.tr("两边都修改过的记录"), self.tr("差异(本机 / 交换包)"),
                                                  self.tr("处理")])
        header = self.conflicts.horizontalHeader()
        header.setMinimumSectionSize(120)
        header.resizeSection(0, 260)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts.setWordWrap(True)
        self.import_button = QPushButton(self.tr("合并到本数据库"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.merge)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflicts, 10)
        layout.addStretch(1)
        layout.addWidget(self.import_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _choose_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择交换包"), str(self.folder),
                                              self.tr("督查办交换包 (*.dcbx)"))
        if path:
            self.preview(Path(path))

    def files_dropped(self, paths: list[Path]) -> None:
        if paths:
            self.tabs.setCurrentIndex(1)
            self.preview(paths[0])

    def preview(self, path: Path):
        from duchaban.ui.jobs import preview_field_job

        self.package_path.setText(str(path))
        self.import_button.setEnabled(False)
        return self.run_job(preview_field_job, path, done=self._on_previewed, failed=self._on_preview_failed)

    def _on_preview_failed(self, message: str) -> None:
        self.summary.setText(message)
        self._warn(message)

    def _on_previewed(self, report) -> None:
        self.report = report
        self.summary.setText(self.tr(
            "将新增:{a};将更新:{u};将删除:{d};保留本机修改:{k};已有且相同:{s};冲突 {c} 处。").format(
            a=_buckets(report.inserted), u=_buckets(report.updated), d=_buckets(report.deleted),
            k=_buckets(report.kept_local), s=_buckets(report.unchanged), c=len(report.conflicts)))
        self.conflicts.setRowCount(len(report.conflicts))
        self.conflicts.setVisible(bool(report.conflicts))
        if report.conflicts:
            self.resize(max(self.width(), 900), max(self.height(), 600))
        for row, conflict in enumerate(report.conflicts):
            self.conflicts.setItem(row, 0, QTableWidgetItem(conflict.label))
            self.conflicts.setItem(row, 1, QTableWidgetItem(describe_differences(conflict)))
            choice = QComboBox()
            choice.addItem(self.tr("请选择"), None)
            for code, label in CHOICES:
                choice.addItem(self.tr(label), code)
            choice.currentIndexChanged.connect(lambda _i: self._update_button())
            self.conflicts.setCellWidget(row, 2, choice)
        self.conflicts.resizeRowsToContents()
        self._update_button()
        self.previewed.emit(report)

    def decisions(self) -> dict[str, str]:
        chosen = {}
        for row, conflict in enumerate(self.report.conflicts if self.report else []):
            code = self.conflicts.cellWidget(row, 2).currentData()
            if code:
                chosen[conflict.uuid] = code
        return chosen

    def _update_button(self) -> None:
        ready = self.report is not None and len(self.decisions()) == len(self.report.conflicts)
        self.import_button.setEnabled(ready and (self.report.changed or bool(self.report.conflicts)))

    def merge(self):
        from duchaban.ui.jobs import import_field_job

        self.import_button.setEnabled(False)
        return self.run_job(import_field_job, Path(self.package_path.text()), self.decisions(), self.operator,
                            title=self.tr("正在合并……"), done=self._on_imported, failed=self._warn)

    def _on_imported(self, report) -> None:
        self.summary.setText(self.tr("已合并:新增 {a};更新 {u};删除 {d}。").format(
            a=_buckets(report.inserted), u=_buckets(report.updated), d=_buckets(report.deleted)))
        self.report = None
        self.conflicts.setRowCount(0)
        self.conflicts.setVisible(False)
        self.imported.emit(report)
