"""The latest report per task as of a day (window) or a period's end (bulletin)."""

from datetime import date, timedelta

import pytest

from duchaban.bench.scale_db import build_scale_database
from duchaban.store.database import open_database
from duchaban.store.progress import reports_until


def _reference(db, plan_id: int, bound: str, day: str) -> dict[int, tuple]:
    """The rule written out in full: among periods within the bound, the one ending last; then the
    lead unit's report; then the newest report; then the newest row."""
    rows = db.execute(
        "SELECT pe.task_id, pe.percent, pe.status, rp.ends_on, a.role = 'lead', pe.reported_at, pe.id"
        " FROM progress_entry pe JOIN reporting_period rp ON rp.id = pe.period_id"
        " JOIN task t ON t.id = pe.task_id"
        " LEFT JOIN assignment a ON a.task_id = pe.task_id AND a.unit_id = pe.unit_id"
        f" WHERE t.plan_id = ? AND rp.{bound} <= ?", [plan_id, day]).fetchall()
    best: dict[int, tuple] = {}
    for task_id, percent, status, *rank in rows:
        key = tuple(-1 if v is None else v for v in rank)
        if task_id not in best or key > best[task_id][0]:
            best[task_id] = (key, percent, status)
    return {task_id: (percent, status) for task_id, (_key, percent, status) in best.items()}


@pytest.fixture(scope="module")
def year_of_reports(tmp_path_factory):
    """Monthly and quarterly reports for a year: periods that end on the same day, several units per task."""
    path = tmp_path_factory.mktemp("progress") / "year.sqlite"
    build_scale_database(path, tasks=120, units=25, progress_entries=4000, inspections=5)
    db = open_database(path, create=False)
    yield db
    db.close()


@pytest.mark.parametrize("begun", [True, False])
def test_the_latest_report_follows_the_rule_on_every_day_of_the_year(year_of_reports, begun):
    db = year_of_reports
    plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
    shared_ends = db.execute("SELECT count(*) FROM (SELECT ends_on FROM reporting_period"
                             " GROUP BY ends_on HAVING count(*) > 1)").fetchone()[0]
    assert shared_ends > 0      # months and quarters that end together are in the data
    task_count = db.execute("SELECT count(*) FROM task").fetchone()[0]
    partial_ends = db.execute(
        "SELECT count(*) FROM (SELECT rp.ends_on FROM progress_entry pe"
        " JOIN reporting_period rp ON rp.id = pe.period_id"
        " GROUP BY rp.ends_on HAVING count(DISTINCT pe.task_id) < ?)", [task_count]).fetchone()[0]
    assert partial_ends > 0     # and a period end where some tasks did not report, so older ones count
    seen_sizes = set()
    for offset in range(0, 400, 9):
        day = (date(2020, 12, 20) + timedelta(days=offset)).isoformat()
        got = {task_id: (r["percent"], r["status"]) for task_id, r in
               reports_until(db, plan_id=plan_id, ends_on=day, begun=begun).items()}
        assert got == _reference(db, plan_id, "starts_on" if begun else "ends_on", day), day
        seen_sizes.add(len(got))
    assert {0, task_count} <= seen_sizes     # before the first period, and every task reported


def test_tasks_whose_lead_did_not_report_are_decided_by_the_other_units_reports(year_of_reports):
    # reports_until finds the lead unit's report by its key and ranks a period end's reports in full
    # only for tasks without one: here every third task's lead is silent in every other period.
    db = year_of_reports
    plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
    db.conn.execute("BEGIN")
    try:
        db.conn.execute(
            "DELETE FROM progress_entry WHERE id IN (SELECT pe.id FROM progress_entry pe JOIN assignment a"
            " ON a.task_id = pe.task_id AND a.unit_id = pe.unit_id AND a.role = 'lead'"
            " WHERE pe.task_id % 3 = 0 AND pe.period_id % 2 = 0)")
        silent = db.execute(
            "SELECT count(*) FROM (SELECT pe.task_id FROM progress_entry pe WHERE pe.task_id % 3 = 0"
            " AND pe.period_id % 2 = 0 GROUP BY pe.task_id, pe.period_id)").fetchone()[0]
        assert silent > 0
        for begun in (True, False):
            for offset in range(0, 400, 9):
                day = (date(2020, 12, 20) + timedelta(days=offset)).isoformat()
                got = {task_id: (r["percent"], r["status"]) for task_id, r in
                       reports_until(db, plan_id=plan_id, ends_on=day, begun=begun).items()}
                assert got == _reference(db, plan_id, "starts_on" if begun else "ends_on", day), (day, begun)
    finally:
        db.conn.execute("ROLLBACK")


def _resend(db, *, unit_id, period_id, percent, imported_at, sha, as_period_id=None):
    """The unit's ledger for the period sent again (or for ``as_period_id``) with every task at ``percent``."""
    from duchaban.core.ledger import TaskReport
    from duchaban.store.ledgers import save_submission

    tasks = [r[0] for r in db.execute("SELECT task_id FROM progress_entry WHERE unit_id = ? AND period_id = ?",
                                      [unit_id, period_id])]
    answers = [(t, TaskReport(str(t), "in_progress", percent, "又一次报送", "", "", "")) for t in tasks]
    plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
    return save_submission(db, plan_id=plan_id, unit_id=unit_id, period_id=as_period_id or period_id,
                           file_name=f"{sha}.xlsx",
                           sha256=sha, verdict="accepted", messages=[], reports=answers, imported_at=imported_at)


@pytest.mark.parametrize("imported_at, next_period", [
    (None, False),                          # sent again now: the reports rise
    ("2001-01-01T00:00:00Z", False),        # history replayed: the current latest reports fall
    (None, True),                           # the next quarter's reports: only added
])
def test_advancing_task_progress_after_a_batch_equals_ranking_everything_again(sample_db, imported_at, next_period):
    from duchaban.store.ledgers import ensure_period
    from duchaban.store.progress import advance_task_progress, stale_task_progress

    db = sample_db
    as_period_id = ensure_period(db, "2021Q3")["id"] if next_period else None
    # The lead units' reports are the current latest ones; sending them again (now, or replayed
    # as of a date before every other report) either raises or lowers their rank.
    pairs = db.execute("SELECT DISTINCT tp.unit_id, tp.period_id FROM task_progress tp"
                       " ORDER BY tp.unit_id LIMIT 6").fetchall()
    assert len(pairs) == 6 and stale_task_progress(db) == []
    with db.atomic():
        saved = [_resend(db, unit_id=u, period_id=p, percent=12.5, imported_at=imported_at, sha=f"s{i}",
                         as_period_id=as_period_id) for i, (u, p) in enumerate(pairs)]
        assert stale_task_progress(db)            # the stored latest reports are behind now
        advance_task_progress(db, submission_ids=[s.submission_id for s in saved])
    assert stale_task_progress(db) == []
