"""Rotating backups of the database file, taken with SQLite's online backup API, and restore.

Backups live beside the database in ``<name>.backups/``; each file's name says when and why it was
taken (before an import, on exit, before a restore). The newest KEEP files are kept.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.store import migrations
from duchaban.store.audit import record_change
from duchaban.store.connection import connect, driver_errors, passphrase_for

if TYPE_CHECKING:
    from sqlite_utils import Database

KEEP = 20
REASONS = {"import": "导入前", "exit": "退出时", "restore": "恢复前", "manual": "手动", "bulletin": "生成通报前"}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z]+)\.sqlite$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, "其他")     # the code word in the file name is not for the reader


def database_file(db: Database) -> Path | None:
    """The file behind a connection, or None for an in-memory database."""
    for _, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def backup_folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def backup_database(db: Database, *, reason: str, keep: int = KEEP) -> Path | None:
    """Copy the database (consistently, while it stays open) into its backup folder; rotate.

    Returns the backup's path, or None for an in-memory database.
    """
    source = database_file(db)
    if source is None:
        return None
    folder = backup_folder(source)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{source.stem}-{stamp}-{reason}.sqlite"
    # An encrypted database's backups are encrypted with the same passphrase.
    dest = connect(target, passphrase=passphrase_for(source) or None, autocommit=False)
    try:
        db.conn.backup(dest)
        # The copy takes the source's WAL mode from its header. A backup is one file, read later
        # read-only, and a read-only connection to a WAL file leaves -wal and -shm beside it.
        dest.execute("PRAGMA journal_mode = DELETE").fetchone()
    except driver_errors("Error") as exc:
        dest.close()
        target.unlink(missing_ok=True)
        raise StoreError(f"无法备份数据库:{exc}") from None
    dest.close()
    for old in list_backups(source)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def _open_backup(path: Path):
    """A backup, read-only; encrypted with its database's passphrase when that one is."""
    folder = Path(path).parent
    owner = folder.with_name(folder.name.removesuffix(".backups"))
    return connect(path, read_only=True, passphrase=passphrase_for(owner), autocommit=False)


def _last_change(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def backup_if_changed(db: Database, *, reason: str, keep: int = KEEP) -> Path | None:
    """Back up unless the newest backup already holds every change (by the audit log)."""
    source = database_file(db)
    if source is None:
        return None
    backups = list_backups(source)
    if backups:
        try:
            newest = _open_backup(backups[0].path)
            try:
                if _last_change(newest) == _last_change(db.conn):
                    return None
            finally:
                newest.close()
        except driver_errors("Error") + (StoreError,):
            pass  # an unreadable newest backup is one more reason to take a fresh one
    return backup_database(db, reason=reason, keep=keep)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups of a database file, newest first."""
    folder = backup_folder(Path(db_path))
    found = []
    if folder.is_dir():
        for path in folder.glob("*.sqlite"):
            m = _NAME.match(path.name)
            if m:
                taken = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S-%f")
                found.append(BackupInfo(path, taken, m.group("reason"), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def backup_summary(path: Path) -> dict:
    """What a backup holds (plans, tasks, submissions, the last change), read without changing it."""
    try:
        conn = _open_backup(path)
    except driver_errors("Error") as exc:
        raise StoreError(f"无法打开备份:{exc}") from None
    try:
        counts = {table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
                  for table in ("plan", "task", "unit", "submission", "progress_entry", "inspection", "audit_log")}
        # A notice's title names its year (2021年区政府工作报告…); the year goes in front only when it does not.
        plans = [title if str(year) in title else f"{year}年 {title}"
                 for year, title in conn.execute("SELECT year, title FROM plan ORDER BY year")]
        last = conn.execute("SELECT at, who, action, table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except driver_errors("Error") as exc:
        raise StoreError(f"“{path.name}”不是有效的督查办备份:{exc}") from None
    finally:
        conn.close()
    return {"counts": counts, "plans": plans,
            "last_change": {"at": last[0], "who": last[1], "action": last[2], "table": last[3]} if last else None}


def restore_backup(db: Database, backup: Path, *, who: str | None = None) -> Path | None:
    """Replace the database's content with a backup's, in place; the current content is backed up first.

    Returns the path of that safety backup.
    """
    backup_summary(backup)  # refuses a file that is not a backup before anything is touched
    safety = backup_database(db, reason="restore")
    source = _open_backup(backup)
    try:
        source.backup(db.conn)
    except driver_errors("Error") as exc:
        raise StoreError(f"恢复失败,数据库未改动:{exc}") from None
    finally:
        source.close()
    migrations.upgrade(db.conn)  # a backup taken by an older version is brought up to date
    record_change(db, who=who, action="update", table="database", key=backup.name,
                  after={"restored_from": backup.name, "safety_backup": safety.name if safety else None})
    return safety
