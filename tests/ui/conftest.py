import pytest
from PySide6.QtCore import QSettings

from duchaban.store.database import open_database
from duchaban.ui.app import install_translations
from duchaban.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _open_window(qtbot, path, settings):
    db = open_database(path)
    win = MainWindow(db, path, settings)
    qtbot.addWidget(win)
    win.show()
    return win, db


@pytest.fixture
def window(qtbot, sample_db_path, settings):
    """The real main window on a copy of the demo database."""
    win, db = _open_window(qtbot, sample_db_path, settings)
    yield win
    win.close()
    db.close()


@pytest.fixture
def empty_window(qtbot, fresh_db_path, settings):
    """The real main window on a new, empty database."""
    win, db = _open_window(qtbot, fresh_db_path, settings)
    yield win
    win.close()
    db.close()


@pytest.fixture(scope="session", autouse=True)
def chinese_qt(qapp):
    install_translations(qapp)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Message boxes would block an offscreen test: record what they would have said instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, **kwargs: shown.append(args[2]) or QMessageBox.Ok)
    monkeypatch.setattr(QMessageBox, "about", lambda *args, **kwargs: shown.append(args[2]))
    # Questions are answered "yes" and recorded like the rest.
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: shown.append(args[2]) or QMessageBox.StandardButton.Yes)
    return shown
