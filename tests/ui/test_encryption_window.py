"""Encrypting the open database from the window: a worker rewrites the file while the window waits."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QProgressDialog, QPushButton

from duchaban.store.connection import forget_passphrase, is_encrypted
from duchaban.store.database import open_database
from duchaban.ui.main_window import MainWindow
from duchaban.ui.operations import database

PASSPHRASE = "梁平督查2021!"


def test_the_window_encrypts_its_database_in_a_worker_and_keeps_working(sample_db_path, qtbot, tmp_path,
                                                                         message_boxes):
    path = sample_db_path
    window = MainWindow(open_database(path), path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()

    job = database.set_encryption(window.context(), PASSPHRASE, encrypt=True)
    # Meanwhile the window has no database: it says what it is doing and offers nothing to click.
    assert window.db is None and window.stack.currentWidget() is window.waiting_page
    assert window.waiting_page.text() == "正在加密数据库……" and not window.menuBar().isEnabled()
    # A rewrite cannot stop half-way: the progress dialog offers no 取消.
    assert isinstance(job.dialog, QProgressDialog) and not job.dialog.findChildren(QPushButton)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert is_encrypted(path)
    assert window.db is not None and window.menuBar().isEnabled() and window.select_task(52)
    assert "任务 156 项" in window.count_label.text()
    assert "已加密" in window.statusBar().currentMessage()

    job = database.set_encryption(window.context(), "short", encrypt=False)     # wrong passphrase: refused, still open
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    assert "密码不正确" in message_boxes[-1]
    assert is_encrypted(path) and window.db is not None and window.select_task(1)
    window.close()
    window.db.close()
    forget_passphrase(path)
