"""Revisions and tombstones of the rows that travel between machines.

Every row of a travelling table has a ``row_version`` entry beside it, kept by triggers so that no
write path can forget it: a revision counter, a random id for the revision (``version``), the ids
of the revisions it grew from (``history``, the last HISTORY_KEPT), and this database's change
counter at the last change (``change_seq``). A deleted row keeps its entry as a tombstone
(``deleted_at`` set), so deletions travel too.

Two machines compare versions, never clocks: an incoming row whose history holds our version grew
from what we have (take it); ours whose history holds the incoming version grew from it (keep
ours); anything else changed on both sides since they last met (a conflict, unless the values
agree). ``change_seq`` lets a machine send "everything since the last package it sent".

The bookkeeping lives in its own table, not in columns of the data tables, so that the data's
schema and the audit payloads stay as they were, and a table is made to travel by adding its name
to TRAVELLING_TABLES (with a migration that calls ``triggers_sql`` for it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# The field exchange's records; the office hub also carries the directory, ledgers and bulletins.
FIELD_TABLES = ("inspection", "finding", "finding_followup", "close_out", "evidence", "random_draw")
LEDGER_TABLES = ("submission", "progress_entry")
DIRECTORY_TABLES = ("unit", "contact")
PLAN_TABLES = ("plan", "section", "task")
# The office hub's, beyond the field exchange's.
OFFICE_TABLES = DIRECTORY_TABLES + LEDGER_TABLES + ("bulletin", "assessment_rule_set") + PLAN_TABLES
# Rows without a uuid of their own that are part of another travelling row: a change to them is a
# change to that row (child table, its column naming the parent's id, the parent table).
# (Scores are not: they are only ever written with their rule set's row, whose own trigger counts
# the change once; a trigger per score would push the rule set's ancestry out of its kept history.)
PART_OF = (("unit_alias", "unit_id", "unit"), ("unit_group_member", "group_id", "unit"),
           ("indicator", "task_id", "task"), ("assignment", "task_id", "task"))
TRAVELLING_TABLES = FIELD_TABLES + OFFICE_TABLES
HISTORY_KEPT = 50
LEGACY_PREFIX = "legacy:"     # the version of a row made before revisions existed: the same on every copy

_NEW_VERSION = "lower(hex(randomblob(16)))"
_NEXT_SEQ = "UPDATE change_counter SET seq = seq + 1;"
_SEQ = "(SELECT seq FROM change_counter)"
_GROWN_HISTORY = (f"json_insert(CASE WHEN json_array_length(history) >= {HISTORY_KEPT}"
                  " THEN json_remove(history, '$[0]') ELSE history END, '$[#]', version)")


def triggers_sql(table: str) -> str:
    """The triggers that keep ``table``'s rows' entries in row_version."""
    where = f"table_name = '{table}' AND uuid = OLD.uuid"
    return f"""
CREATE TRIGGER {table}_version_insert AFTER INSERT ON {table}
BEGIN
    {_NEXT_SEQ}
    INSERT INTO row_version (table_name, uuid, revision, version, history, change_seq)
    VALUES ('{table}', NEW.uuid, 1, {_NEW_VERSION}, '[]', {_SEQ})
    ON CONFLICT (table_name, uuid) DO UPDATE SET revision = revision + 1, history = {_GROWN_HISTORY},
        version = {_NEW_VERSION}, change_seq = {_SEQ}, deleted_at = NULL;
END;
CREATE TRIGGER {table}_version_update AFTER UPDATE ON {table}
BEGIN
    {_NEXT_SEQ}
    UPDATE row_version SET revision = revision + 1, history = {_GROWN_HISTORY}, version = {_NEW_VERSION},
        change_seq = {_SEQ} WHERE {where};
END;
CREATE TRIGGER {table}_version_delete AFTER DELETE ON {table}
BEGIN
    {_NEXT_SEQ}
    UPDATE row_version SET revision = revision + 1, history = {_GROWN_HISTORY}, version = {_NEW_VERSION},
        change_seq = {_SEQ}, deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE {where};
END;
"""


def part_triggers_sql(child: str, column: str, parent: str) -> str:
    """The triggers that count a change to a ``child`` row as a change to the ``parent`` row it is part of."""
    def bump(row: str) -> str:
        return (f"UPDATE row_version SET revision = revision + 1, history = {_GROWN_HISTORY}, version = {_NEW_VERSION},"
                f" change_seq = {_SEQ} WHERE table_name = '{parent}'"
                f" AND uuid = (SELECT uuid FROM {parent} WHERE id = {row}.{column});")
    return f"""
CREATE TRIGGER {child}_part_insert AFTER INSERT ON {child}
BEGIN
    {_NEXT_SEQ}
    {bump("NEW")}
END;
CREATE TRIGGER {child}_part_update AFTER UPDATE ON {child}
BEGIN
    {_NEXT_SEQ}
    {bump("OLD")}
    {bump("NEW")}
END;
CREATE TRIGGER {child}_part_delete AFTER DELETE ON {child}
BEGIN
    {_NEXT_SEQ}
    {bump("OLD")}
END;
"""


def schema_sql() -> str:
    """Every travelling table's triggers (the tables row_version and change_counter are in schema.sql)."""
    return "".join(triggers_sql(table) for table in TRAVELLING_TABLES) + "".join(
        part_triggers_sql(*part) for part in PART_OF)


def backfill_sql(tables: tuple[str, ...], *, unsent: bool = False) -> str:
    """Entries for rows made before revisions existed: one legacy version per row, the same on every
    copy of the database, so that a copy taken before the upgrade still shares it. ``unsent``: the
    rows count as changed after everything this database has sent (they have never travelled; the
    hub takes each legacy version once, however many laptops offer it)."""
    seq = "(SELECT seq + 1 FROM change_counter)" if unsent else "1"
    return "".join(
        f"INSERT OR IGNORE INTO row_version (table_name, uuid, revision, version, history, change_seq)"
        f" SELECT '{table}', uuid, 1, '{LEGACY_PREFIX}' || uuid, '[]', {seq} FROM {table};\n"
        for table in tables) + ("UPDATE change_counter SET seq = seq + 1 WHERE EXISTS"
                                " (SELECT 1 FROM row_version WHERE change_seq > change_counter.seq);\n" if unsent
                                else "UPDATE change_counter SET seq = 1 WHERE seq < 1;\n")


@dataclass(frozen=True)
class RowVersion:
    """One row's place in its history, as it travels in a package."""

    revision: int
    version: str
    history: tuple[str, ...]

    def to_json(self) -> dict:
        return {"revision": self.revision, "version": self.version, "history": list(self.history)}

    @classmethod
    def from_json(cls, data: dict) -> "RowVersion":
        return cls(int(data["revision"]), str(data["version"]), tuple(str(v) for v in data.get("history", ())))

    def grew_from(self, other: "RowVersion") -> bool:
        return other.version in self.history

    def joined(self, other: "RowVersion", version: str) -> "RowVersion":
        """A new revision that has grown from both (a conflict decided)."""
        seen = [v for v in (*self.history, self.version, *other.history, other.version)]
        merged = list(dict.fromkeys(seen))[-HISTORY_KEPT:]
        return RowVersion(max(self.revision, other.revision) + 1, version, tuple(merged))


def compare_versions(local: RowVersion, incoming: RowVersion, *, same_values: bool) -> str:
    """same / update (incoming grew from ours) / keep (ours grew from incoming) / conflict."""
    if local.version == incoming.version:
        # Equal ids with different values: legacy rows edited apart before revisions existed.
        return "same" if same_values else "conflict"
    if incoming.grew_from(local):
        return "update"
    if local.grew_from(incoming):
        return "keep"
    return "same" if same_values else "conflict"


def row_version(db: Database, table: str, uuid: str) -> RowVersion | None:
    row = db.execute("SELECT revision, version, history FROM row_version WHERE table_name = ? AND uuid = ?",
                     [table, uuid]).fetchone()
    return None if row is None else RowVersion(row[0], row[1], tuple(json.loads(row[2])))


def is_tombstone(db: Database, table: str, uuid: str) -> bool:
    row = db.execute("SELECT deleted_at FROM row_version WHERE table_name = ? AND uuid = ?", [table, uuid]).fetchone()
    return row is not None and row[0] is not None


def set_row_version(db: Database, table: str, uuid: str, version: RowVersion, *, deleted_at: str | None = None,
                    bump: bool = False) -> None:
    """Take a revision from another machine (after the triggers gave the row a local one). ``bump``:
    count it as a change made here, to be sent on (a conflict decided here)."""
    if bump:
        db.execute(_NEXT_SEQ)
        db.execute("UPDATE row_version SET change_seq = (SELECT seq FROM change_counter)"
                   " WHERE table_name = ? AND uuid = ?", [table, uuid])
    db.execute(
        "INSERT INTO row_version (table_name, uuid, revision, version, history, change_seq, deleted_at)"
        f" VALUES (?, ?, ?, ?, ?, {_SEQ}, ?) ON CONFLICT (table_name, uuid) DO UPDATE SET revision = excluded.revision,"
        " version = excluded.version, history = excluded.history, deleted_at = excluded.deleted_at",
        [table, uuid, version.revision, version.version, json.dumps(list(version.history)), deleted_at])


def new_version_id(db: Database) -> str:
    return db.execute(f"SELECT {_NEW_VERSION}").fetchone()[0]


def current_seq(db: Database) -> int:
    return db.execute("SELECT seq FROM change_counter").fetchone()[0]


def changed_since_sql(table: str, alias: str) -> str:
    """SQL: the row ``alias`` of ``table`` changed here after the change number given as the
    statement's next parameter, and still there (what a package or a push collects)."""
    return (f"{alias}.uuid IN (SELECT uuid FROM row_version WHERE table_name = '{table}'"
            " AND deleted_at IS NULL AND change_seq > ?)")


def changed_since(db: Database, table: str, seq: int) -> set[str]:
    """Uuids of ``table``'s rows changed here after change ``seq`` and still there (deletions are
    tombstones_since's)."""
    return {r[0] for r in db.execute("SELECT uuid FROM row_version WHERE table_name = ? AND deleted_at IS NULL"
                                     " AND change_seq > ?", [table, seq])}


def tombstones_since(db: Database, seq: int) -> list[dict]:
    """Deletions after change ``seq``, as they travel."""
    return [{"table": r[0], "uuid": r[1], "deleted_at": r[5],
             "_version": RowVersion(r[2], r[3], tuple(json.loads(r[4]))).to_json()}
            for r in db.execute("SELECT table_name, uuid, revision, version, history, deleted_at FROM row_version"
                                " WHERE deleted_at IS NOT NULL AND change_seq > ? ORDER BY change_seq", [seq])]
