"""Recusals (回避): staff who must not inspect a unit, and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable

from duchaban.core.errors import StoreError
from duchaban.store.audit import record_change

if TYPE_CHECKING:
    from sqlite_utils import Database

# An inspector who inspected a unit this recently is passed over when drawn for it again.
REPEAT_DAYS = 90


def _ids(db: Database, staff: str, unit: str) -> tuple[int, int, str]:
    staff_row = db.execute("SELECT id, uuid FROM staff WHERE name = ?", [staff]).fetchone()
    if staff_row is None:
        raise StoreError(f"工作人员“{staff}”不存在")
    unit_row = db.execute("SELECT id FROM unit WHERE name = ?", [unit]).fetchone()
    if unit_row is None:
        raise StoreError(f"单位“{unit}”不存在")
    return staff_row[0], unit_row[0], staff_row[1]


def add_recusal(db: Database, *, staff: str, unit: str, reason: str, who: str | None = None) -> None:
    """Record that ``staff`` stands aside from ``unit`` (e.g. 曾在该单位工作, 近亲属在该单位任职)."""
    if not (reason or "").strip():
        raise StoreError("请填写回避原因")
    staff_id, unit_id, staff_uuid = _ids(db, staff, unit)
    if db.execute("SELECT 1 FROM staff_recusal WHERE staff_id = ? AND unit_id = ?", [staff_id, unit_id]).fetchone():
        raise StoreError(f"{staff}对{unit}的回避已登记")
    with db.atomic():
        db.execute("INSERT INTO staff_recusal (staff_id, unit_id, reason) VALUES (?, ?, ?)",
                   [staff_id, unit_id, reason.strip()])
        record_change(db, who=who, action="insert", table="staff_recusal", key=f"{staff_uuid}|{unit}",
                      after={"staff": staff, "unit": unit, "reason": reason.strip()})


def remove_recusal(db: Database, *, staff: str, unit: str, who: str | None = None) -> None:
    staff_id, unit_id, staff_uuid = _ids(db, staff, unit)
    row = db.execute("SELECT reason FROM staff_recusal WHERE staff_id = ? AND unit_id = ?",
                     [staff_id, unit_id]).fetchone()
    if row is None:
        raise StoreError(f"{staff}对{unit}没有登记回避")
    with db.atomic():
        db.execute("DELETE FROM staff_recusal WHERE staff_id = ? AND unit_id = ?", [staff_id, unit_id])
        record_change(db, who=who, action="delete", table="staff_recusal", key=f"{staff_uuid}|{unit}",
                      before={"staff": staff, "unit": unit, "reason": row[0]})


def list_recusals(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT s.name AS staff, u.name AS unit, r.reason FROM staff_recusal r JOIN staff s ON s.id = r.staff_id"
        " JOIN unit u ON u.id = r.unit_id ORDER BY s.id, u.sort_order"))


def inspector_refusals(db: Database, *, units: Iterable[str], on: date,
                       repeat_days: int = REPEAT_DAYS) -> dict[str, str]:
    """Why each inspector may not go to these units: a recusal, or a visit to one of them within
    ``repeat_days`` before ``on``. Inspectors with no reason are absent."""
    names = list(units)
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    reasons: dict[str, list[str]] = {}
    for staff, unit, reason in db.execute(
            "SELECT s.name, u.name, r.reason FROM staff_recusal r JOIN staff s ON s.id = r.staff_id"
            f" JOIN unit u ON u.id = r.unit_id WHERE u.name IN ({marks})", names):
        reasons.setdefault(staff, []).append(f"对{unit}回避({reason})")
    since = (on - timedelta(days=repeat_days)).isoformat()
    for staff, unit, day in db.execute(
            "SELECT s.name, u.name, max(i.started_on) FROM inspection i"
            " JOIN inspection_inspector ii ON ii.inspection_id = i.id JOIN staff s ON s.id = ii.staff_id"
            " JOIN inspection_unit iu ON iu.inspection_id = i.id JOIN unit u ON u.id = iu.unit_id"
            f" WHERE u.name IN ({marks}) AND i.state = 'recorded' AND i.started_on BETWEEN ? AND ?"
            " GROUP BY s.name, u.name", [*names, since, on.isoformat()]):
        reasons.setdefault(staff, []).append(f"{day} 已检查过{unit}")
    return {staff: ";".join(items) for staff, items in reasons.items()}
