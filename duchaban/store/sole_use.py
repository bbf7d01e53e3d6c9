"""Whether any other connection has a database file open, for the jobs that replace the whole file.

Ordinary reads and writes from the command line work beside an open window: SQLite's WAL lets
readers and one writer share the file, and the window notices others' commits. Only rewriting
the file (building the demo over it, encrypting, decrypting) needs it alone. The test is SQLite's
own: leaving WAL mode needs an exclusive lock, which is refused while any other connection, in
this process or another, is open on the file. The window's lock file then says who has it.
"""

from __future__ import annotations

import socket
from pathlib import Path

from duchaban.core.errors import StoreError
from duchaban.store.connection import EncryptedDatabase, connect, driver_errors


class DatabaseInUse(StoreError):
    """Another program (a window, a command) has the database open."""


def window_owner(db_path: Path) -> str:
    """Who holds the window's lock file beside ``db_path`` (Qt's QLockFile: pid, app, host), in words."""
    lock = Path(f"{db_path}.lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    if not lines or not lines[0].strip().isdigit():
        return ""
    host = lines[2].strip() if len(lines) > 2 and lines[2].strip() else socket.gethostname()
    return f"督查办窗口(进程 {lines[0].strip()},计算机 {host})"


def ensure_sole_use(db_path: str | Path, *, doing: str) -> None:
    """DatabaseInUse (naming the window that has it, when one does) unless no other connection is
    open on the file; ``doing`` says what the caller would do, for the message. A missing file,
    or an encrypted one whose passphrase this process does not know, is judged by the lock file."""
    path = Path(db_path)
    if not path.exists():
        return
    try:
        conn = connect(path)
    except EncryptedDatabase:
        conn = None
    if conn is None:
        owner = window_owner(path)
        if owner:
            raise DatabaseInUse(_message(path, owner, doing))
        return
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except driver_errors("OperationalError"):      # "database is locked"
            mode = None
        if mode is None or mode.lower() != "delete":
            raise DatabaseInUse(_message(path, window_owner(path) or "其他程序", doing))
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    finally:
        conn.close()


def _message(path: Path, owner: str, doing: str) -> str:
    return f"数据库“{path.name}”正在被{owner}使用,不能{doing}。请先关闭它再试;数据库未作任何修改。"
