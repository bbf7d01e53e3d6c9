"""Does the data agree with its history? Each audited row against the digest its latest audit row recorded.

A row edited, added or deleted with a SQLite tool leaves the log behind: the log still holds the
digest of the row as the program last wrote it (or no digest, or one of a row that is gone).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from duchaban.core.field_names import table_label
from duchaban.store.audit import BASELINE_KEY
from duchaban.store.row_digest import (
    AUDITED,
    ROW_HASH_CHARS,
    changed_fields,
    current_digests,
    digests_of,
    table_columns,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

SHOWN = 20     # rows named per kind of change and table; the rest are counted


@dataclass
class OutsideChange:
    """One row that disagrees with the log: kind is 'edited', 'added' or 'deleted'."""

    kind: str
    table: str
    key: str
    label: str = ""
    fields: tuple[str, ...] = ()
    last_log_id: int | None = None

    def message(self, db: Database) -> str:
        what = f"{table_label(self.table)}“{self.label}”"
        last = _last_change(db, self.last_log_id)
        if self.kind == "added":
            return f"{what}是在本程序之外新增的:操作日志中没有它的记录"
        if self.kind == "deleted":
            return f"{what}在本程序之外被删除;{last}"
        fields = "、".join(self.fields) if self.fields else "内容"
        return f"{what}在本程序之外被改动({fields});{last}"


def _last_change(db: Database, log_id: int | None) -> str:
    row = db.execute("SELECT who, at, table_name, row_key, after FROM audit_log WHERE id = ?", [log_id]).fetchone()
    if row is None:
        return "操作日志中没有它的记录"
    who, at, table, key, after = row
    when = at.replace("T", " ").rstrip("Z")[:16]
    if table == "database" and key == BASELINE_KEY:
        note = json.loads(after or "{}").get("baseline", "")
        return f"最后一次经本程序记录:基线,{when} UTC(操作日志第 {log_id} 条:{note})"
    return f"最后一次经本程序修改:{who or '未署名'},{when} UTC(操作日志第 {log_id} 条)"


def recorded_digests(db: Database) -> tuple[dict[str, str | None], dict[str, int]]:
    """What the log says each audited row last became, and the audit row that said it."""
    values: dict[str, str | None] = {}
    sources: dict[str, int] = {}
    for log_id, digests in db.execute("SELECT id, digests FROM audit_log WHERE digests IS NOT NULL ORDER BY id"):
        entries = json.loads(digests)
        values.update(entries)
        sources.update(dict.fromkeys(entries, log_id))
    return values, sources


def _compare(db: Database) -> tuple[dict[str, dict[str, list[str]]], dict[str, str | None], dict[str, int]]:
    """Per table, the keys of rows edited, added and deleted outside the program; and the log's record."""
    recorded, sources = recorded_digests(db)
    changes: dict[str, dict[str, list[str]]] = {t: {"edited": [], "added": [], "deleted": []} for t in AUDITED}
    seen: set[str] = set()
    for table in AUDITED:
        current = current_digests(db, table)
        seen.update(current)
        edited, added = changes[table]["edited"], changes[table]["added"]
        for key, digest in current.items():
            entry = recorded.get(key)
            if entry is None:
                added.append(key)
            elif entry[:ROW_HASH_CHARS] != digest:
                edited.append(key)
    # One pass over what the log holds (hundreds of thousands of keys in a large file), not one per table.
    for key, entry in recorded.items():
        if entry is not None and key not in seen:
            table = key.split(":", 1)[0]
            if table in changes:
                changes[table]["deleted"].append(key)
    return changes, recorded, sources


def disagreeing_keys(db: Database) -> set[str]:
    """The rows there now that are not what the log says (a schema step's baseline leaves them out)."""
    changes, _, _ = _compare(db)
    return {key for kinds in changes.values() for key in kinds["edited"] + kinds["added"]}


def outside_changes(db: Database) -> list[OutsideChange]:
    """Every audited row that is not what the log says it last became, in table order."""
    changes, recorded, sources = _compare(db)
    found: list[OutsideChange] = []
    for table, kinds in changes.items():
        for kind, keys in kinds.items():
            for key in keys[:SHOWN]:
                found.append(_describe(db, kind, table, key, recorded.get(key), sources.get(key)))
            if len(keys) > SHOWN:
                found.append(OutsideChange(kind, table, "", label=str(len(keys))))
    return found


def _describe(db: Database, kind: str, table: str, key: str, entry: str | None, log_id: int | None) -> OutsideChange:
    bare = key.split(":", 1)[1]
    change = OutsideChange(kind, table, bare, last_log_id=log_id)
    if kind == "deleted":
        change.label = entry.split(" ", 1)[1] or bare
        return change
    key_sql = " || '|' || ".join(f"r.{c}" for c in AUDITED[table][1])
    now = digests_of(db, table, f"WHERE ({key_sql}) = ?", [bare]).get(key)
    digest, _, label = (now or " ").partition(" ")
    change.label = label or bare
    if kind == "edited" and now:
        change.fields = tuple(changed_fields(table, table_columns(db, table), entry.split(" ", 1)[0], digest))
    return change


def outside_change_messages(db: Database) -> list[str]:
    messages = []
    for change in outside_changes(db):
        if not change.key:       # the count of rows not named one by one
            kind = {"edited": "被改动", "added": "新增", "deleted": "被删除"}[change.kind]
            messages.append(f"{table_label(change.table)}共有 {change.label} 行在本程序之外{kind},"
                            f"以上只列出前 {SHOWN} 行")
        else:
            messages.append(change.message(db))
    return messages
