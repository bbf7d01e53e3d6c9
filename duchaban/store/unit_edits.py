"""Undoable edits of the unit directory: each returns a ChangeSet whose inverse puts it back.

These are the only public way to edit a unit, alias, contact or group: the window, the command
line and the bulk importers (plan import, directory files and workbooks) all call them, so every
edit is validated and audited the same way. An importer's change sets are not pushed on an undo
stack (a bulk import is undone by a backup), but they say what it touched all the same.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Iterable

from duchaban.core.changes import NO_CHANGE, ChangeSet, Edit, RowChange
from duchaban.core.unit_names import normalize_name
from duchaban.store.audit import insert_audited
from duchaban.store.contacts import _delete_contact, _insert_contact
from duchaban.store.rows import row_by_id
from duchaban.store.unit_groups import _set_group_members, explicit_member_ids
from duchaban.store.unit_merge import UNIT_REFERENCES, MergeRecord, _merge_units, _unmerge_units
from duchaban.store.units import (
    _delete_alias,
    _delete_unit,
    _insert_alias,
    _insert_unit,
    _restore_unit,
    _update_unit,
    get_unit,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

# A unit's name is in every task's search row and in both task trees.
_RENAME_TOUCHES = frozenset({"task_search"})


def change_unit(db: Database, *, unit_id: int, who: str | None = None, **changes: Any) -> ChangeSet:
    """Change a unit's name, kind, active flag, note or order (store/units.py's _update_unit)."""
    before = _update_unit(db, unit_id=unit_id, who=who, **changes)
    unit = get_unit(db, unit_id)
    after = {k: unit[k] for k in before}
    if after == before:
        return NO_CHANGE
    return ChangeSet((RowChange("unit", unit["uuid"], before, after),),
                     (Edit("change_unit", {"unit_id": unit_id, **before}),),
                     _RENAME_TOUCHES if "name" in before else frozenset())


def add_unit_alias(db: Database, *, unit_id: int, alias: str, who: str | None = None) -> ChangeSet:
    """Record another spelling of a unit; no change when it was already this unit's."""
    if not _insert_alias(db, unit_id=unit_id, alias=alias, who=who):
        return NO_CHANGE
    key = normalize_name(alias)
    owner = get_unit(db, unit_id)["uuid"]
    return ChangeSet((RowChange("unit_alias", key, None, {"alias": key, "unit": owner}),),
                     (Edit("remove_unit_alias", {"alias": key}),))


def remove_unit_alias(db: Database, *, alias: str, who: str | None = None) -> ChangeSet:
    """Forget an alias."""
    unit_id = _delete_alias(db, alias=alias, who=who)
    key = normalize_name(alias)
    owner = get_unit(db, unit_id)["uuid"]
    return ChangeSet((RowChange("unit_alias", key, {"alias": key, "unit": owner}, None),),
                     (Edit("add_unit_alias", {"unit_id": unit_id, "alias": key}),))


def create_unit(db: Database, *, name: str, kind: str, aliases: Iterable[str] = (),
                who: str | None = None) -> ChangeSet:
    """Add a unit (or group) with its aliases in one transaction; the new rows are the change's rows."""
    aliases = list(aliases)
    unit = get_unit(db, _insert_unit(db, name=name, kind=kind, aliases=aliases, who=who))
    keys = list(dict.fromkeys(normalize_name(a) for a in aliases))
    return ChangeSet((RowChange("unit", unit["uuid"], None, unit),
                      *(RowChange("unit_alias", k, None, {"alias": k, "unit": unit["uuid"]}) for k in keys)),
                     (Edit("remove_unit", {"unit_id": unit["id"]}),), created=unit["id"])


def remove_unit(db: Database, *, unit_id: int, who: str | None = None) -> ChangeSet:
    """Remove a unit nothing refers to, with its aliases."""
    old = _delete_unit(db, unit_id=unit_id, who=who)
    rows = (RowChange("unit", old["uuid"], old, None),
            *(RowChange("unit_alias", a, {"alias": a, "unit": old["uuid"]}, None) for a in old["aliases"]))
    return ChangeSet(rows, (Edit("put_back_unit", {"row": old}),))


def put_back_unit(db: Database, *, row: dict, who: str | None = None) -> ChangeSet:
    """Put back a unit remove_unit removed, with the same id, uuid and aliases."""
    _restore_unit(db, row, who=who)
    rows = (RowChange("unit", row["uuid"], None, row),
            *(RowChange("unit_alias", a, None, {"alias": a, "unit": row["uuid"]}) for a in row.get("aliases", [])))
    return ChangeSet(rows, (Edit("remove_unit", {"unit_id": row["id"]}),))


def change_group_members(db: Database, *, group_id: int, member_ids: list[int], who: str | None = None) -> ChangeSet:
    """Give a group an explicit member list (empty: every unit of its kind)."""
    before = _set_group_members(db, group_id=group_id, member_ids=member_ids, who=who)
    after = sorted(set(member_ids))
    if before == after:
        return NO_CHANGE
    return ChangeSet((RowChange("unit_group_member", group_id, {"members": before}, {"members": after}),),
                     (Edit("change_group_members", {"group_id": group_id, "member_ids": before}),))


def add_group_members(db: Database, *, group_id: int, member_ids: list[int], new: bool = False,
                      who: str | None = None) -> str | None:
    """Add members to a group and keep the ones it had, for importers, which only add and change;
    a note for the user when members the file did not list were kept, or when a group that stood
    for every unit of its kind (no list) now has only the listed ones. ``new``: created by this import."""
    before = explicit_member_ids(db, group_id)
    change_group_members(db, group_id=group_id, member_ids=list(dict.fromkeys([*before, *member_ids])), who=who)
    group = get_unit(db, group_id)["name"]
    kept = [i for i in before if i not in member_ids]
    if kept:
        names = "、".join(get_unit(db, i)["name"] for i in kept)
        return f"单位组“{group}”:文件未列出的原有成员 {names} 已保留(导入只增改,不删除;如需去掉请在名录中修改)"
    if not before and not new:
        return f"单位组“{group}”原来未列成员(代表同类的全部单位),现只含所列的 {len(set(member_ids))} 个成员"
    return None


def unit_use_text(db: Database, unit_id: int) -> str:
    """",承担 N 项任务" when the unit holds tasks, so a change to it is read with care; else empty."""
    used = db.execute("SELECT count(*) FROM assignment WHERE unit_id = ?", [unit_id]).fetchone()[0]
    return f",承担 {used} 项任务" if used else ""


def merge_unit_into(db: Database, *, source_id: int, target_id: int, who: str | None = None) -> ChangeSet:
    """Fold a duplicate unit into another (store/unit_merge.py); the rows set aside as duplicates
    are the change's removed rows (``removed("progress_entry")``: reports reconciled)."""
    record = _merge_units(db, source_id=source_id, target_id=target_id, who=who)
    rows = (RowChange("unit", record.source["uuid"], record.source, None),
            *(RowChange(table, row.get("uuid", row.get("id")), row, None)
              for table, set_aside in record.set_aside.items() for row in set_aside))
    return ChangeSet(rows, (Edit("unmerge_unit", {"record": asdict(record)}),), _merge_touches(record))


def unmerge_unit(db: Database, *, record: dict, who: str | None = None) -> ChangeSet:
    """Undo a merge_unit_into from its record (as data)."""
    merge = MergeRecord(**record)
    _unmerge_units(db, merge, who=who)
    rows = (RowChange("unit", merge.source["uuid"], None, merge.source),
            *(RowChange(table, row.get("uuid", row.get("id")), None, row)
              for table, set_aside in merge.set_aside.items() for row in set_aside))
    return ChangeSet(rows, (Edit("merge_unit_into", {"source_id": merge.source["id"], "target_id": merge.target_id}),),
                     _merge_touches(merge))


def _merge_touches(record: MergeRecord) -> frozenset[str]:
    moved = {table for table, _ in UNIT_REFERENCES if record.moved_rows.get(table)}
    return frozenset({"unit_alias", "assignment", "unit_group_member", "task_search", "task_progress", *moved})


def add_unit_contact(db: Database, *, unit_id: int, name: str, role: str = "联络员", phone: str | None = None,
                     email: str | None = None, note: str | None = None, who: str | None = None) -> ChangeSet:
    """Add a contact person to a unit."""
    contact_id = _insert_contact(db, unit_id=unit_id, name=name, role=role, phone=phone, email=email, note=note,
                                 who=who)
    row = row_by_id(db, "contact", contact_id)
    return ChangeSet((RowChange("contact", row["uuid"], None, row),),
                     (Edit("remove_unit_contact", {"contact_id": contact_id}),), created=contact_id)


def remove_unit_contact(db: Database, *, contact_id: int, who: str | None = None) -> ChangeSet:
    """Remove a contact person."""
    old = _delete_contact(db, contact_id=contact_id, who=who)
    return ChangeSet((RowChange("contact", old["uuid"], old, None),), (Edit("put_back_contact", {"row": old}),))


def put_back_contact(db: Database, *, row: dict, who: str | None = None) -> ChangeSet:
    """Put back a contact remove_unit_contact removed, with the same id and uuid."""
    with db.atomic():
        insert_audited(db, "contact", dict(row), who=who)
    return ChangeSet((RowChange("contact", row["uuid"], None, row),),
                     (Edit("remove_unit_contact", {"contact_id": row["id"]}),))
