"""The parser on the real sample notice (梁平府办发〔2021〕12号), including its known flaws."""

from datetime import date

import pytest

from duchaban.core.plan_parser import parse_plan_text


@pytest.fixture(scope="module")
def plan(sample_plan_path):
    return parse_plan_text(sample_plan_path.read_text(encoding="utf-8"))


def task(plan, number):
    return next(t for t in plan.tasks if t.number == number)


def test_header(plan):
    assert plan.doc_number == "梁平府办发〔2021〕12号"
    assert plan.issuer == "重庆市梁平区人民政府办公室"
    assert plan.notice_title == "关于印发2021年区政府工作报告目标任务分解方案的通知"
    assert plan.title == "2021年区政府工作报告目标任务分解方案"
    assert plan.issued_on == date(2021, 3, 12)
    assert plan.year == 2021


def test_structure(plan):
    parts = [s for s in plan.sections if s.level == 1]
    subs = [s for s in plan.sections if s.level == 2]
    assert len(parts) == 4
    assert len(subs) == 20
    assert [p.title for p in parts][1] == "2021年经济社会发展主要预期目标"
    assert [t.number for t in plan.tasks] == list(range(1, 157))
    assert plan.warnings == []
    assert plan.errors == []


def test_every_task_has_a_lead(plan):
    assert all(t.lead for t in plan.tasks)
    assert all(t.responsible[0] == t.lead for t in plan.tasks)


def test_body_requirements_are_not_parts(plan):
    # 一、高度重视… in the notice's body sits before the plan and is header, not a part.
    assert not any("高度重视" in s.title for s in plan.sections)


def test_task_52_written_alias_kept_as_written(plan):
    t = task(plan, 52)
    assert t.lead == "工业园区管委会"
    assert "区经济信委" in t.responsible
    assert t.cooperating == ["各乡镇(街道)"]
    assert plan.section_titles(t.section_path) == [
        "2021年重点工作", "聚力国家高新区创建,在建设绿色制造业基地上有新突破"]


def test_tasks_84_and_86_inconsistent_committee_names(plan):
    assert "双桂新城管委" in task(plan, 84).responsible
    assert task(plan, 86).cooperating == ["工业园区管委会", "新城管委会"]


def test_task_147_without_final_full_stop(plan):
    assert task(plan, 147).cooperating == ["各乡镇(街道)"]


def test_task_153_full_stop_instead_of_semicolon(plan):
    t = task(plan, 153)
    assert t.responsible == ["区政府办公室"]
    assert t.cooperating == ["区政府各部门", "各乡镇(街道)"]


@pytest.mark.parametrize("number", [154, 156])
def test_tasks_with_only_group_units(plan, number):
    t = task(plan, number)
    assert t.responsible == ["区政府各部门", "各乡镇(街道)"]
    assert t.cooperating == []


def test_trailing_web_junk_ignored(plan):
    assert task(plan, 156).text.endswith("求真知长才干。")
    assert not any("回到顶部" in w.message for w in plan.warnings)


def test_indicators_extracted(plan):
    four = task(plan, 4).indicators
    assert [(i.value, i.measure, i.comparator) for i in four] == [(130, "家", ">="), (20, "%", ">=")]
    assert any(i.value == 119 and i.measure == "个" for i in task(plan, 88).indicators)


def test_quotes_and_numbers_inside_task_text(plan):
    assert task(plan, 9).text == "促进消费供给升级,“十四五”期间社零总额年均增长8%。"
