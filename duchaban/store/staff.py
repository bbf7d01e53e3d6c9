"""The office's staff list: operators, inspectors, verifiers, and their optional passwords."""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.store.audit import insert_audited, record_change
from duchaban.store.rows import row_by_id

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
    if db.execute("SELECT 1 FROM staff WHERE name = ?", [name]).fetchone():
        raise StoreError(f"工作人员“{name}”已存在")
    row = {"uuid": str(uuid.uuid4()), "name": name, "title": title, "phone": phone,
           "is_inspector": int(is_inspector), "created_at": utc_now_iso()}
    with db.atomic():
        staff_id = insert_audited(db, "staff", row, who=who)
    return staff_id


def get_staff(db: Database, staff_id: int) -> dict:
    return row_by_id(db, "staff", staff_id)


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
