"""One window per database file: a lock file beside it says who has it open.

A lock left by a process that died (killed, crashed, power cut) is recognised as stale and taken
over; a lock held by a running process means a second instance, which the user is told about.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


class DatabaseInUse(Exception):
    def __init__(self, message: str):
        super().__init__(message)


class DatabaseLock:
    def __init__(self, db_path: Path):
        self.path = Path(str(db_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran

    def acquire(self) -> None:
        """Take the lock; DatabaseInUse (with a Chinese message) when another instance holds it."""
        if self._lock.tryLock(100):
            return
        info = self._lock.getLockInfo()  # (pid, host, application), or empty when unreadable
        owner = f"(进程 {info[0]},计算机 {info[1]})" if info and len(info) >= 2 and info[0] else ""
        raise DatabaseInUse(f"数据库“{self.path.with_suffix('').name}”已在另一个督查办窗口中打开{owner}。"
                            "同一个数据库只能在一个窗口中使用,请切换到那个窗口。")

    def release(self) -> None:
        self._lock.unlock()
