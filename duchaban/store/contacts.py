"""People at a unit the office deals with (联络员, 分管领导 ...)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.store.audit import insert_audited, record_change

if TYPE_CHECKING:
    from sqlite_utils import Database

CONTACT_FIELDS = ("name", "role", "phone", "email", "note")


def list_contacts(db: Database, unit_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM contact WHERE unit_id = ? ORDER BY id", [unit_id]))


def _insert_contact(db: Database, *, unit_id: int, name: str, role: str = "联络员", phone: str | None = None,
                email: str | None = None, note: str | None = None, who: str | None = None) -> int:
    """Add a contact person to a unit; return the contact's id."""
    if not (name or "").strip():
        raise StoreError("联系人姓名不能为空")
    row = {"uuid": str(uuid.uuid4()), "unit_id": unit_id, "name": name.strip(), "role": role or "联络员",
           "phone": phone, "email": email, "note": note}
    with db.atomic():
        contact_id = insert_audited(db, "contact", row, who=who)
    return contact_id


def update_contact(db: Database, *, contact_id: int, who: str | None = None, **changes) -> dict:
    """Change a contact's fields; return the old values (pass them back to undo)."""
    if set(changes) - set(CONTACT_FIELDS):
        raise StoreError("联系人没有这些字段:" + "、".join(sorted(set(changes) - set(CONTACT_FIELDS))))
    if "name" in changes and not (changes["name"] or "").strip():
        raise StoreError("联系人姓名不能为空")
    old = next(iter(db.query("SELECT * FROM contact WHERE id = ?", [contact_id])), None)
    if old is None:
        raise StoreError("联系人不存在")
    before = {k: old[k] for k in changes}
    with db.atomic():
        db["contact"].update(contact_id, changes)
        record_change(db, who=who, action="update", table="contact", key=old["uuid"], before=before, after=changes)
    return before


def _delete_contact(db: Database, *, contact_id: int, who: str | None = None) -> dict:
    """Remove a contact; return its row (inserting it again undoes)."""
    old = next(iter(db.query("SELECT * FROM contact WHERE id = ?", [contact_id])), None)
    if old is None:
        raise StoreError("联系人不存在")
    with db.atomic():
        db.execute("DELETE FROM contact WHERE id = ?", [contact_id])
        record_change(db, who=who, action="delete", table="contact", key=old["uuid"], before=old)
    return old
