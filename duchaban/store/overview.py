"""Read-only queries behind the overview page (督查概览) and the units' standing in the by-unit view.

Statuses are measured as the window measures them (reports of periods begun by the as-of date);
findings of confidential inspections (暗访) are left out, as the overview may be shown on a
meeting-room screen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.bulletin_figures import overview as tally_tasks
from duchaban.core.overview import UnitStanding, current_period, is_behind, ledger_arrival
from duchaban.store.browse import known_on, task_rows, task_verdict
from duchaban.store.bulletins import quarter_trend
from duchaban.store.inspections import inspection_burden, list_findings, list_inspections
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
    """Findings not yet closed (销号), confidential ones left out, each saying whether it is overdue."""
    return [f for f in list_findings(db, today=today) if f["status"] != "closed" and not f["confidential"]]


def unit_standings(db: Database, *, plan_id: int, today: date, tasks: list[dict] | None = None) -> dict[int, UnitStanding]:
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
    for finding in open_findings(db, today=today):
        standing = standings.get(finding["unit_id"])
        if standing is None:
            unit = db.execute("SELECT name, kind FROM unit WHERE id = ?", [finding["unit_id"]]).fetchone()
            standing = standings.setdefault(finding["unit_id"], UnitStanding(finding["unit_id"], unit[0], unit[1]))
        standing.open_findings += 1
        standing.overdue_findings += bool(finding["overdue"])
    return standings


def month_inspections(db: Database, *, plan_id: int, today: date) -> list[dict]:
    """Inspections carried out this month up to ``today`` (confidential ones left out), newest first."""
    first = today.replace(day=1).isoformat()
    return [i for i in list_inspections(db, plan_id=plan_id)
            if i["state"] == "recorded" and i["started_on"] and first <= i["started_on"] <= today.isoformat()]


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
        "standings": list(unit_standings(db, plan_id=plan_id, today=today, tasks=tasks).values()),
        "inspections": month_inspections(db, plan_id=plan_id, today=today),
        "burden": inspection_burden(db, starts_on=date(today.year, 1, 1), ends_on=today),
        "trend": [{"code": p["code"], "measured_on": p["measured_on"], "running": p["running"],
                   "tally": tally_tasks(p["tasks"])} for p in quarter_trend(db, plan_id=plan_id)],
    }
