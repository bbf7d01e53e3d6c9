"""Helpers shared by tests: comparing database files and contents."""

from pathlib import Path


def file_bytes(path: Path) -> bytes:
    """The database file's bytes, including a WAL file if one is left."""
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


_FTS_INTERNALS = tuple(f'INSERT INTO "task_search_{part}"' for part in ("data", "idx", "docsize"))


def logical_dump(db) -> str:
    """The database's content without the audit log, in an order that does not depend on rowids.

    The full-text index's internal segments are left out: deleting and re-adding the same row
    leaves them shaped differently while the searchable content (task_search_content) is equal.
    """
    return "\n".join(sorted(
        line for line in db.conn.iterdump()
        if "audit_log" not in line and not line.startswith(_FTS_INTERNALS)
    ))


def undone_dump(db) -> str:
    """logical_dump without the revision bookkeeping (row_version, change_counter), for comparing
    a database before a change and after its undo: the undo restores the data, and is itself a
    change that must travel to the other machines (its rows take new revisions)."""
    return "\n".join(line for line in logical_dump(db).split("\n")
                     if not line.startswith(('INSERT INTO "row_version"', 'INSERT INTO "change_counter"')))


def table_contents(db) -> dict[str, list]:
    """Every ordinary table's rows, sorted (works on any driver, SQLCipher's included)."""
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'task_search%'")]
    return {t: sorted(map(repr, db.execute(f"SELECT * FROM [{t}]").fetchall())) for t in tables}


def restore_records_v2(data_dir: Path, path: Path) -> Path:
    """The small database the release before schema 3 wrote (tests/data/records-v2.sql), with the
    evidence file that release kept beside it (tests/data/make_v2_records.py writes both)."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executescript((data_dir / "records-v2.sql").read_text(encoding="utf-8"))
    conn.close()
    data = "现场照片说明".encode()
    sha = hashlib.sha256(data).hexdigest()
    stored = Path(f"{path}.files") / sha[:2] / f"{sha}.txt"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(data)
    return path
