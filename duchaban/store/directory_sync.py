"""The unit directory as it travels through the office hub: each unit with its aliases and (for a
group) its listed members, and the units' contacts; merging them in by the field-exchange rules.

A unit is known by its uuid. A unit that another machine made under a name (or alias) this one
already gives to a different unit is not the same unit by guesswork: the merge stops and says so,
for the office to settle (merge the two units on one machine, then sync).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.errors import StoreError
from duchaban.store.revisions import changed_since_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

UNIT_FIELDS = ("name", "kind", "member_kind", "sort_order", "active", "note", "aliases", "members")
CONTACT_FIELDS = ("unit_uuid", "name", "role", "phone", "email", "note")
_UNIT_SELECT = ("SELECT u.id, u.uuid, u.name, u.kind, u.member_kind, u.sort_order, u.active, u.note, u.created_at"
                " FROM unit u")
_CONTACT_SELECT = ("SELECT c.uuid, u.uuid AS unit_uuid, u.name AS unit_name, c.name, c.role, c.phone, c.email, c.note"
                   " FROM contact c JOIN unit u ON u.id = c.unit_id")


def _units(db: Database, where: str, params: list) -> list[dict]:
    rows = list(db.query(f"{_UNIT_SELECT} WHERE {where} ORDER BY u.id", params))
    for row in rows:
        unit_id = row.pop("id")
        row["aliases"] = sorted(r[0] for r in db.execute("SELECT alias FROM unit_alias WHERE unit_id = ?", [unit_id]))
        row["members"] = sorted(r[0] for r in db.execute(
            "SELECT u.uuid FROM unit_group_member m JOIN unit u ON u.id = m.member_id WHERE m.group_id = ?", [unit_id]))
    return rows


def collect_directory_changes(db: Database, since_seq: int, with_versions: Callable) -> dict:
    """Units and contacts changed here after change number ``since_seq``, with their revisions."""
    units = _units(db, changed_since_sql("unit", "u"), [since_seq])
    contacts = list(db.query(f"{_CONTACT_SELECT} WHERE {changed_since_sql('contact', 'c')} ORDER BY c.id",
                             [since_seq]))
    return {"units": with_versions(db, "unit", units), "contacts": with_versions(db, "contact", contacts)}


def _write_unit(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        for name in (row["name"], *row["aliases"]):
            taken = db.execute(
                "SELECT u.name FROM unit u WHERE u.uuid != ? AND (u.name = ? OR u.id IN"
                " (SELECT unit_id FROM unit_alias WHERE alias = ?))", [row["uuid"], name, name]).fetchone()
            if taken is not None:
                raise StoreError(f"办公室数据库中的单位“{row['name']}”(名称或别名“{name}”)在本机是另一个单位"
                                 f"“{taken[0]}”:两台电脑分别录入了同一个单位?请在一台电脑上合并这两个单位后再同步")
        members = []
        for member in row["members"]:
            found = db.execute("SELECT id FROM unit WHERE uuid = ?", [member]).fetchone()
            if found is None:
                raise StoreError(f"单位组“{row['name']}”的成员单位({member[:8]})不在本机数据库中")
            members.append(found[0])
        values = {k: row[k] for k in ("name", "kind", "member_kind", "sort_order", "active", "note", "created_at")}
        unit_id = upsert(db, "unit", row, action, values, who, "单位")
        here = {r[0] for r in db.execute("SELECT alias FROM unit_alias WHERE unit_id = ?", [unit_id])}
        for alias in sorted(here - set(row["aliases"])):
            db.execute("DELETE FROM unit_alias WHERE alias = ?", [alias])
        for alias in sorted(set(row["aliases"]) - here):
            db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", [alias, unit_id])
        listed = {r[0] for r in db.execute("SELECT member_id FROM unit_group_member WHERE group_id = ?", [unit_id])}
        for member in listed - set(members):
            db.execute("DELETE FROM unit_group_member WHERE group_id = ? AND member_id = ?", [unit_id, member])
        for member in set(members) - listed:
            db.execute("INSERT INTO unit_group_member (group_id, member_id) VALUES (?, ?)", [unit_id, member])
    return write


def _write_contact(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        unit = db.execute("SELECT id FROM unit WHERE uuid = ?", [row["unit_uuid"]]).fetchone()
        if unit is None:
            raise StoreError(f"联系人“{row['name']}”所在的单位“{row['unit_name']}”不在本机数据库中")
        values = {k: row[k] for k in ("name", "role", "phone", "email", "note")}
        upsert(db, "contact", {**row}, action, {**values, "unit_id": unit[0]}, who, "联系人")
    return write


def merge_directory(db: Database, records: dict, merge: Callable, upsert: Callable) -> None:
    """Units (groups last: their members first), then contacts."""
    for row in sorted(records.get("units", []), key=lambda r: r["kind"] == "group"):
        local = next(iter(_units(db, "u.uuid = ?", [row["uuid"]])), None)
        merge("unit", row, local, UNIT_FIELDS, f"单位“{row['name']}”", _write_unit(upsert), None)
    for row in records.get("contacts", []):
        local = next(iter(db.query(f"{_CONTACT_SELECT} WHERE c.uuid = ?", [row["uuid"]])), None)
        merge("contact", row, local, CONTACT_FIELDS, f"“{row['unit_name']}”的联系人“{row['name']}”",
              _write_contact(upsert), None)
