"""Main-window actions on database files: open another, remember recent ones."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from duchaban.core.errors import DuchabanError
from duchaban.ui.instance_lock import DatabaseInUse, DatabaseLock
from duchaban.ui.passphrase import unlock
from duchaban.ui.workers import Job

MAX_RECENT = 8


class DatabaseActions:
    """Mixed into MainWindow; switches its db and models to another file."""

    def choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), str(self.db_path.parent),
                                              self.tr("督查办数据库 (*.dcb *.sqlite *.db);;所有文件 (*)"))
        if path:
            self.open_database_file(Path(path))

    def open_database_file(self, path: Path) -> bool:
        """Switch the window to another database file; False (and a message) if it cannot be opened."""
        from duchaban.store.database import open_database

        path = Path(path)
        if path.resolve() == self.db_path.resolve():
            return True
        if not path.is_file():
            self.show_error(self.tr("找不到数据库文件:{p}").format(p=path))
            return False
        lock = DatabaseLock(path)
        try:
            lock.acquire()
        except DatabaseInUse as exc:
            self.show_error(str(exc))
            return False
        if not unlock(self, path):
            lock.release()
            return False
        try:
            db = open_database(path, create=False)
        except DuchabanError as exc:
            lock.release()
            self.show_error(str(exc))
            return False
        if self.lock is not None:
            self.lock.release()
        self.lock = lock
        old = self.db
        self._use_database(db, Path(path))
        old.close()
        self._remember_recent(self.db_path)
        self.tamper_warning.start()
        return True

    def _use_database(self, db, path: Path) -> None:
        """Point the window and its models at ``db`` and show it afresh."""
        self.db, self.db_path, self.plan_id = db, Path(path), None
        for model in (self.section_model, self.unit_model):
            model.set_database(db)
        self.undo_stack.clear()
        self._update_title()
        self.reload()

    def encrypt_current_database(self) -> None:
        from duchaban.store.connection import is_encrypted
        from duchaban.ui.passphrase import new_passphrase

        if is_encrypted(self.db_path):
            passphrase, ok = QInputDialog.getText(self, self.tr("解除加密"), self.tr("当前密码:"),
                                                  QLineEdit.EchoMode.Password)
            if ok:
                self.set_encryption(passphrase, encrypt=False)
            return
        passphrase = new_passphrase(self)
        if passphrase is not None:
            self.set_encryption(passphrase, encrypt=True)

    def set_encryption(self, passphrase: str, *, encrypt: bool) -> Job:
        """Encrypt (or decrypt) the database and its backups in a worker, then reopen it."""
        from duchaban.ui.jobs import encryption_job

        done = self.tr("数据库及其备份已加密(共 {n} 个文件)") if encrypt else self.tr("已解除加密(共 {n} 个文件)")
        return self._run_on_closed_database(
            encryption_job, passphrase, encrypt,
            waiting=self.tr("正在加密数据库……") if encrypt else self.tr("正在解除加密……"),
            title=self.tr("正在加密数据库及其备份……") if encrypt else self.tr("正在解除加密……"),
            done_message=lambda files: done.format(n=files))

    def _run_on_closed_database(self, fn, *args, waiting: str, title: str, done_message) -> Job:
        """Run ``fn(db_path, *args)`` in a worker while the window's own connection is closed (the
        job rewrites or replaces the file), then reopen the database and say how it went.

        The window shows ``waiting`` meanwhile. Such a job cannot stop half-way, so the progress
        dialog has no cancel button."""
        self.detach_database(waiting)

        def reopen(message: str, failed: bool) -> None:
            from duchaban.store.database import open_database

            try:
                self.attach_database(open_database(self.db_path, create=False), self.operator)
            except DuchabanError as exc:
                self.show_error(str(exc))
                return
            if failed:
                self.show_error(message)
            else:
                self.statusBar().showMessage(message, 15000)

        return self.run_job(fn, *args, cancellable=False, title=title,
                            done=lambda result: reopen(done_message(result), False),
                            failed=lambda message: reopen(message, True))

    def recent_databases(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_recent(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        recent = [entry] + [p for p in self.recent_databases() if p != entry]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent_databases():
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _checked=False, p=entry: self.open_database_file(Path(p)))
        self.recent_menu.setEnabled(bool(self.recent_databases()))

    def restore_from_backup(self) -> None:
        from duchaban.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self.db_path, self)
        if dialog.exec() and dialog.chosen() is not None:
            self.restore(dialog.chosen().path)

    def restore(self, backup: Path) -> Job:
        """Replace the database's content with a backup's, in a worker (the current content is
        backed up first); a backup that cannot be used leaves the database as it was, with a message."""
        from duchaban.ui.jobs import restore_job

        return self._run_on_closed_database(
            restore_job, backup, self.operator, waiting=self.tr("正在从备份恢复……"),
            title=self.tr("正在从备份“{n}”恢复……").format(n=backup.name),
            done_message=lambda _safety: self.tr("已从备份“{n}”恢复").format(n=backup.name))

    def open_field_exchange(self) -> None:
        self.field_exchange_dialog().exec()

    def field_exchange_dialog(self):
        from duchaban.store.field_packages import last_export_time
        from duchaban.ui.dialogs.field_exchange import FieldExchangeDialog

        last = last_export_time(self.db)
        dialog = FieldExchangeDialog(self.db_path, operator=self.operator, folder=self.db_path.parent,
                                     last_export=last, parent=self)
        dialog.imported.connect(lambda _report: self.refresh())
        return dialog

    def ask_as_of_date(self) -> None:
        from duchaban.store.settings import AS_OF, get_setting

        text, ok = QInputDialog.getText(
            self, self.tr("统计截止日期"), self.tr("任务状态按哪一天计算(如 2021-07-15;留空表示每天按当天计算):"),
            text=get_setting(self.db, AS_OF) or "")
        if ok:
            self.set_as_of_date(text.strip() or None)

    def set_as_of_date(self, value: str | None) -> bool:
        """Measure statuses on ``value`` (ISO date), or on each day itself when None."""
        from datetime import date

        from duchaban.store.settings import AS_OF, set_setting

        if value is not None:
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                self.show_error(self.tr("日期应写作 2021-07-15,而不是“{v}”").format(v=value))
                return False
        set_setting(self.db, AS_OF, value, who=self.operator)
        self.refresh()
        return True
