"""Bulletins (督查通报) in the database: the snapshot a bulletin is built from, numbering per
year (第N期), and the frozen record of each issued bulletin."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.bulletin_figures import criticized_units
from duchaban.core.errors import StoreError
from duchaban.core.findings import FINDING_STATUSES, INSPECTION_KINDS, SEVERITIES, is_overdue
from duchaban.core.overview import ledger_arrival
from duchaban.core.periods import Period, ledger_due_date, parse_period, period_label, utc_now_iso
from duchaban.core.status import TaskFacts, derive_status
from duchaban.store.audit import record_change
from duchaban.store.connection import driver_errors
from duchaban.store.ledgers import ledger_units
from duchaban.store.plans import plan_year
from duchaban.store.progress import reports_until
from duchaban.store.settings import as_of_date, machine_id, office_name

if TYPE_CHECKING:
    from sqlite_utils import Database

SNAPSHOT_VERSION = 1


def _tasks(db: Database, plan_id: int, year: int, measured_on: date) -> list[dict]:
    reports = reports_until(db, plan_id=plan_id, ends_on=measured_on.isoformat())
    closed = {r[0] for r in db.execute(
        "SELECT c.task_id FROM close_out c JOIN task t ON t.id = c.task_id"
        " WHERE t.plan_id = ? AND c.reopened_at IS NULL AND c.closed_on <= ?", [plan_id, measured_on.isoformat()])}
    units: dict[int, dict[str, list[str]]] = {}
    for row in db.query("SELECT a.task_id, a.role, u.name FROM assignment a JOIN unit u ON u.id = a.unit_id"
                        " JOIN task t ON t.id = a.task_id WHERE t.plan_id = ? ORDER BY a.task_id, a.ordinal",
                        [plan_id]):
        units.setdefault(row["task_id"], {}).setdefault(row["role"], []).append(row["name"])
    tasks = []
    for row in db.query(
            "SELECT t.id, t.number, t.text, t.deadline_on, t.deadline_text,"
            " coalesce(p.numeral || p.title, s.numeral || s.title) AS part,"
            " CASE WHEN p.id IS NOT NULL THEN s.numeral || s.title END AS subsection"
            " FROM task t LEFT JOIN section s ON s.id = t.section_id LEFT JOIN section p ON p.id = s.parent_id"
            " WHERE t.plan_id = ? ORDER BY t.number", [plan_id]):
        report = reports.get(row["id"], {})
        verdict = derive_status(TaskFacts(
            year=year, deadline=date.fromisoformat(row["deadline_on"]) if row["deadline_on"] else None,
            deadline_text=row["deadline_text"],
            percent=report.get("percent"), reported_completed=report.get("status") == "completed",
            closed=row["id"] in closed), measured_on)
        roles = units.get(row["id"], {})
        tasks.append({"number": row["number"], "text": row["text"], "part": row["part"],
                      "subsection": row["subsection"], "lead": (roles.get("lead") or [None])[0],
                      "responsible": roles.get("responsible", []), "cooperating": roles.get("cooperating", []),
                      "deadline": row["deadline_text"] or row["deadline_on"], "percent": report.get("percent"),
                      "status": verdict.code, "status_label": verdict.label, "rule": verdict.rule})
    return tasks


def ledger_arrivals(db: Database, *, plan_id: int, period: Period) -> list[dict]:
    """Units expected to report, each with whether its ledger came on time, late or not at all."""
    due = ledger_due_date(period).isoformat()
    first = dict(db.execute(
        "SELECT s.unit_id, min(s.imported_at) FROM submission s JOIN reporting_period rp ON rp.id = s.period_id"
        " WHERE s.plan_id = ? AND rp.code = ? GROUP BY s.unit_id", [plan_id, period.code]).fetchall())
    units = []
    for unit in ledger_units(db, plan_id=plan_id):
        sent = first.get(unit["id"])
        state = ledger_arrival(sent, due)
        units.append({"name": unit["name"], "kind": unit["kind"], "task_count": unit["task_count"],
                      "submission": state, "submitted_on": sent[:10] if sent else None})
    return units


def _findings(db: Database, plan_id: int, starts_on: date, measured_on: date, include_confidential: bool) -> list[dict]:
    """Findings of inspections in the period, and earlier ones not yet closed."""
    rows = db.query(
        "SELECT f.description, f.severity, f.status, f.deadline_on, f.demand, u.name AS unit, t.number AS task_number,"
        " i.kind, i.title AS inspection, i.started_on, i.confidential FROM finding f"
        " JOIN inspection i ON i.id = f.inspection_id JOIN unit u ON u.id = f.unit_id"
        " LEFT JOIN task t ON t.id = f.task_id"
        " WHERE (i.plan_id = ? OR i.plan_id IS NULL) AND i.state = 'recorded' AND i.started_on <= ?"
        " AND (i.started_on >= ? OR f.status != 'closed') AND (i.confidential = 0 OR ?)"
        " ORDER BY i.started_on, f.id",
        [plan_id, measured_on.isoformat(), starts_on.isoformat(), int(include_confidential)])
    findings = []
    for row in rows:
        deadline = date.fromisoformat(row["deadline_on"]) if row["deadline_on"] else None
        findings.append({**row, "confidential": bool(row["confidential"]),
                         "severity_label": SEVERITIES[row["severity"]], "status_label": FINDING_STATUSES[row["status"]],
                         "kind_label": INSPECTION_KINDS[row["kind"]],
                         "overdue": is_overdue(status=row["status"], deadline=deadline, today=measured_on)})
    return findings


def _inspection_counts(db: Database, plan_id: int, starts_on: date, measured_on: date,
                       include_confidential: bool) -> dict[str, int]:
    counts = {kind: 0 for kind in INSPECTION_KINDS}
    counts.update(db.execute(
        "SELECT kind, count(*) FROM inspection WHERE (plan_id = ? OR plan_id IS NULL) AND state = 'recorded'"
        " AND started_on BETWEEN ? AND ? AND (confidential = 0 OR ?) GROUP BY kind",
        [plan_id, starts_on.isoformat(), measured_on.isoformat(), int(include_confidential)]).fetchall())
    return counts


def task_statuses_on(db: Database, *, plan_id: int, measured_on: date) -> list[dict]:
    """Every task of the plan with its status on ``measured_on``, from the reports known by then."""
    return _tasks(db, plan_id, plan_year(db, plan_id), measured_on)


def quarter_trend(db: Database, *, plan_id: int, today: date | None = None) -> list[dict]:
    """For each quarter of the plan year begun by the as-of date: its code, the day measured
    (quarter end, or the as-of date for the running quarter), whether it is still running,
    and the tasks' statuses then."""
    year = plan_year(db, plan_id)
    today = today or as_of_date(db)
    points = []
    for quarter in range(1, 5):
        period = parse_period(f"{year}Q{quarter}")
        if period.starts_on > today:
            break
        measured = min(period.ends_on, today)
        points.append({"code": period.code, "measured_on": measured, "running": measured < period.ends_on,
                       "tasks": _tasks(db, plan_id, year, measured)})
    return points


def latest_bulletin(db: Database, *, year: int, before_period: str | None = None) -> dict | None:
    """The newest standing period bulletin of a year (not replaced, not a special topic), other
    than one for ``before_period``, snapshot decoded, or None."""
    row = next(iter(db.query(
        "SELECT * FROM bulletin WHERE year = ? AND kind = 'period' AND replaced_at IS NULL AND period_code != ?"
        " ORDER BY issue_no DESC LIMIT 1", [year, before_period or ""])), None)
    return None if row is None else _decoded(row)


def current_period_bulletin(db: Database, *, plan_id: int, period_code: str) -> dict | None:
    """The bulletin that stands for the period (one period, one bulletin), without its snapshot, or None."""
    return next(iter(db.query(
        "SELECT id, uuid, year, issue_no, period_code, generated_at, generated_by, docx_name FROM bulletin"
        " WHERE plan_id = ? AND period_code = ? AND kind = 'period' AND replaced_at IS NULL",
        [plan_id, period_code])), None)


def override_close_outs(db: Database, *, plan_id: int, measured_on: date) -> list[dict]:
    """Close-outs standing on ``measured_on`` that were made although the ledger or rectification
    did not say done, with the reason given: the bulletin's annex lists them."""
    return list(db.query(
        "SELECT '任务' AS kind, '任务 ' || t.number AS subject, t.text AS text, c.closed_on,"
        " coalesce(s.name, c.verifier) AS verifier, c.override_reason AS reason"
        " FROM close_out c JOIN task t ON t.id = c.task_id LEFT JOIN staff s ON s.id = c.verifier_id"
        " WHERE t.plan_id = ? AND c.override_reason IS NOT NULL AND c.reopened_at IS NULL AND c.closed_on <= ?"
        " UNION ALL "
        "SELECT '问题', u.name, f.description, c.closed_on, coalesce(s.name, c.verifier), c.override_reason"
        " FROM close_out c JOIN finding f ON f.id = c.finding_id JOIN unit u ON u.id = f.unit_id"
        " JOIN inspection i ON i.id = f.inspection_id LEFT JOIN staff s ON s.id = c.verifier_id"
        " WHERE (i.plan_id = ? OR i.plan_id IS NULL) AND c.override_reason IS NOT NULL AND c.reopened_at IS NULL"
        " AND c.closed_on <= ? ORDER BY 4, 2",
        [plan_id, measured_on.isoformat(), plan_id, measured_on.isoformat()]))


def period_bulletin_refusal(db: Database, snapshot: dict, *, replace: bool) -> str | None:
    """Why this bulletin may not be issued as drafted (one period, one bulletin), or None.

    A period bulletin is refused while another stands for the period, unless ``replace`` says
    to re-issue it in place of the one the draft was made to replace."""
    if snapshot.get("kind", "period") != "period":
        return None
    label = f"{snapshot['period']['label']}"
    current = current_period_bulletin(db, plan_id=snapshot["plan"]["id"], period_code=snapshot["period"]["code"])
    meant = (snapshot.get("replaces") or {}).get("id")
    if current is None:
        return f"{label}尚未印发通报,无需重新印发" if replace else None
    if not replace:
        return (f"{label}已印发{current['year']}年第{current['issue_no']}期通报"
                f"({current['generated_at'][:10]}),一个周期只印发一期;如需重新印发并替代第{current['issue_no']}期,"
                f"请明确选择重新印发")
    if current["id"] != meant:
        return f"{label}的通报在起草后已有变化(现为第{current['issue_no']}期),请重新起草"
    return None


def bulletin_id_by_issue(db: Database, *, year: int, issue_no: int) -> int | None:
    """The id of bulletin 第``issue_no``期 of ``year``, or None when there is none."""
    row = db.execute("SELECT id FROM bulletin WHERE year = ? AND issue_no = ?", [year, issue_no]).fetchone()
    return None if row is None else row[0]


def next_issue_no(db: Database, *, year: int) -> int:
    """The number the next bulletin of ``year`` gets: 第N期 counts from 1 each year."""
    return (db.execute("SELECT max(issue_no) FROM bulletin WHERE year = ?", [year]).fetchone()[0] or 0) + 1


def bulletin_snapshot(db: Database, *, plan_id: int, period_code: str, include_confidential: bool = False,
                      issued_on: date | None = None, topic: str | None = None) -> dict:
    """Everything a bulletin for the period says, as plain data, measured at the period's end
    (or on ``issued_on`` when the period is still running). With ``topic`` it is a special-topic
    bulletin (专项通报): numbered in the same series, outside the one-per-period rule."""
    plan = next(iter(db.query("SELECT id, year, title, doc_number FROM plan WHERE id = ?", [plan_id])), None)
    if plan is None:
        raise StoreError("分解方案不存在")
    period = parse_period(period_code)
    issued_on = issued_on or as_of_date(db)
    if issued_on < period.starts_on:
        raise StoreError(f"{period_label(period)}尚未开始(通报日期 {issued_on.isoformat()}),不能生成通报")
    measured_on = min(period.ends_on, issued_on)
    previous = latest_bulletin(db, year=plan["year"], before_period=period.code)
    topic = (topic or "").strip() or None
    standing = None if topic else current_period_bulletin(db, plan_id=plan_id, period_code=period.code)
    return {
        "kind": "special" if topic else "period",
        "topic": topic,
        "replaces": None if standing is None else {k: standing[k] for k in ("id", "issue_no", "generated_at")},
        "overrides": override_close_outs(db, plan_id=plan_id, measured_on=measured_on),
        "version": SNAPSHOT_VERSION,
        "plan": plan,
        "year": plan["year"],
        "issue_no": next_issue_no(db, year=plan["year"]),
        "office": office_name(db),
        "issued_on": issued_on.isoformat(),
        "period": {"code": period.code, "label": period_label(period), "starts_on": period.starts_on.isoformat(),
                   "ends_on": period.ends_on.isoformat()},
        "measured_on": measured_on.isoformat(),
        "include_confidential": include_confidential,
        "tasks": _tasks(db, plan_id, plan["year"], measured_on),
        "units": ledger_arrivals(db, plan_id=plan_id, period=period),
        "findings": _findings(db, plan_id, period.starts_on, measured_on, include_confidential),
        "inspections": _inspection_counts(db, plan_id, period.starts_on, measured_on, include_confidential),
        "previous": None if previous is None else {
            "issue_no": previous["issue_no"], "period_code": previous["period_code"],
            "criticized": [m.name for m in criticized_units(previous["snapshot"])]},
    }


def save_bulletin(db: Database, *, snapshot: dict, wording: dict, render: dict, docx_name: str | None,
                  xlsx_name: str | None, replace: bool = False, who: str | None = None) -> int:
    """Freeze an issued bulletin: its snapshot, the wording as edited, and how it was rendered.
    A re-issue (``replace``) marks the period's earlier bulletin replaced in the same transaction."""
    frozen = {**snapshot, "wording": wording, "render": render}
    kind = snapshot.get("kind", "period")
    replaces = (snapshot.get("replaces") or {}).get("id") if replace else None
    row = {"uuid": str(uuid.uuid4()), "plan_id": snapshot["plan"]["id"], "year": snapshot["year"],
           "issue_no": snapshot["issue_no"], "period_code": snapshot["period"]["code"],
           "generated_at": utc_now_iso(), "generated_by": who,
           "include_confidential": int(snapshot["include_confidential"]),
           "snapshot": json.dumps(frozen, ensure_ascii=False, sort_keys=True),
           "docx_name": docx_name, "xlsx_name": xlsx_name, "kind": kind, "topic": snapshot.get("topic"),
           "replaces": replaces, "check_code": snapshot.get("check_code"), "origin": machine_id(db)}
    try:
        with db.atomic():
            refusal = period_bulletin_refusal(db, snapshot, replace=replace)
            if refusal:
                raise StoreError(refusal)
            if replaces is not None:
                db.execute("UPDATE bulletin SET replaced_at = ? WHERE id = ?", [row["generated_at"], replaces])
                old_uuid = db.execute("SELECT uuid FROM bulletin WHERE id = ?", [replaces]).fetchone()[0]
                record_change(db, who=who, action="update", table="bulletin", key=old_uuid,
                              after={"replaced_at": row["generated_at"], "replaced_by": row["uuid"]})
            bulletin_id = db["bulletin"].insert(row).last_pk
            record_change(db, who=who, action="insert", table="bulletin", key=row["uuid"],
                          after={k: v for k, v in row.items() if k != "snapshot"})
    except driver_errors("IntegrityError"):
        raise StoreError(f"{snapshot['year']}年第{snapshot['issue_no']}期通报已存在,请重新生成草稿") from None
    return bulletin_id


def _decoded(row: dict) -> dict:
    return {**row, "snapshot": json.loads(row["snapshot"])}


def get_bulletin(db: Database, bulletin_id: int) -> dict:
    row = next(iter(db.query("SELECT * FROM bulletin WHERE id = ?", [bulletin_id])), None)
    if row is None:
        raise StoreError("通报不存在")
    return _decoded(row)


def list_bulletins(db: Database, *, plan_id: int | None = None) -> list[dict]:
    """Issued bulletins newest first, without their snapshots."""
    return list(db.query(
        "SELECT id, uuid, plan_id, year, issue_no, period_code, generated_at, generated_by, include_confidential,"
        " docx_name, xlsx_name, kind, topic, replaces, replaced_at FROM bulletin WHERE (? IS NULL OR plan_id = ?)"
        " ORDER BY year DESC, issue_no DESC",
        [plan_id, plan_id]))


def name_bulletin_origins(db: Database, origins: dict[str, str]) -> None:
    """Bulletins that name no machine take the one ``origins`` gives (bulletin uuid -> machine);
    each keeps its revision, since naming what the hub already knows is no change of this machine's."""
    from duchaban.store.revisions import row_version, set_row_version

    for (uuid_value,) in db.execute("SELECT uuid FROM bulletin WHERE origin IS NULL").fetchall():
        if uuid_value not in origins:
            continue
        version = row_version(db, "bulletin", uuid_value)
        db.execute("UPDATE bulletin SET origin = ? WHERE uuid = ?", [origins[uuid_value], uuid_value])
        if version is not None:
            set_row_version(db, "bulletin", uuid_value, version)
