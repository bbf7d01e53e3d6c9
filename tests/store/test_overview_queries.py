"""The overview's queries on the demo database: what counts, and what a meeting-room screen must not show."""

from datetime import date

from duchaban.store.inspections import inspection_burden
from duchaban.store.overview import month_inspections, open_findings, overview_figures, unit_standings

TODAY = date(2021, 7, 15)


def test_open_findings_leave_out_closed_and_confidential_ones(sample_db):
    findings = open_findings(sample_db, today=TODAY)
    units = {f["unit_name"]: f["overdue"] for f in findings}
    # 区发展改革委's was closed; 区城市管理局's came from a confidential 暗访.
    assert units == {"区经济信息委": False, "工业园区管委会": True, "双桂新城管委会": False, "竹山镇": True}


def test_unit_standings_count_findings_tasks_and_ledgers(sample_db):
    standings = {s.name: s for s in unit_standings(sample_db, plan_id=1, today=TODAY).values()}
    assert standings["竹山镇"].overdue_findings == 1 and standings["竹山镇"].open_findings == 1
    assert standings["区城市管理局"].open_findings == 0         # confidential
    assert standings["区交通局"].ledger == "late" and standings["区财政局"].ledger == "missing"
    assert all(s.kind != "group" for s in standings.values())
    behind = sample_db.execute(
        "SELECT count(*) FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE u.name = '区发展改革委'"
        " AND a.role IN ('lead', 'responsible')").fetchone()[0]
    assert standings["区发展改革委"].task_count == behind


def test_this_months_inspections_leave_out_the_confidential_one(sample_db):
    june = [(i["started_on"], i["kind_label"])
            for i in month_inspections(sample_db, plan_id=1, today=date(2021, 6, 30))]
    assert june == [("2021-06-24", "随机抽查"), ("2021-06-17", "定期督查")]
    assert month_inspections(sample_db, plan_id=1, today=TODAY) == []


def test_figures_are_measured_on_the_day_asked(sample_db):
    april = overview_figures(sample_db, plan_id=1, today=date(2021, 4, 30))
    assert april["period"]["code"] == "2021Q1"
    assert [(p["code"], p["running"]) for p in april["trend"]] == [("2021Q1", False), ("2021Q2", True)]


def test_burden_leaves_out_the_unit_visited_only_in_secret(sample_db):
    figures = overview_figures(sample_db, plan_id=1, today=TODAY)
    named = {r["name"] for r in figures["burden"]}
    assert "区城市管理局" not in named and "竹山镇" in named and len(named) == 6
    assert not [i for i in figures["inspections"] if "区城市管理局" in (i["units"] or "")]
    everyone = inspection_burden(sample_db, starts_on=date(2021, 1, 1), ends_on=TODAY, include_confidential=True)
    assert "区城市管理局" in {r["name"] for r in everyone}
