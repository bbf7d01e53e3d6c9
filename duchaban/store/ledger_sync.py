"""The ledgers as they travel through the office hub: submissions and the reports (progress
entries) they carry, changed since a change number, and merging them in by the field-exchange rules.

A report is named by its task, unit and period (core.ledger.report_uuid), so the one-report-per-
slot rule holds across laptops: two laptops that imported the unit's ledger for the period hold
the same record, equal (one record) or different (a conflict, decided by the office, never a second
report). task_progress is derived: it is recomputed for the tasks whose reports changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.errors import StoreError
from duchaban.store.ledgers import ENTRY_FIELDS, ensure_period
from duchaban.store.progress import refresh_task_progress
from duchaban.store.revisions import changed_since_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

SUBMISSION_FIELDS = ("plan_uuid", "unit_uuid", "period_code", "file_name", "sha256", "verdict", "messages")
# Which file a report came from, and when, is bookkeeping: the same answers from two files are one report.
REPORT_FIELDS = ("task_uuid", "unit_uuid", "period_code", *ENTRY_FIELDS)
LEDGER_KINDS = (("submissions", "submission"), ("reports", "progress_entry"))

_SUBMISSION_SELECT = (
    "SELECT s.uuid, p.uuid AS plan_uuid, u.uuid AS unit_uuid, u.name AS unit_name, rp.code AS period_code,"
    " s.file_name, s.sha256, s.imported_at, s.imported_by, s.verdict, s.messages FROM submission s"
    " JOIN plan p ON p.id = s.plan_id JOIN unit u ON u.id = s.unit_id JOIN reporting_period rp ON rp.id = s.period_id")
_REPORT_SELECT = (
    "SELECT pe.uuid, t.uuid AS task_uuid, t.number AS task_number, u.uuid AS unit_uuid, u.name AS unit_name,"
    " rp.code AS period_code, s.uuid AS submission_uuid, pe.status, pe.percent, pe.progress_text, pe.problems,"
    " pe.next_steps, pe.evidence_text, pe.reported_at FROM progress_entry pe JOIN task t ON t.id = pe.task_id"
    " JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id"
    " LEFT JOIN submission s ON s.id = pe.submission_id")


def collect_ledger_changes(db: Database, since_seq: int, with_versions: Callable) -> dict:
    """Submissions and reports changed here after change number ``since_seq``, with their revisions."""
    submissions = list(db.query(f"{_SUBMISSION_SELECT} WHERE {changed_since_sql('submission', 's')}"
                                " ORDER BY s.id", [since_seq]))
    reports = list(db.query(f"{_REPORT_SELECT} WHERE {changed_since_sql('progress_entry', 'pe')}"
                            " ORDER BY pe.id", [since_seq]))
    return {"submissions": with_versions(db, "submission", submissions),
            "reports": with_versions(db, "progress_entry", reports)}


def _local(db: Database, select: str, alias: str, uuid_value: str) -> dict | None:
    return next(iter(db.query(f"{select} WHERE {alias}.uuid = ?", [uuid_value])), None)


def _known(db: Database, table: str, uuid_value: str | None, what: str) -> int | None:
    if uuid_value is None:
        return None
    row = db.execute(f"SELECT id FROM [{table}] WHERE uuid = ?", [uuid_value]).fetchone()
    if row is None:
        raise StoreError(f"{what}不在本机数据库中,无法合并这份台账:"
                         "请先同步单位名录和分解方案(或核对两边的方案是否相同)")
    return row[0]


def _write_submission(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        label = f"“{row['unit_name']}”{row['period_code']} 的台账“{row['file_name']}”"
        other = db.execute("SELECT uuid FROM submission WHERE sha256 = ? AND uuid != ?",
                           [row["sha256"], row["uuid"]]).fetchone()
        if other is not None:
            raise StoreError(f"{label}在本机已作为另一条报送记录导入:请在办公室核对后再同步")
        values = {k: row[k] for k in ("file_name", "sha256", "imported_at", "imported_by", "verdict", "messages")}
        values.update(plan_id=_known(db, "plan", row["plan_uuid"], f"{label}所属的分解方案"),
                      unit_id=_known(db, "unit", row["unit_uuid"], f"{label}的报送单位“{row['unit_name']}”"),
                      period_id=ensure_period(db, row["period_code"])["id"])
        upsert(db, "submission", row, action, values, who, "台账报送")
    return write


def _write_report(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        label = f"“{row['unit_name']}”{row['period_code']} 台账第 {row['task_number']} 项"
        task_id = _known(db, "task", row["task_uuid"], f"{label}的任务")
        unit_id = _known(db, "unit", row["unit_uuid"], f"{label}的单位“{row['unit_name']}”")
        period_id = ensure_period(db, row["period_code"])["id"]
        other = db.execute("SELECT uuid FROM progress_entry WHERE task_id = ? AND unit_id = ? AND period_id = ?"
                           " AND uuid != ?", [task_id, unit_id, period_id, row["uuid"]]).fetchone()
        if other is not None:
            # One report per task, unit and period: a second one in the same place is a question, not a double.
            raise StoreError(f"{label}在本机已有另一条进展记录({other[0][:8]}),与办公室数据库中的"
                             f"({row['uuid'][:8]})不是同一条:请在办公室核对后再同步")
        values = {k: row[k] for k in (*ENTRY_FIELDS, "reported_at")}
        values.update(task_id=task_id, unit_id=unit_id, period_id=period_id,
                      submission_id=_known(db, "submission", row.get("submission_uuid"), f"{label}所在的台账文件"))
        upsert(db, "progress_entry", row, action, values, who, "进展记录")
    return write


def _adopt_submission(db: Database, row: dict) -> None:
    """The same file imported on two laptops: when and by whom as the hub has it, so both read the same."""
    db.execute("UPDATE submission SET imported_at = ?, imported_by = ? WHERE uuid = ?"
               " AND (imported_at IS NOT ? OR imported_by IS NOT ?)",
               [row["imported_at"], row["imported_by"], row["uuid"], row["imported_at"], row["imported_by"]])


def _adopt_report(db: Database, row: dict) -> None:
    """The same answers from two imports: which file and when as the hub has it."""
    submission = db.execute("SELECT id FROM submission WHERE uuid = ?", [row.get("submission_uuid")]).fetchone()
    db.execute("UPDATE progress_entry SET submission_id = ?, reported_at = ? WHERE uuid = ?"
               " AND (submission_id IS NOT ? OR reported_at IS NOT ?)",
               [submission and submission[0], row["reported_at"], row["uuid"], submission and submission[0],
                row["reported_at"]])


def merge_ledgers(db: Database, records: dict, merge: Callable, upsert: Callable) -> set[int]:
    """Merge a package's submissions, then its reports (``merge`` is the field exchange's step for
    one record); return the ids of the tasks whose reports may have changed."""
    for row in records.get("submissions", []):
        merge("submission", row, _local(db, _SUBMISSION_SELECT, "s", row["uuid"]), SUBMISSION_FIELDS,
              f"“{row['unit_name']}”{row['period_code']} 台账报送“{row['file_name']}”", _write_submission(upsert),
              _adopt_submission)
    tasks = set()
    for row in records.get("reports", []):
        merge("progress_entry", row, _local(db, _REPORT_SELECT, "pe", row["uuid"]), REPORT_FIELDS,
              f"“{row['unit_name']}”{row['period_code']} 台账第 {row['task_number']} 项", _write_report(upsert),
              _adopt_report)
        found = db.execute("SELECT id FROM task WHERE uuid = ?", [row["task_uuid"]]).fetchone()
        if found is not None:
            tasks.add(found[0])
    return tasks


def reports_of(db: Database, tombstones: list[dict]) -> set[int]:
    """The tasks of the reports these deletions will remove (asked before they go)."""
    uuids = [t["uuid"] for t in tombstones if t.get("table") == "progress_entry"]
    return {r[0] for r in db.execute(f"SELECT task_id FROM progress_entry WHERE uuid IN ({','.join('?' * len(uuids))})",
                                     uuids)} if uuids else set()


def refresh_reports(db: Database, task_ids: set[int]) -> None:
    if task_ids:
        refresh_task_progress(db, task_ids)
