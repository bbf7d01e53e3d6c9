"""Starting the window: the Qt application, Chinese translations and fonts, the database."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from duchaban.assets import resource_path
from duchaban.core.errors import DuchabanError
from duchaban.store.database import open_database
from duchaban.ui.instance_lock import DatabaseInUse, DatabaseLock
from duchaban.ui.passphrase import unlock

# First installed wins; the last ones are the Linux CJK fonts set-up installs.
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Micro Hei")


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations (so standard buttons read 确定/取消) and a CJK font."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("duchaban")
    app.setApplicationName("duchaban")
    app.setApplicationDisplayName("督查办")
    app.setWindowIcon(QIcon(str(resource_path("icons/duchaban.png"))))
    install_translations(app)
    install_font(app)
    return app


def install_translations(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def install_font(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(max(app.font().pointSize(), 10))
            app.setFont(font)
            return


def _smoke_report(window) -> None:
    window.repaint()
    print(f"smoke test: window “{window.windowTitle()}” painted, {window.section_model.rowCount()} parts,"
          f" status bar: {window.count_label.text()}", flush=True)
    window.close()


def choose_operator(db, settings: QSettings) -> tuple[bool, str | None]:
    """(go on, operator): asks who is working when the office keeps a staff list.

    Without a staff list the login name is recorded; cancelling the question quits.
    """
    from duchaban.store.staff import list_staff
    from duchaban.ui.dialogs.operator import OperatorDialog

    last = settings.value("operator") or None
    if not list_staff(db):
        return True, last or getpass.getuser()
    dialog = OperatorDialog(db, last)
    if not dialog.exec():
        return False, None
    settings.setValue("operator", dialog.operator)
    return True, dialog.operator


def run_app(db_path: Path, *, explicit: bool = False, smoke_test: bool = False) -> int:
    """Open the window on ``db_path`` (created empty if missing) and run until it closes.

    ``smoke_test``: no operator prompt; quit once the window has been painted, printing what it
    shows (the installer's smoke test runs the bundle this way)."""
    from duchaban.ui.main_window import MainWindow

    app = create_application()
    lock = DatabaseLock(db_path)
    try:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except (DatabaseInUse, OSError) as exc:
        QMessageBox.warning(None, "督查办", str(exc))
        return 1
    if not unlock(None, Path(db_path)):
        lock.release()
        return 1
    try:
        db = open_database(db_path)
    except DuchabanError as exc:
        lock.release()
        QMessageBox.critical(None, "督查办", str(exc))
        return 1
    settings = QSettings()
    go_on, operator = (True, "smoke-test") if smoke_test else choose_operator(db, settings)
    if not go_on:
        db.close()
        lock.release()
        return 0
    window = MainWindow(db, db_path, settings, operator=operator, lock=lock)
    window.show()
    if smoke_test:
        QTimer.singleShot(0, lambda: _smoke_report(window))
    try:
        return app.exec()
    finally:
        window.db.close()
        window.lock.release()
