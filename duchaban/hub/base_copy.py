"""The hub's base copy of the office database, that a new laptop starts from, and the evidence
files kept at the hub once per hash."""

from __future__ import annotations

from duchaban.core.errors import DuchabanError


def has_base_copy(conn) -> bool:
    return conn.execute("SELECT count(*) FROM hub_snapshot").fetchone()[0] > 0


def store_base_copy(conn, data: bytes) -> None:
    """Keep ``data`` (a SQLite file) as the newest base copy, with the hub's change number now."""
    through = conn.execute("SELECT coalesce(max(seq), 0) FROM hub_change").fetchone()[0]
    conn.execute("INSERT INTO hub_snapshot (through_seq, data) VALUES (%s, %s)", [through, data])


def newest_base_copy(conn) -> bytes | None:
    row = conn.execute("SELECT data FROM hub_snapshot ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else bytes(row[0])


def fetch_file(conn, sha256: str) -> bytes | None:
    """An evidence file by its hash, when this login may see it (row-level security hides the rest)."""
    from psycopg import OperationalError

    try:
        row = conn.execute("SELECT data FROM hub_file WHERE sha256 = %s", [sha256]).fetchone()
    except OperationalError:
        raise DuchabanError("与办公室数据库的连接中断,佐证文件未能取回;本机未作任何修改") from None
    return None if row is None else bytes(row[0])
