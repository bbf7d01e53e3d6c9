"""The append-only audit log: who changed which row, when, from what to what.

Each row's hash covers its content and the previous row's hash, so a removed or edited
row breaks the chain; verify_audit_chain finds the first break.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from duchaban.core.periods import utc_now_iso
from duchaban.store.row_digest import all_digests, take_touched

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64


def _row_hash(prev_hash: str, at: str, who: str | None, action: str, table: str, key: str,
              before: str | None, after: str | None, who_uuid: str | None = None,
              digests: str | None = None) -> str:
    fields = [prev_hash, at, who, action, table, key, before, after]
    # Rows written before authors were staff records have no who_uuid, rows written before rows had
    # digests (or touching no audited row) have no digests: their hashes stay as they were.
    if digests is not None:
        fields += [who_uuid, digests]
    elif who_uuid is not None:
        fields.append(who_uuid)
    payload = json.dumps(fields, ensure_ascii=False)
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
    """Append one audit row; call inside the transaction that makes the change, after it where you
    can: the row carries the digests of the audited rows written so far (row_digest.py)."""
    _remember_author(db, who)
    _append(db, who=who, action=action, table=table, key=str(key), before_json=_dump(before),
            after_json=_dump(after), digests=take_touched(db))


def _append(db: Database, *, who: str | None, action: str, table: str, key: str, before_json: str | None,
            after_json: str | None, digests: dict) -> None:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    at = utc_now_iso()
    who_uuid = _author_uuid(db, who)
    digests_json = json.dumps(digests, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if digests else None
    digest = _row_hash(prev_hash, at, who, action, table, key, before_json, after_json, who_uuid, digests_json)
    db.execute(
        "INSERT INTO audit_log (at, who, who_uuid, action, table_name, row_key, before, after, prev_hash, hash,"
        " digests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, who, who_uuid, action, table, key, before_json, after_json, prev_hash, digest, digests_json],
    )


# The author of the transaction's latest audit row, per connection: rows a transaction touches after
# its last audit row are logged at commit under the same author.
_AUTHORS: dict[int, str | None] = {}


def _remember_author(db: Database, who: str | None) -> None:
    _AUTHORS[id(db.conn)] = who


def begin_transaction(db: Database) -> None:
    _AUTHORS.pop(id(db.conn), None)


def flush_touched(db: Database) -> None:
    """Log the audited rows this transaction wrote after its last audit row (or without one): every
    write the program makes must agree with the log, or `check` would take it for tampering."""
    digests = take_touched(db)
    if not digests:
        return
    who = _AUTHORS.pop(id(db.conn), None)
    tables = sorted({k.split(":", 1)[0] for k in digests})
    key = next(iter(digests)).split(":", 1)[1] if len(digests) == 1 else f"{len(digests)} 行"
    _append(db, who=who, action="update", table=tables[0] if len(tables) == 1 else "database", key=key,
            before_json=None, after_json=_dump({"tables": tables, "rows": len(digests)}), digests=digests)


BASELINE_KEY = "基线"


def write_baseline(db: Database, note: str, *, skip: set[str] | frozenset[str] = frozenset()) -> None:
    """One audit row holding every audited row's digest (but those in ``skip``, which disagreed with
    the log and must go on doing so): a file that had no digests is checked from here."""
    digests = {k: v for k, v in all_digests(db).items() if k not in skip}
    _append(db, who=None, action="update", table="database", key=BASELINE_KEY, before_json=None,
            after_json=_dump({"baseline": note}), digests=digests)


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
        "SELECT id, at, who, action, table_name, row_key, before, after, prev_hash, hash, who_uuid, digests"
        " FROM audit_log ORDER BY id"
    ):
        row_id, at, who, action, table, key, before, after, stored_prev, stored_hash, who_uuid, digests = row
        expected = _row_hash(prev_hash, at, who, action, table, key, before, after, who_uuid, digests)
        if stored_prev != prev_hash or stored_hash != expected:
            return row_id
        prev_hash = stored_hash
    return None


# --- verification codes (数据校验码) ---------------------------------------------------------
# A printed bulletin or record carries the log's head at that moment: its row number and the start
# of its hash. The file alone cannot prove its history (whoever edits rows can recompute the whole
# chain); paper that left the office can: a recomputed chain no longer has that hash at that row.

_CODE = re.compile(r"^\s*(\d+)-([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})\s*$")


def chain_code(db: Database) -> str:
    """The verification code of the log as it stands: 'row-XXXX-XXXX-XXXX'."""
    row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    row_id, digest = row if row else (0, GENESIS)
    head = digest[:12].upper()
    return f"{row_id}-{head[:4]}-{head[4:8]}-{head[8:12]}"


def verify_code(db: Database, code: str) -> str | None:
    """None when the log holds the history ``code`` was printed from, intact; else why not, in Chinese."""
    match = _CODE.match(code or "")
    if match is None:
        return f"“{code}”不是督查办的数据校验码(应形如 1234-3F2A-91C0-7B1D)"
    row_id, prefix = int(match.group(1)), "".join(match.groups()[1:]).lower()
    if row_id == 0:
        found = GENESIS
    else:
        row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [row_id]).fetchone()
        if row is None:
            return f"操作日志中没有第 {row_id} 条:日志被删改过,或这份材料不是由本数据库生成的"
        found = row[0]
    if not found.lower().startswith(prefix):
        return (f"数据校验码 {code} 与操作日志第 {row_id} 条不符:该条以前的记录被改动或整体重算过,"
                "或这份材料不是由本数据库生成的")
    broken = verify_audit_chain(db)
    if broken is not None and broken <= row_id:
        return f"操作日志第 {broken} 条的校验值不符,数据校验码 {code} 所证明的记录已被改动"
    return None
