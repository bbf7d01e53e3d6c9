"""The backup list's model on real backup files, without a window."""

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt

from duchaban.store.backup import BackupInfo, backup_database, list_backups
from duchaban.ui.models.backup_table import BackupTableModel


def test_backups_read_newest_first_with_reason_and_size(qtmodeltester, sample_db, sample_db_path):
    backup_database(sample_db, reason="import")
    backup_database(sample_db, reason="exit")
    model = BackupTableModel()
    model.set_rows(list_backups(sample_db_path))
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["备份时间", "原因", "大小"]
    assert [model.text(r, "reason") for r in range(2)] == ["退出时", "导入前"]
    assert model.text(0, "taken_at") >= model.text(1, "taken_at")
    assert model.text(0, "size").endswith(" MB") and float(model.text(0, "size")[:-3]) > 0


def test_sizes_sort_by_bytes_not_by_their_words():
    at = datetime(2021, 7, 1, 8, 0, 0)
    model = BackupTableModel()
    model.set_rows([BackupInfo(Path(f"{n}.sqlite"), at, "manual", n * 1024 * 1024) for n in (9, 10, 100)])
    model.sort(model.column("size"))
    assert [model.text(r, "size") for r in range(3)] == ["9.0 MB", "10.0 MB", "100.0 MB"]
    assert model.text(0, "taken_at") == "2021-07-01 08:00:00" and model.text(0, "reason") == "手动"
