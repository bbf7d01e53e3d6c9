"""The hub's base copy of the office database, that a new laptop starts from, and the evidence
files kept at the hub once per hash."""

from __future__ import annotations

from pathlib import Path


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
    """An evidence file by its hash, when this login may see it."""
    row = conn.execute("SELECT data FROM hub_file WHERE sha256 = %s", [sha256]).fetchone()
    return None if row is None else bytes(row[0])


def save_file(conn, path: Path, sha256: str) -> bool:
    """Write the hub's copy of an evidence file to ``path``; False when the hub has none this login sees."""
    data = fetch_file(conn, sha256)
    if data is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
