"""The database file: open another, restore a backup, encrypt, exchange with field laptops, and
the date statuses are measured on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from duchaban.ui.operations.context import OperationContext, tr

if TYPE_CHECKING:
    from duchaban.ui.job_runner import Job


def choose_database(ctx: OperationContext) -> None:
    path, _ = QFileDialog.getOpenFileName(ctx.parent, tr("打开数据库"), str(ctx.folder),
                                          tr("督查办数据库 (*.dcb *.sqlite *.db);;所有文件 (*)"))
    if path:
        ctx.open_database(Path(path))


def encrypt_current_database(ctx: OperationContext) -> None:
    from duchaban.store.connection import is_encrypted
    from duchaban.ui.passphrase import new_passphrase

    if is_encrypted(ctx.db_path):
        passphrase, ok = QInputDialog.getText(ctx.parent, tr("解除加密"), tr("当前密码:"),
                                              QLineEdit.EchoMode.Password)
        if ok:
            set_encryption(ctx, passphrase, encrypt=False)
        return
    passphrase = new_passphrase(ctx.parent)
    if passphrase is not None:
        set_encryption(ctx, passphrase, encrypt=True)


def set_encryption(ctx: OperationContext, passphrase: str, *, encrypt: bool) -> Job:
    """Encrypt (or decrypt) the database and its backups in a worker, then reopen it."""
    from duchaban.ui.jobs import encryption_job

    done = tr("数据库及其备份已加密(共 {n} 个文件)") if encrypt else tr("已解除加密(共 {n} 个文件)")
    return ctx.run_on_closed_database(
        encryption_job, passphrase, encrypt,
        waiting=tr("正在加密数据库……") if encrypt else tr("正在解除加密……"),
        title=tr("正在加密数据库及其备份……") if encrypt else tr("正在解除加密……"),
        done_message=lambda files: done.format(n=files))


def restore_from_backup(ctx: OperationContext) -> None:
    from duchaban.ui.dialogs.restore import RestoreDialog

    dialog = RestoreDialog(ctx.db_path, ctx.parent)
    if dialog.exec() and dialog.chosen() is not None:
        restore(ctx, dialog.chosen().path)


def restore(ctx: OperationContext, backup: Path) -> Job:
    """Replace the database's content with a backup's, in a worker (the current content is
    backed up first); a backup that cannot be used leaves the database as it was, with a message."""
    from duchaban.ui.jobs import restore_job

    return ctx.run_on_closed_database(
        restore_job, backup, ctx.operator, waiting=tr("正在从备份恢复……"),
        title=tr("正在从备份“{n}”恢复……").format(n=backup.name),
        done_message=lambda _safety: tr("已从备份“{n}”恢复").format(n=backup.name))


def open_field_exchange(ctx: OperationContext) -> None:
    field_exchange_dialog(ctx).exec()


def field_exchange_dialog(ctx: OperationContext):
    from duchaban.store.field_packages import last_export_time
    from duchaban.ui.dialogs.field_exchange import FieldExchangeDialog

    dialog = FieldExchangeDialog(ctx.db_path, operator=ctx.operator, folder=ctx.folder,
                                 last_export=last_export_time(ctx.db), parent=ctx.parent)
    dialog.imported.connect(lambda _report: ctx.report(None))
    return dialog


def ask_as_of_date(ctx: OperationContext) -> None:
    from duchaban.store.settings import AS_OF, get_setting

    text, ok = QInputDialog.getText(
        ctx.parent, tr("统计截止日期"), tr("任务状态按哪一天计算(如 2021-07-15;留空表示每天按当天计算):"),
        text=get_setting(ctx.db, AS_OF) or "")
    if ok:
        set_as_of_date(ctx, text.strip() or None)


def set_as_of_date(ctx: OperationContext, value: str | None) -> bool:
    """Measure statuses on ``value`` (ISO date), or on each day itself when None."""
    from datetime import date

    from duchaban.store.settings import AS_OF, set_setting

    if value is not None:
        try:
            value = date.fromisoformat(value).isoformat()
        except ValueError:
            QMessageBox.warning(ctx.parent, tr("督查办"), tr("日期应写作 2021-07-15,而不是“{v}”").format(v=value))
            return False
    set_setting(ctx.db, AS_OF, value, who=ctx.operator)
    ctx.report(None)
    return True
