"""Read-only queries behind the overview page (督查概览) and the units' standing in the by-unit view.

Statuses are measured as the window measures them (reports of periods begun by the as-of date);
findings of confidential inspections (暗访) are left out, as the overview may be shown on a
meeting-room screen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.bulletin_figures import overview as tally_tasks
from duchaban.core.findings import FINDING_STATUSES, INSPECTION_KINDS, is_overdue
from duchaban.core.overview import UnitStanding, current_period, is_behind, ledger_arrival
from duchaban.store.browse import known_on, task_rows, task_verdict
from duchaban.store.bulletins import quarter_trend
from duchaban.store.inspections import inspection_burden
from duchaban.store.ledgers import ledger_units

if TYPE_CHECKING:
    from sqlite_utils import Database


def task_statuses(db: Database, *, plan_id: int, today: date) -> list[dict]:
    """Every task of the plan with its status on ``today`` (as the task tree shows it), by number."""
    rows = known_on(db, task_rows(db, plan_id=plan_id), today)
    for row in rows:
        verdict = task_verdict(row, today)
        row["status"], row["rule"] = verdict.code, verdict.rule
    return rows


def ledger_period(db: Database, *, today: date) -> dict | None:
    """The reporting period the overview reports ledgers for (see core.overview.current_period)."""
    return current_period(list(db.query("SELECT * FROM reporting_period")), today)


def ledger_states(db: Database, *, plan_id: int, period: dict) -> list[dict]:
    """Each unit expected to report for ``period`` (a reporting_period row): whether its ledger
    came on time, late or not at all, and the day the first one came."""
    first = dict(db.execute(
        "SELECT unit_id, min(imported_at) FROM submission WHERE plan_id = ? AND period_id = ? GROUP BY unit_id",
        [plan_id, period["id"]]).fetchall())
    rows = []
    for unit in ledger_units(db, plan_id=plan_id):
        sent = first.get(unit["id"])
        rows.append({"unit_id": unit["id"], "name": unit["name"], "kind": unit["kind"],
                     "task_count": unit["task_count"], "state": ledger_arrival(sent, period["due_on"]),
                     "sent_on": sent[:10] if sent else None})
    return rows


def open_findings(db: Database, *, today: date) -> list[dict]:
    """Findings not yet closed (销号), confidential ones left out, each saying whether it is overdue,
    soonest deadline first."""
    rows = list(db.query(
        "SELECT f.id, f.unit_id, u.name AS unit_name, f.description, f.deadline_on, f.status"
        " FROM finding f JOIN unit u ON u.id = f.unit_id JOIN inspection i ON i.id = f.inspection_id"
        " WHERE f.status != 'closed' AND i.confidential = 0"
        " ORDER BY f.deadline_on IS NULL, f.deadline_on, f.id"))
    for row in rows:
        deadline = date.fromisoformat(row["deadline_on"]) if row["deadline_on"] else None
        row["status_label"] = FINDING_STATUSES[row["status"]]
        row["overdue"] = is_overdue(status=row["status"], deadline=deadline, today=today)
    return rows


def confidential_findings(db: Database, *, today: date) -> dict:
    """How many findings of confidential inspections (暗访) are open and overdue: counts only, so the
    office window can say what its figures leave out without naming anyone."""
    counts = {"open": 0, "overdue": 0}
    for status, deadline in db.execute(
            "SELECT f.status, f.deadline_on FROM finding f JOIN inspection i ON i.id = f.inspection_id"
            " WHERE f.status != 'closed' AND i.confidential = 1"):
        counts["open"] += 1
        counts["overdue"] += is_overdue(
            status=status, deadline=date.fromisoformat(deadline) if deadline else None, today=today)
    return counts


def unit_standings(db: Database, *, plan_id: int, today: date,
                   tasks: list[dict] | None = None) -> dict[int, UnitStanding]:
    """Each real unit (not a group) with tasks in the plan, or open findings: its tasks behind
    schedule (as lead or responsible unit), its ledger this period, its open and overdue findings."""
    tasks = task_statuses(db, plan_id=plan_id, today=today) if tasks is None else tasks
    status = {t["id"]: t["status"] for t in tasks}
    standings: dict[int, UnitStanding] = {}
    for row in db.query(
            "SELECT u.id, u.name, u.kind, a.task_id FROM assignment a JOIN unit u ON u.id = a.unit_id"
            " JOIN task t ON t.id = a.task_id WHERE t.plan_id = ? AND u.kind != 'group' AND u.active = 1"
            " AND a.role IN ('lead', 'responsible')", [plan_id]):
        standing = standings.setdefault(row["id"], UnitStanding(row["id"], row["name"], row["kind"]))
        standing.task_count += 1
        standing.behind_tasks += is_behind(status.get(row["task_id"], ""))
    period = ledger_period(db, today=today)
    if period is not None:
        for row in ledger_states(db, plan_id=plan_id, period=period):
            standing = standings.setdefault(row["unit_id"], UnitStanding(row["unit_id"], row["name"], row["kind"]))
            standing.ledger = row["state"]
            standing.ledger_period, standing.ledger_due_on = period["code"], period["due_on"]
    # Bare tuples, not open_findings' rows: a large year has tens of thousands of findings.
    for unit_id, name, kind, status, deadline in db.execute(
            "SELECT f.unit_id, u.name, u.kind, f.status, f.deadline_on FROM finding f"
            " JOIN unit u ON u.id = f.unit_id JOIN inspection i ON i.id = f.inspection_id"
            " WHERE f.status != 'closed' AND i.confidential = 0"):
        standing = standings.get(unit_id) or standings.setdefault(unit_id, UnitStanding(unit_id, name, kind))
        standing.open_findings += 1
        standing.overdue_findings += is_overdue(
            status=status, deadline=date.fromisoformat(deadline) if deadline else None, today=today)
    return standings


def month_inspections(db: Database, *, plan_id: int, today: date) -> list[dict]:
    """Inspections carried out this month up to ``today`` (confidential ones left out), newest first."""
    rows = list(db.query(
        "SELECT i.id, i.kind, i.title, i.started_on, (SELECT group_concat(u.name, '、') FROM inspection_unit iu"
        "   JOIN unit u ON u.id = iu.unit_id WHERE iu.inspection_id = i.id) AS units FROM inspection i"
        " WHERE (i.plan_id = ? OR i.plan_id IS NULL) AND i.state = 'recorded' AND i.confidential = 0"
        " AND i.started_on BETWEEN ? AND ? ORDER BY i.started_on DESC, i.id DESC",
        [plan_id, today.replace(day=1).isoformat(), today.isoformat()]))
    for row in rows:
        row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    return rows


def overview_figures(db: Database, *, plan_id: int, today: date) -> dict:
    """Everything the overview page shows, measured on ``today``: tasks with their status, the
    period's ledgers, open findings, the units' standings, this month's inspections, how often
    each unit was inspected this year, and the statuses quarter by quarter."""
    tasks = task_statuses(db, plan_id=plan_id, today=today)
    period = ledger_period(db, today=today)
    return {
        "today": today,
        "tasks": tasks,
        "period": period,
        "ledgers": ledger_states(db, plan_id=plan_id, period=period) if period else [],
        "findings": open_findings(db, today=today),
        "confidential_findings": confidential_findings(db, today=today),
        "standings": list(unit_standings(db, plan_id=plan_id, today=today, tasks=tasks).values()),
        "inspections": month_inspections(db, plan_id=plan_id, today=today),
        "burden": inspection_burden(db, starts_on=date(today.year, 1, 1), ends_on=today),
        "trend": [{"code": p["code"], "measured_on": p["measured_on"], "running": p["running"],
                   "tally": tally_tasks(p["tasks"])} for p in quarter_trend(db, plan_id=plan_id, today=today)],
    }
