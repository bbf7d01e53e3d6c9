"""Importing a notice from the window: choose or drop a file, review the preview, settle names, import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.notice_formats import NOTICE_FORMATS_TEXT, NOTICE_SUFFIXES
from duchaban.core.plan import ParseHints
from duchaban.core.roles import LABEL_MEANINGS
from duchaban.core.unit_matching import AMBIGUOUS, NEAR, NEW, USER
from duchaban.services.plan_import import NoticeOutline, PlanPreview
from duchaban.store.plans import PlanImportResult
from duchaban.ui.dialogs.job_dialog import FileJobDialog
from duchaban.ui.jobs import commit_plan_job, notice_outline_job, preview_plan_job
from duchaban.ui.models.plan_message_table import PlanMessageModel
from duchaban.ui.views.table_view import ColumnTableView

NEW_UNIT = "(新建单位)"
STATUS_TEXT = {NEAR: "近似名称", NEW: "新单位", AMBIGUOUS: "需要指定", USER: "已指定"}


class PlanImportDialog(FileJobDialog):
    """Emits ``imported(result)`` after a successful import."""

    imported = Signal(object)
    previewReady = Signal()
    outlineReady = Signal()

    def __init__(self, db_path: Path, unit_names: list[str], operator: str | None, parent=None):
        super().__init__(db_path, parent)
        self.unit_names = unit_names
        self.operator = operator
        self.notice: Path | None = None
        self.preview: PlanPreview | None = None
        self.decisions: dict[str, str] = {}
        self.error: str | None = None
        self.removal_box: QMessageBox | None = None
        self.hints: ParseHints | None = None
        self.another_plan = False
        self.setWindowTitle(self.tr("导入目标任务分解方案"))
        self.resize(1200, 720)
        self._build()

    def _build(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(
            self.tr("选择或拖入分解方案文件({formats})").format(formats=NOTICE_FORMATS_TEXT))
        browse = QPushButton(self.tr("选择文件(&O)…"))
        browse.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("文件:")))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)

        self.summary = QLabel(self.tr("尚未选择文件"))
        self.summary.setWordWrap(True)
        # Shown only when the year already has a plan under another number: the user says which it is.
        self.another_plan_box = QCheckBox(self.tr("这是同一年度的另一份方案(不是已有方案漏写或写错文号的副本)"))
        self.another_plan_box.setVisible(False)
        self.another_plan_box.toggled.connect(self._another_plan_toggled)
        self.accept_suggestions = QPushButton(self.tr("按建议确认近似名称"))
        self.accept_suggestions.setToolTip(self.tr("把每个“近似名称”对应到右侧建议的单位;新单位仍须逐个选择"))
        self.accept_suggestions.clicked.connect(self.accept_near_names)
        self.accept_suggestions.setVisible(False)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("解析结果"), self.tr("牵头单位"), self.tr("完成时限"), self.tr("责任领导")])
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 110)
        self.tree.setColumnWidth(2, 150)
        self.messages_model = PlanMessageModel(self)
        self.messages = ColumnTableView(self.messages_model, stretch="source")
        self.messages.horizontalHeader().setSectionResizeMode(self.messages_model.column("message"),
                                                              QHeaderView.ResizeMode.Stretch)
        self.names = QTableWidget(0, 3)
        self.names.setHorizontalHeaderLabels([self.tr("原文写法"), self.tr("情况"), self.tr("对应单位")])
        self.names.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.names.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.side = QTabWidget()
        self.side.addTab(self.messages, self.tr("提示"))
        self.side.addTab(self.names, self.tr("单位名称"))
        self.guide = self._build_guide()
        self.side.addTab(self.guide, self.tr("手动指定"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.side)
        splitter.setSizes([520, 680])

        self.buttons = self.action_buttons(self.tr("导入(&I)"), self.start_import,
                                           close=QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.action_button

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        checks = QHBoxLayout()
        checks.addWidget(self.another_plan_box)
        checks.addStretch(1)
        checks.addWidget(self.accept_suggestions)
        layout.addLayout(checks)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _build_guide(self) -> QWidget:
        """The guided import: which numbering marks a task, what each label word names."""
        page = QWidget()
        hint = QLabel(self.tr("如果没有读出任务或单位,请指定哪种编号是任务、哪些标签后面写的是单位,然后重新预览。"))
        hint.setWordWrap(True)
        self.numbering = QComboBox()
        self.numbering.addItem(self.tr("自动判断"), None)
        self.label_table = QTableWidget(0, 3)
        self.label_table.setHorizontalHeaderLabels([self.tr("原文标签"), self.tr("出现次数"), self.tr("含义")])
        self.label_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.label_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.source_text = QPlainTextEdit()
        self.source_text.setReadOnly(True)
        self.guide_button = QPushButton(self.tr("按指定重新预览(&R)"))
        self.guide_button.clicked.connect(self.apply_guide)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("任务的编号:")))
        row.addWidget(self.numbering, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.label_table)
        layout.addWidget(self.source_text, 1)
        layout.addWidget(self.guide_button)
        return page

    def load_outline(self) -> None:
        if self.notice is not None:
            self.run_job(notice_outline_job, self.notice, done=self.show_outline, failed=lambda _m: None)

    def show_outline(self, outline: NoticeOutline) -> None:
        chosen = self.hints.task_numbering if self.hints else None
        self.numbering.clear()
        self.numbering.addItem(self.tr("自动判断"), None)
        for code, sample in (("arabic", "1. 2. 3."), ("paren", "(一)(二)(三)"), ("part", "一、二、三、")):
            self.numbering.addItem(self.tr("{sample}(共 {n} 行)").format(sample=sample, n=outline.numberings[code]),
                                   code)
        self.numbering.setCurrentIndex(max(0, self.numbering.findData(chosen)))
        said = dict(self.hints.labels) if self.hints else {}
        self.label_table.setRowCount(len(outline.labels))
        for row, (word, count, field) in enumerate(outline.labels):
            self.label_table.setItem(row, 0, QTableWidgetItem(word))
            self.label_table.setItem(row, 1, QTableWidgetItem(str(count)))
            combo = QComboBox()
            combo.addItem(self.tr("不是单位或时限"), None)
            for code, text in LABEL_MEANINGS.items():
                combo.addItem(self.tr(text), code)
            combo.setCurrentIndex(max(0, combo.findData(said.get(word, field))))
            self.label_table.setCellWidget(row, 2, combo)
        self.source_text.setPlainText("\n".join(f"{i:>4}  {line}" for i, line in enumerate(outline.lines[:5000], 1)))
        self.side.setCurrentWidget(self.guide)
        if self.preview is None and self.error:
            guide = self.tr("请在右侧“手动指定”中说明哪种编号是任务、哪些标签写的是单位,再重新预览。")
            self.summary.setText(f"<span style='color:#c62828'>{self.error}</span><br>{guide}")
        self.outlineReady.emit()

    def set_label_meaning(self, word: str, field: str | None) -> None:
        """What a label word names (lead, responsible, … or None): the guide's combo for it."""
        for row in range(self.label_table.rowCount()):
            if self.label_table.item(row, 0).text() == word:
                combo = self.label_table.cellWidget(row, 2)
                combo.setCurrentIndex(combo.findData(field))
                return
        raise KeyError(word)

    def apply_guide(self) -> None:
        """Preview again with what the user marked."""
        labels = []
        for row in range(self.label_table.rowCount()):
            field = self.label_table.cellWidget(row, 2).currentData()
            if field is not None:
                labels.append((self.label_table.item(row, 0).text(), field))
        self.hints = ParseHints(self.numbering.currentData(), tuple(labels))
        self.refresh_preview()

    # --- choosing the file -----------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择分解方案"), "",
            self.tr("分解方案 ({patterns});;所有文件 (*)").format(
                patterns=" ".join("*" + suffix for suffix in NOTICE_SUFFIXES)))
        if path:
            self.set_notice(Path(path))

    def files_dropped(self, paths: list[Path]) -> None:
        if paths:
            self.set_notice(paths[0])

    def set_notice(self, path: Path) -> None:
        self.notice = path
        self.decisions = {}
        self.hints = None
        self.another_plan = False
        self.another_plan_box.setChecked(False)
        self.path_edit.setText(str(path))
        self.refresh_preview()

    # --- preview ---------------------------------------------------------------------

    def refresh_preview(self) -> None:
        if self.notice is None:
            return
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("正在读取……"))
        self.run_job(preview_plan_job, self.notice, dict(self.decisions), None, self.hints, self.another_plan,
                     done=self.show_preview, failed=self.show_failure)

    def _another_plan_toggled(self, checked: bool) -> None:
        if checked != self.another_plan:
            self.another_plan = checked
            self.refresh_preview()

    def show_failure(self, message: str) -> None:
        self.preview, self.error = None, message
        self.tree.clear()
        self.messages_model.set_rows([])
        self.names.setRowCount(0)
        self.summary.setText(f"<span style='color:#c62828'>{message}</span>")
        self.import_button.setEnabled(False)
        self.previewReady.emit()
        self.load_outline()

    def show_preview(self, preview: PlanPreview) -> None:
        self.preview, self.error = preview, None
        parsed = preview.parsed
        parts = sum(1 for s in parsed.sections if s.level == 1)
        review = [m for m in preview.matches.values() if m.needs_review or m.status == USER]
        text = self.tr("《{title}》{doc} · {parts} 个部分,{subs} 个子部分,{tasks} 项任务 · 提示 {notes} 条").format(
            title=parsed.title, doc=parsed.doc_number, parts=parts, subs=len(parsed.sections) - parts,
            tasks=len(parsed.tasks), notes=len(preview.messages()))
        if preview.already_imported:
            text += "<br>" + self.tr("这个文件已经导入过;再次导入不会改动数据库。")
        if preview.needs_confirmation:
            removing = self.tr("注意:新版方案{summary},导入时需要确认").format(summary=preview.removals.summary())
            text += f"<br><span style='color:#c62828'>{removing}</span>"
        if not preview.can_import:
            blocked = self.tr("有错误或需要指定的单位名称,处理后才能导入")
            text += f"<br><span style='color:#c62828'>{blocked}</span>"
        undecided = self.undecided_names(preview)
        if preview.can_import and undecided:
            ask = self.tr("{names}与名录中的单位相近:请在“单位名称”中选择是哪个单位,或选择新建").format(
                names="、".join(f"“{n}”" for n in undecided))
            text += f"<br><span style='color:#c62828'>{ask}</span>"
        self.summary.setText(text)
        self.another_plan_box.setVisible(bool(preview.same_year))
        self.accept_suggestions.setVisible(any(m.status == NEAR for m in preview.matches.values()))
        self._fill_tree(preview)
        self._fill_messages(preview)
        self._fill_names(review)
        self.side.setTabText(0, self.tr("提示({n})").format(n=self.messages_model.rowCount()))
        self.side.setTabText(1, self.tr("单位名称({n})").format(n=self.names.rowCount()))
        self.import_button.setEnabled(preview.can_import and not undecided)
        self.previewReady.emit()
        if not any(task.unit_names() for task in parsed.tasks):
            self.load_outline()  # nothing names a unit: the user may have to say which labels do

    def _fill_tree(self, preview: PlanPreview) -> None:
        self.tree.clear()
        items: dict[tuple[int, ...], QTreeWidgetItem] = {}
        for section in preview.parsed.sections:
            parent = items.get(section.path[:-1])
            item = QTreeWidgetItem([f"{section.numeral}{section.title}"])
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[section.path] = item
        for task in preview.parsed.tasks:
            lead = preview.canonical(task.lead) if task.lead else ""
            item = QTreeWidgetItem([f"{task.number}. {task.text}", lead, self._deadline(task), "、".join(task.leaders)])
            item.setToolTip(0, task.text)
            parent = items.get(task.section_path)
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
        self.tree.expandToDepth(0)

    def _deadline(self, task) -> str:
        """The deadline as written and what it was read as: 6月底前 → 2021-06-30, 长期坚持 → 长期."""
        if not task.deadline_text:
            return ""
        if task.deadline_ongoing:
            return self.tr("{text}(长期)").format(text=task.deadline_text)
        if task.deadline is None:
            return self.tr("{text}(未能识别)").format(text=task.deadline_text)
        return f"{task.deadline_text} → {task.deadline.isoformat()}"

    def _fill_messages(self, preview: PlanPreview) -> None:
        self.messages_model.load(preview.messages(), preview.source.lines)

    def _fill_names(self, matches) -> None:
        self.names.setRowCount(len(matches))
        for row, match in enumerate(matches):
            self.names.setItem(row, 0, QTableWidgetItem(match.written))
            self.names.setItem(row, 1, QTableWidgetItem(STATUS_TEXT[match.status]))
            combo = QComboBox()
            combo.setEditable(True)
            # The directory's closest units first, then 新建: a new unit is chosen, never fallen into.
            choices = [*match.candidates, NEW_UNIT, *[n for n in self.unit_names if n not in match.candidates]]
            combo.addItems(choices)
            decided = self.decisions.get(match.written)
            if decided is not None:
                combo.setCurrentText(NEW_UNIT if decided == match.written else decided)
            elif match.status == AMBIGUOUS or (match.status == NEW and match.candidates):
                self._ask(combo, self.tr("请选择:已有单位或新建") if match.status == NEW else self.tr("请选择"))
            elif match.status == NEAR:
                # A close spelling is a guess until the user says so.
                self._ask(combo, self.tr("请确认:是“{unit}”吗?").format(unit=match.canonical))
            elif match.status == NEW or match.canonical == match.written:
                combo.setCurrentText(NEW_UNIT)
            else:
                combo.setCurrentText(match.canonical)
            combo.activated.connect(lambda _i, w=match.written, c=combo: self.decide(w, c.currentText()))
            self.names.setCellWidget(row, 2, combo)

    @staticmethod
    def _ask(combo: QComboBox, question: str) -> None:
        """Nothing chosen yet, and the question shown in the box (an editable combo shows its line
        edit's placeholder, not its own)."""
        combo.setCurrentIndex(-1)
        combo.setPlaceholderText(question)
        combo.lineEdit().setPlaceholderText(question)

    def undecided_names(self, preview: PlanPreview) -> list[str]:
        """Names the user has not yet ruled on: close spellings taken for a unit, and new names with
        similar units in the directory."""
        return [m.written for m in preview.matches.values()
                if (m.status == NEAR or (m.status == NEW and m.candidates)) and m.written not in self.decisions]

    def accept_near_names(self) -> None:
        """Every close spelling stands for the unit suggested for it (one click for the common case)."""
        if self.preview is None:
            return
        for match in self.preview.matches.values():
            if match.status == NEAR and match.written not in self.decisions:
                self.decisions[match.written] = match.canonical
        self.refresh_preview()

    def decide(self, written: str, choice: str) -> None:
        """The user chose what a written name means: an existing unit, or a new unit."""
        choice = choice.strip()
        if not choice:
            return
        self.decisions[written] = written if choice == NEW_UNIT else choice
        self.refresh_preview()

    # --- import ----------------------------------------------------------------------

    def start_import(self) -> None:
        if self.preview is None or not self.preview.can_import or self.undecided_names(self.preview):
            return
        if self.preview.needs_confirmation:
            self.ask_removals(self.preview)
            return
        self.commit(confirm_removals=False)

    def ask_removals(self, preview: PlanPreview) -> None:
        """List what the revision removes; the import goes on only after an explicit yes."""
        lines = preview.removals.lines()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("确认删除"),
                          self.tr("新版方案{summary}。确定导入吗?").format(summary=preview.removals.summary()),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        shown = "\n".join(lines[:15]) + ("\n……" if len(lines) > 15 else "")
        box.setInformativeText(shown)
        box.setDetailedText("\n".join(lines))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("确认删除并导入"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("不导入"))
        box.finished.connect(lambda _result: self._removals_answered(
            box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes))
        self.removal_box = box
        box.open()

    def _removals_answered(self, yes: bool) -> None:
        self.removal_box = None
        if yes:
            self.commit(confirm_removals=True)

    def commit(self, *, confirm_removals: bool) -> None:
        self.import_button.setEnabled(False)
        self.run_job(commit_plan_job, self.notice, dict(self.decisions), None, self.operator, confirm_removals,
                     self.hints, self.another_plan,
                     title=self.tr("正在导入分解方案……"), done=self._imported, failed=self.show_failure)

    def _imported(self, result: PlanImportResult) -> None:
        self.result = result
        self.imported.emit(result)
        self.accept()
