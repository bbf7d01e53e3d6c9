"""Raw SQLite connections to database files, plain or encrypted at rest (SQLCipher).

An encrypted file is opened through the sqlcipher3 driver with its passphrase. The passphrase is
remembered for the life of the process only, per file, so the workers, backups and restores that
open the same file again need not ask twice; it is never written anywhere.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from duchaban.core.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"   # what a plain file starts with (tests compare)
_PASSPHRASES: dict[str, str] = {}


class EncryptedDatabase(StoreError):
    """The file is encrypted and no (or a wrong) passphrase was given."""


def driver_errors(name: str) -> tuple[type, ...]:
    """sqlite3's exception class ``name``, with SQLCipher's too once an encrypted file has been opened
    (imported lazily: the driver costs start-up time that plain files should not pay)."""
    found = [getattr(sqlite3, name)]
    module = sys.modules.get("sqlcipher3.dbapi2")
    if module is not None:
        found.append(getattr(module, name))
    return tuple(found)


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def remember_passphrase(path: str | Path, passphrase: str) -> None:
    _PASSPHRASES[_key(path)] = passphrase


def forget_passphrase(path: str | Path) -> None:
    _PASSPHRASES.pop(_key(path), None)


def passphrase_for(path: str | Path) -> str | None:
    return _PASSPHRASES.get(_key(path))


def is_encrypted(path: str | Path) -> bool:
    """Whole database pages that SQLite cannot read as a database: SQLCipher's random salt comes first.

    The file is never opened with plain file I/O. Closing any descriptor on a database file drops
    every POSIX lock this process holds on it, so a window's connection would lose its WAL locks
    and another process closing its own connection would delete the WAL under it ("How To Corrupt
    An SQLite Database File", §2.2). SQLite's own VFS keeps such descriptors open while locks are
    held, so the question is asked through SQLite; and a file this process has unlocked with a
    passphrase is known encrypted without asking, since a probe by the plain library on a file
    that SQLCipher holds open would be the same hazard from a second library.
    """
    path = Path(path)
    if passphrase_for(path) is not None:
        return True
    if not _whole_pages(path):
        return False
    # mode=rw, not ro: a read-only connection that is the last one cannot remove the -wal/-shm it
    # opened, and would leave them behind; rw never creates the file either.
    uri = path.resolve().as_uri()
    try:
        probe = sqlite3.connect(f"{uri}?mode=rw", uri=True, check_same_thread=False)
    except sqlite3.Error:
        try:
            probe = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            return False
    try:
        return _not_a_database(probe)
    finally:
        probe.close()


def _whole_pages(path: Path) -> bool:
    """Sized as an encrypted file is (os.stat opens no descriptor)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size > 0 and size % 512 == 0


def _not_a_database(conn: sqlite3.Connection) -> bool:
    """SQLite's own verdict (SQLITE_NOTADB) on the file's first page."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as error:
        return "not a database" in str(error)
    return False


def sqlcipher():
    """The SQLCipher DB-API module, or StoreError saying how to get it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise StoreError("加密数据库需要 sqlcipher3 组件:pip install sqlcipher3") from None
    return dbapi2


def sql_literal(text: str) -> str:
    """``text`` as an SQL string literal, for the statements that take no parameters (PRAGMA key,
    ATTACH … KEY)."""
    return "'" + text.replace("'", "''") + "'"


def connect(path: str | Path, *, passphrase: str | None = None, read_only: bool = False,
            autocommit: bool = True, remember: bool = True):
    """A connection to the file: sqlite3 for a plain one, sqlcipher3 with the passphrase (given
    or remembered) for an encrypted one; EncryptedDatabase when that passphrase is missing or wrong."""
    path = Path(path)
    passphrase = passphrase if passphrase is not None else passphrase_for(path)
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    options = {"isolation_level": None} if autocommit else {}
    if passphrase is None:
        # The connection itself asks whether the file is encrypted: no second opening of the file.
        conn = sqlite3.connect(target, uri=read_only, check_same_thread=False, **options)
        if _whole_pages(path) and _not_a_database(conn):
            conn.close()
            raise EncryptedDatabase(f"数据库“{path.name}”已加密,请输入密码")
        return conn
    driver = sqlcipher()
    conn = driver.connect(target, uri=read_only, check_same_thread=False, **options)
    conn.execute("PRAGMA cipher_log_level = NONE")   # a wrong passphrase is our message, not stderr noise
    conn.execute(f"PRAGMA key = {sql_literal(passphrase)}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError:
        conn.close()
        raise EncryptedDatabase(f"数据库“{path.name}”的密码不正确") from None
    if remember:
        remember_passphrase(path, passphrase)
    return conn


def rewrite_with_key(path: str | Path, *, old: str | None, new: str | None) -> None:
    """Export every table of ``path`` into a fresh file keyed with ``new`` ('' or None = plain), check
    that it opens, then put it in place of ``path``; StoreError (file untouched) when the export fails."""
    import os

    path = Path(path)
    driver = sqlcipher()
    fresh = path.with_name(path.name + ".rewrite")
    fresh.unlink(missing_ok=True)
    conn = driver.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    try:
        if old:
            conn.execute(f"PRAGMA key = {sql_literal(old)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS fresh KEY {sql_literal(new or '')}", [str(fresh)])
        conn.execute("SELECT sqlcipher_export('fresh')")
        conn.execute(f"PRAGMA fresh.user_version = {int(version)}")
        conn.execute("DETACH DATABASE fresh")
    except driver.DatabaseError as error:
        fresh.unlink(missing_ok=True)
        raise StoreError(f"无法改写“{path.name}”:{error}") from None
    finally:
        conn.close()
    check = connect(fresh, passphrase=new or None, remember=False)
    check.execute("SELECT count(*) FROM sqlite_master").fetchone()
    check.close()
    os.replace(fresh, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
