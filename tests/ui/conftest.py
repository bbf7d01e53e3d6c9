import pytest
from PySide6.QtCore import QSettings

from duchaban.store.database import open_database
from duchaban.ui.app import install_translations
from duchaban.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, sample_db_path, settings):
    """The real main window on a copy of the demo database."""
    db = open_database(sample_db_path)
    win = MainWindow(db, sample_db_path, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    db.close()


@pytest.fixture
def empty_window(qtbot, fresh_db_path, settings):
    db = open_database(fresh_db_path)
    win = MainWindow(db, fresh_db_path, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    db.close()


@pytest.fixture(scope="session", autouse=True)
def chinese_qt(qapp):
    install_translations(qapp)
