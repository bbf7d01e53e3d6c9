"""Notices laid out as other districts write them (SPEC §3), each written here in the style of a real
one: a covering notice with its own 一、二、 requirements, web-page furniture, and the usual flaws.
Each test checks leads, responsible and cooperating units, leaders and deadlines."""

from datetime import date
from pathlib import Path

from duchaban.core.plan_parser import parse_plan_text

# Tasks (一)(二) under parts 一、, a 责任单位 line below each; the covering notice numbers its own
# requirements 一、二、 too, and the page ends with a portal's furniture.
PAREN_TASKS = (Path(__file__).parent.parent / "data" / "notices" / "paren-tasks.txt").read_text(encoding="utf-8")


def test_paren_tasks_under_parts_with_a_covering_notice():
    plan = parse_plan_text(PAREN_TASKS)
    assert plan.doc_number == "东溪府办发〔2022〕7号" and plan.year == 2022
    assert plan.title == "2022年县政府工作报告重点工作任务分工方案"
    assert [s.title for s in plan.sections] == ["全力稳住经济大盘", "持续改善民生"]
    assert [t.number for t in plan.tasks] == [1, 2, 3, 4, 5]
    invest, consume, roads, jobs, schools = plan.tasks
    assert invest.text == "扩大有效投资。全年实施重点项目120个,完成投资80亿元以上。"
    assert invest.responsible == ["县发展改革局"] and invest.cooperating == ["县财政局", "县自然资源局"]
    assert invest.deadline == date(2022, 12, 31)
    assert consume.text == "促进消费回暖。举办消费季活动4场次。"
    assert consume.lead == "县商务局" and consume.responsible == ["县商务局", "县市场监管局"]
    assert consume.leaders == ["周明"] and consume.deadline == date(2022, 6, 30)
    assert roads.section_path == (2,) and roads.lead == "县交通局" and roads.cooperating == ["各乡镇(街道)"]
    assert roads.leaders == ["吴刚", "郑华"] and roads.deadline_text == "长期坚持"
    assert jobs.responsible == ["县人力社保局"] and jobs.cooperating == ["县就业服务中心"]
    # Full-width brackets and colons, a full stop for the semicolon, no final 。, a task over two lines.
    assert schools.text == "巩固义务教育均衡发展成果，新增学位2400个"
    assert schools.responsible == ["县教育局"] and schools.cooperating == ["各乡镇（街道）"]
    assert plan.warnings == []


# Units and leaders on label lines of their own with the rarer labels; a task whose unit list runs
# on to the next line; page numbers between pages.
LABEL_VARIANTS = """\
石门区人民政府
关于下达2023年区政府工作报告目标任务的通知
石门府发〔2023〕2号
各镇人民政府,区政府各部门:
现将2023年区政府工作报告目标任务下达给你们,请认真组织实施。
2023年区政府工作报告目标任务
一、产业升级
1.新培育国家级专精特新“小巨人”企业3家。
主要责任单位:区经济信息委
协办单位:区科技局、区财政局
牵头领导:孙立
2.建成智慧物流园一期。
主办单位:区商务委
参与单位:区交通局、
区规划自然资源局
责任领导:钱文
完成时间:9月30日前
— 3 —
3.推进农村集体产权制度改革。
牵头部门:区农业农村委
责任部门:各镇
配合部门:区司法局
时间节点:三季度末
"""


def test_rarer_labels_and_leaders_kept_apart_from_units():
    plan = parse_plan_text(LABEL_VARIANTS)
    assert plan.year == 2023 and plan.doc_number == "石门府发〔2023〕2号"
    first, second, third = plan.tasks
    assert first.lead == "区经济信息委" and first.cooperating == ["区科技局", "区财政局"]
    assert first.leaders == ["孙立"] and "孙立" not in first.unit_names()
    assert second.lead == "区商务委" and second.cooperating == ["区交通局", "区规划自然资源局"]
    assert second.leaders == ["钱文"] and second.deadline == date(2023, 9, 30)
    assert third.responsible == ["区农业农村委", "各镇"] and third.cooperating == ["区司法局"]
    assert third.deadline == date(2023, 9, 30)
    assert plan.warnings == []


# The State Council's style: each paragraph ends with the units in brackets.
STATE_COUNCIL = """\
国务院关于落实《政府工作报告》重点工作分工的意见(仿写)
各省、自治区、直辖市人民政府,国务院各部委、各直属机构:
为做好今年政府工作,现就《政府工作报告》确定的重点工作提出分工意见如下:
一、着力稳定宏观经济大盘
(一)实施好积极的财政政策。提升政策效能,加强财政资源统筹。(财政部牵头,各地区各有关部门按职责分工负责)
(二)加大就业优先政策实施力度。落实援企稳岗政策,做好高校毕业生就业工作。(人力资源社会保障部、教育部牵头,国家发展改革委和财政部及各有关部门按职责分工负责)
二、深化重点领域改革
(一)持续优化营商环境。深化“放管服”改革。(国务院办公厅、国家发展改革委牵头,市场监管总局配合,2023年底前完成)
(二)推进国企改革。(国务院国资委负责)
"""


def test_state_council_inline_units():
    plan = parse_plan_text(STATE_COUNCIL)
    fiscal, jobs, business, soe = plan.tasks
    assert fiscal.text == "实施好积极的财政政策。提升政策效能,加强财政资源统筹。"
    assert fiscal.lead == "财政部" and fiscal.responsible == ["财政部", "各地区各有关部门"]
    assert jobs.responsible == ["人力资源社会保障部", "教育部", "国家发展改革委", "财政部", "各有关部门"]
    assert jobs.lead == "人力资源社会保障部"
    assert business.lead == "国务院办公厅" and business.cooperating == ["市场监管总局"]
    assert business.deadline == date(2023, 12, 31) and business.deadline_text == "2023年底前完成"
    assert fiscal.deadline is None and fiscal.leaders == []  # none written: none invented
    assert soe.responsible == ["国务院国资委"]
    assert [t.section_path for t in plan.tasks] == [(1,), (1,), (2,), (2,)]


PIPE_TABLE = """\
2024年镇政府工作报告任务分解表
| 序号 | 工作任务 | 牵头单位 | 责任单位 | 配合单位 | 责任领导 | 完成时限 |
|---|---|---|---|---|---|---|
| 一、项目建设 | | | | | | |
| 1 | 开工建设镇污水处理厂。 | 镇建设办 | 镇财政所 | 各村(社区) | 李强 | 2024年10月 |
| 2 | 改造老旧管网12公里 | 镇建设办 | | 镇水务站 | | 上半年 |
"""

TAB_TABLE = "2024年任务清单\n序号\t重点任务\t牵头部门\t配合部门\t时间节点\n" \
            "1\t建成镇文化中心。\t镇文化站\t镇财政所、镇建设办\t年底前\n" \
            "2\t完善养老服务网络\t镇民政办\t\t持续推进\n"


def test_text_pasted_from_tables():
    plan = parse_plan_text(PIPE_TABLE)
    assert [s.title for s in plan.sections] == ["项目建设"]
    plant, pipes = plan.tasks
    assert plant.text == "开工建设镇污水处理厂。" and plant.lead == "镇建设办"
    assert plant.responsible == ["镇建设办", "镇财政所"] and plant.cooperating == ["各村(社区)"]
    assert plant.leaders == ["李强"] and plant.deadline == date(2024, 10, 31)
    assert pipes.cooperating == ["镇水务站"] and pipes.deadline == date(2024, 6, 30)
    assert plan.warnings == []
    culture, care = parse_plan_text(TAB_TABLE).tasks
    assert culture.lead == "镇文化站" and culture.cooperating == ["镇财政所", "镇建设办"]
    assert culture.deadline == date(2024, 12, 31)
    assert care.lead == "镇民政办" and care.deadline_text == "持续推进"


def test_a_task_that_opens_with_its_month_is_not_a_decimal():
    plan = parse_plan_text("2022年分解方案\n一、城市\n1.6月底前建成环城绿道。\n责任单位:区城市管理局\n"
                           "2.投入资金\n5.8亿元用于改造。\n责任单位:区财政局\n")
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.tasks[0].deadline == date(2022, 6, 30) and plan.tasks[0].deadline_text == "6月底前"
    assert plan.tasks[1].text == "投入资金5.8亿元用于改造。"


# Nothing here is a known layout: tasks numbered 一、二、 and units under labels no notice of ours
# uses. The user says what they are (the guided import), and the notice parses.
UNKNOWN_LAYOUT = """\
2025年民生实事项目安排
一、新建社区食堂20个。
承办单位:区民政局
协助单位:各街道
办结时间:10月底前
二、改造农贸市场5个。
承办单位:区商务委
协助单位:区市场监管局
办结时间:持续推进
"""


def test_unknown_layout_parses_once_the_user_says_what_is_what():
    import pytest

    from duchaban.core.plan import ParseHints, PlanParseError
    from duchaban.core.plan_parser import label_candidates, numbering_counts, parse_plan_lines

    lines = UNKNOWN_LAYOUT.split("\n")
    with pytest.raises(PlanParseError, match="没有找到任何编号任务"):
        parse_plan_lines(lines)
    assert numbering_counts(lines) == {"arabic": 0, "paren": 0, "part": 2}
    assert [(w, n) for w, n, _ in label_candidates(lines)] == [("承办单位", 2), ("协助单位", 2), ("办结时间", 2)]
    hints = ParseHints("part", (("承办单位", "lead"), ("协助单位", "cooperating"), ("办结时间", "deadline")))
    plan = parse_plan_lines(lines, hints)
    canteens, markets = plan.tasks
    assert canteens.number == 1 and canteens.text == "新建社区食堂20个。"
    assert canteens.lead == "区民政局" and canteens.cooperating == ["各街道"]
    assert canteens.deadline == date(2025, 10, 31) and markets.deadline_ongoing
    assert markets.lead == "区商务委" and plan.sections == [] and plan.warnings == []
