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
