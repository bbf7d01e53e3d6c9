from duchaban.store.ledgers import ensure_period, missing_submissions, task_ledger_history, unit_ledger_tasks
from duchaban.store.units import unit_id_by_name


def test_history_puts_the_lead_first(sample_db):
    task = sample_db.execute("SELECT id FROM task WHERE number = 52").fetchone()[0]
    history = task_ledger_history(sample_db, task)
    assert [h["period_code"] for h in history[:1]] == ["2021Q2"]
    assert history[0]["unit_name"] == "工业园区管委会"
    q2 = [h["unit_name"] for h in history if h["period_code"] == "2021Q2"]
    assert q2[:4] == ["工业园区管委会", "区经济信息委", "区科技局", "区招商投资局"]


def test_periods_are_created_once_with_due_dates(sample_db):
    first = ensure_period(sample_db, "2021q3")
    assert (first["code"], first["due_on"]) == ("2021Q3", "2021-10-13")
    assert ensure_period(sample_db, "2021Q3")["id"] == first["id"]


def test_three_units_missed_the_demo_second_quarter(sample_db):
    period = ensure_period(sample_db, "2021Q2")
    assert len(missing_submissions(sample_db, plan_id=1, period_id=period["id"])) == 3


def test_unit_tasks_take_the_strongest_role(sample_db):
    tasks = {t["number"]: t for t in unit_ledger_tasks(sample_db, plan_id=1,
                                                        unit_id=unit_id_by_name(sample_db, "区发展改革委"))}
    assert tasks[5]["role"] == "lead" and tasks[5]["via"] is None
    assert tasks[154]["role"] == "lead" and tasks[154]["via"] == "区政府各部门"


def test_previous_answers_are_each_tasks_latest_before_the_day(tmp_path):
    # Months and quarters that end on the same day, several units per task: the answer of the period
    # that ends last wins, of two ending together the later period, and its texts come with it.
    from datetime import date

    from duchaban.bench.scale_db import build_scale_database
    from duchaban.store.database import open_database
    from duchaban.store.ledgers import ENTRY_FIELDS, previous_reports

    path = tmp_path / "year.sqlite"
    build_scale_database(path, tasks=60, units=12, progress_entries=2000, inspections=1)
    db = open_database(path, create=False)
    try:
        db.execute("UPDATE progress_entry SET progress_text = 'entry ' || id")   # tells every entry apart
        checked = 0
        for unit_id, in db.execute("SELECT DISTINCT unit_id FROM progress_entry").fetchall():
            tasks = [r[0] for r in db.execute("SELECT DISTINCT task_id FROM progress_entry WHERE unit_id = ?",
                                              [unit_id])]
            for before in (date(2021, 4, 1), date(2021, 7, 1), date(2022, 1, 1)):
                best: dict[int, tuple] = {}
                for task_id, ends_on, period_id, *values in db.execute(
                        f"SELECT pe.task_id, rp.ends_on, pe.period_id, {', '.join('pe.' + f for f in ENTRY_FIELDS)}"
                        " FROM progress_entry pe JOIN reporting_period rp ON rp.id = pe.period_id"
                        " WHERE pe.unit_id = ? AND rp.ends_on < ?", [unit_id, before.isoformat()]):
                    if task_id not in best or (ends_on, period_id) > best[task_id][0]:
                        best[task_id] = ((ends_on, period_id), values)
                expected = {t: {"task_id": t, **dict(zip(ENTRY_FIELDS, v))} for t, (_, v) in best.items()}
                assert previous_reports(db, unit_id=unit_id, task_ids=tasks, before=before) == expected
                checked += len(expected)
        shared_ends = db.execute("SELECT count(*) FROM (SELECT ends_on FROM reporting_period"
                                 " GROUP BY ends_on HAVING count(*) > 1)").fetchone()[0]
        assert checked > 100 and shared_ends > 0
    finally:
        db.close()


def test_every_report_is_named_by_its_task_unit_and_period(sample_db):
    # Two laptops that import the same unit's ledger for a period name its reports alike (the hub
    # meets them as one record): the name is what the report is, not a random number.
    from duchaban.core.ledger import report_uuid

    rows = sample_db.execute(
        "SELECT pe.uuid, t.uuid, u.uuid, rp.code FROM progress_entry pe JOIN task t ON t.id = pe.task_id"
        " JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id").fetchall()
    assert len(rows) > 1000
    assert all(entry == report_uuid(task, unit, period) for entry, task, unit, period in rows)
