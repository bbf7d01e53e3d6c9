"""Database-wide settings: the as-of date that status is measured on, the office's name."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.office import office_identity
from duchaban.store.audit import record_change

if TYPE_CHECKING:
    from sqlite_utils import Database

AS_OF = "as_of"          # ISO date; absent means "today"
OFFICE_NAME = "office"   # e.g. 梁平区人民政府督查办公室
OFFICE_DISTRICT = "district"   # e.g. 梁平区


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str | None, *, who: str | None = None) -> None:
    """Set (or with None remove) a setting, recorded in the audit log."""
    before = get_setting(db, key)
    if before == value:
        return
    with db.atomic():
        if value is None:
            db.execute("DELETE FROM setting WHERE key = ?", [key])
        else:
            db.execute("INSERT INTO setting (key, value) VALUES (?, ?)"
                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
        record_change(db, who=who, action="update", table="setting", key=key,
                      before=None if before is None else {"value": before},
                      after=None if value is None else {"value": value})


def as_of_date(db: Database) -> date:
    """The day statuses are measured on: the stored as-of date, else today."""
    value = get_setting(db, AS_OF)
    return date.fromisoformat(value) if value else date.today()


MACHINE_ID = "machine_id"   # this database copy's identity in exchange packages (and, later, at the hub)


def machine_id(db: Database) -> str:
    """This database's origin id, made on first use. A database copied as a file keeps it; a
    laptop that starts from such a copy is told apart by its packages' change numbers instead."""
    import uuid

    found = get_setting(db, MACHINE_ID)
    if found is None:
        found = str(uuid.uuid4())
        set_setting(db, MACHINE_ID, found)
    return found


class OfficeNotSet(StoreError):
    """Nothing may be headed with a name that has no district; the first run asks for it."""


def office_name(db: Database) -> str:
    """The office's full name for mastheads; OfficeNotSet when the office was never set up."""
    name = get_setting(db, OFFICE_NAME)
    if not name:
        raise OfficeNotSet("尚未设置本办全称:请在“文件→设置本区”中填写,或运行 duchaban office set --name 全称")
    return name


def office_or_none(db: Database) -> tuple[str | None, str | None]:
    """(full name, district) as stored, either may be None."""
    return get_setting(db, OFFICE_NAME), get_setting(db, OFFICE_DISTRICT)


def set_office(db: Database, *, name: str | None, district: str | None = None,
               who: str | None = None) -> tuple[str | None, str | None]:
    """Set the office's full name and district in one transaction; return the previous pair.

    OfficeNameError (nothing written) when the name lacks its district.
    """
    before = office_or_none(db)
    full, district = office_identity(name, district)
    with db.atomic():
        set_setting(db, OFFICE_NAME, full, who=who)
        set_setting(db, OFFICE_DISTRICT, district, who=who)
    return before
