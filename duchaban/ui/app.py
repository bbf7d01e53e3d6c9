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
    app.setProperty("qt_translations", ",".join(install_translations(app)))
    install_font(app)
    return app


QT_TRANSLATIONS = ("qtbase_zh_CN",)


class MnemonicFallback(QTranslator):
    """Qt's zh_CN catalogue lags its sources: the file dialog now asks for "&Look in:" and
    "Files of &type:" while the catalogue only knows "Look in:" and "Files of type:", so those
    labels stayed English. For a string with a mnemonic that no catalogue knows, look it up
    without the "&" and put the key back the Chinese way: 查找范围(&L):. Strings Qt moved to a
    new class (the file type column's "Folder") are looked up under their old class."""

    # Qt 6 class -> the class its strings were catalogued under before.
    MOVED = {"QAbstractFileIconProvider": "QFileDialog"}

    def __init__(self, catalogue: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        # Installed first, so asked last: returning the source equals "no translation".
        if not source:
            return source
        if context in self.MOVED:
            found = self._catalogue.translate(self.MOVED[context], source, disambiguation, n)
            if found:
                return found
        if "&" not in source or "&&" in source:
            return source
        index = source.index("&")
        key = source[index + 1:index + 2]
        if not key.isalnum():
            return source
        plain = source[:index] + source[index + 1:]
        found = self._catalogue.translate(context, plain, disambiguation, n)
        if not found:
            return source
        body = found.rstrip(":：")
        return f"{body}(&{key.upper()}){found[len(body):]}"


def _translation_folders() -> list[str]:
    """Where Qt says its catalogues are, then PySide6's own folder (where the installer's bundle
    puts them, should the frozen Qt look elsewhere)."""
    import PySide6

    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")]


def install_translations(app: QApplication) -> list[str]:
    """Load Qt's own Chinese catalogues so file dialogs, standard buttons and context menus
    read Chinese; return the names loaded (the smoke test reports them)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded: list[str] = []
    for name in QT_TRANSLATIONS:
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in _translation_folders()):
            app.installTranslator(MnemonicFallback(translator, app))
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


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
          f" status bar: {window.count_label.text()},"
          f" Qt translations: {QApplication.instance().property('qt_translations') or 'none'}", flush=True)
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
