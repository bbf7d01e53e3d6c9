"""The office's staff list: operators, inspectors, verifiers, and their optional passwords."""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.core.staff_list import staff_name_problem
from duchaban.core.unit_names import normalize_name
from duchaban.store.audit import insert_audited, record_change
from duchaban.store.rows import row_by_id
from duchaban.store.units import same_name_owner

if TYPE_CHECKING:
    from sqlite_utils import Database

EDITABLE_FIELDS = ("name", "title", "phone", "is_inspector", "active")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def add_staff(db: Database, *, name: str, title: str | None = None, phone: str | None = None,
              is_inspector: bool = True, who: str | None = None) -> int:
    """Add a staff member; return the id."""
    name = (name or "").strip()
    if not name:
        raise StoreError("姓名不能为空")
    problem = staff_name_problem(name)
    if problem is not None:
        raise StoreError(problem)
    unit = same_name_owner(db, name)
    if unit is not None:
        raise StoreError(f"“{name}”是单位名录中的单位“{unit[1]}”,不是工作人员的姓名")
    if db.execute("SELECT 1 FROM staff WHERE name = ?", [name]).fetchone():
        raise StoreError(f"工作人员“{name}”已存在")
    other = find_staff(db, name)
    if other is not None:
        raise StoreError(f"“{name}”已是工作人员“{other['name']}”的别名")
    row = {"uuid": str(uuid.uuid4()), "name": name, "title": title, "phone": phone,
           "is_inspector": int(is_inspector), "created_at": utc_now_iso()}
    with db.atomic():
        staff_id = insert_audited(db, "staff", row, who=who)
    return staff_id


def get_staff(db: Database, staff_id: int) -> dict:
    return row_by_id(db, "staff", staff_id)


def find_staff(db: Database, name: str | None) -> dict | None:
    """The staff row whose name or alias is ``name`` (compared normalised), or None."""
    key = normalize_name(name or "")
    if not key:
        return None
    row = next(iter(db.query("SELECT * FROM staff WHERE name = ?", [(name or "").strip()])), None)
    if row is None:
        row = next(iter(db.query("SELECT s.* FROM staff_alias a JOIN staff s ON s.id = a.staff_id"
                                 " WHERE a.alias = ?", [key])), None)
    if row is None:
        # Names typed with a full-width space or stray punctuation still name the same person.
        row = next((r for r in db.query("SELECT * FROM staff") if normalize_name(r["name"]) == key), None)
    return row


def staff_roster(db: Database) -> str:
    """The active staff as one line, for messages that refuse an unknown person."""
    names = [r["name"] for r in list_staff(db)]
    return "、".join(names) if names else "(工作人员名单为空,请先用 staff add 添加)"


def resolve_staff(db: Database, name: str | None, *, role: str) -> dict:
    """The staff row ``name`` (a name or alias) stands for; StoreError naming the staff when none."""
    if not (name or "").strip():
        raise StoreError(f"请指定{role}(工作人员名单:{staff_roster(db)})")
    row = find_staff(db, name)
    if row is None:
        raise StoreError(f"“{name.strip()}”不在工作人员名单中,不能作为{role}。工作人员:{staff_roster(db)}")
    return row


def staff_aliases(db: Database, staff_id: int) -> list[str]:
    return [r[0] for r in db.execute("SELECT alias FROM staff_alias WHERE staff_id = ? ORDER BY alias", [staff_id])]


def add_staff_alias(db: Database, *, staff_id: int, alias: str, who: str | None = None) -> bool:
    """Record another name a staff member goes by; False when it was already theirs."""
    key = normalize_name(alias)
    if not key:
        raise StoreError("别名不能为空")
    person = get_staff(db, staff_id)
    other = find_staff(db, alias)
    if other is not None and other["id"] != staff_id:
        raise StoreError(f"“{alias.strip()}”已是工作人员“{other['name']}”的姓名或别名")
    if other is not None:
        return False
    with db.atomic():
        db.execute("INSERT INTO staff_alias (alias, staff_id) VALUES (?, ?)", [key, staff_id])
        record_change(db, who=who, action="insert", table="staff_alias", key=key,
                      after={"alias": key, "staff": person["uuid"]})
    return True


def typed_name_staff(db: Database) -> list[dict]:
    """Staff rows the version-3 upgrade created from names typed by hand, for the office to confirm."""
    return list(db.query("SELECT id, uuid, name FROM staff WHERE origin = 'typed_name' ORDER BY name"))


def list_staff(db: Database, *, active_only: bool = True) -> list[dict]:
    sql = "SELECT * FROM staff" + (" WHERE active = 1" if active_only else "") + " ORDER BY id"
    return list(db.query(sql))


def update_staff(db: Database, *, staff_id: int, who: str | None = None, **changes) -> dict:
    """Change a staff member's fields; return the old values (pass them back to undo)."""
    if set(changes) - set(EDITABLE_FIELDS):
        raise StoreError("工作人员没有这些字段:" + "、".join(sorted(set(changes) - set(EDITABLE_FIELDS))))
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise StoreError("姓名不能为空")
        if db.execute("SELECT 1 FROM staff WHERE name = ? AND id != ?", [changes["name"], staff_id]).fetchone():
            raise StoreError(f"工作人员“{changes['name']}”已存在")
    old = get_staff(db, staff_id)
    before = {k: old[k] for k in changes}
    with db.atomic():
        db["staff"].update(staff_id, changes)
        record_change(db, who=who, action="update", table="staff", key=old["uuid"], before=before, after=changes)
    return before


def _hash_password(password: str, salt: bytes) -> str:
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def set_password(db: Database, *, staff_id: int, password: str | None, who: str | None = None) -> None:
    """Set (or with None/empty clear) the password asked for when this person starts the app."""
    old = get_staff(db, staff_id)
    value = _hash_password(password, os.urandom(16)) if password else None
    with db.atomic():
        db.execute("UPDATE staff SET password_hash = ? WHERE id = ?", [value, staff_id])
        # The audit log says that the password changed, never what it is.
        record_change(db, who=who, action="update", table="staff", key=old["uuid"],
                      before={"password": "set" if old["password_hash"] else "none"},
                      after={"password": "set" if value else "none"})


def check_password(db: Database, *, staff_id: int, password: str) -> bool:
    """True when the person has no password or ``password`` is theirs."""
    stored = get_staff(db, staff_id)["password_hash"]
    if not stored:
        return True
    _, salt_hex, _ = stored.split("$")
    return hmac.compare_digest(stored, _hash_password(password, bytes.fromhex(salt_hex)))
