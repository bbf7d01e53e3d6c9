"""Issued bulletins as they travel through the office hub, and merging them in.

A bulletin is issued once: its number (第N期 of the year) and, for a period bulletin, its period
are the office's, one each. Two laptops that each issued 第N期 offline did not issue one bulletin,
and neither may quietly become the other's: the second to arrive is refused, naming both, for the
office head to settle (re-issue one of them under a new number).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.errors import StoreError
from duchaban.store.revisions import changed_since_sql
from duchaban.store.settings import MACHINE_ID

if TYPE_CHECKING:
    from sqlite_utils import Database

BULLETIN_FIELDS = ("plan_uuid", "year", "issue_no", "period_code", "kind", "topic", "include_confidential",
                   "snapshot", "docx_name", "xlsx_name", "replaces_uuid", "replaced_at", "check_code",
                   "generated_at", "generated_by")
# Where a bulletin was issued travels with it, but is no part of what it says.
_WRITTEN = (*BULLETIN_FIELDS, "origin")
_SELECT = (
    "SELECT b.uuid, p.uuid AS plan_uuid, b.year, b.issue_no, b.period_code, b.kind, b.topic,"
    " b.include_confidential, b.snapshot, b.docx_name, b.xlsx_name, r.uuid AS replaces_uuid, b.replaced_at,"
    " b.check_code, b.generated_at, b.generated_by,"
    f" coalesce(b.origin, (SELECT value FROM setting WHERE key = '{MACHINE_ID}')) AS origin"
    " FROM bulletin b JOIN plan p ON p.id = b.plan_id"
    " LEFT JOIN bulletin r ON r.id = b.replaces")


def describe_bulletin(row: dict) -> str:
    """A bulletin as the office names it: 2021年第3期(2021Q2,张伟 2021-07-20T…印发)."""
    what = row.get("topic") or row.get("period_code")
    return (f"{row['year']}年第{row['issue_no']}期通报({what},{row.get('generated_by') or '未署名'}"
            f" {str(row.get('generated_at') or '')[:16]} 印发)")


def collect_bulletin_changes(db: Database, since_seq: int, with_versions: Callable) -> dict:
    rows = list(db.query(f"{_SELECT} WHERE {changed_since_sql('bulletin', 'b')} ORDER BY b.id", [since_seq]))
    return {"bulletins": with_versions(db, "bulletin", rows)}


def _clash(db: Database, row: dict) -> dict | None:
    """This database's bulletin, other than ``row``, that holds its number or its period."""
    return next(iter(db.query(
        "SELECT b.*, p.uuid AS plan_uuid FROM bulletin b JOIN plan p ON p.id = b.plan_id WHERE b.uuid != ?"
        " AND ((b.year = ? AND b.issue_no = ?) OR (? = 'period' AND ? IS NULL AND b.kind = 'period'"
        " AND b.replaced_at IS NULL AND p.uuid = ? AND b.period_code = ?))",
        [row["uuid"], row["year"], row["issue_no"], row["kind"], row["replaced_at"], row["plan_uuid"],
         row["period_code"]])), None)


def numbering_refusal(mine: dict, theirs: dict) -> str:
    return (f"两台电脑分别印发了同一期通报:本机的{describe_bulletin(mine)}与办公室数据库中的"
            f"{describe_bulletin(theirs)}。一期只能有一份通报,请办公室负责人核对后,"
            "将其中一份改为新的期号重新印发,再同步")


def _write(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        clash = _clash(db, row)
        if clash is not None:
            raise StoreError(numbering_refusal(clash, row))
        plan = db.execute("SELECT id FROM plan WHERE uuid = ?", [row["plan_uuid"]]).fetchone()
        if plan is None:
            raise StoreError(f"{describe_bulletin(row)}所属的分解方案不在本机数据库中:请先同步分解方案")
        replaces = None
        if row.get("replaces_uuid"):
            found = db.execute("SELECT id FROM bulletin WHERE uuid = ?", [row["replaces_uuid"]]).fetchone()
            if found is None:
                raise StoreError(f"{describe_bulletin(row)}所取代的通报不在本机数据库中")
            replaces = found[0]
        values = {k: row.get(k) for k in _WRITTEN if k not in ("plan_uuid", "replaces_uuid")}
        values.update(plan_id=plan[0], replaces=replaces)
        upsert(db, "bulletin", row, action, values, who, "通报")
    return write


def merge_bulletins(db: Database, records: dict, merge: Callable, upsert: Callable) -> None:
    for row in records.get("bulletins", []):
        local = next(iter(db.query(f"{_SELECT} WHERE b.uuid = ?", [row["uuid"]])), None)
        merge("bulletin", row, local, BULLETIN_FIELDS, describe_bulletin(row), _write(upsert), None)
