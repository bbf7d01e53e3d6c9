"""Inspections of the four kinds, their findings, follow-ups and close-outs (销号).

Every write returns a ChangeSet (core/changes.py): the rows it added or changed, and, for an
inspection, a finding or a follow-up just recorded, the edits that take it back out again
(store/inspection_undo.py; audited like the write). A close-out, a reopening and the state of a
planned round are kept on record instead: their change sets say so (``irreversible``), and a
close-out is reversed by reopening it with a reason.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Iterable

from duchaban.core.changes import ChangeSet, Edit, RowChange, combined
from duchaban.core.errors import StoreError
from duchaban.core.findings import (
    FINDING_STATUSES,
    INSPECTION_KINDS,
    SEVERITIES,
    CloseCheck,
    Person,
    close_checks,
    close_refusal,
    finding_not_done,
    is_overdue,
    task_not_done,
    transition_refusal,
)
from duchaban.core.periods import add_working_days, utc_now_iso
from duchaban.core.unit_matching import is_near_miss
from duchaban.store.audit import insert_audited, record_change
from duchaban.store.evidence import add_evidence, evidence_for
from duchaban.store.rows import row_by_id
from duchaban.store.staff import find_staff, get_staff, resolve_staff
from duchaban.store.units import load_directory

if TYPE_CHECKING:
    from sqlite_utils import Database

# The tables an inspection's people, units and tasks are kept in (replaced together).
LINK_TABLES = ("inspection_inspector", "inspection_unit", "inspection_task")
_EVIDENCE_TABLES = frozenset({"evidence", "evidence_link"})
CLOSE_OUT_KEPT = "销号留档,如需撤销请“重新整改”或“撤销销号”并说明原因"


def _ids(db: Database, sql: str, values: Iterable, what: str, *, scope: tuple = ()) -> list[int]:
    """The id for each value (``scope`` parameters come first in ``sql``); StoreError naming a missing one."""
    ids = []
    for value in values:
        row = db.execute(sql, [*scope, value]).fetchone()
        if row is None:
            raise StoreError(f"{what}“{value}”不存在")
        ids.append(row[0])
    return ids


def unit_ids_for(db: Database, names: Iterable[str]) -> list[int]:
    """The id of each unit named, by its name or a recorded alias (as plan import matches them);
    StoreError for a name that is not in the directory, suggesting the one it looks like."""
    directory = load_directory(db)
    ids = []
    for name in names:
        found = directory.lookup(name)
        if found is None:
            near = [k for k, kind in directory.kinds.items() if kind != "group" and is_near_miss(name, k)]
            hint = f",是否指“{'”或“'.join(near)}”?" if near else ",请先在单位名录中添加或为单位添加别名"
            raise StoreError(f"单位“{name.strip()}”不在单位名录中{hint}")
        ids.append(db.execute("SELECT id FROM unit WHERE name = ?", [found[0]]).fetchone()[0])
    return ids


def inspection_kind(text: str) -> str:
    """The kind code for a kind written as its code (open) or its Chinese name (面上督查)."""
    value = (text or "").strip()
    if value in INSPECTION_KINDS:
        return value
    by_label = {label: code for code, label in INSPECTION_KINDS.items()}
    if value in by_label:
        return by_label[value]
    raise StoreError(f"未知的督查方式“{value}”,应为 {'、'.join(INSPECTION_KINDS.values())}"
                     f"(或 {'、'.join(INSPECTION_KINDS)})")


def link_inspection(db: Database, inspection_id: int, staff: list[int], unit_ids: list[int],
                    task_ids: list[int]) -> None:
    """Set who inspected, which units and which tasks (replacing what was planned)."""
    for table in LINK_TABLES:
        db.execute(f"DELETE FROM {table} WHERE inspection_id = ?", [inspection_id])
    db.conn.executemany("INSERT INTO inspection_inspector VALUES (?, ?)", [(inspection_id, s) for s in staff])
    db.conn.executemany("INSERT INTO inspection_unit VALUES (?, ?)", [(inspection_id, u) for u in unit_ids])
    db.conn.executemany("INSERT INTO inspection_task VALUES (?, ?)", [(inspection_id, t) for t in task_ids])


def record_inspection(
    db: Database,
    *,
    kind: str,
    title: str,
    started_on: date | None,
    ended_on: date | None = None,
    plan_id: int | None = None,
    inspectors: Iterable[str] = (),
    units: Iterable[str] = (),
    task_numbers: Iterable[int] = (),
    method: str | None = None,
    summary: str | None = None,
    confidential: bool | None = None,
    planned: bool = False,
    who: str | None = None,
) -> ChangeSet:
    """Record an inspection (or plan one ahead, ``planned``); the change's ``created`` is its id.

    Unannounced inspections (暗访) are confidential unless the caller says otherwise.
    """
    kind = inspection_kind(kind)
    if not (title or "").strip():
        raise StoreError("督查需要标题")
    if started_on is None and not planned:
        raise StoreError("请填写督查日期")
    if started_on and ended_on and ended_on < started_on:
        raise StoreError("结束日期早于开始日期")
    inspectors = list(inspectors)
    staff = [resolve_staff(db, name, role="督查人员")["id"] for name in inspectors]
    operator = find_staff(db, who)
    now = utc_now_iso()
    row = {"uuid": str(uuid.uuid4()), "plan_id": plan_id, "kind": kind, "title": title.strip(),
           "state": "planned" if planned else "recorded",
           "planned_on": started_on.isoformat() if planned and started_on else None,
           "started_on": None if planned or started_on is None else started_on.isoformat(),
           "ended_on": ended_on.isoformat() if ended_on else None, "method": method, "summary": summary,
           "confidential": int(kind == "unannounced" if confidential is None else confidential),
           "created_by": who, "created_by_id": operator and operator["id"], "created_at": now, "updated_at": now}
    with db.atomic():
        unit_ids = unit_ids_for(db, units)
        if task_numbers and plan_id is None:
            raise StoreError("关联任务时需要指定方案")
        task_ids = _ids(db, "SELECT id FROM task WHERE plan_id = ? AND number = ?", task_numbers, "任务",
                        scope=(plan_id,))
        inspection_id = db["inspection"].insert(row).last_pk
        link_inspection(db, inspection_id, staff, unit_ids, task_ids)
        record_change(db, who=who, action="insert", table="inspection", key=row["uuid"],
                      after={**row, "inspectors": list(inspectors), "units": list(units),
                             "tasks": list(task_numbers)})
    return ChangeSet((RowChange("inspection", row["uuid"], None, {**row, "id": inspection_id}),),
                     (Edit("remove_inspection", {"inspection_id": inspection_id, "state": row["state"]}),),
                     frozenset(LINK_TABLES), created=inspection_id)


def add_finding(
    db: Database,
    *,
    inspection_id: int,
    unit: str,
    description: str,
    task_number: int | None = None,
    severity: str = "normal",
    demand: str | None = None,
    deadline_on: date | None = None,
    deadline_working_days: int | None = None,
    responsible_person: str | None = None,
    reported_by: str | None = None,
    who: str | None = None,
) -> ChangeSet:
    """Add a finding to an inspection (the change's ``created`` is its id); the deadline is a date or a
    number of working days from today."""
    if not (description or "").strip():
        raise StoreError("问题描述不能为空")
    if severity not in SEVERITIES:
        raise StoreError(f"未知的严重程度“{severity}”")
    inspection = next(iter(db.query("SELECT id, plan_id FROM inspection WHERE id = ?", [inspection_id])), None)
    if inspection is None:
        raise StoreError("督查记录不存在")
    if deadline_on is None and deadline_working_days is not None:
        deadline_on = add_working_days(date.today(), deadline_working_days)
    [unit_id] = unit_ids_for(db, [unit])
    # A reporter named by the caller must be on the staff list; the operator is one when they are.
    reporter = resolve_staff(db, reported_by, role="发现人") if reported_by else find_staff(db, who)
    task_id = None
    if task_number is not None:
        [task_id] = _ids(db, "SELECT id FROM task WHERE plan_id = ? AND number = ?", [task_number], "任务",
                         scope=(inspection["plan_id"],))
    now = utc_now_iso()
    row = {"uuid": str(uuid.uuid4()), "inspection_id": inspection_id, "unit_id": unit_id, "task_id": task_id,
           "description": description.strip(), "severity": severity, "demand": demand,
           "deadline_on": deadline_on.isoformat() if deadline_on else None,
           "responsible_person": responsible_person, "status": "open",
           "reported_by": reporter["name"] if reporter else who, "reported_by_id": reporter and reporter["id"],
           "created_at": now, "updated_at": now}
    with db.atomic():
        finding_id = insert_audited(db, "finding", row, who=who)
    return ChangeSet((RowChange("finding", row["uuid"], None, {**row, "id": finding_id}),),
                     (Edit("remove_finding", {"finding_id": finding_id}),), created=finding_id)


def get_finding(db: Database, finding_id: int) -> dict:
    return row_by_id(db, "finding", finding_id)


def follow_up(db: Database, *, finding_id: int, text: str, on_date: date, status: str | None = None,
              who: str | None = None) -> ChangeSet:
    """Record a follow-up on a finding, optionally moving it to a new status (not to closed); undoing
    it removes the follow-up and puts the finding's status back."""
    finding = get_finding(db, finding_id)
    if status is not None and status != finding["status"]:
        refusal = transition_refusal(finding["status"], status)
        if refusal:
            raise StoreError(refusal)
    if not (text or "").strip():
        raise StoreError("跟踪记录不能为空")
    row = {"uuid": str(uuid.uuid4()), "finding_id": finding_id, "on_date": on_date.isoformat(),
           "text": text.strip(), "status_after": status, "recorded_by": who, "recorded_at": utc_now_iso()}
    moved = None
    with db.atomic():
        followup_id = insert_audited(db, "finding_followup", row, who=who)
        changes = [RowChange("finding_followup", row["uuid"], None, {**row, "id": followup_id})]
        if status is not None and status != finding["status"]:
            moved = {"status": finding["status"], "updated_at": finding["updated_at"]}
            now = utc_now_iso()
            db.execute("UPDATE finding SET status = ?, updated_at = ? WHERE id = ?", [status, now, finding_id])
            record_change(db, who=who, action="update", table="finding", key=finding["uuid"],
                          before={"status": finding["status"]}, after={"status": status})
            changes.append(RowChange("finding", finding["uuid"], moved, {"status": status, "updated_at": now}))
    return ChangeSet(tuple(changes), (Edit("remove_follow_up", {"followup_id": followup_id, "finding": moved}),),
                     created=followup_id)


def _person(db: Database, staff_id: int | None, name: str | None) -> Person | None:
    """The staff member a record names: by id, or for a row from before ids by the name it holds."""
    row = get_staff(db, staff_id) if staff_id is not None else find_staff(db, name)
    return Person(row["id"], row["name"]) if row else None


def finding_close_checks(db: Database, *, finding_id: int, verifier_id: int | None,
                         override_reason: str | None = None, new_evidence: int = 0) -> list[CloseCheck]:
    """The conditions of closing a finding with this verifier (and ``new_evidence`` files about to
    be attached), each passed or not, in the words the close-out dialog shows."""
    finding = get_finding(db, finding_id)
    evidence = evidence_for(db, owner_kind="finding", owner_uuid=finding["uuid"])
    return close_checks(closed=finding["status"] == "closed",
                        requester=_person(db, finding["reported_by_id"], finding["reported_by"]),
                        verifier=_person(db, verifier_id, None) if verifier_id is not None else None,
                        evidence_count=len(evidence) + new_evidence,
                        not_done=finding_not_done(finding["status"]),
                        override_reason=override_reason)


def close_finding(db: Database, *, finding_id: int, verifier_id: int, closed_on: date, opinion: str | None = None,
                  override_reason: str | None = None, evidence_paths: Iterable = (), who: str | None = None
                  ) -> ChangeSet:
    """销号: close a finding with a verifier who did not report it and at least one piece of evidence
    (``evidence_paths`` are attached to the finding in the same transaction); one not reported
    rectified needs ``override_reason``, which is kept with the close-out. Kept on record: the
    change has no inverse (reopen_finding, with a reason, reverses it)."""
    finding = get_finding(db, finding_id)
    paths = list(evidence_paths)
    refusal = close_refusal(finding_close_checks(db, finding_id=finding_id, verifier_id=verifier_id,
                                                 override_reason=override_reason, new_evidence=len(paths)))
    if refusal:
        raise StoreError(refusal)
    verifier, operator = get_staff(db, verifier_id), find_staff(db, who)
    override = (override_reason or "").strip() or None if finding_not_done(finding["status"]) else None
    row = {"uuid": str(uuid.uuid4()), "finding_id": finding_id, "verifier": verifier["name"],
           "verifier_id": verifier_id, "closed_on": closed_on.isoformat(), "opinion": opinion,
           "override_reason": override, "created_by": who, "created_by_id": operator and operator["id"],
           "created_at": utc_now_iso()}
    with db.atomic():
        for path in paths:
            add_evidence(db, path=path, owner_kind="finding", owner_uuid=finding["uuid"], who=who)
        close_id = db["close_out"].insert(row).last_pk
        db.execute("UPDATE finding SET status = 'closed', updated_at = ? WHERE id = ?", [utc_now_iso(), finding_id])
        record_change(db, who=who, action="update", table="finding", key=finding["uuid"],
                      before={"status": finding["status"]},
                      after={"status": "closed", "close_out": {**row, "verifier_uuid": verifier["uuid"]}})
    return ChangeSet((RowChange("finding", finding["uuid"], {"status": finding["status"]}, {"status": "closed"}),
                      RowChange("close_out", row["uuid"], None, {**row, "id": close_id})),
                     also_touched=_EVIDENCE_TABLES if paths else frozenset(), created=close_id,
                     irreversible=CLOSE_OUT_KEPT)


def reopen_finding(db: Database, *, finding_id: int, reason: str, who: str | None = None) -> ChangeSet:
    """Reopen a closed finding; its close-out stays on record with the reason (and so does this)."""
    finding = get_finding(db, finding_id)
    refusal = transition_refusal(finding["status"], "reopened")
    if refusal:
        raise StoreError(refusal)
    if not (reason or "").strip():
        raise StoreError("重新整改需要说明原因")
    with db.atomic():
        operator = find_staff(db, who)
        db.execute("UPDATE close_out SET reopened_at = ?, reopened_by = ?, reopened_by_id = ?, reopen_reason = ?"
                   " WHERE finding_id = ? AND reopened_at IS NULL",
                   [utc_now_iso(), who, operator and operator["id"], reason, finding_id])
        db.execute("UPDATE finding SET status = 'reopened', updated_at = ? WHERE id = ?", [utc_now_iso(), finding_id])
        record_change(db, who=who, action="update", table="finding", key=finding["uuid"],
                      before={"status": "closed"}, after={"status": "reopened", "reason": reason})
    return ChangeSet((RowChange("finding", finding["uuid"], {"status": "closed"}, {"status": "reopened"}),),
                     also_touched=frozenset({"close_out"}), irreversible=CLOSE_OUT_KEPT)


def list_inspections(db: Database, *, plan_id: int | None = None, include_confidential: bool = False) -> list[dict]:
    """Inspections newest first, with their units, inspectors and finding counts; 暗访 hidden unless asked."""
    rows = list(db.query(
        "SELECT i.*, (SELECT group_concat(u.name, '、') FROM inspection_unit iu JOIN unit u ON u.id = iu.unit_id"
        "   WHERE iu.inspection_id = i.id) AS units,"
        " (SELECT group_concat(s.name, '、') FROM inspection_inspector ii JOIN staff s ON s.id = ii.staff_id"
        "   WHERE ii.inspection_id = i.id) AS inspectors,"
        " (SELECT count(*) FROM finding f WHERE f.inspection_id = i.id) AS finding_count"
        " FROM inspection i WHERE (? IS NULL OR i.plan_id = ?) AND (i.confidential = 0 OR ?)"
        " ORDER BY coalesce(i.started_on, i.planned_on) DESC, i.id DESC",
        [plan_id, plan_id, int(include_confidential)]))
    for row in rows:
        row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    return rows


def task_findings(db: Database, task_id: int, *, include_confidential: bool = True) -> list[dict]:
    """Findings about a task with their inspection, for the task detail."""
    rows = list(db.query(
        "SELECT f.*, u.name AS unit_name, i.kind, i.title AS inspection_title, i.started_on, i.confidential,"
        " (SELECT c.override_reason FROM close_out c WHERE c.finding_id = f.id AND c.reopened_at IS NULL)"
        "   AS override_reason,"
        " coalesce(r.name, f.reported_by) AS reporter"
        " FROM finding f LEFT JOIN staff r ON r.id = f.reported_by_id JOIN inspection i ON i.id = f.inspection_id"
        " JOIN unit u ON u.id = f.unit_id"
        " WHERE f.task_id = ? AND (i.confidential = 0 OR ?) ORDER BY i.started_on DESC, f.id",
        [task_id, int(include_confidential)]))
    for row in rows:
        row["status_label"] = FINDING_STATUSES[row["status"]]
        row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    return rows


def overdue_findings(db: Database, *, today: date) -> list[dict]:
    """Findings past their rectification deadline and not rectified, with unit names."""
    rows = db.query("SELECT f.*, u.name AS unit_name FROM finding f JOIN unit u ON u.id = f.unit_id"
                    " WHERE f.deadline_on IS NOT NULL")
    return [r for r in rows if is_overdue(status=r["status"], deadline=date.fromisoformat(r["deadline_on"]),
                                          today=today)]


def overdue_counts_by_unit(db: Database, *, today: date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in overdue_findings(db, today=today):
        counts[row["unit_name"]] = counts.get(row["unit_name"], 0) + 1
    return counts


def record_inspection_with_findings(db: Database, *, findings: Iterable[dict], who: str | None = None,
                                    **inspection) -> ChangeSet:
    """An inspection and its findings in one transaction (all, or nothing when one is refused); the
    change's ``created`` is the inspection's id, and undoing it removes the findings, then the inspection."""
    with db.atomic():
        change = record_inspection(db, who=who, **inspection)
        for finding in findings:
            change = change.then(add_finding(db, inspection_id=change.created, who=who, **finding))
    return change


def unit_findings(db: Database, unit_id: int) -> list[dict]:
    """Findings about a unit with their inspection, newest first."""
    rows = list(db.query(
        "SELECT f.*, t.number AS task_number, i.kind, i.title AS inspection_title, i.started_on, i.confidential"
        " FROM finding f JOIN inspection i ON i.id = f.inspection_id LEFT JOIN task t ON t.id = f.task_id"
        " WHERE f.unit_id = ? ORDER BY i.started_on DESC, f.id", [unit_id]))
    for row in rows:
        row["status_label"] = FINDING_STATUSES[row["status"]]
        row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    return rows


def task_close_checks(db: Database, *, task_id: int, verifier_id: int | None, requested_by: str | None,
                      evidence_count: int, override_reason: str | None = None) -> list[CloseCheck]:
    """The conditions of closing a task with this verifier, each passed or not."""
    task = next(iter(db.query("SELECT id, number FROM task WHERE id = ?", [task_id])), None)
    if task is None:
        raise StoreError("任务不存在")
    closed = db.execute("SELECT 1 FROM close_out WHERE task_id = ? AND reopened_at IS NULL", [task_id]).fetchone()
    latest = next(iter(db.query("SELECT status, percent FROM task_progress WHERE task_id = ?", [task_id])), {})
    return close_checks(closed=bool(closed), requester=_person(db, None, requested_by),
                        verifier=_person(db, verifier_id, None) if verifier_id is not None else None,
                        evidence_count=evidence_count, not_done=task_not_done(latest.get("status"),
                                                                                latest.get("percent")),
                        override_reason=override_reason, requester_role="申请销号的人")


def close_task(db: Database, *, task_id: int, verifier_id: int, closed_on: date, requested_by: str | None,
               opinion: str | None = None, evidence_paths: Iterable = (), override_reason: str | None = None,
               who: str | None = None) -> ChangeSet:
    """销号 of a task: evidence attached, a verifier other than the person who asked for it, and a
    ledger that says it is done, or ``override_reason`` (kept with the close-out and shown). Kept on
    record: the change has no inverse (reopen_task, with a reason, reverses it)."""
    paths = list(evidence_paths)
    checks = task_close_checks(db, task_id=task_id, verifier_id=verifier_id, requested_by=requested_by,
                               evidence_count=len(paths), override_reason=override_reason)
    refusal = close_refusal(checks)
    if refusal:
        number = db.execute("SELECT number FROM task WHERE id = ?", [task_id]).fetchone()[0]
        raise StoreError(f"任务 {number} 不能销号:{refusal}")
    verifier, requester = get_staff(db, verifier_id), find_staff(db, requested_by)
    latest = db.execute("SELECT status FROM task_progress WHERE task_id = ?", [task_id]).fetchone()
    override = None if latest and latest[0] == "completed" else (override_reason or "").strip()
    row = {"uuid": str(uuid.uuid4()), "task_id": task_id, "verifier": verifier["name"], "verifier_id": verifier_id,
           "closed_on": closed_on.isoformat(), "opinion": opinion, "override_reason": override,
           "created_by": requested_by, "created_by_id": requester and requester["id"], "created_at": utc_now_iso()}
    with db.atomic():
        close_id = db["close_out"].insert(row).last_pk
        for path in paths:
            add_evidence(db, path=path, owner_kind="close_out", owner_uuid=row["uuid"], who=who)
        record_change(db, who=who, action="insert", table="close_out", key=row["uuid"],
                      after={**row, "verifier_uuid": verifier["uuid"]})
    return ChangeSet((RowChange("close_out", row["uuid"], None, {**row, "id": close_id}),),
                     also_touched=_EVIDENCE_TABLES if paths else frozenset(), created=close_id,
                     irreversible=CLOSE_OUT_KEPT)


def reopen_task(db: Database, *, task_id: int, reason: str, who: str | None = None) -> ChangeSet:
    """Undo a task's 销号 with a reason; the close-out stays on record."""
    if not (reason or "").strip():
        raise StoreError("撤销销号需要说明原因")
    row = db.execute("SELECT id, uuid FROM close_out WHERE task_id = ? AND reopened_at IS NULL", [task_id]).fetchone()
    if row is None:
        raise StoreError("该任务尚未销号")
    with db.atomic():
        operator = find_staff(db, who)
        db.execute("UPDATE close_out SET reopened_at = ?, reopened_by = ?, reopened_by_id = ?, reopen_reason = ?"
                   " WHERE id = ?", [utc_now_iso(), who, operator and operator["id"], reason, row[0]])
        record_change(db, who=who, action="update", table="close_out", key=row[1], after={"reopened": reason})
    return ChangeSet((RowChange("close_out", row[1], {"reopened_at": None}, {"reopen_reason": reason}),),
                     irreversible=CLOSE_OUT_KEPT)


def list_findings(db: Database, *, today: date, status: str | None = None, overdue_only: bool = False) -> list[dict]:
    """Every finding with its unit, task, inspection, evidence count and whether it is overdue on ``today``."""
    rows = list(db.query(
        "SELECT f.*, u.name AS unit_name, t.number AS task_number, i.kind, i.title AS inspection_title,"
        " i.started_on, i.confidential,"
        " (SELECT count(*) FROM evidence_link l WHERE l.owner_kind = 'finding' AND l.owner_uuid = f.uuid)"
        "   AS evidence_count,"
        " (SELECT c.override_reason FROM close_out c WHERE c.finding_id = f.id AND c.reopened_at IS NULL)"
        "   AS override_reason,"
        " coalesce(r.name, f.reported_by) AS reporter"
        " FROM finding f LEFT JOIN staff r ON r.id = f.reported_by_id"
        " JOIN unit u ON u.id = f.unit_id JOIN inspection i ON i.id = f.inspection_id"
        " LEFT JOIN task t ON t.id = f.task_id WHERE (? IS NULL OR f.status = ?)"
        " ORDER BY f.deadline_on IS NULL, f.deadline_on, f.id", [status, status]))
    for row in rows:
        row["status_label"] = FINDING_STATUSES[row["status"]]
        row["kind_label"] = INSPECTION_KINDS[row["kind"]]
        deadline = date.fromisoformat(row["deadline_on"]) if row["deadline_on"] else None
        row["overdue"] = is_overdue(status=row["status"], deadline=deadline, today=today)
    return [r for r in rows if r["overdue"] or not overdue_only]


RECENT_DAYS = 30  # inspecting the same unit on the same task again within this many days is flagged


def inspection_burden(db: Database, *, starts_on: date, ends_on: date,
                      include_confidential: bool = False) -> list[dict]:
    """Per unit: how many inspections of each kind it had in the span, most inspected first.

    Confidential inspections (暗访) only when asked: the overview names these units on a meeting-room screen.
    """
    rows = db.query(
        "SELECT u.id, u.name, i.kind, count(*) AS n FROM inspection_unit iu"
        " JOIN inspection i ON i.id = iu.inspection_id JOIN unit u ON u.id = iu.unit_id"
        " WHERE i.state = 'recorded' AND i.started_on BETWEEN ? AND ? AND (? OR i.confidential = 0)"
        " GROUP BY u.id, i.kind", [starts_on.isoformat(), ends_on.isoformat(), include_confidential])
    units: dict[int, dict] = {}
    for row in rows:
        unit = units.setdefault(row["id"], {"unit_id": row["id"], "name": row["name"], "total": 0,
                                            **{k: 0 for k in INSPECTION_KINDS}})
        unit[row["kind"]] = row["n"]
        unit["total"] += row["n"]
    return sorted(units.values(), key=lambda u: (-u["total"], u["name"]))


def recent_inspections(db: Database, *, units: Iterable[str], task_numbers: Iterable[int], plan_id: int | None,
                       on: date, days: int = RECENT_DAYS) -> list[str]:
    """Warnings (in Chinese) for units already inspected on the same tasks within ``days`` before ``on``."""
    since = date.fromordinal(on.toordinal() - days).isoformat()
    warnings = []
    for unit in units:
        for number in task_numbers:
            row = db.execute(
                "SELECT i.started_on, i.title FROM inspection i JOIN inspection_unit iu ON iu.inspection_id = i.id"
                " JOIN unit u ON u.id = iu.unit_id JOIN inspection_task it ON it.inspection_id = i.id"
                " JOIN task t ON t.id = it.task_id WHERE u.name = ? AND t.number = ? AND t.plan_id = ?"
                " AND i.started_on BETWEEN ? AND ? ORDER BY i.started_on DESC LIMIT 1",
                [unit, number, plan_id, since, on.isoformat()]).fetchone()
            if row:
                warnings.append(f"{unit}的任务 {number} 已于 {row[0]} 督查过(“{row[1]}”)")
    return warnings


def planned_inspections(db: Database, *, plan_id: int | None = None) -> list[dict]:
    """Inspections planned ahead and not yet carried out, soonest first."""
    rows = [r for r in reversed(list_inspections(db, plan_id=plan_id, include_confidential=True))
            if r["state"] == "planned"]
    for row in rows:
        row["task_numbers"] = [r[0] for r in db.execute(
            "SELECT t.number FROM inspection_task it JOIN task t ON t.id = it.task_id WHERE it.inspection_id = ?"
            " ORDER BY t.number", [row["id"]])]
    return rows


def carry_out_planned(db: Database, *, inspection_id: int, started_on: date, findings: Iterable[dict] = (),
                      inspectors: Iterable[str] = (), units: Iterable[str] = (), task_numbers: Iterable[int] = (),
                      title: str | None = None, summary: str | None = None, method: str | None = None,
                      confidential: bool | None = None, who: str | None = None) -> ChangeSet:
    """Record a planned inspection as carried out (same row, now 'recorded'), with its findings; the
    change's ``created`` is the inspection's id. Kept on record: a round carried out is not planned again."""
    planned = row_by_id(db, "inspection", inspection_id)
    if planned["state"] != "planned":
        raise StoreError("这次督查不是计划中的督查,已记录过或已取消")
    if started_on is None:
        raise StoreError("请填写督查日期")
    with db.atomic():
        staff = [resolve_staff(db, name, role="督查人员")["id"] for name in inspectors]
        unit_ids = unit_ids_for(db, units)
        task_ids = _ids(db, "SELECT id FROM task WHERE plan_id = ? AND number = ?", task_numbers, "任务",
                        scope=(planned["plan_id"],))
        changes = {"state": "recorded", "started_on": started_on.isoformat(), "updated_at": utc_now_iso(),
                   "title": (title or planned["title"]).strip(), "summary": summary, "method": method}
        if confidential is not None:
            changes["confidential"] = int(confidential)
        db["inspection"].update(inspection_id, changes)
        link_inspection(db, inspection_id, staff, unit_ids, task_ids)
        record_change(db, who=who, action="update", table="inspection", key=planned["uuid"],
                      before={"state": "planned"}, after={**changes, "inspectors": list(inspectors),
                                                          "units": list(units), "tasks": list(task_numbers)})
        added = [add_finding(db, inspection_id=inspection_id, who=who, **finding) for finding in findings]
    carried = ChangeSet((RowChange("inspection", planned["uuid"], {"state": "planned"}, changes),),
                        also_touched=frozenset(LINK_TABLES), created=inspection_id,
                        irreversible="计划督查记录为已开展后不再回到计划状态")
    return combined(carried, *added)


def cancel_planned(db: Database, *, inspection_id: int, reason: str, who: str | None = None) -> ChangeSet:
    """Call off a planned inspection; the row stays, marked cancelled, with the reason (kept on record)."""
    planned = row_by_id(db, "inspection", inspection_id)
    if planned["state"] != "planned":
        raise StoreError("只能取消计划中的督查")
    if not (reason or "").strip():
        raise StoreError("请说明取消原因")
    with db.atomic():
        db["inspection"].update(inspection_id, {"state": "cancelled", "summary": f"已取消:{reason.strip()}",
                                                "updated_at": utc_now_iso()})
        record_change(db, who=who, action="update", table="inspection", key=planned["uuid"],
                      before={"state": "planned"}, after={"state": "cancelled", "reason": reason.strip()})
    return ChangeSet((RowChange("inspection", planned["uuid"], {"state": "planned"}, {"state": "cancelled"}),),
                     irreversible="取消的计划督查留档备查")
