"""The window says so, without stopping the user, when the database it opens disagrees with its log."""

import sqlite3

from PySide6.QtWidgets import QApplication

from duchaban.store.check import check_database
from duchaban.store.database import opened_database
from duchaban.ui.job_runner import Job
from duchaban.ui.main_window import MainWindow
from duchaban.ui.startup import WindowStartup


def _start(qtbot, path, settings):
    window = MainWindow(None, path, settings)
    qtbot.addWidget(window)
    startup = WindowStartup(window, settings, operator="张三")
    order = []
    startup.opened.connect(lambda: order.append(("opened", window.stack.currentWidget() is window.splitter)))
    window.tamper_warning.checked.connect(lambda _messages: order.append(("checked", True)))
    with qtbot.waitSignal(startup.opened, timeout=10000), \
            qtbot.waitSignal(window.tamper_warning.checked, timeout=20000) as checked:
        window.show()
    # The check ran off the GUI thread after the plan was on screen: the start did not wait for it.
    assert order == [("opened", True), ("checked", True)]
    # Not counted as the window's own work: another program's commit is still noticed (outside_changes.py).
    assert Job.running == 0 and Job.background == 0
    return window, checked.args[0]


def test_a_task_edited_outside_the_program_is_shown_with_who_changed_it_last(qtbot, sample_db_path, settings):
    conn = sqlite3.connect(sample_db_path)
    conn.execute("UPDATE task SET text = '全年完成招商引资 1 亿元' WHERE number = 47")
    conn.commit()
    conn.close()
    with opened_database(sample_db_path) as db:
        expected = check_database(db).problems
    assert len(expected) == 1 and expected[0].startswith("任务“2021年方案第47项任务”在本程序之外被改动(任务内容);"
                                                       "最后一次经本程序修改:演示数据,")

    window, messages = _start(qtbot, sample_db_path, settings)
    assert messages == expected
    warning = window.tamper_warning
    assert warning.label.isVisible() and warning.details_button.isVisible()
    assert warning.label.text() == "数据与操作日志不符(1 处),可能有人绕过本程序改动了数据库"
    warning.details_button.click()
    assert warning.box.isVisible() and not warning.box.isModal()
    assert QApplication.activeModalWidget() is None        # the work goes on beside it
    assert warning.box.informativeText() == expected[0]
    assert window.select_task(52)                          # the window is usable while the box is up
    warning.box.close()
    window.close()
    window.db.close()


def test_a_database_that_agrees_with_its_log_shows_nothing(qtbot, sample_db_path, settings):
    window, messages = _start(qtbot, sample_db_path, settings)
    assert messages == []
    assert not window.tamper_warning.label.isVisible() and not window.tamper_warning.details_button.isVisible()
    assert window.stack.currentWidget() is window.splitter
    window.close()
    window.db.close()
