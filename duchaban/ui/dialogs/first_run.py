"""The first run on a new database (SPEC §9): the office's name and district, the unit directory,
the office's staff, then the year's notice. Every page can be opened again from the menus to change what it set."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from duchaban.core.errors import DuchabanError
from duchaban.core.notice_formats import NOTICE_FORMATS_TEXT
from duchaban.core.office import OFFICE_SUFFIX
from duchaban.core.staff_list import parse_staff_lines
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS, guess_kind, normalize_name
from duchaban.formats.directory_xlsx import import_directory, write_blank_directory
from duchaban.services.directory_entry import add_staff_list
from duchaban.services.district_setup import SAMPLE_DISTRICT, load_sample_directory, plan_count, unit_counts
from duchaban.store.backup import backup_if_changed
from duchaban.store.settings import office_or_none, set_office
from duchaban.store.unit_directory_file import load_directory_lines

if TYPE_CHECKING:
    from sqlite_utils import Database

ERROR_STYLE = "color:#c62828"


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def counts_text(counts: dict[str, int]) -> str:
    """部门 26 个、乡镇(街道) 33 个 … in the directory's order of kinds."""
    return "、".join(f"{KIND_LABELS[k]} {counts[k]} 个" for k in UNIT_KINDS if counts.get(k))


class OfficePage(QWizardPage):
    """本办名称: the district and the full name; the name follows the district until typed over."""

    def __init__(self, db: Database, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setTitle(self.tr("第一步:本办名称"))
        self.setSubTitle(self.tr("本办全称印在督查通报、整改通知书和督查记录表的落款处,须写明所在区县。"))
        self.district_edit = QLineEdit()
        self.district_edit.setPlaceholderText(self.tr("如:梁平区"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如:梁平区人民政府督查办公室"))
        self.error = _hint("")
        self.error.setStyleSheet(ERROR_STYLE)
        name, district = office_or_none(db)
        self.district_edit.setText(district or "")
        self.name_edit.setText(name or "")
        self._name_typed = bool(name)
        self.district_edit.textEdited.connect(self._district_edited)
        self.name_edit.textEdited.connect(self._name_edited)
        form = QFormLayout()
        form.addRow(self.tr("所在区县:"), self.district_edit)
        form.addRow(self.tr("本办全称:"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_hint(self.tr("只填区县名时,全称自动写为“区县名人民政府督查办公室”,可以修改。"
                                       "以后可在“文件→设置本区”中更改。")))
        layout.addWidget(self.error)
        layout.addStretch()

    def _district_edited(self, text: str) -> None:
        if not self._name_typed:
            district = text.strip()
            self.name_edit.setText(district + OFFICE_SUFFIX if district else "")
        self.error.clear()

    def _name_edited(self, _text: str) -> None:
        self._name_typed = True
        self.error.clear()

    def validatePage(self) -> bool:
        try:
            set_office(self.db, name=self.name_edit.text(), district=self.district_edit.text() or None,
                       who=self.operator)
        except DuchabanError as exc:
            self.error.setText(str(exc))
            return False
        return True


class DirectoryPage(QWizardPage):
    """单位名录: a blank workbook to fill and import, a pasted list, the sample district's, or later."""

    BLANK, PASTE, SAMPLE, LATER = range(4)

    def __init__(self, db: Database, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.imported_file: Path | None = None
        self.setTitle(self.tr("第二步:单位名录"))
        self.setSubTitle(self.tr("分解方案中的牵头、责任、配合单位按名录对应。选择一种方式建立名录,"
                                 "以后可在“名录”菜单中增删改、加别名。"))
        self.choice = QButtonGroup(self)
        self.blank_radio = QRadioButton(self.tr("下载空白名录表格(Excel),填好后导入"))
        self.paste_radio = QRadioButton(self.tr("粘贴单位名称,每行一个(按名称自动判断类别)"))
        self.sample_radio = QRadioButton(self.tr("使用示例区({district})的单位名录").format(district=SAMPLE_DISTRICT))
        self.later_radio = QRadioButton(self.tr("以后再设置"))
        for code, radio in enumerate((self.blank_radio, self.paste_radio, self.sample_radio, self.later_radio)):
            self.choice.addButton(radio, code)

        self.save_blank_button = QPushButton(self.tr("保存空白表格…"))
        self.save_blank_button.clicked.connect(self._choose_blank_target)
        self.import_button = QPushButton(self.tr("导入填好的表格…"))
        self.import_button.clicked.connect(self._choose_filled_file)
        blank_row = QHBoxLayout()
        blank_row.setContentsMargins(24, 0, 0, 0)
        blank_row.addWidget(self.save_blank_button)
        blank_row.addWidget(self.import_button)
        blank_row.addStretch()
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setPlaceholderText(self.tr("区发展改革委\n区财政局\n梁山街道\n工业园区管委会\n……"))
        self.paste_edit.textChanged.connect(self._paste_changed)
        self.paste_edit.setMaximumHeight(140)
        self.status = _hint("")

        layout = QVBoxLayout(self)
        existing = sum(unit_counts(db).values())
        if existing:
            self.later_radio.setText(self.tr("保留现有名录({n} 个单位)").format(n=existing))
        layout.addWidget(self.blank_radio)
        layout.addLayout(blank_row)
        layout.addWidget(self.paste_radio)
        layout.addWidget(self.paste_edit)
        layout.addWidget(self.sample_radio)
        layout.addWidget(self.later_radio)
        layout.addWidget(self.status)
        layout.addStretch()
        (self.later_radio if existing else self.blank_radio).setChecked(True)
        self.choice.idToggled.connect(lambda _id, _on: self._show(""))

    def _show(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    # --- the blank workbook ------------------------------------------------------------

    def _choose_blank_target(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白名录表格"), str(Path.home() / "单位名录.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.save_blank(Path(path))

    def save_blank(self, path: Path) -> None:
        self.blank_radio.setChecked(True)
        try:
            write_blank_directory(path)
        except OSError as exc:
            self._show(self.tr("无法保存“{path}”:{error}").format(path=path, error=exc), error=True)
            return
        self._show(self.tr("已保存“{name}”。在“单位”工作表中每行填一个单位(“填写说明”工作表有各列的写法),"
                           "保存后点“导入填好的表格”。").format(name=path.name))

    def _choose_filled_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入名录表格"), str(Path.home()),
                                              self.tr("Excel 工作簿 (*.xlsx *.xls)"))
        if path:
            self.import_filled(Path(path))

    def import_filled(self, path: Path) -> bool:
        self.blank_radio.setChecked(True)
        try:
            backup_if_changed(self.db, reason="import")
            result = import_directory(self.db, path, who=self.operator)
        except DuchabanError as exc:
            self._show(str(exc), error=True)
            return False
        self.imported_file = path
        text = self.tr("已导入“{name}”:新增单位 {n} 个,名录现有{counts}。").format(
            name=path.name, n=len(result.units_added), counts=counts_text(unit_counts(self.db)))
        if result.kinds_guessed:
            text += self.tr("以下单位未填类别,已按名称判断,请核对:{names}").format(
                names="、".join(result.kinds_guessed))
        self._show(text)
        return True

    # --- the pasted list -----------------------------------------------------------------

    def pasted_names(self) -> list[str]:
        return [n for n in (normalize_name(line) for line in self.paste_edit.toPlainText().splitlines()) if n]

    def _paste_changed(self) -> None:
        names = self.pasted_names()
        if names and not self.paste_radio.isChecked():
            self.paste_radio.setChecked(True)
        counts: dict[str, int] = {}
        guessed = []
        for name in names:
            kind = guess_kind(name)
            counts[kind] = counts.get(kind, 0) + 1
            guessed.append(f"{name}({KIND_LABELS[kind]})")
        # Each name with its guessed kind, so a wrong guess is seen before it is stored.
        self._show(self.tr("将加入:{counts}(类别按名称判断,请核对,可在名录中修改):{names}").format(
            counts=counts_text(counts), names="、".join(guessed)) if names else "")

    # --- going on ------------------------------------------------------------------------

    def validatePage(self) -> bool:
        choice = self.choice.checkedId()
        try:
            if choice == self.BLANK and self.imported_file is None:
                self._show(self.tr("请先保存空白表格、填好后点“导入填好的表格”,或选择其他方式。"), error=True)
                return False
            if choice in (self.PASTE, self.SAMPLE):
                backup_if_changed(self.db, reason="import")
            if choice == self.PASTE:
                if not self.pasted_names():
                    self._show(self.tr("请粘贴单位名称,每行一个。"), error=True)
                    return False
                load_directory_lines(self.db, self.paste_edit.toPlainText().splitlines(), who=self.operator)
            elif choice == self.SAMPLE:
                load_sample_directory(self.db, who=self.operator)
        except DuchabanError as exc:
            self._show(str(exc), error=True)
            return False
        return True


class StaffPage(QWizardPage):
    """本办工作人员: the people inspections, verifications and the operator are chosen from."""

    def __init__(self, db: Database, operator: str | None, parent=None):
        super().__init__(parent)
        self.db, self.operator = db, operator
        self.setTitle(self.tr("第三步:本办工作人员"))
        self.setSubTitle(self.tr("督查人员、整改核查人和操作人员都从这份名单中选择。"))
        self.existing_label = _hint("")
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(self.tr("王建国 主任\n李明 副主任\n赵丽\n……"))
        self.edit.textChanged.connect(self._changed)
        self.status = _hint("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.existing_label)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(_hint(self.tr("每行一人,可写“姓名 职务”。也可以先不填,点“下一步”;"
                                       "以后可在“名录→工作人员”中增删改、加别名。")))

    def initializePage(self) -> None:
        from duchaban.store.staff import list_staff

        names = [row["name"] for row in list_staff(self.db)]
        self.existing_label.setText(
            self.tr("名单中已有 {n} 人:{names}").format(n=len(names), names="、".join(names)) if names
            else self.tr("名单还是空的。"))

    def _changed(self) -> None:
        parsed = parse_staff_lines(self.edit.toPlainText())
        if parsed.problems:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText("\n".join(parsed.problems))
        else:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("共 {n} 人").format(n=len(parsed.people)) if parsed.people else "")

    def validatePage(self) -> bool:
        parsed = parse_staff_lines(self.edit.toPlainText())
        if parsed.problems:
            self._changed()
            return False
        if not parsed.people:
            return True
        try:
            result = add_staff_list(self.db, parsed.people, who=self.operator)
        except DuchabanError as exc:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(str(exc))
            return False
        self.status.setStyleSheet("")
        self.edit.clear()
        self.status.setText(result.to_text())
        self.initializePage()   # going back to this page shows who is on the list now
        return True


class NoticePage(QWizardPage):
    """本年度分解方案: handed over to the plan import dialog."""

    def __init__(self, db: Database, plan_dialog: Callable[[], object] | None, parent=None):
        super().__init__(parent)
        self.db = db
        self.plan_dialog_factory = plan_dialog
        self.plan_dialog = None
        self.setTitle(self.tr("第四步:本年度分解方案"))
        self.setSubTitle(self.tr("导入区政府办公室印发的《政府工作报告目标任务分解方案》({formats}),"
                                 "逐项核对单位名称后写入。").format(formats=NOTICE_FORMATS_TEXT))
        self.directory_label = _hint("")
        self.import_button = QPushButton(self.tr("导入分解方案…"))
        self.import_button.clicked.connect(self.open_plan_import)
        self.import_button.setEnabled(plan_dialog is not None)
        self.result_label = _hint("")
        layout = QVBoxLayout(self)
        layout.addWidget(self.directory_label)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(_hint(self.tr("也可以稍后在“文件→导入分解方案”中导入。点“完成”开始使用。")))
        layout.addStretch()

    def initializePage(self) -> None:
        counts = unit_counts(self.db)
        if counts:
            self.directory_label.setText(self.tr("单位名录现有{counts}。").format(counts=counts_text(counts)))
        else:
            self.directory_label.setText(self.tr("单位名录还是空的:导入时方案中的每个单位都会列出来,请逐个确认。"))
        plans = plan_count(self.db)
        if plans:
            self.result_label.setText(self.tr("数据库中已有 {n} 个分解方案。").format(n=plans))

    def open_plan_import(self):
        dialog = self.plan_dialog_factory()
        dialog.imported.connect(self._imported)
        dialog.open()
        self.plan_dialog = dialog
        return dialog

    def _imported(self, result) -> None:
        self.result_label.setText(self.tr("已导入分解方案:新增任务 {n} 项。").format(n=len(result.tasks_added)))


class FirstRunWizard(QWizard):
    """Emits ``changed`` after it wrote anything, so the window can show it."""

    changed = Signal()

    def __init__(self, db: Database, operator: str | None, plan_dialog: Callable[[], object] | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置本区"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< 上一步")),
                             (QWizard.WizardButton.NextButton, self.tr("下一步 >")),
                             (QWizard.WizardButton.FinishButton, self.tr("完成")),
                             (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text)
        self.office_page = OfficePage(db, operator)
        self.directory_page = DirectoryPage(db, operator)
        self.staff_page = StaffPage(db, operator)
        self.notice_page = NoticePage(db, plan_dialog)
        for page in (self.office_page, self.directory_page, self.staff_page, self.notice_page):
            self.addPage(page)
        self.resize(720, 560)
        self.currentIdChanged.connect(lambda _id: self.changed.emit())
        self.finished.connect(lambda _result: self.changed.emit())
