"""The unit directory in the database: units, aliases, groups and their members."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.core.unit_matching import UnitDirectory
from duchaban.core.unit_names import UNIT_KINDS, group_member_kind, normalize_name, split_unit_list
from duchaban.store.audit import record_change


def load_directory(db: Database) -> UnitDirectory:
    """Every active unit's name and kind, and every alias, for name matching."""
    directory = UnitDirectory()
    for name, kind in db.execute("SELECT name, kind FROM unit WHERE active = 1 ORDER BY id"):
        directory.add(name, kind)
    for alias, name in db.execute(
        "SELECT a.alias, u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE u.active = 1"
    ):
        directory.aliases[alias] = name
    return directory


def unit_ids_by_name(db: Database) -> dict[str, int]:
    return {name: uid for uid, name in db.execute("SELECT id, name FROM unit")}


def unit_id_by_name(db: Database, name: str) -> int:
    """The id of the unit with this exact name; StoreError when there is none."""
    row = db.execute("SELECT id FROM unit WHERE name = ?", [name.strip()]).fetchone()
    if row is None:
        raise StoreError(f"单位名录中没有“{name}”")
    return row[0]


def list_units(db: Database, *, kind: str | None = None, include_inactive: bool = False) -> list[dict]:
    """Units in directory order, each with its aliases as a list."""
    sql = ("SELECT u.*, group_concat(a.alias, char(31)) AS alias_list FROM unit u"
           " LEFT JOIN unit_alias a ON a.unit_id = u.id WHERE (u.active = 1 OR ?)")
    params: list = [int(include_inactive)]
    if kind is not None:
        sql += " AND u.kind = ?"
        params.append(kind)
    rows = list(db.query(sql + " GROUP BY u.id ORDER BY u.kind, u.sort_order", params))
    for row in rows:
        row["aliases"] = sorted(row.pop("alias_list").split(chr(31))) if row["alias_list"] else []
    return rows


def add_unit(
    db: Database,
    *,
    name: str,
    kind: str,
    member_kind: str | None = None,
    aliases: Iterable[str] = (),
    who: str | None = None,
) -> int:
    """Create a unit (or group) and its aliases; return its id. Call inside a transaction."""
    name = name.strip()
    if kind not in UNIT_KINDS:
        raise StoreError(f"未知的单位类别“{kind}”")
    if not name:
        raise StoreError("单位名称不能为空")
    if db.execute("SELECT 1 FROM unit WHERE name = ?", [name]).fetchone():
        raise StoreError(f"单位“{name}”已存在")
    if kind == "group" and member_kind is None:
        member_kind = group_member_kind(name)
    row = {
        "uuid": str(uuid.uuid4()),
        "name": name,
        "kind": kind,
        "member_kind": member_kind if kind == "group" else None,
        "sort_order": (db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM unit").fetchone()[0]),
        "created_at": utc_now_iso(),
    }
    cursor = db.execute(
        "INSERT INTO unit (uuid, name, kind, member_kind, sort_order, created_at)"
        " VALUES (:uuid, :name, :kind, :member_kind, :sort_order, :created_at)",
        row,
    )
    unit_id = cursor.lastrowid
    record_change(db, who=who, action="insert", table="unit", key=row["uuid"], after=row)
    for alias in aliases:
        add_alias(db, unit_id=unit_id, alias=alias, who=who)
    return unit_id


def add_alias(db: Database, *, unit_id: int, alias: str, who: str | None = None) -> bool:
    """Record another spelling of a unit; False when it was already recorded for this unit."""
    key = normalize_name(alias)
    if not key:
        raise StoreError("别名不能为空")
    unit = db.execute("SELECT uuid, name FROM unit WHERE id = ?", [unit_id]).fetchone()
    if unit is None:
        raise StoreError(f"单位 {unit_id} 不存在")
    clash = db.execute("SELECT name FROM unit WHERE name = ? AND id != ?", [alias.strip(), unit_id]).fetchone()
    if clash:
        raise StoreError(f"“{alias}”是另一个单位的正式名称,不能作为“{unit[1]}”的别名")
    existing = db.execute("SELECT unit_id FROM unit_alias WHERE alias = ?", [key]).fetchone()
    if existing:
        if existing[0] == unit_id:
            return False
        other = db.execute("SELECT name FROM unit WHERE id = ?", [existing[0]]).fetchone()[0]
        raise StoreError(f"“{alias}”已是“{other}”的别名")
    db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", [key, unit_id])
    record_change(db, who=who, action="insert", table="unit_alias", key=key,
                  after={"alias": key, "unit": unit[0]})
    return True


def set_group_members(db: Database, *, group_id: int, member_ids: Iterable[int], who: str | None = None) -> None:
    """Give a group an explicit member list (replacing any earlier one)."""
    before = [r[0] for r in db.execute(
        "SELECT member_id FROM unit_group_member WHERE group_id = ? ORDER BY member_id", [group_id])]
    after = sorted(set(member_ids))
    if before == after:
        return
    db.execute("DELETE FROM unit_group_member WHERE group_id = ?", [group_id])
    for member in after:
        db.execute("INSERT INTO unit_group_member (group_id, member_id) VALUES (?, ?)", [group_id, member])
    record_change(db, who=who, action="update", table="unit_group_member", key=group_id,
                  before={"members": before}, after={"members": after})


def group_members(db: Database, group_id: int) -> list[str]:
    """Names of the units a group stands for: its explicit list, else every active unit of its kind."""
    explicit = [r[0] for r in db.execute(
        "SELECT u.name FROM unit_group_member m JOIN unit u ON u.id = m.member_id"
        " WHERE m.group_id = ? AND u.active = 1 ORDER BY u.sort_order", [group_id])]
    if explicit:
        return explicit
    row = db.execute("SELECT member_kind FROM unit WHERE id = ?", [group_id]).fetchone()
    if row is None:
        return []
    if row[0] is None:
        sql, params = "SELECT name FROM unit WHERE kind != 'group' AND active = 1 ORDER BY sort_order", []
    else:
        sql, params = "SELECT name FROM unit WHERE kind = ? AND active = 1 ORDER BY sort_order", [row[0]]
    return [r[0] for r in db.execute(sql, params)]


def load_directory_file(db: Database, path: str | Path, *, who: str | None = None) -> int:
    """Add the units of a directory file (kind, name, aliases, members); return how many were new.

    Two layouts are read: the starter directory (``kind<TAB>name<TAB>aliases<TAB>members``)
    and the towns list (``镇|乡|街道<TAB>name``). Units already present are left as they are.
    """
    town_words = {"镇", "乡", "街道"}
    rows = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t") + ["", "", ""]
        kind = "town" if cells[0].strip() in town_words else cells[0].strip()
        rows.append((kind, cells[1].strip(), split_unit_list(cells[2]), split_unit_list(cells[3])))
    known = unit_ids_by_name(db)
    added = 0
    with db.atomic():
        for kind, name, aliases, _ in rows:
            if name in known:
                continue
            known[name] = add_unit(db, name=name, kind=kind, aliases=aliases, who=who)
            added += 1
        for kind, name, _, members in rows:
            if members:
                missing = [m for m in members if m not in known]
                if missing:
                    raise StoreError(f"单位组“{name}”的成员不在名录中:{'、'.join(missing)}")
                set_group_members(db, group_id=known[name], member_ids=[known[m] for m in members], who=who)
    return added
