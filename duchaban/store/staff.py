"""The office's staff list: operators, inspectors, verifiers."""

from __future__ import annotations

import uuid

from sqlite_utils import Database

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.store.audit import record_change


def add_staff(db: Database, *, name: str, title: str | None = None, phone: str | None = None,
              is_inspector: bool = True, who: str | None = None) -> int:
    """Add a staff member; return the id."""
    name = name.strip()
    if not name:
        raise StoreError("姓名不能为空")
    if db.execute("SELECT 1 FROM staff WHERE name = ?", [name]).fetchone():
        raise StoreError(f"工作人员“{name}”已存在")
    row = {"uuid": str(uuid.uuid4()), "name": name, "title": title, "phone": phone,
           "is_inspector": int(is_inspector), "created_at": utc_now_iso()}
    with db.atomic():
        staff_id = db["staff"].insert(row).last_pk
        record_change(db, who=who, action="insert", table="staff", key=row["uuid"], after=row)
    return staff_id


def list_staff(db: Database, *, active_only: bool = True) -> list[dict]:
    sql = "SELECT * FROM staff" + (" WHERE active = 1" if active_only else "") + " ORDER BY id"
    return list(db.query(sql))
