"""The append-only audit log: who changed which row, when, from what to what.

Each row's hash covers its content and the previous row's hash, so a removed or edited
row breaks the chain; verify_audit_chain finds the first break.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from duchaban.core.periods import utc_now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64


def _row_hash(prev_hash: str, at: str, who: str | None, action: str, table: str, key: str,
              before: str | None, after: str | None, who_uuid: str | None = None) -> str:
    fields = [prev_hash, at, who, action, table, key, before, after]
    # Rows written before authors were staff records have no who_uuid; their hashes stay as they were.
    payload = json.dumps(fields if who_uuid is None else [*fields, who_uuid], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _author_uuid(db: Database, who: str | None) -> str | None:
    """The staff uuid of the author when ``who`` is a staff name; an OS login names nobody."""
    if not who:
        return None
    row = db.execute("SELECT uuid FROM staff WHERE name = ?", [who.strip()]).fetchone()
    return row[0] if row else None


def record_change(
    db: Database,
    *,
    who: str | None,
    action: str,
    table: str,
    key: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one audit row; call inside the transaction that makes the change."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    at = utc_now_iso()
    before_json, after_json = _dump(before), _dump(after)
    who_uuid = _author_uuid(db, who)
    digest = _row_hash(prev_hash, at, who, action, table, str(key), before_json, after_json, who_uuid)
    db.execute(
        "INSERT INTO audit_log (at, who, who_uuid, action, table_name, row_key, before, after, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, who, who_uuid, action, table, str(key), before_json, after_json, prev_hash, digest],
    )


def insert_row(db: Database, table: str, row: dict[str, Any]) -> int:
    """INSERT one row and return its id. Plain SQL: sqlite-utils' insert() reads the table's
    columns every time, which bulk imports feel."""
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" * len(row))
    return db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def insert_audited(db: Database, table: str, row: dict[str, Any], *, who: str | None) -> int:
    """Insert a row that carries a uuid, log it, and return its id (inside the caller's transaction)."""
    row_id = insert_row(db, table, row)
    record_change(db, who=who, action="insert", table=table, key=row["uuid"], after=row)
    return row_id


def verify_audit_chain(db: Database) -> int | None:
    """The id of the first audit row whose hash does not match, or None when the chain holds."""
    prev_hash = GENESIS
    for row in db.execute(
        "SELECT id, at, who, action, table_name, row_key, before, after, prev_hash, hash, who_uuid"
        " FROM audit_log ORDER BY id"
    ):
        row_id, at, who, action, table, key, before, after, stored_prev, stored_hash, who_uuid = row
        expected = _row_hash(prev_hash, at, who, action, table, key, before, after, who_uuid)
        if stored_prev != prev_hash or stored_hash != expected:
            return row_id
        prev_hash = stored_hash
    return None
