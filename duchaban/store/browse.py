"""Read-only queries behind the window's tree, tables and detail pane."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Iterable

from duchaban.core.status import StatusVerdict, TaskFacts, derive_status
from duchaban.store.progress import newest_report_start, reports_until
from duchaban.store.units import KIND_ORDER_SQL

if TYPE_CHECKING:
    from sqlite_utils import Database

_TASK_COLUMNS = """
    SELECT t.id, t.number, t.text, t.section_id, t.deadline_on, t.deadline_text, p.year,
           (SELECT u.name FROM assignment a JOIN unit u ON u.id = a.unit_id
             WHERE a.task_id = t.id AND a.role = 'lead') AS lead,
           lp.percent, lp.status AS reported_status,
           EXISTS (SELECT 1 FROM close_out c WHERE c.task_id = t.id AND c.reopened_at IS NULL) AS closed
    FROM task t
    JOIN plan p ON p.id = t.plan_id
    LEFT JOIN task_progress lp ON lp.task_id = t.id
"""


def task_verdict(row: dict, today: date) -> StatusVerdict:
    """The derived status of a task row from task_rows or task_detail."""
    facts = TaskFacts(
        year=row["year"],
        deadline=date.fromisoformat(row["deadline_on"]) if row["deadline_on"] else None,
        deadline_text=row["deadline_text"],
        percent=row["percent"],
        reported_completed=row["reported_status"] == "completed",
        closed=bool(row["closed"]),
    )
    return derive_status(facts, today)


def known_on(db: Database, rows: list[dict], today: date) -> list[dict]:
    """The rows as of ``today``: reports of periods that had not begun by then, and later close-outs,
    left out. Looking at today (every reporting period begun) costs one query."""
    newest = newest_report_start(db)
    if not rows or newest is None or today.isoformat() >= newest:
        return rows
    plans = {r[0] for r in db.execute(
        f"SELECT DISTINCT plan_id FROM task WHERE id IN ({','.join('?' * len(rows))})", [r["id"] for r in rows])}
    known: dict[int, dict] = {}
    for plan_id in plans:
        known.update(reports_until(db, plan_id=plan_id, ends_on=today.isoformat(), begun=True))
    closed = {r[0] for r in db.execute(
        "SELECT task_id FROM close_out WHERE task_id IS NOT NULL AND reopened_at IS NULL AND closed_on <= ?",
        [today.isoformat()])}
    for row in rows:
        report = known.get(row["id"])
        row["percent"] = report["percent"] if report else None
        row["reported_status"] = report["status"] if report else None
        row["closed"] = int(row["id"] in closed)
    return rows


def list_plans(db: Database) -> list[dict]:
    """Every plan with its task count, newest year first."""
    return list(db.query(
        "SELECT p.*, (SELECT count(*) FROM task t WHERE t.plan_id = p.id) AS task_count"
        " FROM plan p ORDER BY p.year DESC, p.id DESC"
    ))


def section_rows(db: Database, plan_id: int) -> list[dict]:
    """Sections of a plan in order, each with the number of tasks under it (sub-sections included)."""
    return list(db.query(
        "SELECT s.id, s.parent_id, s.level, s.numeral, s.title, s.path_key,"
        " (SELECT count(*) FROM task t WHERE t.section_id = s.id"
        "   OR t.section_id IN (SELECT c.id FROM section c WHERE c.parent_id = s.id)) AS task_count"
        " FROM section s WHERE s.plan_id = ? ORDER BY s.level, s.id",
        [plan_id],
    ))


def task_rows(db: Database, *, plan_id: int, section_id: int | None = None,
              task_ids: Iterable[int] | None = None, unsectioned: bool = False) -> list[dict]:
    """Tasks of a plan (optionally of one section, or only those in ``task_ids``), by number."""
    sql = _TASK_COLUMNS + " WHERE t.plan_id = ?"
    params: list = [plan_id]
    if section_id is not None:
        sql += " AND t.section_id = ?"
        params.append(section_id)
    elif unsectioned:
        sql += " AND t.section_id IS NULL"
    if task_ids is not None:
        ids = list(task_ids)
        sql += f" AND t.id IN ({','.join('?' * len(ids))})" if ids else " AND 0"
        params += ids
    return list(db.query(sql + " ORDER BY t.number", params))


def task_detail(db: Database, task_id: int) -> dict | None:
    """Everything the detail pane shows about one task, or None if it is gone."""
    # Imported here, as in unit_detail: the window shows its trees (the rest of this module) right
    # after it is painted, and these modules (shutil, the findings rules) are a third of the wait.
    from duchaban.store.evidence import evidence_for, stored_path
    from duchaban.store.inspections import task_findings
    from duchaban.store.ledgers import task_ledger_history

    row = next(iter(db.query(_TASK_COLUMNS + " WHERE t.id = ?", [task_id])), None)
    if row is None:
        return None
    extra = db.execute("SELECT leaders, note, source_line, plan_id FROM task WHERE id = ?", [task_id]).fetchone()
    row.update(leaders=extra[0], note=extra[1], source_line=extra[2], plan_id=extra[3])
    row["sections"] = [r[0] for r in db.execute(
        "SELECT coalesce(p.numeral || p.title || ' / ', '') || s.numeral || s.title FROM task t"
        " JOIN section s ON s.id = t.section_id LEFT JOIN section p ON p.id = s.parent_id WHERE t.id = ?",
        [task_id])]
    row["units"] = list(db.query(
        "SELECT u.id, u.name, u.kind, a.role FROM assignment a JOIN unit u ON u.id = a.unit_id"
        " WHERE a.task_id = ? ORDER BY a.ordinal", [task_id]))
    row["indicators"] = list(db.query(
        "SELECT clause, value, measure, comparator FROM indicator WHERE task_id = ? ORDER BY ordinal", [task_id]))
    row["history"] = task_ledger_history(db, task_id)
    row["findings"] = task_findings(db, task_id)
    row["close_outs"] = list(db.query(
        "SELECT c.uuid, coalesce(v.name, c.verifier) AS verifier, c.closed_on, c.opinion,"
        " coalesce(r.name, c.created_by) AS created_by, c.override_reason, c.reopened_at, c.reopen_reason"
        " FROM close_out c LEFT JOIN staff v ON v.id = c.verifier_id LEFT JOIN staff r ON r.id = c.created_by_id"
        " WHERE c.task_id = ? ORDER BY c.id DESC", [task_id]))
    for close_out in row["close_outs"]:
        close_out["evidence"] = [
            {**e, "path": str(stored_path(db, e["sha256"], e["file_name"]))}
            for e in evidence_for(db, owner_kind="close_out", owner_uuid=close_out["uuid"])]
    return row


def unit_detail(db: Database, *, unit_id: int, plan_id: int | None) -> dict | None:
    """What the detail pane shows about a unit: aliases, contacts, task counts, its submissions."""
    from duchaban.store.contacts import list_contacts
    from duchaban.store.inspections import unit_findings
    from duchaban.store.ledgers import unit_ledger_history

    unit = next(iter(db.query("SELECT * FROM unit WHERE id = ?", [unit_id])), None)
    if unit is None:
        return None
    unit["aliases"] = [r[0] for r in db.execute("SELECT alias FROM unit_alias WHERE unit_id = ? ORDER BY alias",
                                                [unit_id])]
    unit["contacts"] = list_contacts(db, unit_id)
    unit["counts"] = dict(db.execute(
        "SELECT a.role, count(*) FROM assignment a JOIN task t ON t.id = a.task_id"
        " WHERE a.unit_id = ? AND t.plan_id = ? GROUP BY a.role", [unit_id, plan_id]))
    unit["submissions"] = list(db.query(
        "SELECT rp.code AS period_code, rp.due_on, s.file_name, s.imported_at, s.imported_by,"
        " (SELECT min(f.imported_at) FROM submission f WHERE f.unit_id = s.unit_id AND f.plan_id = s.plan_id"
        "   AND f.period_id = s.period_id) AS first_sent FROM submission s"
        " JOIN reporting_period rp ON rp.id = s.period_id WHERE s.unit_id = ? AND s.plan_id = ?"
        " ORDER BY rp.ends_on DESC, s.imported_at DESC", [unit_id, plan_id]))
    unit["reports"] = unit_ledger_history(db, unit_id, plan_id=plan_id)
    unit["findings"] = unit_findings(db, unit_id)
    return unit


def unit_rows(db: Database, *, plan_id: int, kind: str | None = None) -> list[dict]:
    """Units (groups excluded unless asked) with how many tasks of the plan they lead, share, cooperate on."""
    # Counted per unit first, then joined: joining units to assignments directly made SQLite build
    # a temporary index on every call (30 ms for 300 units and 14,000 assignments, now 14).
    sql = (
        "WITH counts AS (SELECT a.unit_id, sum(a.role = 'lead') AS lead_count,"
        "  sum(a.role = 'responsible') AS responsible_count, sum(a.role = 'cooperating') AS cooperating_count"
        "  FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id = ? GROUP BY a.unit_id)"
        " SELECT u.id, u.name, u.kind, c.lead_count, c.responsible_count, c.cooperating_count"
        " FROM unit u LEFT JOIN counts c ON c.unit_id = u.id"
        " WHERE u.active = 1"
    )
    params: list = [plan_id]
    if kind is not None:
        sql += " AND u.kind = ?"
        params.append(kind)
    return list(db.query(sql + f" ORDER BY {KIND_ORDER_SQL}, u.sort_order", params))


def unit_task_rows(db: Database, *, plan_id: int, unit_id: int, role: str) -> list[dict]:
    """Tasks of the plan where the unit has ``role`` (lead, responsible or cooperating)."""
    return list(db.query(
        _TASK_COLUMNS + " JOIN assignment x ON x.task_id = t.id"
        " WHERE t.plan_id = ? AND x.unit_id = ? AND x.role = ? ORDER BY t.number",
        [plan_id, unit_id, role],
    ))


def plan_counts(db: Database, plan_id: int) -> dict[str, int]:
    """Headline numbers for the status bar."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM task WHERE plan_id = :p),"
        " (SELECT count(DISTINCT a.unit_id) FROM assignment a JOIN task t ON t.id = a.task_id"
        "   JOIN unit u ON u.id = a.unit_id WHERE t.plan_id = :p AND u.kind != 'group'),"
        " (SELECT count(*) FROM section WHERE plan_id = :p)",
        {"p": plan_id},
    ).fetchone()
    return {"tasks": row[0], "units": row[1], "sections": row[2]}


def filter_task_ids(db: Database, *, plan_id: int, unit_id: int | None = None, role: str | None = None,
                    unit_kind: str | None = None, section_id: int | None = None) -> set[int] | None:
    """Ids of the plan's tasks matching every given condition, or None when none is given.

    ``unit_id``/``role``/``unit_kind`` match through the task's assignments (e.g. role 'lead'
    with kind 'town': tasks led by a town); ``section_id`` includes its sub-sections.
    """
    if unit_id is None and role is None and unit_kind is None and section_id is None:
        return None
    sql = "SELECT DISTINCT t.id FROM task t"
    where, params = ["t.plan_id = ?"], [plan_id]
    if unit_id is not None or role is not None or unit_kind is not None:
        sql += " JOIN assignment a ON a.task_id = t.id JOIN unit u ON u.id = a.unit_id"
        for column, value in (("a.unit_id", unit_id), ("a.role", role), ("u.kind", unit_kind)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
    if section_id is not None:
        where.append("(t.section_id = ? OR t.section_id IN (SELECT id FROM section WHERE parent_id = ?))")
        params += [section_id, section_id]
    return {r[0] for r in db.execute(f"{sql} WHERE {' AND '.join(where)}", params)}
