"""Assessment on the demo database: events from tasks, ledgers, findings and bulletins; the
exported detail sums to each score; rule sets saved, refused, audited."""

import json
from datetime import date

import pytest
from helpers import logical_dump
from openpyxl import load_workbook

from duchaban.cli import main
from duchaban.core.assessment import RuleSet, rule_set
from duchaban.formats.assessment_xlsx import write_assessment_xlsx
from duchaban.formats.official_fonts import choose_fonts
from duchaban.services.bulletin import draft_bulletin, issue_bulletin
from duchaban.store.assessment import assess, assessment_events, current_rule_set, save_rule_set


def events_of(db, unit, code, **kwargs):
    _, events = assessment_events(db, plan_id=1, **kwargs)
    return [e for e in events if e.unit == unit and e.code == code]


def test_units_missing_or_late_with_a_ledger_lose_points(sample_db):
    [missing] = events_of(sample_db, "区财政局", "ledger_missing")
    assert missing.ref == "2021Q2"
    assert events_of(sample_db, "区交通局", "ledger_late")[0].ref == "2021Q2"
    assert events_of(sample_db, "区发展改革委", "ledger_missing") == []


def test_lagging_lead_tasks_and_overdue_findings_are_events(sample_db):
    behind = events_of(sample_db, "区发展改革委", "lead_behind")
    assert behind and all(e.ref.startswith("任务") for e in behind)
    # The demo's industrial park finding was due 2021-07-10 and is still being rectified on 07-15.
    [overdue] = events_of(sample_db, "工业园区管委会", "finding_overdue")
    assert "部分项目开工滞后" in overdue.text and "尚未整改" in overdue.text


def test_confidential_findings_count_only_when_included(sample_db):
    # The 暗访 finding (due 07-12) was reopened: overdue, but confidential.
    assert events_of(sample_db, "区城市管理局", "finding_overdue") == []
    assert len(events_of(sample_db, "区城市管理局", "finding_overdue", include_confidential=True)) == 1


def test_a_bulletin_criticizing_a_unit_costs_it_points(sample_db, tmp_path):
    before = {s.unit: s.total for s in assess(sample_db, plan_id=1)[0]}
    draft = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    issue_bulletin(sample_db, draft, docx=tmp_path / "b.docx", fonts=choose_fonts(set()))
    after = {s.unit: s.total for s in assess(sample_db, plan_id=1)[0]}
    assert after["区财政局"] == before["区财政局"] - 2
    praised = events_of(sample_db, "区委政法委", "bulletin_praised")
    assert praised and after["区委政法委"] == before["区委政法委"] + 1


def test_the_exported_detail_sums_to_each_score(sample_db, tmp_path):
    scores, rules = assess(sample_db, plan_id=1)
    path = tmp_path / "考核.xlsx"
    write_assessment_xlsx(path, title="2021年度绩效考核得分", scores=scores, rules=rules, kinds={})
    book = load_workbook(path)
    totals = {row[1]: row[9] for row in book["得分汇总"].iter_rows(min_row=3, values_only=True)}
    sums: dict[str, float] = {}
    for unit, _rule, _part, _ref, _text, points in book["得分明细"].iter_rows(min_row=2, values_only=True):
        sums[unit] = sums.get(unit, 0) + points
    assert len(totals) == 75 and set(sums) == set(totals)
    for unit, total in totals.items():
        assert round(sums[unit], 2) == total, unit


def test_saved_rules_are_used_and_audited(sample_db):
    assert current_rule_set(sample_db, plan_id=1) == RuleSet()
    rules = rule_set(base=90, points={"ledger_missing": -5})
    scores, _ = assess(sample_db, plan_id=1, rules=rules)
    save_rule_set(sample_db, plan_id=1, rules=rules, scores=scores, who="李秀梅")
    assert current_rule_set(sample_db, plan_id=1) == rules
    stored = dict(sample_db.execute("SELECT u.name, s.points FROM assessment_score s JOIN unit u ON u.id = s.unit_id"))
    assert stored["区财政局"] == next(s.total for s in scores if s.unit == "区财政局")
    detail = json.loads(sample_db.execute("SELECT detail FROM assessment_score LIMIT 1").fetchone()[0])
    assert all({"code", "rule", "ref", "text", "points"} <= set(line) for line in detail)
    audit = sample_db.execute("SELECT who FROM audit_log WHERE table_name = 'assessment_rule_set'").fetchone()
    assert audit[0] == "李秀梅"
    # Saving again replaces the scores rather than adding to them.
    save_rule_set(sample_db, plan_id=1, rules=rules, scores=scores, who="李秀梅")
    assert sample_db.execute("SELECT count(*) FROM assessment_score").fetchone()[0] == 75


def test_measured_on_an_earlier_day_sees_fewer_events(sample_db):
    _, early = assessment_events(sample_db, plan_id=1, measured_on=date(2021, 4, 1))
    _, late = assessment_events(sample_db, plan_id=1)
    assert not [e for e in early if e.code.startswith("ledger")]   # Q1 ledgers were due 04-08
    assert len(early) < len(late)


@pytest.mark.parametrize("content, message", [
    ('{"points": {"bonus": 1}}', "未知的考核规则"),
    ("not json", "不是有效的 JSON"),
])
def test_cli_refuses_bad_rules_and_changes_nothing(capsys, sample_db_path, tmp_path, content, message):
    from duchaban.store.database import open_database

    rules = tmp_path / "rules.json"
    rules.write_text(content, encoding="utf-8")
    with open_database(sample_db_path) as db:
        before = logical_dump(db)
    assert main(["assess", "--db", str(sample_db_path), "--rules", str(rules), "--save"]) == 1
    assert message in capsys.readouterr().err
    with open_database(sample_db_path) as db:
        assert logical_dump(db) == before


def test_cli_assess_saves_and_exports(capsys, sample_db_path, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text('{"base": 100, "points": {"lead_done": 3}}', encoding="utf-8")
    out = tmp_path / "得分.xlsx"
    assert main(["assess", "--db", str(sample_db_path), "--rules", str(rules), "--save", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("名次\t单位\t总分") and "考核规则与得分已保存" in printed
    assert load_workbook(out)["考核规则"]["C2"].value == 100
    assert main(["assess", "--db", str(sample_db_path), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert len(scores) == 75 and all(round(s["base"] + sum(d["points"] for d in s["detail"]), 2) == s["total"]
                                     for s in scores)
