"""One window per database, backups on exit, restore from the menu."""

import subprocess
import sys

import pytest

from duchaban.store.backup import backup_database, list_backups
from duchaban.store.staff import add_staff
from duchaban.ui.instance_lock import DatabaseInUse, DatabaseLock
from duchaban.ui.operations import database


def test_second_instance_is_told_who_has_the_database(tmp_path):
    db = tmp_path / "a.sqlite"
    first = DatabaseLock(db)
    first.acquire()
    with pytest.raises(DatabaseInUse, match="已在另一个督查办窗口中打开"):
        DatabaseLock(db).acquire()
    first.release()
    DatabaseLock(db).acquire()


def test_lock_of_a_killed_process_is_taken_over(tmp_path):
    db = tmp_path / "a.sqlite"
    code = ("import sys, time; from duchaban.ui.instance_lock import DatabaseLock;"
            "lock = DatabaseLock(sys.argv[1]); lock.acquire(); print('locked', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse):
            DatabaseLock(db).acquire()
    finally:
        child.kill()
        child.wait()
    DatabaseLock(db).acquire()


def test_window_refuses_a_database_open_elsewhere(window, tmp_path, message_boxes):
    from duchaban.store.database import open_database

    other = tmp_path / "other.sqlite"
    open_database(other).close()
    held = DatabaseLock(other)
    held.acquire()
    assert not window.databases.open_file(other)
    assert "已在另一个督查办窗口中打开" in message_boxes[0]
    held.release()
    assert window.databases.open_file(other)


def test_closing_the_window_backs_up_changes(window, sample_db_path):
    add_staff(window.db, name="新同事")
    window.close()
    assert [b.reason for b in list_backups(sample_db_path)] == ["exit"]


def test_restore_from_a_backup_through_the_window(window, qtbot, sample_db_path):
    backup = backup_database(window.db, reason="manual")
    add_staff(window.db, name="新同事")
    job = database.restore(window.context(), backup)
    assert window.db is None and window.waiting_page.text() == "正在从备份恢复……"   # the worker has the file
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert "新同事" not in [r[0] for r in window.db.execute("SELECT name FROM staff")]
    assert "已从备份" in window.statusBar().currentMessage()
    assert "任务 156 项" in window.count_label.text() and window.menuBar().isEnabled()
    reasons = [b.reason for b in list_backups(sample_db_path)]
    assert reasons == ["restore", "manual"]


def test_a_file_that_is_not_a_backup_is_refused_and_the_window_works_on(window, qtbot, tmp_path, message_boxes):
    from helpers import logical_dump

    before = logical_dump(window.db)
    bogus = tmp_path / "不是备份.sqlite"
    bogus.write_bytes(b"not a database at all" * 50)
    job = database.restore(window.context(), bogus)
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    assert "备份" in message_boxes[-1] and window.db is not None and logical_dump(window.db) == before
    assert window.select_task(52)


def test_restore_dialog_previews_a_backup(window, qtbot, sample_db_path):
    from duchaban.ui.dialogs.restore import RestoreDialog

    backup_database(window.db, reason="import")
    dialog = RestoreDialog(sample_db_path)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.model.text(0, "reason") == "导入前"
    assert "任务 156" in dialog.preview.text() and dialog.restore_button.isEnabled()


def test_closing_the_window_leaves_only_whole_backup_files(window, sample_db_path):
    from duchaban.store.backup import backup_folder, backup_summary

    add_staff(window.db, name="新同事")
    first = backup_database(window.db, reason="manual")
    backup_summary(first)                  # read-only, as the restore dialog reads it
    add_staff(window.db, name="又一位同事")
    window.close()                         # compares with the newest backup, then takes one
    names = sorted(p.name for p in backup_folder(sample_db_path).iterdir())
    assert len(names) == 2 and all(n.endswith(".sqlite") for n in names), names


def test_a_command_beside_the_window_keeps_its_wal_and_shows_up_in_it(window, qtbot, sample_db_path):
    from duchaban.store.database import open_database
    from duchaban.ui.job_runner import Job

    def worker_job(db_path, progress):
        db = open_database(db_path)      # each worker opens and closes its own connection
        try:
            return db.execute("SELECT count(*) FROM task").fetchone()[0]
        finally:
            db.close()

    results = []
    job = Job(worker_job, sample_db_path)
    job.done.connect(results.append)
    job.start()
    qtbot.waitUntil(lambda: results == [156], timeout=10000)
    window.outside_changes._timer.setInterval(100)
    for command in (["check"], ["--operator", "张伟", "inspect", "add", "--kind", "open", "--title", "窗口旁的督查",
                                "--date", "2021-07-01", "--unit", "区发展改革委"]):
        result = subprocess.run([sys.executable, "-m", "duchaban", "--db", str(sample_db_path), *command],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    assert (sample_db_path.parent / f"{sample_db_path.name}-wal").exists()
    qtbot.waitUntil(lambda: "其他程序" in window.statusBar().currentMessage(), timeout=5000)
    assert window.db.execute("SELECT count(*) FROM inspection WHERE title = '窗口旁的督查'").fetchone()[0] == 1
    assert window.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
