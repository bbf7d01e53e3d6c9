"""Opening the database file: location, pragmas, schema version."""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from duchaban.core.errors import StoreError
from duchaban.store.connection import connect, driver_errors

if TYPE_CHECKING:
    from sqlite_utils import Database

# .dcb is the extension the Windows installer associates with the app (督查办数据库).
DEFAULT_FILE_NAME = "duchaban.dcb"
MEMORY = ":memory:"  # a throw-away database, for dry runs and tests


LEGACY_FILE_NAME = "duchaban.sqlite"   # the default name before 0.1's installers


def default_database_path() -> Path:
    """The per-user database file (e.g. ~/.local/share/duchaban/duchaban.dcb); a database kept
    under the earlier default name is still the one opened."""
    from platformdirs import user_data_path  # here: it imports tempfile and shutil, which a given --db never needs

    folder = user_data_path("duchaban", appauthor=False)
    current, legacy = folder / DEFAULT_FILE_NAME, folder / LEGACY_FILE_NAME
    return legacy if legacy.exists() and not current.exists() else current


def open_database(path: str | Path, *, create: bool = True, passphrase: str | None = None) -> Database:
    """Open (and if allowed create) a duchaban database with WAL and foreign keys on.

    An encrypted file needs its passphrase, given here or remembered from an earlier opening in
    this process (EncryptedDatabase otherwise)."""
    if str(path) == MEMORY:
        return _configure(sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False), path)
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"“{path}”是文件夹,不是数据库文件")
    if not path.exists():
        if not create:
            raise StoreError(f"找不到数据库文件:{path}")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = connect(path, passphrase=passphrase)
    except driver_errors("Error") as exc:
        raise StoreError(f"无法打开数据库“{path}”{_in_chinese(exc)}") from None
    return _configure(conn, path)


# SQLite's own words for a file it cannot use, as an office user reads them; the sentence around
# them already says the file is no duchaban database, so that one adds nothing.
_SQLITE_WORDS = {
    "file is not a database": "",
    "database disk image is malformed": ":文件内容已损坏",
    "database is locked": ":文件正被其他程序使用",
    "unable to open database file": ":无法读取该文件(请检查文件位置与权限)",
    "attempt to write a readonly database": ":文件是只读的",
    "disk i/o error": ":读写磁盘出错",
}


def _in_chinese(exc: Exception) -> str:
    """The driver's message as a Chinese tail for our own sentence; an unknown one kept, marked as the engine's."""
    message = str(exc).strip()
    words = _SQLITE_WORDS.get(message.lower())
    return words if words is not None else f"(数据库引擎报告:{message})"


def _configure(conn: sqlite3.Connection, path: str | Path) -> Database:
    # Imported here, not with this module: the command line and the window import this module
    # before the first paint, and the log's digests and the migrations are only needed on opening.
    from duchaban.store import migrations, row_digest

    path = Path(path)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() not in ("wal", "memory"):
            raise StoreError(f"数据库“{path.name}”无法切换到 WAL 模式(当前 {mode}),请检查文件位置是否可写")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrations.upgrade(conn)
        row_digest.install_tracking(conn)
    except driver_errors("DatabaseError") as exc:
        conn.close()
        raise StoreError(f"“{path.name}”不是有效的督查办数据库或已损坏{_in_chinese(exc)}") from None
    except StoreError:
        conn.close()
        raise
    return OpeningDatabase(conn)


class OpeningDatabase:
    """A database just opened: reads on its sqlite3 connection, and sqlite-utils only when needed.

    The window's first reads (the plan, its trees and counts) are SELECTs and PRAGMAs, which need
    nothing but the connection; sqlite-utils (with click, dateutil and pluggy) costs as much to
    import as those reads and the window's second paint together. Any other use (a table, an
    insert, a transaction, a write) turns this object, in place, into the sqlite-utils Database
    below: the same object and the same single connection, so no caller can tell the two apart,
    and a second connection or library never touches the file."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=None):
        # sqlite-utils' execute() differs from the connection's only for statements that open an
        # implicit transaction (INSERT, UPDATE, DELETE, REPLACE): a SELECT or PRAGMA never does.
        if not (_reads_only(sql) or _first_word(sql) == "PRAGMA"):
            return self.full().execute(sql, parameters)
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def query(self, sql: str, params=None):
        if _reads_only(sql):
            cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
            keys = [d[0] for d in cursor.description]
            if len(set(keys)) == len(keys):       # repeated names: sqlite-utils renames them
                return (dict(zip(keys, row)) for row in cursor)
        return self.full().query(sql, params)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getitem__(self, table_name: str):
        return self.full()[table_name]

    def __getattr__(self, name: str):
        # Only for names this class lacks (tables(), atomic(), insert helpers, …).
        return getattr(self.full(), name)

    def full(self) -> Database:
        """This object as sqlite-utils' Database (which it then stays)."""
        cls = _database_class()
        self.__class__ = cls
        # No sqlite-utils plugins: nothing installed beside the app may change its connection, and
        # looking for them reads every installed package's metadata (~50 ms at each start).
        cls.__init__(self, self.conn, execute_plugins=False)
        return self


def _first_word(sql: str) -> str:
    return sql.lstrip()[:6].upper()


_WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _reads_only(sql: str) -> bool:
    """A SELECT, or a WITH that names no write (WITH … INSERT is a statement too); anything in
    doubt goes to sqlite-utils, which guards it."""
    first = sql.lstrip()[:4].upper()
    return _first_word(sql) == "SELECT" or (first == "WITH" and not _WRITES.search(sql))


_DATABASE_CLASS = None


def _database_class():
    """sqlite-utils' Database whose transactions take the write lock when they begin.

    Imported here, not above: the window is painted before the first database is opened, and
    sqlite-utils (with click, dateutil and pluggy) is a sixth of a second to import."""
    global _DATABASE_CLASS
    if _DATABASE_CLASS is None:
        from sqlite_utils import Database

        class DuchabanDatabase(Database):
            def full(self) -> Database:
                return self

            @contextmanager
            def atomic(self):
                """One transaction, begun IMMEDIATE. A deferred one that reads and then writes gets
                SQLITE_BUSY at once, with no waiting, when another program (the command line beside
                the window) committed in between: WAL cannot let it write on a stale snapshot."""
                if self.conn.in_transaction:
                    with super().atomic():       # nested: a savepoint
                        yield self
                    return
                from duchaban.store import audit

                self.conn.execute("BEGIN IMMEDIATE")
                audit.begin_transaction(self)
                try:
                    yield self
                    audit.flush_touched(self)
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                else:
                    self.conn.execute("COMMIT")

        _DATABASE_CLASS = DuchabanDatabase
    return _DATABASE_CLASS


@contextmanager
def opened_database(path: str | Path, *, create: bool = False) -> Iterator[Database]:
    """open_database as a context: the connection is closed however the block ends."""
    db = open_database(path, create=create)
    try:
        yield db
    finally:
        db.close()


def data_version(db: Database) -> int:
    """SQLite's count of commits made to the file by other connections since this one opened
    (PRAGMA data_version); it stays put for the connection's own writes."""
    return db.execute("PRAGMA data_version").fetchone()[0]
