"""Encrypting the open database from the window."""

from duchaban.store.connection import forget_passphrase, is_encrypted
from duchaban.store.database import open_database

PASSPHRASE = "梁平督查2021!"


def test_the_window_encrypts_its_database_and_keeps_working(sample_db_path, qtbot, tmp_path, message_boxes):
    from PySide6.QtCore import QSettings

    from duchaban.ui.main_window import MainWindow

    path = sample_db_path
    window = MainWindow(open_database(path), path, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.set_encryption(PASSPHRASE, encrypt=True)
    assert is_encrypted(path) and window.select_task(52)
    assert "任务 156 项" in window.count_label.text()
    assert not window.set_encryption("short", encrypt=False)   # wrong passphrase: refused, still open
    assert window.select_task(1)
    window.close()
    assert "密码不正确" in message_boxes[-1]
    forget_passphrase(path)
