from datetime import date

import pytest

from duchaban.core.status import (
    CLOSED,
    COMPLETED,
    LAGGING,
    NOT_STARTED,
    ON_TRACK,
    OVERDUE,
    TaskFacts,
    derive_status,
)

JULY_2 = date(2021, 7, 2)  # about half of 2021 has passed


@pytest.mark.parametrize(
    "facts, today, code, words",
    [
        (TaskFacts(2021, closed=True, percent=40), JULY_2, CLOSED, "销号"),
        (TaskFacts(2021, percent=100), JULY_2, COMPLETED, "已完成"),
        (TaskFacts(2021, reported_completed=True, percent=80), JULY_2, COMPLETED, "已完成"),
        (TaskFacts(2021, deadline=date(2021, 6, 30), percent=90), JULY_2, OVERDUE, "2021-06-30"),
        (TaskFacts(2021), date(2021, 2, 1), NOT_STARTED, "尚未报送"),
        (TaskFacts(2021), JULY_2, LAGGING, "序时进度已达 50%"),
        (TaskFacts(2021, percent=45), JULY_2, ON_TRACK, "报告完成 45%"),
        (TaskFacts(2021, percent=35), JULY_2, LAGGING, "低于序时进度 50%"),
        (TaskFacts(2021, deadline=date(2021, 12, 31), percent=60), date(2022, 1, 1), OVERDUE, "已过完成时限"),
    ],
)
def test_status_rule(facts, today, code, words):
    verdict = derive_status(facts, today)
    assert verdict.code == code
    assert words in verdict.rule
    assert verdict.label and verdict.color.startswith("#")


def test_early_deadline_raises_the_schedule():
    # Half of the time to a 3 月底 deadline has passed by mid-February.
    verdict = derive_status(TaskFacts(2021, deadline=date(2021, 3, 31), percent=20), date(2021, 2, 15))
    assert verdict.code == LAGGING


# The legend's words for each status agree with what derive_status decides at the thresholds they name.
@pytest.mark.parametrize("facts, today, code", [
    (TaskFacts(2021, percent=None), date(2021, 3, 1), "not_started"),       # 序时进度 < 25%, no report
    (TaskFacts(2021, percent=None), date(2021, 4, 10), "lagging"),          # 序时进度 >= 25%, no report
    (TaskFacts(2021, percent=40.0), date(2021, 6, 30), "on_track"),         # 10 points behind ~50%: still on track
    (TaskFacts(2021, percent=30.0), date(2021, 6, 30), "lagging"),          # more than 10 points behind
    (TaskFacts(2021, deadline=date(2021, 6, 30), percent=90.0), date(2021, 7, 1), "overdue"),
    (TaskFacts(2021, percent=100.0), date(2021, 7, 1), "completed"),
    (TaskFacts(2021, percent=100.0, closed=True), date(2021, 7, 1), "closed"),
])
def test_status_rules_in_words_match_the_rule(facts, today, code):
    from duchaban.core.status import LAG_TOLERANCE, STATUS_CODES, STATUS_RULES, UNREPORTED_GRACE

    assert set(STATUS_RULES) == set(STATUS_CODES)
    assert derive_status(facts, today).code == code
    lagging = STATUS_RULES["lagging"]
    assert f"{LAG_TOLERANCE:g} 个百分点" in lagging and f"{UNREPORTED_GRACE:g}%" in lagging


@pytest.mark.parametrize("facts, words", [
    (TaskFacts(2021, deadline=date(2021, 9, 30), deadline_text="三季度末", percent=60), "按完成时限 2021-09-30 计"),
    (TaskFacts(2021, deadline_text="长期坚持", percent=60), "“长期坚持”为长期任务,按年底计"),
])
def test_the_rule_says_which_end_the_schedule_runs_to(facts, words):
    assert words in derive_status(facts, JULY_2).rule


def test_without_a_deadline_the_rule_is_the_year_s():
    assert derive_status(TaskFacts(2021, percent=60), JULY_2).rule == "报告完成 60%,序时进度 50%"


def test_a_september_deadline_makes_a_july_report_lag():
    # 6 of 9 months gone: 序时进度 harks to the deadline, not the year end.
    by_deadline = derive_status(TaskFacts(2021, deadline=date(2021, 9, 30), percent=50), JULY_2)
    by_year_end = derive_status(TaskFacts(2021, deadline_text="持续推进", percent=50), JULY_2)
    assert (by_deadline.code, by_year_end.code) == (LAGGING, ON_TRACK)
    assert "低于序时进度 67%" in by_deadline.rule


@pytest.mark.parametrize("counts, worst", [
    ({OVERDUE: 1, ON_TRACK: 9, CLOSED: 3}, OVERDUE),
    ({LAGGING: 2, NOT_STARTED: 5}, LAGGING),
    ({NOT_STARTED: 1, ON_TRACK: 4}, NOT_STARTED),
    ({ON_TRACK: 1, COMPLETED: 7}, ON_TRACK),
    ({COMPLETED: 1, CLOSED: 2}, COMPLETED),
    ({CLOSED: 2}, CLOSED),
    ({OVERDUE: 0, CLOSED: 2}, CLOSED),        # a status no task has does not count
    ({}, None),
])
def test_a_group_of_tasks_shows_its_worst_status(counts, worst):
    from duchaban.core.status import SEVERITY, STATUS_CODES, worst_status

    assert worst_status(counts) == worst
    assert sorted(SEVERITY) == sorted(STATUS_CODES)     # every status has its place in the order
