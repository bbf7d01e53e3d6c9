"""Main-window actions on the unit directory and the staff list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox


class DirectoryActions:
    """Mixed into MainWindow; uses its db, db_path, history, operator, settings and run_job."""

    def open_unit_directory(self) -> None:
        from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog

        UnitDirectoryDialog(self.db, self.history, self.operator, self).exec()

    def export_directory_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出名录"), str(self.db_path.parent / "单位名录.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            from duchaban.ui.jobs import export_directory_job

            self.run_job(export_directory_job, Path(path), title=self.tr("正在导出名录……"),
                         done=self._on_directory_exported)

    def _on_directory_exported(self, counts: dict) -> None:
        text = self.tr("已导出单位 {units} 个、联系人 {contacts} 人、工作人员 {staff} 人").format(**counts)
        self.statusBar().showMessage(text, 10000)

    def save_blank_directory_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白名录表格"),
                                              str(self.db_path.parent / "空白单位名录.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            from duchaban.exchange.directory_xlsx import write_blank_directory

            write_blank_directory(Path(path))
            self.statusBar().showMessage(self.tr("已保存空白名录表格:填好“单位”工作表后用“从 Excel 导入名录”导入"),
                                         10000)

    def import_directory_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("导入名录"), str(self.db_path.parent),
            self.tr("名录文件 (*.xlsx *.xls *.txt *.tsv);;Excel 工作簿 (*.xlsx *.xls);;"
                    "文本文件,每行一个单位或“类别<TAB>名称<TAB>别名<TAB>单位组成员” (*.txt *.tsv)"))
        if not path:
            return
        if Path(path).suffix.lower() in (".txt", ".tsv"):
            self.load_directory_text_file(Path(path))
            return
        from duchaban.ui.jobs import import_directory_job

        self.run_job(import_directory_job, Path(path), self.operator, title=self.tr("正在导入名录……"),
                     done=self._on_directory_imported)

    def load_directory_text_file(self, path: Path) -> None:
        """A directory text file (as ``units load``): small, read on the spot; notes shown to check."""
        from duchaban.store.backup import backup_if_changed
        from duchaban.store.unit_directory_file import load_directory_file
        from duchaban.ui.store_calls import call_store

        backup_if_changed(self.db, reason="import")
        ok, loaded = call_store(self, load_directory_file, self.db, path, who=self.operator)
        if not ok:
            return
        self.refresh()
        self.statusBar().showMessage(self.tr("已从“{name}”加入 {n} 个单位").format(name=path.name, n=len(loaded.added)),
                                     10000)
        if loaded.notes:
            QMessageBox.information(self, self.tr("导入名录"), "\n".join(loaded.notes))

    def _on_directory_imported(self, result) -> None:
        self.refresh()
        self.statusBar().showMessage(self.tr("名录已导入:新增单位 {a} 个,修改 {c} 个,新增别名 {n} 个").format(
            a=len(result.units_added), c=len(result.units_changed), n=result.aliases_added), 10000)

    def start_first_run(self):
        """The set-up wizard (office name, directory, notice); on its own at the first run, from the menu later."""
        from duchaban.ui.dialogs.first_run import FirstRunWizard
        from duchaban.ui.operations.plans import plan_import_dialog

        wizard = FirstRunWizard(self.db, self.operator, lambda: plan_import_dialog(self.context()), self)
        wizard.changed.connect(self.reload)
        # Window-modal and not exec(): the plan import dialog opens over it from its last page.
        wizard.open()
        self.first_run_wizard = wizard
        return wizard

    def open_staff(self) -> None:
        from duchaban.ui.dialogs.staff import StaffDialog

        StaffDialog(self.db, self.operator, self).exec()

    def switch_operator(self) -> None:
        from duchaban.ui.dialogs.operator import OperatorDialog

        dialog = OperatorDialog(self.db, self.operator, self)
        if dialog.staff and dialog.exec():
            self.set_operator(dialog.operator)

    def set_operator(self, name: str | None) -> None:
        self.operator = name
        self.settings.setValue("operator", name or "")
        self._update_title()
