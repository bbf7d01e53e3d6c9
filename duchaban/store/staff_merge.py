"""Merging two staff rows that are one person: a name typed on old records (made a staff row by the
version-3 upgrade) or a duplicate entry becomes an alias of the real person, and every record that
named it names that person instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.unit_names import normalize_name
from duchaban.store.audit import record_change
from duchaban.store.staff import get_staff

if TYPE_CHECKING:
    from sqlite_utils import Database

# (table, column) pairs that refer to a staff member and are simply repointed.
_REFERENCES = (("finding", "reported_by_id"), ("close_out", "verifier_id"), ("close_out", "created_by_id"),
               ("close_out", "reopened_by_id"), ("inspection", "created_by_id"))


def _conflicts(db: Database, a: int, b: int) -> list[str]:
    """Close-outs whose verifier would become the person who reported or asked for them."""
    found = [f"问题“{r[0]}”的销号" for r in db.execute(
        "SELECT f.description FROM close_out c JOIN finding f ON f.id = c.finding_id"
        " WHERE (c.verifier_id = ? AND f.reported_by_id = ?) OR (c.verifier_id = ? AND f.reported_by_id = ?)",
        [a, b, b, a])]
    found += [f"任务 {r[0]} 的销号" for r in db.execute(
        "SELECT t.number FROM close_out c JOIN task t ON t.id = c.task_id"
        " WHERE (c.verifier_id = ? AND c.created_by_id = ?) OR (c.verifier_id = ? AND c.created_by_id = ?)",
        [a, b, b, a])]
    return found


def merge_staff(db: Database, *, staff_id: int, into_id: int, who: str | None = None) -> int:
    """Make ``staff_id`` one person with ``into_id``: its records name ``into_id``, its name and
    aliases become that person's aliases, and its row goes. Return how many references moved."""
    if staff_id == into_id:
        raise StoreError("不能把工作人员并入其本人")
    gone, kept = get_staff(db, staff_id), get_staff(db, into_id)
    conflicts = _conflicts(db, staff_id, into_id)
    if conflicts:
        raise StoreError(f"“{gone['name']}”与“{kept['name']}”合并后,以下记录的核验人将与发现人或申请人是同一人,"
                         f"请先核对:{'、'.join(conflicts)}")
    moved = 0
    with db.atomic():
        for table, column in _REFERENCES:
            moved += db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [into_id, staff_id]).rowcount
        for table, extra in (("inspection_inspector", "inspection_id"), ("staff_recusal", "unit_id, reason")):
            moved += db.execute(f"INSERT OR IGNORE INTO {table} (staff_id, {extra}) SELECT ?, {extra} FROM {table}"
                                f" WHERE staff_id = ?", [into_id, staff_id]).rowcount
            db.execute(f"DELETE FROM {table} WHERE staff_id = ?", [staff_id])
        db.execute("UPDATE staff_alias SET staff_id = ? WHERE staff_id = ?", [into_id, staff_id])
        db.execute("DELETE FROM staff WHERE id = ?", [staff_id])
        alias = normalize_name(gone["name"])
        if alias and alias != normalize_name(kept["name"]):
            db.execute("INSERT OR IGNORE INTO staff_alias (alias, staff_id) VALUES (?, ?)", [alias, into_id])
        record_change(db, who=who, action="delete", table="staff", key=gone["uuid"],
                      before={k: gone[k] for k in ("name", "title", "origin")},
                      after={"merged_into": kept["uuid"], "references": moved})
    return moved
