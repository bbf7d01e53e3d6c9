"""Ledger progress: the latest report per task, kept in task_progress for the views."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from sqlite_utils import Database

# Among reports of periods that end on the same day: the lead unit's first, then the newest.
_SAME_END_ORDER = "(a.role = 'lead') DESC, pe.reported_at DESC, pe.id DESC"

# Rank each task's reports: the newest period first, the lead unit's report before others.
_RANKED = f"""
    SELECT pe.task_id, pe.period_id, pe.unit_id, pe.percent, pe.status,
           row_number() OVER (PARTITION BY pe.task_id ORDER BY rp.ends_on DESC, {_SAME_END_ORDER}) AS rn
    FROM progress_entry pe
    JOIN reporting_period rp ON rp.id = pe.period_id
    LEFT JOIN assignment a ON a.task_id = pe.task_id AND a.unit_id = pe.unit_id
"""


def _latest_sql(task_ids: list[int] | None) -> tuple[str, list]:
    if task_ids is None:
        return f"SELECT task_id, period_id, unit_id, percent, status FROM ({_RANKED}) WHERE rn = 1", []
    marks = ",".join("?" * len(task_ids))
    ranked = _RANKED + f" WHERE pe.task_id IN ({marks})"
    return f"SELECT task_id, period_id, unit_id, percent, status FROM ({ranked}) WHERE rn = 1", task_ids


def refresh_task_progress(db: Database, task_ids: Iterable[int] | None = None) -> None:
    """Recompute task_progress for these tasks (all when None); call in the writing transaction."""
    ids = None if task_ids is None else sorted(set(task_ids))
    with db.atomic():
        if ids is None:
            db.execute("DELETE FROM task_progress")
            chunks = [None]
        else:
            chunks = [ids[i:i + 500] for i in range(0, len(ids), 500)]
        for chunk in chunks:
            if chunk is not None:
                db.execute(f"DELETE FROM task_progress WHERE task_id IN ({','.join('?' * len(chunk))})", chunk)
            sql, params = _latest_sql(chunk)
            db.execute(f"INSERT INTO task_progress (task_id, period_id, unit_id, percent, status) {sql}", params)


def advance_task_progress(db: Database, *, submission_ids: list[int]) -> None:
    """Bring task_progress up to date after these submissions added or replaced reports; call in
    the writing transaction.

    A task's latest report is the best of its current one and the batch's: other reports did not
    change. Only where the current latest was itself replaced (its rank may have fallen, as when
    history is replayed) are all of the task's reports ranked again. Ranking every report of every
    touched task instead grows with the year (twelve months of reports by each unit)."""
    if not submission_ids:
        return
    marks = ",".join("?" * len(submission_ids))
    same_report = "pe.task_id = tp.task_id AND pe.unit_id = tp.unit_id AND pe.period_id = tp.period_id"
    # The batch's reports, found through the (unit, period) index: a submission's reports are its
    # unit's for its period (save_submission writes them so). Asking for submission_id alone, which
    # has no index, read every report in the file three times (1.3 ms each on the demo, growing with
    # the year).
    batch = (f"SELECT pe.id FROM submission s CROSS JOIN progress_entry pe ON pe.unit_id = s.unit_id"
             f" AND pe.period_id = s.period_id AND pe.submission_id = s.id WHERE s.id IN ({marks})")
    replaced = [r[0] for r in db.execute(
        f"SELECT tp.task_id FROM task_progress tp JOIN progress_entry pe ON {same_report}"
        f" WHERE pe.id IN ({batch})", submission_ids)]
    candidates = f"""
        {batch}
        UNION
        SELECT pe.id FROM task_progress tp JOIN progress_entry pe ON {same_report}
        WHERE tp.task_id IN (SELECT task_id FROM progress_entry WHERE id IN ({batch}))"""
    ranked = _RANKED + f" WHERE pe.id IN ({candidates})"
    # In the import's transaction, joined without a savepoint (see save_submission).
    with (nullcontext() if db.conn.in_transaction else db.atomic()):
        db.execute("INSERT OR REPLACE INTO task_progress (task_id, period_id, unit_id, percent, status)"
                   f" SELECT task_id, period_id, unit_id, percent, status FROM ({ranked}) WHERE rn = 1",
                   [*submission_ids, *submission_ids])
        if replaced:
            refresh_task_progress(db, replaced)


def stale_task_progress(db: Database) -> list[int]:
    """Tasks whose stored latest report differs from a fresh computation (should be none)."""
    sql, params = _latest_sql(None)
    fresh = {r[0]: tuple(r) for r in db.execute(sql, params)}
    stored = {r[0]: tuple(r) for r in db.execute(
        "SELECT task_id, period_id, unit_id, percent, status FROM task_progress")}
    return sorted(t for t in fresh.keys() | stored.keys() if fresh.get(t) != stored.get(t))


def reports_until(db: Database, *, plan_id: int, ends_on: str, begun: bool = False) -> dict[int, dict]:
    """Each task's latest report from periods ending on or before ``ends_on`` (a bulletin's view of
    a closed period); with ``begun``, from periods that had begun by then (the window's view of a day).

    The same choice as task_progress makes, taken one period end at a time, newest first, and only
    until every task has its report: ranking all of a large year's reports at once took half a second
    (2,000 tasks, 200,000 reports), the newest one or two period ends take a few hundredths."""
    bound = "starts_on" if begun else "ends_on"
    periods_by_end: dict[str, list[int]] = {}
    for period_id, period_end in db.execute(
            f"SELECT id, ends_on FROM reporting_period WHERE {bound} <= ? ORDER BY ends_on DESC, id", [ends_on]):
        periods_by_end.setdefault(period_end, []).append(period_id)
    task_count = db.execute("SELECT count(*) FROM task WHERE plan_id = ?", [plan_id]).fetchone()[0]
    latest: dict[int, dict] = {}
    for period_ids in periods_by_end.values():
        marks = ",".join("?" * len(period_ids))
        # The lead unit's report ranks first (_SAME_END_ORDER), and the (task, unit, period) key finds
        # it without reading the period's other reports: ranking a month of 14,000 took 15 ms, this 4.
        leads: dict[int, dict] = {}
        for row in db.query(
                "SELECT pe.task_id, pe.percent, pe.status FROM task t"
                " CROSS JOIN assignment a ON a.task_id = t.id AND a.role = 'lead'"
                " CROSS JOIN progress_entry pe ON pe.task_id = a.task_id AND pe.unit_id = a.unit_id"
                f" AND pe.period_id IN ({marks}) WHERE t.plan_id = ? ORDER BY pe.reported_at, pe.id",
                [*period_ids, plan_id]):
            leads[row["task_id"]] = row     # of two (a month and a quarter ending together), the newer
        for task_id, row in leads.items():
            latest.setdefault(task_id, row)
        if len(latest) == task_count:
            break
        # Only tasks that other units reported on, and their leads did not, need the full ranking.
        # (Not DISTINCT: SQLite would answer that by scanning the whole (task, unit, period) index.)
        reported = {r[0] for r in db.execute(
            f"SELECT task_id FROM progress_entry WHERE period_id IN ({marks})", period_ids)}
        if reported.issubset(latest):
            continue
        ranked = f"""
            SELECT pe.task_id, pe.percent, pe.status,
                   row_number() OVER (PARTITION BY pe.task_id ORDER BY {_SAME_END_ORDER}) AS rn
            FROM progress_entry pe
            CROSS JOIN task t ON t.id = pe.task_id
            LEFT JOIN assignment a ON a.task_id = pe.task_id AND a.unit_id = pe.unit_id
            WHERE pe.period_id IN ({marks}) AND t.plan_id = ?"""
        # CROSS JOIN keeps SQLite reading this period's reports through their index; left to itself
        # it would go task by task through all of each task's reports.
        for row in db.query(f"SELECT task_id, percent, status FROM ({ranked}) WHERE rn = 1", [*period_ids, plan_id]):
            latest.setdefault(row["task_id"], row)
        if len(latest) == task_count:
            break
    return latest


def newest_report_start(db: Database) -> str | None:
    """The start of the latest period any task's current report belongs to."""
    return db.execute("SELECT max(rp.starts_on) FROM task_progress tp"
                      " JOIN reporting_period rp ON rp.id = tp.period_id").fetchone()[0]
