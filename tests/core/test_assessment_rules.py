"""Assessment scoring: each rule moves exactly the score it should, and the what-if preview."""

import pytest

from duchaban.core.assessment import RULES, Event, RuleSet, rule_set, score_units, what_if

UNITS = ["甲局", "乙局"]
EVENTS = [
    Event("甲局", "lead_done", "任务1", "任务 1 已完成"),
    Event("甲局", "lead_behind", "任务2", "任务 2 滞后"),
    Event("甲局", "share_behind", "任务3", "任务 3 滞后"),
    Event("乙局", "ledger_missing", "2021Q1", "未报送"),
    Event("乙局", "ledger_late", "2021Q2", "迟报"),
    Event("乙局", "finding_overdue", "问题1", "逾期未整改"),
    Event("乙局", "bulletin_criticized", "第1期", "通报批评"),
    Event("甲局", "bulletin_praised", "第1期", "通报表扬"),
    Event("丙局", "lead_done", "任务9", "not assessed"),
]


def totals(rules):
    return {s.unit: s.total for s in score_units(UNITS, EVENTS, rules)}


def test_default_rules_score_every_event():
    scores = {s.unit: s for s in score_units(UNITS, EVENTS, RuleSet())}
    assert scores["甲局"].total == 100 + 2 - 2 - 0.5 + 1
    assert scores["乙局"].total == 100 - 3 - 1 - 2 - 2
    assert scores["甲局"].parts == {"lead": 0.0, "share": -0.5, "ledger": 0.0, "finding": 0.0, "bulletin": 1.0}
    # The detail adds up to the score, line by line.
    for score in scores.values():
        assert score.base + sum(points for _, points in score.lines) == score.total


@pytest.mark.parametrize("code", list(RULES))
def test_each_rule_moves_only_the_units_with_its_events(code):
    changed = rule_set(base=100, points={code: RuleSet().points[code] + 10})
    expected = {unit: 10 * sum(1 for e in EVENTS if e.unit == unit and e.code == code) for unit in UNITS}
    before, after = totals(RuleSet()), totals(changed)
    assert {unit: round(after[unit] - before[unit], 2) for unit in UNITS} == expected


def test_ranking_is_highest_first_and_units_without_events_keep_the_base():
    scores = score_units(["甲局", "乙局", "丁局"], EVENTS, RuleSet())
    assert [(s.unit, s.total) for s in scores] == [("甲局", 100.5), ("丁局", 100.0), ("乙局", 92.0)]
    assert scores[1].lines == []


def test_what_if_lists_the_largest_moves_first():
    proposed = rule_set(base=100, points={"ledger_missing": -10})
    changes = what_if(UNITS, EVENTS, RuleSet(), proposed)
    assert [(c.unit, c.delta) for c in changes] == [("乙局", -7.0), ("甲局", 0.0)]


@pytest.mark.parametrize("text, message", [
    ("{", "不是有效的 JSON"),
    ("[]", "应为"),
    ('{"points": {"bonus": 1}}', "未知的考核规则:bonus"),
    ('{"points": {"lead_done": "两分"}}', "分值应为"),
    ('{"points": {"lead_done": 1000}}', "分值应为"),
    ('{"base": -5}', "基础分"),
])
def test_bad_rule_sets_are_refused_with_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        RuleSet.from_json(text)


def test_rule_sets_round_trip_through_json():
    rules = rule_set(base=90, points={"lead_done": 3})
    assert RuleSet.from_json(rules.to_json()) == rules
