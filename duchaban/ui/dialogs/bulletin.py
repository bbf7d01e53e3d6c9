"""The bulletin dialog: draft a period's bulletin, edit its wording, issue it (第N期); list the
issued ones and write any of them again from its frozen snapshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.bulletin_figures import ledger_tally, overview
from duchaban.core.bulletin_wording import PASSAGES, issue_name
from duchaban.core.status import STATUS_LABELS
from duchaban.formats.pdf_convert import libreoffice_program
from duchaban.ui.dialogs.job_dialog import JobDialog
from duchaban.ui.dialogs.ledger_export import PeriodCombo
from duchaban.ui.models.bulletin_table import BulletinTableModel
from duchaban.ui.views.table_view import ColumnTableView


class BulletinDialog(JobDialog):
    """Two tabs: 新通报 (draft, edit, issue) and 已发布 (the issued ones)."""

    drafted = Signal(object)
    issued = Signal(object)
    reissued = Signal(object)

    def __init__(self, db_path: Path, *, plan_id: int, period_codes: list[str], bulletins: list[dict],
                 folder: Path, operator: str | None, parent=None):
        super().__init__(db_path, parent)
        self.setWindowTitle(self.tr("督查通报"))
        self.resize(980, 660)
        self.plan_id, self.operator, self.folder = plan_id, operator, Path(folder)
        self.draft = None
        self._original: dict[str, str] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self._new_tab(period_codes), self.tr("新通报"))
        self.tabs.addTab(self._issued_tab(bulletins), self.tr("已发布"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)

    # --- new bulletin -------------------------------------------------------------

    def _new_tab(self, period_codes: list[str]) -> QWidget:
        page = QWidget()
        self.period_combo = PeriodCombo(period_codes)
        self.include_confidential = QCheckBox(self.tr("包含暗访检查(保密)发现的问题"))
        # A special-topic bulletin (专项通报) shares the numbering but not the one-per-period rule.
        self.special_check = QCheckBox(self.tr("专项通报"))
        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText(self.tr("专项通报标题"))
        self.topic_edit.setEnabled(False)
        self.special_check.toggled.connect(self.topic_edit.setEnabled)
        self.draft_button = QPushButton(self.tr("生成草稿"))
        self.draft_button.clicked.connect(self.make_draft)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("通报周期")), self.period_combo, self.include_confidential, self.special_check,
                       self.topic_edit):
            top.addWidget(widget)
        top.addStretch()
        top.addWidget(self.draft_button)

        self.heading = QLabel(self.tr("选择周期后点“生成草稿”:数字取自数据库,文字可逐段修改。"))
        self.heading.setWordWrap(True)
        self.passages = QListWidget()
        for label in PASSAGES.values():
            self.passages.addItem(label)
        self.passages.currentRowChanged.connect(self._show_passage)
        self.editor = QPlainTextEdit()
        self.editor.textChanged.connect(self._store_passage)
        self.restore_button = QPushButton(self.tr("恢复本段草稿"))
        self.restore_button.clicked.connect(self._restore_passage)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor)
        right_layout.addWidget(self.restore_button, alignment=Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter()
        splitter.addWidget(self.passages)
        splitter.addWidget(right)
        splitter.setSizes([180, 760])

        self.out_edit = QLineEdit()
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._choose_file)
        self.pdf_check = QCheckBox(self.tr("同时生成 PDF"))
        has_office = libreoffice_program() is not None
        self.pdf_check.setEnabled(has_office)
        self.pdf_check.setToolTip(self.tr("用 LibreOffice 转换") if has_office
                                  else self.tr("未安装 LibreOffice,可在 Word/WPS 中另存为 PDF"))
        self.issue_button = QPushButton(self.tr("发布并保存…"))
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self.issue)
        bottom = QHBoxLayout()
        for widget in (QLabel(self.tr("保存为")), self.out_edit):
            bottom.addWidget(widget)
        bottom.setStretchFactor(self.out_edit, 1)
        for widget in (browse, self.pdf_check, self.issue_button):
            bottom.addWidget(widget)

        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._set_editing(False)
        return page

    def _set_editing(self, enabled: bool) -> None:
        for widget in (self.passages, self.editor, self.restore_button, self.issue_button):
            widget.setEnabled(enabled)

    def make_draft(self):
        from duchaban.ui.jobs import draft_bulletin_job

        period = self.period_combo.period()
        if period is None:
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("无法识别的通报周期“{p}”").format(p=self.period_combo.currentText()))
            return None
        topic = self.topic_edit.text().strip() if self.special_check.isChecked() else None
        if self.special_check.isChecked() and not topic:
            QMessageBox.warning(self, self.windowTitle(), self.tr("请填写专项通报的标题"))
            return None
        self.draft_button.setEnabled(False)
        return self.run_job(draft_bulletin_job, self.plan_id, period.code, self.include_confidential.isChecked(),
                            topic, done=self._on_drafted, failed=self._on_draft_failed)

    def _on_draft_failed(self, message: str) -> None:
        self.draft_button.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), message)

    def _on_drafted(self, draft) -> None:
        self.draft_button.setEnabled(True)
        self.draft = draft
        self._original = dict(draft.wording)
        snapshot = draft.snapshot
        tally, ledgers = overview(snapshot["tasks"]), ledger_tally(snapshot["units"])
        counts = "、".join(f"{STATUS_LABELS[c]} {n}" for c, n in tally.counts.items() if n)
        text = self.tr("<b>{h}</b>(截至 {d}):任务 {t} 项,{c};台账应报 {e} 个单位,未报 {m} 个,逾期 {l} 个。").format(
            h=draft.heading, d=snapshot["measured_on"], t=tally.total, c=counts, e=ledgers["expected"],
            m=ledgers["missing"], l=ledgers["late"])
        if snapshot["include_confidential"]:
            text += self.tr("<br><span style='color:#c62828'>本通报包含暗访检查(保密)发现的问题。</span>")
        if draft.replaces:
            text += self.tr("<br><span style='color:#e65100'>本周期已印发第{n}期;发布本稿即重新印发,"
                            "替代第{n}期。</span>").format(n=draft.replaces["issue_no"])
        self.heading.setText(text)
        self.out_edit.setText(str(self.folder / f"{issue_name(snapshot['year'], snapshot['issue_no'])}督查通报.docx"))
        self._set_editing(True)
        self.passages.setCurrentRow(-1)
        self.passages.setCurrentRow(0)
        self.drafted.emit(draft)

    def _key(self, row: int) -> str | None:
        return list(PASSAGES)[row] if 0 <= row < len(PASSAGES) else None

    def _show_passage(self, row: int) -> None:
        key = self._key(row)
        if self.draft is None or key is None:
            return
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.draft.wording[key])
        self.editor.blockSignals(False)

    def _store_passage(self) -> None:
        key = self._key(self.passages.currentRow())
        if self.draft is not None and key is not None:
            self.draft.wording[key] = self.editor.toPlainText()

    def _restore_passage(self) -> None:
        key = self._key(self.passages.currentRow())
        if self.draft is not None and key is not None:
            self.editor.setPlainText(self._original[key])

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存通报"), self.out_edit.text(),
                                              self.tr("Word 文档 (*.docx)"))
        if path:
            self.out_edit.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def issue(self):
        from duchaban.ui.jobs import issue_bulletin_job

        if self.draft is None:
            return None
        target = Path(self.out_edit.text().strip())
        if not self.out_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请选择通报的保存位置"))
            return None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)   # e.g. the default 督查通报 folder, on first use
        except OSError as error:
            QMessageBox.warning(self, self.windowTitle(), self.tr("无法创建文件夹:{e}").format(e=error))
            return None
        if not self.confirm_replace():
            return None
        if target.exists():
            answer = QMessageBox.question(self, self.windowTitle(),
                                          self.tr("“{f}”已存在,要覆盖吗?").format(f=target.name))
            if answer != QMessageBox.StandardButton.Yes:
                return None
        self.issue_button.setEnabled(False)
        return self.run_job(issue_bulletin_job, self.draft, target, self.operator, self.pdf_check.isChecked(),
                            title=self.tr("正在生成通报……"), done=self._on_issued, failed=self._on_issue_failed)

    def confirm_replace(self) -> bool:
        """One period, one bulletin: issuing a period again is a re-issue the user confirms by name."""
        standing = self.draft.replaces
        if standing is None:
            return True
        snapshot = self.draft.snapshot
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self, self.tr("重新印发通报"),
            self.tr("{p}已于 {d} 印发第{n}期通报,一个周期只印发一期。\n\n重新印发将以第{m}期替代第{n}期:"
                    "第{n}期的数字不再计入绩效考核,两期文件都保留在“已发布”中。\n\n确定重新印发吗?").format(
                p=snapshot["period"]["label"], d=standing["generated_at"][:10], n=standing["issue_no"],
                m=snapshot["issue_no"]), yes | no, no)
        self.draft.replace = answer == yes
        return self.draft.replace

    def _on_issue_failed(self, message: str) -> None:
        self.issue_button.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), message)

    def _on_issued(self, result) -> None:
        heading = self.draft.heading
        self.draft = None
        self._set_editing(False)
        self.heading.setText(self.tr("已发布{h}。如需再发一期,请重新生成草稿。").format(h=heading))
        lines = [self.tr("已发布{h}通报:").format(h=heading), str(result.docx), str(result.xlsx), *result.notes]
        QMessageBox.information(self, self.windowTitle(), "\n".join(lines))
        self.issued.emit(result)

    # --- issued bulletins ---------------------------------------------------------

    def _issued_tab(self, bulletins: list[dict]) -> QWidget:
        page = QWidget()
        self.issued_model = BulletinTableModel(self)
        self.issued_table = ColumnTableView(self.issued_model)
        self.issued_table.horizontalHeader().setStretchLastSection(True)
        self.reissue_button = QPushButton(self.tr("按原样重新输出…"))
        self.reissue_button.clicked.connect(self._choose_reissue)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("每期通报保存了生成时的数据快照和修改后的文字,重新输出的内容与发布时一致。")))
        layout.addWidget(self.issued_table)
        layout.addWidget(self.reissue_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.set_bulletins(bulletins)
        return page

    def set_bulletins(self, bulletins: list[dict]) -> None:
        self.bulletins = bulletins
        self.issued_table.set_rows(bulletins, key=lambda b: b["id"])
        self.reissue_button.setEnabled(bool(bulletins))

    def _choose_reissue(self) -> None:
        bulletin = self.issued_table.current()
        if bulletin is None:
            QMessageBox.information(self, self.windowTitle(), self.tr("请先选择一期通报"))
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("重新输出通报"),
                                              str(self.folder / (bulletin["docx_name"] or "通报.docx")),
                                              self.tr("Word 文档 (*.docx)"))
        if path:
            self.reissue(bulletin["id"], Path(path))

    def reissue(self, bulletin_id: int, target: Path):
        from duchaban.ui.jobs import reissue_bulletin_job

        return self.run_job(reissue_bulletin_job, bulletin_id, target, title=self.tr("正在输出通报……"),
                            done=self._on_reissued,
                            failed=lambda message: QMessageBox.warning(self, self.windowTitle(), message))

    def _on_reissued(self, result) -> None:
        QMessageBox.information(self, self.windowTitle(),
                                self.tr("已按原样输出:\n{d}\n{x}").format(d=result.docx, x=result.xlsx))
        self.reissued.emit(result)
