"""The overview's rules: when a ledger is on time, late or missing, which period is "this period",
and who is most behind."""

from datetime import date

import pytest

from duchaban.core.overview import (
    ARRIVAL_COLORS,
    LATE,
    MISSING,
    ON_TIME,
    UnitStanding,
    arrival_words,
    current_period,
    ledger_arrival,
    most_behind,
)
from duchaban.core.status import ON_TRACK, OVERDUE, STATUS_COLORS


@pytest.mark.parametrize("sent, state", [(None, MISSING), ("2021-07-07T23:00:00Z", ON_TIME),
                                         ("2021-07-08T00:10:00Z", LATE), ("2021-07-10T09:00:00Z", LATE)])
def test_ledger_arrival_rule(sent, state):
    assert ledger_arrival(sent, "2021-07-07") == state


def test_current_period_is_the_newest_already_due():
    periods = [{"code": "2021Q1", "starts_on": "2021-01-01", "ends_on": "2021-03-31", "due_on": "2021-04-08"},
               {"code": "2021Q2", "starts_on": "2021-04-01", "ends_on": "2021-06-30", "due_on": "2021-07-07"},
               {"code": "2021-07", "starts_on": "2021-07-01", "ends_on": "2021-07-31", "due_on": "2021-08-06"}]
    assert current_period(periods, date(2021, 7, 15))["code"] == "2021Q2"
    assert current_period(periods, date(2021, 7, 6))["code"] == "2021Q1"
    assert current_period(periods[2:], date(2021, 7, 6))["code"] == "2021-07"
    assert current_period(periods, date(2020, 12, 1)) is None


def test_arrival_words_give_the_day_only_for_a_ledger_that_came():
    assert arrival_words(LATE, "2021-07-09T10:00:00Z") == "逾期报送 07-09"
    assert arrival_words(ON_TIME, "2021-07-05") == "按时报送 07-05"
    assert arrival_words(MISSING, None) == "未报送"


def test_most_behind_ranks_by_score_and_leaves_out_units_with_nothing_against_them():
    fine = UnitStanding(1, "甲", "department", task_count=5, ledger=ON_TIME)
    late = UnitStanding(2, "乙", "department", task_count=5, ledger=LATE)
    lagging = UnitStanding(3, "丙", "department", task_count=5, behind_tasks=2, ledger=ON_TIME)
    overdue = UnitStanding(4, "丁", "town", ledger=MISSING, open_findings=1, overdue_findings=1)
    assert [s.name for s in most_behind([fine, late, lagging, overdue])] == ["丁", "丙", "乙"]
    assert fine.summary == "" and late.summary == "台账逾期报送"
    assert overdue.summary == "台账未报送,未销号问题 1(逾期 1)"
    assert most_behind([fine, late, lagging, overdue], limit=1) == [overdue]


@pytest.mark.parametrize("standing, color", [
    (UnitStanding(1, "区财政局", "department"), STATUS_COLORS[ON_TRACK]),
    (UnitStanding(1, "区财政局", "department", ledger=ON_TIME), STATUS_COLORS[ON_TRACK]),
    (UnitStanding(1, "区财政局", "department", ledger=MISSING), ARRIVAL_COLORS[LATE]),
    (UnitStanding(1, "区财政局", "department", open_findings=1), ARRIVAL_COLORS[LATE]),
    (UnitStanding(1, "区财政局", "department", behind_tasks=1, ledger=LATE), STATUS_COLORS[OVERDUE]),
    (UnitStanding(1, "区财政局", "department", open_findings=1, overdue_findings=1), STATUS_COLORS[OVERDUE]),
])
def test_a_units_standing_has_one_colour_for_the_tree_and_the_detail(standing, color):
    assert standing.color == color
