"""The unit directory in the database: units and their aliases.

The underscored functions are the internal steps under store/unit_edits.py, which is the one
public way to add, change or remove a unit or an alias (each returns a change set).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Iterable
from weakref import WeakKeyDictionary

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.core.unit_matching import UnitDirectory
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS, group_member_kind, normalize_name
from duchaban.store.audit import record_change
from duchaban.store.connection import driver_errors
from duchaban.store.rows import row_by_id
from duchaban.store.search import reindex_tasks

if TYPE_CHECKING:
    from sqlite_utils import Database


# Directory order the official way: departments, towns, committees, other units, groups;
# within a kind, the order the units were entered or imported (sort_order).
KIND_ORDER_SQL = "CASE u.kind " + " ".join(
    f"WHEN '{kind}' THEN {rank}" for rank, kind in enumerate(UNIT_KINDS)) + " END"


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


# Every unit's cleaned name, per open database, valid while this connection's change count and the
# file's data_version (other connections' commits) are the ones recorded: checking each new name
# against 10,000 others must not clean them all again.
_NAME_KEYS: WeakKeyDictionary = WeakKeyDictionary()


def _write_state(db: Database) -> tuple[int, int]:
    return db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0]


def _name_keys(db: Database) -> dict[str, str]:
    cached = _NAME_KEYS.get(db)
    state = _write_state(db)
    if cached is None or cached[0] != state:
        keys: dict[str, str] = {}
        for (name,) in db.execute("SELECT name FROM unit ORDER BY id"):
            keys.setdefault(normalize_name(name), name)
        cached = _NAME_KEYS[db] = (state, keys)
    return cached[1]


def _names_unchanged(db: Database, state_before: tuple[int, int], added: str | None = None) -> None:
    """After a write that left unit names as they were (or added one), keep the cache valid."""
    cached = _NAME_KEYS.get(db)
    if cached is not None and cached[0] == state_before:
        if added is not None:
            cached[1].setdefault(normalize_name(added), added)
        _NAME_KEYS[db] = (_write_state(db), cached[1])


def same_name_owner(db: Database, name: str, *, except_id: int | None = None) -> tuple[str, str] | None:
    """("unit", its name) or ("alias", the owner's name) when ``name``, cleaned of spaces, invisible
    characters and outer punctuation (normalize_name), is already a unit's name or alias."""
    key = normalize_name(name)
    row = db.execute("SELECT u.name, u.id FROM unit_alias a JOIN unit u ON u.id = a.unit_id WHERE a.alias = ?",
                     [key]).fetchone()
    if row and row[1] != except_id:
        return "alias", row[0]
    for _ in range(2):
        other = _name_keys(db).get(key)
        if other is None:
            return None
        hit = db.execute("SELECT id FROM unit WHERE name = ?", [other]).fetchone()
        if hit is not None:
            return None if hit[0] == except_id else ("unit", other)
        _NAME_KEYS.pop(db, None)   # a rolled-back insert left the cache stale
    return None


def same_name_text(name: str, owner: tuple[str, str]) -> str:
    """Why ``name`` cannot be a new unit (owner as same_name_owner returns it); callers put the row first."""
    how, other = owner
    said = (f"是已有单位“{other}”的别名" if how == "alias" else f"与已有单位“{other}”只差空格或标点")
    return f"“{name}”{said},不能新建同名单位;如确是另一个单位,请改用不同的名称"


def unit_ids_by_name(db: Database) -> dict[str, int]:
    return {name: uid for uid, name in db.execute("SELECT id, name FROM unit")}


def unit_kinds_by_name(db: Database) -> dict[str, str]:
    return dict(db.execute("SELECT name, kind FROM unit").fetchall())


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
    rows = list(db.query(sql + f" GROUP BY u.id ORDER BY {KIND_ORDER_SQL}, u.sort_order, u.id", params))
    for row in rows:
        row["aliases"] = sorted(row.pop("alias_list").split(chr(31))) if row["alias_list"] else []
    return rows


def _insert_unit(
    db: Database,
    *,
    name: str,
    kind: str,
    member_kind: str | None = None,
    aliases: Iterable[str] = (),
    who: str | None = None,
) -> int:
    """Create a unit (or group) and its aliases in one transaction; return its id."""
    name = name.strip()
    if kind not in UNIT_KINDS:
        raise StoreError(f"未知的单位类别“{kind}”")
    if not name:
        raise StoreError("单位名称不能为空")
    if db.execute("SELECT 1 FROM unit WHERE name = ?", [name]).fetchone():
        raise StoreError(f"单位“{name}”已存在")
    owner = same_name_owner(db, name)
    if owner is not None:
        raise StoreError(same_name_text(name, owner))
    changes_before = _write_state(db)
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
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO unit (uuid, name, kind, member_kind, sort_order, created_at)"
            " VALUES (:uuid, :name, :kind, :member_kind, :sort_order, :created_at)",
            row,
        )
        unit_id = cursor.lastrowid
        record_change(db, who=who, action="insert", table="unit", key=row["uuid"], after=row)
        _names_unchanged(db, changes_before, added=name)
        for alias in aliases:
            _insert_alias(db, unit_id=unit_id, alias=alias, who=who)
    return unit_id


def _insert_alias(db: Database, *, unit_id: int, alias: str, who: str | None = None) -> bool:
    """Record another spelling of a unit; False when it was already recorded for this unit."""
    key = normalize_name(alias)
    if not key:
        raise StoreError("别名不能为空")
    unit = db.execute("SELECT uuid, name FROM unit WHERE id = ?", [unit_id]).fetchone()
    if unit is None:
        raise StoreError(f"单位 {unit_id} 不存在")
    clash = same_name_owner(db, alias, except_id=unit_id)
    if clash and clash[0] == "unit":
        like = "" if clash[1] == alias.strip() else f"(与“{clash[1]}”只差空格或标点)"
        raise StoreError(f"“{alias}”是另一个单位的正式名称{like},不能作为“{unit[1]}”的别名")
    existing = db.execute("SELECT unit_id FROM unit_alias WHERE alias = ?", [key]).fetchone()
    if existing:
        if existing[0] == unit_id:
            return False
        other = db.execute("SELECT name FROM unit WHERE id = ?", [existing[0]]).fetchone()[0]
        raise StoreError(f"“{alias}”已是“{other}”的别名")
    changes_before = _write_state(db)
    with db.atomic():
        db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", [key, unit_id])
        record_change(db, who=who, action="insert", table="unit_alias", key=key,
                      after={"alias": key, "unit": unit[0]})
    _names_unchanged(db, changes_before)
    return True


EDITABLE_FIELDS = ("name", "kind", "member_kind", "active", "note", "sort_order")


def get_unit(db: Database, unit_id: int) -> dict:
    """The unit's row; StoreError when it does not exist."""
    return row_by_id(db, "unit", unit_id)


def _update_unit(db: Database, *, unit_id: int, who: str | None = None, **changes) -> dict:
    """Change a unit's name, kind, member kind, active flag, note or order; return the old values.

    Passing the returned dict back undoes the change.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise StoreError(f"不能修改单位的字段:{'、'.join(sorted(unknown))}")
    unit = get_unit(db, unit_id)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise StoreError("单位名称不能为空")
        clash = db.execute("SELECT 1 FROM unit WHERE name = ? AND id != ?", [changes["name"], unit_id]).fetchone()
        if clash:
            raise StoreError(f"单位“{changes['name']}”已存在")
        owner = same_name_owner(db, changes["name"], except_id=unit_id)
        if owner is not None and owner[0] == "unit":
            raise StoreError(same_name_text(changes["name"], owner).replace("新建同名单位", "改为这个名称"))
        alias_owner = db.execute("SELECT unit_id FROM unit_alias WHERE alias = ?",
                                 [normalize_name(changes["name"])]).fetchone()
        if alias_owner and alias_owner[0] != unit_id:
            raise StoreError(f"“{changes['name']}”已是另一个单位的别名")
    if "kind" in changes and changes["kind"] not in UNIT_KINDS:
        raise StoreError(f"未知的单位类别“{changes['kind']}”")
    if changes.get("kind", "group") != "group":
        changes["member_kind"] = None
    before = {k: unit[k] for k in changes}
    if before == changes:
        return before
    changes_before = _write_state(db)
    with db.atomic():
        assignments = ", ".join(f"{k} = :{k}" for k in changes)
        db.execute(f"UPDATE unit SET {assignments} WHERE id = :id", {**changes, "id": unit_id})
        record_change(db, who=who, action="update", table="unit", key=unit["uuid"], before=before, after=changes)
        if "name" in changes:
            reindex_tasks(db, [r[0] for r in db.execute("SELECT task_id FROM assignment WHERE unit_id = ?",
                                                         [unit_id])])
    if "name" not in changes:
        _names_unchanged(db, changes_before)
    return before


def _delete_alias(db: Database, *, alias: str, who: str | None = None) -> int:
    """Forget an alias; return the id of the unit it belonged to."""
    key = normalize_name(alias)
    row = db.execute("SELECT a.unit_id, u.uuid FROM unit_alias a JOIN unit u ON u.id = a.unit_id"
                     " WHERE a.alias = ?", [key]).fetchone()
    if row is None:
        raise StoreError(f"“{alias}”不是任何单位的别名")
    with db.atomic():
        db.execute("DELETE FROM unit_alias WHERE alias = ?", [key])
        record_change(db, who=who, action="delete", table="unit_alias", key=key,
                      before={"alias": key, "unit": row[1]})
    return row[0]


def _delete_unit(db: Database, *, unit_id: int, who: str | None = None) -> dict:
    """Remove a unit that nothing refers to; return its row with its aliases (_restore_unit undoes)."""
    unit = get_unit(db, unit_id)
    used = db.execute("SELECT count(*) FROM assignment WHERE unit_id = ?", [unit_id]).fetchone()[0]
    if used:
        raise StoreError(f"“{unit['name']}”承担着 {used} 项任务,不能删除;可以停用或合并到其他单位")
    unit["aliases"] = [r[0] for r in db.execute("SELECT alias FROM unit_alias WHERE unit_id = ?", [unit_id])]
    try:
        with db.atomic():
            db.execute("DELETE FROM unit WHERE id = ?", [unit_id])
            record_change(db, who=who, action="delete", table="unit", key=unit["uuid"], before=unit)
    except driver_errors("IntegrityError"):
        raise StoreError(f"“{unit['name']}”已有联系人、台账、督查或其他记录,不能删除;可以停用") from None
    return unit


def _restore_unit(db: Database, row: dict, *, who: str | None = None) -> int:
    """Put back a unit removed by _delete_unit, with the same id, uuid and aliases."""
    unit = {k: v for k, v in row.items() if k != "aliases"}
    with db.atomic():
        db.execute(f"INSERT INTO unit ({', '.join(unit)}) VALUES ({', '.join(':' + k for k in unit)})", unit)
        for alias in row.get("aliases", []):
            db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES (?, ?)", [alias, unit["id"]])
        record_change(db, who=who, action="insert", table="unit", key=unit["uuid"], after=row)
    return unit["id"]


def unit_counts(db: Database, *, active_only: bool = True) -> dict[str, int]:
    """How many units of each kind (groups included, as kind 'group') the directory holds."""
    where = " WHERE active = 1" if active_only else ""
    return dict(db.execute(f"SELECT kind, count(*) FROM unit{where} GROUP BY kind").fetchall())


def unit_kind_labels(db: Database) -> dict[str, str]:
    """Every unit's name with its kind as the user reads it (部门, 乡镇(街道) ...)."""
    return {name: KIND_LABELS.get(kind, kind) for name, kind in db.execute("SELECT name, kind FROM unit")}
