"""The unit directory (单位名录) and the staff list: edit, export, import, set up a district."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from duchaban.ui.operations.context import OperationContext, tr


def open_unit_directory(ctx: OperationContext) -> None:
    """The directory editor; each of its edits is a change set on the window's undo stack."""
    from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog

    UnitDirectoryDialog(ctx.db, ctx.history, ctx.operator, ctx.parent).exec()


def open_staff(ctx: OperationContext) -> None:
    from duchaban.ui.dialogs.staff import StaffDialog

    StaffDialog(ctx.db, ctx.operator, ctx.parent).exec()


def switch_operator(ctx: OperationContext) -> None:
    from duchaban.ui.dialogs.operator import OperatorDialog

    dialog = OperatorDialog(ctx.db, ctx.operator, ctx.parent)
    if dialog.staff and dialog.exec():
        ctx.set_operator(dialog.operator)


def export_directory_file(ctx: OperationContext) -> None:
    path, _ = QFileDialog.getSaveFileName(ctx.parent, tr("导出名录"), str(ctx.folder / "单位名录.xlsx"),
                                          tr("Excel 工作簿 (*.xlsx)"))
    if path:
        from duchaban.ui.jobs import export_directory_job

        ctx.run_job(export_directory_job, Path(path), title=tr("正在导出名录……"),
                    done=lambda counts: directory_exported(ctx, counts))


def directory_exported(ctx: OperationContext, counts: dict) -> None:
    ctx.status(tr("已导出单位 {units} 个、联系人 {contacts} 人、工作人员 {staff} 人").format(**counts), 10000)


def save_blank_directory_file(ctx: OperationContext) -> None:
    path, _ = QFileDialog.getSaveFileName(ctx.parent, tr("保存空白名录表格"), str(ctx.folder / "空白单位名录.xlsx"),
                                          tr("Excel 工作簿 (*.xlsx)"))
    if path:
        from duchaban.formats.directory_xlsx import write_blank_directory

        write_blank_directory(Path(path))
        ctx.status(tr("已保存空白名录表格:填好“单位”工作表后用“从 Excel 导入名录”导入"), 10000)


def import_directory_file(ctx: OperationContext) -> None:
    path, _ = QFileDialog.getOpenFileName(
        ctx.parent, tr("导入名录"), str(ctx.folder),
        tr("名录文件 (*.xlsx *.xls *.txt *.tsv);;Excel 工作簿 (*.xlsx *.xls);;"
           "文本文件,每行一个单位或“类别<TAB>名称<TAB>别名<TAB>单位组成员” (*.txt *.tsv)"))
    if not path:
        return
    if Path(path).suffix.lower() in (".txt", ".tsv"):
        load_directory_text_file(ctx, Path(path))
        return
    from duchaban.ui.jobs import import_directory_job

    ctx.run_job(import_directory_job, Path(path), ctx.operator, title=tr("正在导入名录……"),
                done=lambda result: directory_imported(ctx, result))


def load_directory_text_file(ctx: OperationContext, path: Path) -> None:
    """A directory text file (as ``units load``): small, read on the spot; notes shown to check."""
    from duchaban.store.backup import backup_if_changed
    from duchaban.store.unit_directory_file import load_directory_file
    from duchaban.ui.store_calls import call_store

    backup_if_changed(ctx.db, reason="import")
    ok, loaded = call_store(ctx.parent, load_directory_file, ctx.db, path, who=ctx.operator)
    if not ok:
        return
    ctx.report(None)
    ctx.status(tr("已从“{name}”加入 {n} 个单位").format(name=path.name, n=len(loaded.added)), 10000)
    if loaded.notes:
        QMessageBox.information(ctx.parent, tr("导入名录"), "\n".join(loaded.notes))


def directory_imported(ctx: OperationContext, result) -> None:
    ctx.report(None)
    ctx.status(tr("名录已导入:新增单位 {a} 个,修改 {c} 个,新增别名 {n} 个").format(
        a=len(result.units_added), c=len(result.units_changed), n=result.aliases_added), 10000)


def start_first_run(ctx: OperationContext):
    """The set-up wizard (office name, directory, notice); on its own at the first run, from the menu later."""
    from duchaban.ui.dialogs.first_run import FirstRunWizard
    from duchaban.ui.operations.plans import plan_import_dialog

    wizard = FirstRunWizard(ctx.db, ctx.operator, lambda: plan_import_dialog(ctx), ctx.parent)
    wizard.changed.connect(lambda: ctx.report(None))
    # Window-modal and not exec(): the plan import dialog opens over it from its last page.
    wizard.open()
    return wizard
