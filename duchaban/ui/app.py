"""Running the window: the Qt application with Chinese translations and fonts, one window per database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from duchaban.assets import resource_path
from duchaban.ui.instance_lock import DatabaseInUse, DatabaseLock

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


def run_app(db_path: Path, *, smoke_test: bool = False, exit_when: str | None = None) -> int:
    """Open the window on ``db_path`` (created empty if missing) and run until it closes.

    The window is painted before the database is opened (ui/startup.py).
    ``smoke_test``: no operator prompt; once the database is shown, print what the window shows
    and quit (the installer's smoke test runs the bundle this way). ``exit_when`` ("painted" or
    "ready"): quit silently at the first paint, or once the database is shown and painted; the
    start-up benchmark times the real program this way."""
    from duchaban.ui.main_window import MainWindow
    from duchaban.ui.startup import WindowStartup, after_next_paint

    app = create_application()
    lock = DatabaseLock(db_path)
    try:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except (DatabaseInUse, OSError) as exc:
        QMessageBox.warning(None, "督查办", str(exc))
        return 1
    settings = QSettings()
    window = MainWindow(None, db_path, settings, lock=lock)
    unattended = smoke_test or exit_when is not None
    startup = WindowStartup(window, settings, operator="smoke-test" if unattended else None,
                            open_after_paint=exit_when != "painted")
    failure: list[int] = []

    def give_up(status: int) -> None:
        failure.append(status)
        window.close()      # the last window: app.exec() returns

    startup.failed.connect(give_up)
    if exit_when == "painted":
        startup.painted.connect(app.quit)
    elif exit_when == "ready":
        startup.opened.connect(lambda: after_next_paint(window, app.quit))
    elif smoke_test:
        startup.opened.connect(lambda: _smoke_report(window))
    window.show()
    try:
        status = app.exec()
    finally:
        if window.db is not None:
            window.db.close()
        window.lock.release()
    return failure[0] if failure else status
