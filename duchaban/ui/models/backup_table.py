"""The database's automatic backups, newest first, one a row."""

from __future__ import annotations

from duchaban.store.backup import BackupInfo
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel


def taken_at(backup: BackupInfo) -> str:
    return backup.taken_at.strftime("%Y-%m-%d %H:%M:%S")


class BackupTableModel(ColumnTableModel):
    """Rows are store.backup.list_backups' BackupInfos."""

    COLUMNS = (
        Column("taken_at", "备份时间", taken_at),
        Column("reason", "原因", lambda b: b.reason_label),
        Column("size", "大小", lambda b: f"{b.size / 1024 / 1024:.1f} MB", sort=lambda b: b.size, align=RIGHT),
    )
