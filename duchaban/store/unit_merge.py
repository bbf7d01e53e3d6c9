"""Merging two units that are really one (a duplicate created from a misspelling).

Everything that named the source unit moves to the target, the source's name becomes
an alias of the target, and the source row goes. Where both units have a row that may exist
only once per unit, one is kept: of two reports on the same task for the same period, the later
(the unit reported twice, under two names); of two links to one inspection or two assessment
scores, the target's. The returned MergeRecord holds exactly what moved and what was set aside,
so ``_unmerge_units`` can put it all back (the window's undo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.unit_names import normalize_name
from duchaban.store.audit import record_change
from duchaban.store.connection import driver_errors
from duchaban.store.progress import refresh_task_progress
from duchaban.store.search import reindex_tasks
from duchaban.store.units import _restore_unit, get_unit

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables whose rows name a unit by rowid, and the column that does.
UNIT_REFERENCES = (
    ("submission", "unit_id"), ("progress_entry", "unit_id"), ("inspection_unit", "unit_id"),
    ("finding", "unit_id"), ("reminder", "unit_id"), ("contact", "unit_id"), ("assessment_score", "unit_id"),
)

# Of those, the tables where a unit may have only one row per key: the other key columns, and when
# the source's row (s) gives way to the target's (t). Of two reports the later stays, whichever unit
# sent it; of two visits or scores, the target's.
ONCE_PER_UNIT = {
    "progress_entry": (("task_id", "period_id"), "(s.reported_at, s.id) < (t.reported_at, t.id)"),
    "inspection_unit": (("inspection_id",), "1"),
    "assessment_score": (("rule_set_id",), "1"),
}


@dataclass
class MergeRecord:
    source: dict
    target_id: int
    moved_assignments: list[tuple[int, str]] = field(default_factory=list)    # (task_id, role)
    dropped_assignments: list[tuple[int, str, int]] = field(default_factory=list)  # target had the task
    moved_aliases: list[str] = field(default_factory=list)
    added_alias: str | None = None
    moved_rows: dict[str, list[int]] = field(default_factory=dict)  # table -> rowids
    memberships: list[int] = field(default_factory=list)  # groups the source was an explicit member of
    members: list[int] = field(default_factory=list)  # explicit members, when the source is a group
    set_aside: dict[str, list[dict]] = field(default_factory=dict)  # table -> whole rows removed as duplicates

    @property
    def reconciled_reports(self) -> int:
        """Reports on a task for a period that both units had, of which the later was kept."""
        return len(self.set_aside.get("progress_entry", []))


def _merge_units(db: Database, *, source_id: int, target_id: int, who: str | None = None) -> MergeRecord:
    """Fold the source unit into the target in one transaction; return what moved."""
    if source_id == target_id:
        raise StoreError("不能把单位合并到它自己")
    source, target = get_unit(db, source_id), get_unit(db, target_id)
    if (source["kind"] == "group") != (target["kind"] == "group"):
        raise StoreError("单位组只能与单位组合并,单位只能与单位合并")
    record = MergeRecord(source=source, target_id=target_id)
    try:
        with db.atomic():
            _move_assignments(db, record)
            _set_aside_duplicates(db, record)
            record.moved_aliases = [r[0] for r in db.execute(
                "SELECT alias FROM unit_alias WHERE unit_id = ?", [source_id])]
            db.execute("UPDATE unit_alias SET unit_id = ? WHERE unit_id = ?", [target_id, source_id])
            for table, column in UNIT_REFERENCES:
                ids = [r[0] for r in db.execute(f"SELECT rowid FROM {table} WHERE {column} = ?", [source_id])]
                if ids:
                    db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [target_id, source_id])
                    record.moved_rows[table] = ids
            record.memberships = [r[0] for r in db.execute(
                "SELECT group_id FROM unit_group_member WHERE member_id = ?", [source_id])]
            for group_id in record.memberships:
                db.execute("INSERT OR IGNORE INTO unit_group_member (group_id, member_id) VALUES (?, ?)",
                           [group_id, target_id])
            record.members = [r[0] for r in db.execute(
                "SELECT member_id FROM unit_group_member WHERE group_id = ?", [source_id])]
            db.execute("DELETE FROM unit WHERE id = ?", [source_id])
            alias = normalize_name(source["name"])
            if not db.execute("SELECT 1 FROM unit_alias WHERE alias = ?", [alias]).fetchone():
                db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", [alias, target_id])
                record.added_alias = alias
            record_change(db, who=who, action="delete", table="unit", key=source["uuid"], before=source,
                          after={"merged_into": target["uuid"], "set_aside": record.set_aside})
            reindex_tasks(db, [t for t, _ in record.moved_assignments])
            # The views' latest report per task named the source unit (and went with its row).
            refresh_task_progress(db, _reported_tasks(db, record))
    except driver_errors("IntegrityError") as exc:
        raise StoreError(f"无法合并“{source['name']}”与“{target['name']}”:两者有冲突的记录({exc})") from None
    return record


def _move_assignments(db: Database, record: MergeRecord) -> None:
    source_id, target_id = record.source["id"], record.target_id
    target_tasks = {r[0] for r in db.execute("SELECT task_id FROM assignment WHERE unit_id = ?", [target_id])}
    for task_id, role, ordinal in db.execute(
            "SELECT task_id, role, ordinal FROM assignment WHERE unit_id = ?", [source_id]).fetchall():
        if task_id in target_tasks:
            db.execute("DELETE FROM assignment WHERE task_id = ? AND unit_id = ? AND role = ?",
                       [task_id, source_id, role])
            record.dropped_assignments.append((task_id, role, ordinal))
        else:
            db.execute("UPDATE assignment SET unit_id = ? WHERE task_id = ? AND unit_id = ? AND role = ?",
                       [target_id, task_id, source_id, role])
            record.moved_assignments.append((task_id, role))


def _set_aside_duplicates(db: Database, record: MergeRecord) -> None:
    """Remove, keeping them in the record, the rows that would be there twice for the target."""
    source_id, target_id = record.source["id"], record.target_id
    for table, (key, source_loses) in ONCE_PER_UNIT.items():
        same_key = " AND ".join(f"s.{c} = t.{c}" for c in key)
        pairs = db.execute(
            f"SELECT s.rowid, t.rowid, {source_loses} FROM {table} s JOIN {table} t ON {same_key}"
            f" WHERE s.unit_id = ? AND t.unit_id = ?", [source_id, target_id]).fetchall()
        for source_row, target_row, source_loses_it in pairs:
            rowid = source_row if source_loses_it else target_row
            row = next(iter(db.query(f"SELECT * FROM {table} WHERE rowid = ?", [rowid])))
            db.execute(f"DELETE FROM {table} WHERE rowid = ?", [rowid])
            record.set_aside.setdefault(table, []).append(row)


def _reported_tasks(db: Database, record: MergeRecord) -> list[int]:
    moved = record.moved_rows.get("progress_entry", [])
    tasks = {r["task_id"] for r in record.set_aside.get("progress_entry", [])}
    if moved:
        marks = ",".join("?" * len(moved))
        tasks |= {r[0] for r in db.execute(f"SELECT task_id FROM progress_entry WHERE rowid IN ({marks})", moved)}
    return sorted(tasks)


def _unmerge_units(db: Database, record: MergeRecord, *, who: str | None = None) -> None:
    """Undo a _merge_units: recreate the source unit and move back everything that moved."""
    source, target_id = record.source, record.target_id
    with db.atomic():
        _restore_unit(db, source, who=who)
        if record.added_alias:
            db.execute("DELETE FROM unit_alias WHERE alias = ?", [record.added_alias])
        for alias in record.moved_aliases:
            db.execute("UPDATE unit_alias SET unit_id = ? WHERE alias = ?", [source["id"], alias])
        for task_id, role in record.moved_assignments:
            db.execute("UPDATE assignment SET unit_id = ? WHERE task_id = ? AND unit_id = ? AND role = ?",
                       [source["id"], task_id, target_id, role])
        for task_id, role, ordinal in record.dropped_assignments:
            db.execute("INSERT INTO assignment (task_id, unit_id, role, ordinal) VALUES (?, ?, ?, ?)",
                       [task_id, source["id"], role, ordinal])
        for table, ids in record.moved_rows.items():
            column = dict(UNIT_REFERENCES)[table]
            marks = ",".join("?" * len(ids))
            db.execute(f"UPDATE {table} SET {column} = ? WHERE rowid IN ({marks})", [source["id"], *ids])
        for group_id in record.memberships:
            db.execute("INSERT OR IGNORE INTO unit_group_member (group_id, member_id) VALUES (?, ?)",
                       [group_id, source["id"]])
        for member_id in record.members:
            db.execute("INSERT OR IGNORE INTO unit_group_member (group_id, member_id) VALUES (?, ?)",
                       [source["id"], member_id])
        for table, rows in record.set_aside.items():
            for row in rows:
                columns = list(row)
                db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           [row[c] for c in columns])
        reindex_tasks(db, [t for t, _ in record.moved_assignments] + [t for t, _, _ in record.dropped_assignments])
        refresh_task_progress(db, _reported_tasks(db, record))
