"""Bulletin figures from hand-made snapshots: each rule counts what it should."""

from duchaban.core.bulletin_figures import (
    by_lead_unit,
    by_leaf_section,
    by_section,
    criticized_units,
    finding_tally,
    ledger_tally,
    overview,
    praised_units,
    repeated_criticism,
)
from duchaban.core.bulletin_wording import PASSAGES, draft_wording


def task(number, status, lead="甲局", percent=50.0, part="一、甲", subsection=None):
    return {"number": number, "text": f"任务{number}", "part": part, "subsection": subsection, "lead": lead,
            "responsible": [], "cooperating": [], "deadline": None, "percent": percent, "status": status,
            "status_label": status, "rule": ""}


def unit(name, submission="on_time"):
    return {"name": name, "kind": "department", "task_count": 1, "submission": submission, "submitted_on": None}


def finding(unit_name, status="open", overdue=False):
    return {"unit": unit_name, "status": status, "overdue": overdue, "description": "问题"}


def snapshot(tasks, units, findings=(), previous=None):
    return {"tasks": tasks, "units": units, "findings": list(findings), "previous": previous,
            "plan": {"year": 2021, "title": "方案"}, "measured_on": "2021-06-30", "office": "督查办",
            "period": {"code": "2021Q2", "label": "2021年第二季度"}, "inspections": {"open": 1, "random": 0},
            "issue_no": 1}


def test_overview_counts_every_status_and_averages_done_as_100():
    tally = overview([task(1, "completed", percent=100), task(2, "lagging", percent=10),
                      task(3, "closed", percent=None)])
    assert tally.total == 3
    assert tally.counts["completed"] == 1 and tally.counts["lagging"] == 1 and tally.counts["closed"] == 1
    assert tally.done == 2 and tally.done_rate == 66.7
    assert tally.mean_percent == 70.0


def test_sections_list_each_part_then_its_subsections_in_plan_order():
    tasks = [task(1, "on_track", part="一、甲", subsection="(一)子"),
             task(2, "lagging", part="一、甲", subsection="(二)丑"),
             task(3, "on_track", part="二、乙")]
    names = [(t.level, t.name, t.total) for t in by_section(tasks)]
    assert names == [(1, "一、甲", 2), (2, "(一)子", 1), (2, "(二)丑", 1), (1, "二、乙", 1)]


def test_leaf_sections_count_each_task_once():
    tasks = [task(1, "on_track", part="一、甲", subsection="(一)子"), task(2, "lagging", part="二、乙")]
    assert [(t.name, t.total) for t in by_leaf_section(tasks)] == [("(一)子", 1), ("二、乙", 1)]


def test_lead_units_are_ordered_most_behind_first():
    tasks = [task(1, "on_track", "甲局"), task(2, "lagging", "乙局"), task(3, "overdue", "乙局")]
    assert [t.name for t in by_lead_unit(tasks)] == ["乙局", "甲局"]


def test_a_unit_is_criticized_for_each_reason_it_has():
    tasks = [task(1, "lagging", "甲局"), task(2, "overdue", "甲局"), task(3, "lagging", "乙局")]
    units = [unit("甲局", "late"), unit("乙局"), unit("丙局", "missing"), unit("丁局")]
    mentions = {m.name: m.reasons for m in criticized_units(snapshot(tasks, units, [finding("丁局", overdue=True)]))}
    assert mentions == {"甲局": ("牵头任务滞后 2 项", "逾期报送本期工作台账"), "丙局": ("未报送本期工作台账",),
                        "丁局": ("1 个问题逾期未整改",)}
    # One lagging task alone is not yet a reason (乙局).


def test_praise_needs_several_tasks_all_on_schedule_and_a_timely_ledger():
    tasks = [task(1, "completed", "甲局", 100), task(2, "on_track", "甲局"), task(3, "on_track", "乙局"),
             task(4, "on_track", "丙局"), task(5, "on_track", "丙局"), task(6, "on_track", "丁局"),
             task(7, "lagging", "丁局")]
    units = [unit("甲局"), unit("乙局"), unit("丙局", "late"), unit("丁局")]
    assert [m.name for m in praised_units(snapshot(tasks, units))] == ["甲局"]


def test_repeated_criticism_names_units_criticized_in_the_previous_issue_too():
    units = [unit("甲局", "missing"), unit("乙局", "missing")]
    current = snapshot([], units, previous={"issue_no": 1, "criticized": ["乙局", "戊局"]})
    assert repeated_criticism(current) == ["乙局"]
    assert "乙局在第1期通报中已被通报批评" in draft_wording(current)["criticism"]


def test_finding_and_ledger_tallies():
    tally = finding_tally([finding("甲", "closed"), finding("乙", "rectified"), finding("丙", "open", True),
                           finding("丁", "reopened")])
    assert (tally.total, tally.closed, tally.rectified, tally.in_progress, tally.overdue) == (4, 1, 1, 2, 1)
    assert ledger_tally([unit("a"), unit("b", "late"), unit("c", "missing")]) == {
        "expected": 3, "on_time": 1, "late": 1, "missing": 1}


def test_the_draft_has_every_passage_and_states_the_figures():
    tasks = [task(1, "completed", percent=100), task(2, "lagging", percent=10)]
    wording = draft_wording(snapshot(tasks, [unit("甲局"), unit("乙局", "missing")]))
    assert set(wording) == set(PASSAGES)
    assert wording["title"] == "关于2021年第二季度政府工作报告重点任务推进情况的通报"
    assert "2 项重点任务中,已完成 1 项、滞后 1 项" in wording["overview"]
    assert "未报送 1 个" in wording["overview"]
    assert "共有 1 项任务推进滞后" in wording["lagging"]
