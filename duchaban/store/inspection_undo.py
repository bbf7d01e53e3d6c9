"""Taking an inspection, a finding or a follow-up just recorded back out, and putting it back (redo).

These are the inverse edits of store/inspections.py's record_inspection, add_finding and follow_up,
named by the change sets those return and run by store/undo.py. Each removal is audited like any
delete and refuses (StoreError, nothing changed) when the record has gained something since: a
finding under the inspection, a follow-up or evidence under the finding, a later status. A put-back
restores the same id and uuid, so an undo followed by a redo leaves the database as the first write did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from duchaban.core.changes import ChangeSet, Edit, RowChange
from duchaban.core.errors import StoreError
from duchaban.store.audit import insert_audited, record_change
from duchaban.store.inspections import LINK_TABLES, link_inspection
from duchaban.store.rows import row_by_id

if TYPE_CHECKING:
    from sqlite_utils import Database

_LINK_COLUMNS = {"inspection_inspector": "staff_id", "inspection_unit": "unit_id", "inspection_task": "task_id"}


def _has_evidence(db: Database, owner_kind: str, owner_uuid: str) -> bool:
    return db.execute("SELECT 1 FROM evidence_link WHERE owner_kind = ? AND owner_uuid = ?",
                      [owner_kind, owner_uuid]).fetchone() is not None


def remove_inspection(db: Database, *, inspection_id: int, state: str | None = None,
                      who: str | None = None) -> ChangeSet:
    """Delete an inspection still in the ``state`` it was recorded in (a planned round not carried out
    or cancelled since) and without findings or evidence, with its people, units and tasks."""
    row = row_by_id(db, "inspection", inspection_id)
    if state is not None and row["state"] != state:
        raise StoreError(f"督查“{row['title']}”登记后又有改动,不能撤销")
    if db.execute("SELECT 1 FROM finding WHERE inspection_id = ?", [inspection_id]).fetchone():
        raise StoreError(f"督查“{row['title']}”已有问题记录,不能撤销")
    if _has_evidence(db, "inspection", row["uuid"]):
        raise StoreError(f"督查“{row['title']}”已有佐证材料,不能撤销")
    links = {table: [r[0] for r in db.execute(f"SELECT {column} FROM {table} WHERE inspection_id = ?",
                                               [inspection_id])]
             for table, column in _LINK_COLUMNS.items()}
    with db.atomic():
        db.execute("DELETE FROM inspection WHERE id = ?", [inspection_id])  # its links go with it
        record_change(db, who=who, action="delete", table="inspection", key=row["uuid"], before={**row, **links})
    return ChangeSet((RowChange("inspection", row["uuid"], row, None),),
                     (Edit("put_back_inspection", {"row": row, "links": links}),), frozenset(LINK_TABLES))


def put_back_inspection(db: Database, *, row: dict, links: dict, who: str | None = None) -> ChangeSet:
    """Put back an inspection remove_inspection removed, with the same id, uuid and links."""
    with db.atomic():
        insert_audited(db, "inspection", dict(row), who=who)
        link_inspection(db, row["id"], *(links[table] for table in _LINK_COLUMNS))
    return ChangeSet((RowChange("inspection", row["uuid"], None, row),),
                     (Edit("remove_inspection", {"inspection_id": row["id"], "state": row["state"]}),),
                     frozenset(LINK_TABLES))


def remove_finding(db: Database, *, finding_id: int, who: str | None = None) -> ChangeSet:
    """Delete a finding that nobody has followed up, closed or attached evidence to."""
    row = row_by_id(db, "finding", finding_id)
    later = (db.execute("SELECT 1 FROM finding_followup WHERE finding_id = ?", [finding_id]).fetchone()
             or db.execute("SELECT 1 FROM close_out WHERE finding_id = ?", [finding_id]).fetchone()
             or _has_evidence(db, "finding", row["uuid"]))
    if later:
        raise StoreError(f"问题“{row['description']}”已有跟踪、佐证或销号记录,不能撤销")
    with db.atomic():
        db.execute("DELETE FROM finding WHERE id = ?", [finding_id])
        record_change(db, who=who, action="delete", table="finding", key=row["uuid"], before=row)
    return ChangeSet((RowChange("finding", row["uuid"], row, None),), (Edit("put_back_finding", {"row": row}),))


def put_back_finding(db: Database, *, row: dict, who: str | None = None) -> ChangeSet:
    """Put back a finding remove_finding removed, with the same id and uuid."""
    with db.atomic():
        insert_audited(db, "finding", dict(row), who=who)
    return ChangeSet((RowChange("finding", row["uuid"], None, row),),
                     (Edit("remove_finding", {"finding_id": row["id"]}),))


def _set_finding(db: Database, finding: dict, values: dict, who: str | None) -> dict:
    """Set a finding's status and updated_at; return the values they had."""
    before = {k: finding[k] for k in values}
    db.execute("UPDATE finding SET status = ?, updated_at = ? WHERE id = ?",
               [values["status"], values["updated_at"], finding["id"]])
    record_change(db, who=who, action="update", table="finding", key=finding["uuid"],
                  before={"status": before["status"]}, after={"status": values["status"]})
    return before


def remove_follow_up(db: Database, *, followup_id: int, finding: dict | None = None,
                     who: str | None = None) -> ChangeSet:
    """Delete a follow-up; ``finding`` (the status and updated_at it had before) is put back when the
    follow-up moved it, provided the finding still stands where the follow-up left it."""
    row = row_by_id(db, "finding_followup", followup_id)
    current = row_by_id(db, "finding", row["finding_id"])
    if finding is not None and current["status"] != row["status_after"]:
        raise StoreError("问题的整改状态在这条跟踪之后又有变化,不能撤销")
    changes = [RowChange("finding_followup", row["uuid"], row, None)]
    moved = None
    with db.atomic():
        db.execute("DELETE FROM finding_followup WHERE id = ?", [followup_id])
        record_change(db, who=who, action="delete", table="finding_followup", key=row["uuid"], before=row)
        if finding is not None:
            moved = _set_finding(db, current, finding, who)
            changes.append(RowChange("finding", current["uuid"], moved, finding))
    return ChangeSet(tuple(changes), (Edit("put_back_follow_up", {"row": row, "finding": moved}),))


def put_back_follow_up(db: Database, *, row: dict, finding: dict | None = None, who: str | None = None) -> ChangeSet:
    """Put back a follow-up remove_follow_up removed (same id and uuid), and the finding's status it set."""
    changes = [RowChange("finding_followup", row["uuid"], None, row)]
    before = None
    with db.atomic():
        insert_audited(db, "finding_followup", dict(row), who=who)
        if finding is not None:
            current = row_by_id(db, "finding", row["finding_id"])
            before = _set_finding(db, current, finding, who)
            changes.append(RowChange("finding", current["uuid"], before, finding))
    return ChangeSet(tuple(changes), (Edit("remove_follow_up", {"followup_id": row["id"], "finding": before}),))
