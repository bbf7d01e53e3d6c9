"""The Chinese names of the database's tables and columns, and of the keys records travel under.

One vocabulary for every message that names a field: the integrity check's (数据与操作日志不符)
and the conflict lists of the field exchange and the office hub. The words are the ones a person
already reads elsewhere: the ledger template's headers (core/ledger.py), the labels of a notice
(core/roles.py), the dialogs, the printed records and the glossary (SPEC §2).

A column name shared by several tables means what most of them mean by it; a table that means
something else by it has its own name for it (``task.text`` 任务内容, ``finding_followup.text``
跟踪情况). A record travelling between machines names another record by its uuid where the table
holds an id: ``unit_uuid`` is named as ``unit_id`` is.
"""

from __future__ import annotations

from duchaban.core.ledger import INPUT_COLUMNS
from duchaban.core.roles import LABEL_MEANINGS

# The ledger's input columns as the template heads them; the unit of the share is the header's only.
LEDGER_NAMES = {key: header.removesuffix("(%)") for key, header in INPUT_COLUMNS}

TABLE_NAMES = {
    "staff": "工作人员", "staff_alias": "工作人员别名", "staff_recusal": "回避",
    "unit": "单位", "unit_alias": "单位别名", "unit_group_member": "单位组成员", "contact": "联系人",
    "plan": "分解方案", "section": "部分", "task": "任务", "indicator": "量化指标", "assignment": "任务分工",
    "submission": "台账报送", "progress_entry": "进展记录",
    "inspection": "督查记录", "inspection_inspector": "督查人员", "inspection_unit": "被督查单位",
    "inspection_task": "督查任务", "finding": "问题", "finding_followup": "跟踪记录",
    "evidence": "佐证材料", "evidence_link": "佐证材料关联", "random_draw": "随机抽取", "close_out": "销号记录",
    "reminder": "催办", "bulletin": "通报", "assessment_rule_set": "考核规则", "assessment_score": "考核得分",
}

COLUMN_NAMES = {
    # identity and bookkeeping
    "id": "内部编号", "uuid": "唯一标识", "origin": "来源", "created_at": "创建时间", "updated_at": "修改时间",
    "created_by": "录入人", "created_by_id": "录入人", "deleted": "删除",
    # shared words
    "name": "名称", "title": "标题", "kind": "类别", "note": "备注", "status": "状态", "state": "状态",
    "text": "内容", "reason": "原因", "year": "年度", "ordinal": "顺序", "level": "层级",
    "active": "是否在用", "sort_order": "排序", "phone": "电话", "email": "邮箱", "role": "职务",
    "file_name": "文件名", "sha256": "文件校验值", "size": "大小", "media_type": "文件类型",
    # references to other records (a travelling record's *_uuid is named as the *_id)
    "unit_id": "单位", "staff_id": "工作人员", "plan_id": "分解方案", "task_id": "任务", "section_id": "所属部分",
    "parent_id": "上级部分", "period_id": "报送周期", "period_code": "报送周期", "submission_id": "台账报送",
    "inspection_id": "所属督查", "finding_id": "问题", "evidence_id": "佐证材料", "draw_id": "随机抽取",
    "rule_set_id": "考核规则", "group_id": "单位组", "member_id": "成员单位",
    "unit_name": "单位名称", "plan_year": "方案年度", "task_number": "任务序号",
    # staff, units, contacts
    "alias": "别名", "aliases": "别名", "is_inspector": "是否督查人员", "password_hash": "密码",
    "member_kind": "成员类别", "members": "成员单位",
    # plans, sections, tasks
    "doc_number": "文号", "notice_title": "通知标题", "issuer": "发文单位", "issued_on": "发文日期",
    "source_name": "来源文件", "source_sha256": "来源文件校验值", "imported_at": "导入时间", "imported_by": "导入人",
    "path_key": "编号", "numeral": "序号", "number": "任务序号", "leaders": LABEL_MEANINGS["leaders"],
    "deadline_text": LABEL_MEANINGS["deadline"], "deadline_on": "截止日期", "source_line": "原文行号",
    "indicators": "量化指标", "assignments": "责任单位",
    "clause": "指标原文", "value": "指标值", "measure": "计量", "comparator": "比较方式",
    # ledgers
    "verdict": "审核结论", "messages": "审核提示", "reported_at": "报送时间",
    **{key: word for key, word in LEDGER_NAMES.items() if key != "status"},
    # inspections, findings, follow-ups, evidence, close-outs
    "planned_on": "计划日期", "started_on": "开始日期", "ended_on": "结束日期", "method": "方式方法",
    "summary": "情况摘要", "confidential": "是否保密", "inspectors": "督查人员", "inspector_uuids": "督查人员",
    "units": "被督查单位", "tasks": "督查任务",
    "description": "问题描述", "severity": "严重程度", "demand": "整改要求", "responsible_person": "整改责任人",
    "reported_by": "发现人", "reported_by_id": "发现人",
    "on_date": "日期", "status_after": "整改状态", "recorded_by": "记录人", "recorded_at": "记录时间",
    "added_at": "添加时间", "added_by": "添加人", "owner_kind": "所属类别", "owner_uuid": "所属记录",
    "links": "关联记录", "path": "存放位置",
    "verifier": "核验人", "verifier_id": "核验人", "closed_on": "销号日期", "opinion": "核验意见",
    "override_reason": "销号理由", "reopened_at": "撤销销号时间", "reopened_by": "撤销销号人",
    "reopened_by_id": "撤销销号人", "reopen_reason": "撤销销号原因",
    # random draws
    "pool": "候选清单", "pool_sha256": "候选清单校验值", "count": "抽取数量", "seed": "随机种子",
    "attempts": "抽取过程", "result": "抽取结果", "drawn_by": "抽取人", "drawn_at": "抽取时间",
    # reminders, bulletins, assessment
    "sent_on": "发出日期", "sent_by": "发出人",
    "issue_no": "期号", "generated_at": "发布时间", "generated_by": "发布人", "include_confidential": "含保密内容",
    "snapshot": "通报数据", "docx_name": "Word 文件名", "xlsx_name": "Excel 文件名", "topic": "专题",
    "replaces": "替代的通报", "replaced_at": "被替代时间", "check_code": "数据校验码",
    "rules": "规则", "scores": "考核得分", "points": "得分", "detail": "得分明细", "computed_at": "计算时间",
}

# Where a table means something else by a shared column name.
TABLE_COLUMN_NAMES = {
    ("staff", "name"): "姓名", ("staff", "title"): "职务", ("staff", "active"): "是否在职",
    ("contact", "name"): "姓名", ("unit", "name"): "单位名称", ("unit", "kind"): "单位类别",
    ("assignment", "role"): "职责",
    ("task", "text"): "任务内容",
    **{("progress_entry", key): word for key, word in LEDGER_NAMES.items()},
    ("inspection", "kind"): "督查方式", ("inspection", "started_on"): "督查日期",
    ("finding", "status"): "整改状态", ("finding", "deadline_on"): "整改期限",
    ("finding_followup", "text"): "跟踪情况",
    ("close_out", "created_by"): "销号人", ("close_out", "created_by_id"): "销号人",
    ("random_draw", "kind"): "抽取类别",
    ("reminder", "text"): "催办内容",
    ("bulletin", "kind"): "通报类别", ("bulletin", "period_code"): "通报周期",
    ("assessment_rule_set", "name"): "规则名称",
    ("staff_recusal", "reason"): "回避原因",
}


def _named(table: str, column: str) -> str | None:
    return TABLE_COLUMN_NAMES.get((table, column)) or COLUMN_NAMES.get(column)


def field_label(table: str, column: str) -> str:
    """The Chinese name of ``table``'s column (or of the key a travelling record has for it).

    A name this vocabulary lacks comes back as it is, so that a message still says something; the
    tests keep every column and key of the schema and the sync records named."""
    found = _named(table, column)
    if found is None and column.endswith("_uuid"):
        stem = column.removesuffix("_uuid")
        found = _named(table, stem + "_id") or _named(table, stem)
    return found or column


def table_label(table: str) -> str:
    """The Chinese name of a table, as a record of it is called (任务, 进展记录, 销号记录…)."""
    return TABLE_NAMES.get(table, table)
