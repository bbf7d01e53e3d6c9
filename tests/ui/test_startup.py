"""Starting the window: painted first, then the database opened over it (ui/startup.py)."""

import os
import subprocess
import sys

import pytest
from helpers import file_bytes
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from duchaban.store.connection import forget_passphrase
from duchaban.ui.main_window import MainWindow
from duchaban.ui.startup import WindowStartup


def _starting_window(qtbot, path, settings, **startup_options):
    window = MainWindow(None, path, settings)
    qtbot.addWidget(window)
    startup = WindowStartup(window, settings, **startup_options)
    return window, startup


def _answer_next_modal(action) -> None:
    """Once a modal dialog is up, do ``action`` on it (a modal question would block the test)."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
        else:
            action(dialog)
    QTimer.singleShot(0, answer)


def test_the_window_is_painted_waiting_then_shows_the_database(qtbot, sample_db_path, settings):
    window, startup = _starting_window(qtbot, sample_db_path, settings, operator="张三")
    assert window.db is None
    assert window.stack.currentWidget() is window.waiting_page
    assert "正在打开数据库" in window.waiting_page.text() and sample_db_path.name in window.waiting_page.text()
    assert not window.menuBar().isEnabled() and not window.toolbar.isEnabled()

    with qtbot.waitSignal(startup.painted, timeout=5000), qtbot.waitSignal(startup.opened, timeout=5000):
        window.show()
    assert window.db is not None
    assert window.menuBar().isEnabled() and window.toolbar.isEnabled()
    assert window.stack.currentWidget() is window.splitter
    assert "任务 156 项" in window.count_label.text()
    assert window.operator == "张三" and "张三" in window.operator_label.text()
    assert QApplication.overrideCursor() is None      # the busy cursor went with the opening
    assert window.select_task(52)
    window.close()
    window.db.close()   # the program closes it after the event loop (ui/app.py)


def test_the_operator_is_asked_over_the_window_and_cancelling_ends_the_start(qtbot, sample_db_path, settings):
    from duchaban.store.backup import backup_folder

    backups_before = sorted(backup_folder(sample_db_path).glob("*")) if backup_folder(sample_db_path).exists() else []
    window, startup = _starting_window(qtbot, sample_db_path, settings)
    asked = []
    _answer_next_modal(lambda dialog: (asked.append((dialog.windowTitle(), dialog.parent())), dialog.reject()))
    with qtbot.waitSignal(startup.failed, timeout=5000) as failed:
        window.show()
    assert failed.args == [0]
    assert asked == [("选择操作人员", window)]
    assert window.db is None and not window.menuBar().isEnabled()
    window.close()      # closing a window that never opened its database neither fails nor backs up
    backups_after = sorted(backup_folder(sample_db_path).glob("*")) if backup_folder(sample_db_path).exists() else []
    assert backups_after == backups_before


def test_a_damaged_file_is_reported_and_left_as_it_was(qtbot, tmp_path, settings, message_boxes):
    path = tmp_path / "损坏.dcb"
    path.write_bytes(b"this is not a database" * 100)
    before = file_bytes(path)
    window, startup = _starting_window(qtbot, path, settings, operator="张三")
    with qtbot.waitSignal(startup.failed, timeout=5000) as failed:
        window.show()
    assert failed.args == [1]
    assert message_boxes and "不是有效的督查办数据库" in message_boxes[-1]
    assert QApplication.overrideCursor() is None
    assert window.db is None
    window.close()
    assert file_bytes(path) == before


@pytest.mark.parametrize("answers, opens", [(["梁平督查2021!"], True), ([None], False)])
def test_an_encrypted_database_asks_for_its_passphrase_over_the_window(
        qtbot, sample_db_path, settings, monkeypatch, answers, opens):
    from duchaban.services.encryption import encrypt_database

    encrypt_database(sample_db_path, passphrase="梁平督查2021!")
    forget_passphrase(sample_db_path)
    asked = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(parent)
        answer = answers.pop(0)
        return (answer or "", answer is not None)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    window, startup = _starting_window(qtbot, sample_db_path, settings, operator="张三")
    with qtbot.waitSignal(startup.opened if opens else startup.failed, timeout=10000):
        window.show()
    assert asked == [window]
    if opens:
        assert "任务 156 项" in window.count_label.text()
    else:
        assert window.db is None
    window.close()
    if window.db is not None:
        window.db.close()
    forget_passphrase(sample_db_path)


def _program(*args, env_dir):
    """``python -m duchaban …`` as the user starts it; its settings go to ``env_dir``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "duchaban", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_the_program_starts_shows_the_demo_plan_and_quits_in_smoke_test_mode(sample_db_path, tmp_path):
    result = _program("--db", str(sample_db_path), "--smoke-test", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "smoke test: window “督查办 — " in result.stdout
    assert "任务 156 项" in result.stdout
    assert "Qt translations: qtbase_zh_CN" in result.stdout     # Qt's own dialogs read Chinese


@pytest.mark.parametrize("when", ["painted", "ready"])
def test_the_benchmark_exits_leave_the_database_as_it_was(sample_db_path, tmp_path, when):
    from helpers import logical_dump

    from duchaban.store.database import opened_database

    with opened_database(sample_db_path) as db:
        before = logical_dump(db)
    result = _program("--db", str(sample_db_path), "--exit-when", when, env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    with opened_database(sample_db_path) as db:
        assert logical_dump(db) == before
    assert not (sample_db_path.parent / (sample_db_path.name + ".lock")).exists()


def test_the_operator_question_leaves_the_opening_line_in_view(qtbot, sample_db_path, settings):
    window, startup = _starting_window(qtbot, sample_db_path, settings)
    window.resize(1000, 640)
    seen = []

    def look(dialog):
        label = window.waiting_page
        text = label.fontMetrics().boundingRect(label.contentsRect(), int(label.alignment()), label.text())
        text.moveTopLeft(label.mapToGlobal(text.topLeft()))
        seen.append((label.isVisible(), text, dialog.frameGeometry()))
        dialog.reject()

    _answer_next_modal(look)
    with qtbot.waitSignal(startup.failed, timeout=5000):
        window.show()
    (visible, text, dialog), = seen
    assert visible and text.height() > 0
    assert not dialog.intersects(text)             # the whole line, its top included, is not covered
    assert window.rect().contains(window.mapFromGlobal(text.topLeft()))
    window.close()
