"""The parser on the layouts other districts use (SPEC §3), written out as small notices."""

from datetime import date

import pytest

from duchaban.core.plan import PlanParseError
from duchaban.core.plan_parser import parse_plan_text

FULL_WIDTH = """\
某某府办发〔2022〕3号
某某区人民政府办公室
关于印发2022年政府工作报告重点任务分解表的通知
2022年2月8日
一、稳增长
（一）扩大有效投资
１．固定资产投资增长１０％。
责任单位：区发展改革委、区财政局；配合单位：各乡镇（街道）。
２．新开工重点项目３０个以上。
责任单位：区住房城乡建委；配合单位：区政府有关部门。
"""

DUN_NUMBERING = """\
2023年重点任务分解方案
一、产业发展
1、建成产业园区。
责任单位:区经济信息委;配合单位:区科技局。
2、培育规上企业20家。
责任单位:区经济信息委。
"""

LABEL_LINES = """\
2024年目标任务分解方案
一、民生保障
1.新建幼儿园5所,
新增学位1800个。
牵头单位:区教委
责任单位:区财政局、区住房城乡建委
配合单位:各乡镇(街道)
责任领导:张三、李四
完成时限:2024年9月底
2.完成老旧小区改造。
牵头单位:区住房城乡建委
完成时限:年底前
"""

INLINE_LABELS = """\
二、城市建设
(一)交通
1.建成环城路。(牵头单位:区交通局;配合单位:区财政局、区规划自然资源局)
2.改造农村公路100公里(责任单位:区交通局)
"""

FURNITURE = """\
2021年任务分解方案
一、第一部分
1.第一项任务。
责任单位:区科技局。
— 2 —
第1页 共3页
打印本页
关闭窗口
2.第二项任务。
责任单位:区科技局、
区财政局。
来源:区政府办公室
回到顶部
"""


def test_full_width_digits_brackets_and_colons():
    plan = parse_plan_text(FULL_WIDTH)
    assert plan.doc_number == "某某府办发〔2022〕3号"
    assert plan.year == 2022
    assert plan.issued_on == date(2022, 2, 8)
    assert plan.title == "2022年政府工作报告重点任务分解表"
    assert [s.title for s in plan.sections] == ["稳增长", "扩大有效投资"]
    first, second = plan.tasks
    assert (first.number, second.number) == (1, 2)
    assert first.responsible == ["区发展改革委", "区财政局"]
    assert first.cooperating == ["各乡镇（街道）"]
    assert [(i.value, i.measure, i.comparator) for i in first.indicators] == [(10, "%", ">=")]
    assert [(i.value, i.measure, i.comparator) for i in second.indicators] == [(30, "个", ">=")]
    assert plan.warnings == []


def test_dun_comma_numbering():
    plan = parse_plan_text(DUN_NUMBERING)
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.tasks[0].cooperating == ["区科技局"]
    assert plan.tasks[1].lead == "区经济信息委"
    assert plan.title == "2023年重点任务分解方案"


def test_labels_on_their_own_lines_and_task_spanning_lines():
    plan = parse_plan_text(LABEL_LINES)
    first, second = plan.tasks
    assert first.text == "新建幼儿园5所,新增学位1800个。"
    assert first.lead == "区教委"
    assert first.responsible == ["区教委", "区财政局", "区住房城乡建委"]
    assert first.cooperating == ["各乡镇(街道)"]
    assert first.leaders == ["张三", "李四"]
    assert first.deadline_text == "2024年9月底"
    assert first.deadline == date(2024, 9, 30)
    assert [(i.value, i.measure) for i in first.indicators] == [(5, "所"), (1800, "个")]
    assert second.lead == "区住房城乡建委"
    assert second.deadline == date(2024, 12, 31)
    assert plan.warnings == []


def test_labels_inside_the_task_line_and_no_header():
    plan = parse_plan_text(INLINE_LABELS)
    first, second = plan.tasks
    assert first.text == "建成环城路。"
    assert first.lead == "区交通局"
    assert first.cooperating == ["区财政局", "区规划自然资源局"]
    assert second.text == "改造农村公路100公里"
    assert second.responsible == ["区交通局"]
    assert plan.year is None  # nothing says which year: the import will ask for it
    assert plan.warnings[0].message.startswith("部分编号“二、”")


def test_page_furniture_ignored_and_unit_list_continues_on_next_line():
    plan = parse_plan_text(FURNITURE)
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.tasks[1].responsible == ["区科技局", "区财政局"]
    assert plan.warnings == []


def test_sub_sections_without_parts_are_the_top_level():
    plan = parse_plan_text("(一)交通\n1.修路。\n责任单位:区交通局\n(二)教育\n2.建校。\n责任单位:区教委\n")
    assert [(s.path, s.title) for s in plan.sections] == [((1,), "交通"), ((2,), "教育")]
    assert plan.tasks[1].section_path == (2,)


def test_gap_in_numbering_is_a_warning_with_line():
    plan = parse_plan_text("一、甲\n1.任务一。\n责任单位:区科技局\n4.任务四。\n责任单位:区科技局\n")
    assert [(w.line, w.message) for w in plan.warnings] == [(4, "任务编号不连续:缺少 2–3")]
    assert plan.errors == []


def test_duplicate_number_is_an_error_with_both_lines():
    plan = parse_plan_text("一、甲\n1.任务一。\n责任单位:区科技局\n1.又一个任务一。\n责任单位:区科技局\n")
    assert len(plan.errors) == 1
    assert plan.errors[0].line == 4
    assert "第 2 行" in plan.errors[0].message


def test_unplaced_lines_are_reported_with_their_numbers():
    plan = parse_plan_text("一、甲\n1.任务一。\n责任单位:区科技局\n这是一段说明文字。\n责任单位:区教委\n")
    assert [w.line for w in plan.warnings] == [4]
    assert "这是一段说明文字" in plan.warnings[0].message
    # The label line below an ignored line may be that line's: refused, never added to task 1.
    assert [(e.line, e.message) for e in plan.errors] == [
        (5, "第5行的责任单位不能确定属于哪项任务:上面第4行没有识别为任务(“这是一段说明文字。”),请核对编号后再导入")]
    assert plan.tasks[0].responsible == ["区科技局"]


def test_task_without_units_is_a_warning():
    plan = parse_plan_text("一、甲\n1.任务一。\n2.任务二。\n责任单位:区教委\n")
    assert [(w.line, w.message) for w in plan.warnings] == [(2, "任务 1 没有写明责任单位")]
    assert plan.tasks[0].lead is None


def test_decimal_at_line_start_is_not_a_task():
    plan = parse_plan_text("一、甲\n1.实现产值\n5.8亿元。\n责任单位:区科技局\n")
    assert len(plan.tasks) == 1
    assert plan.tasks[0].text == "实现产值5.8亿元。"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "文件是空的"),
        ("   \n\n", "文件是空的"),
        ("关于开展某项工作的通知\n一、总体要求\n各单位要高度重视。\n", "没有找到任何编号任务"),
    ],
)
def test_unusable_text_raises_a_clear_message(text, message):
    with pytest.raises(PlanParseError, match=message):
        parse_plan_text(text)
