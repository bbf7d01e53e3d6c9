"""One vocabulary: every column and travelling key a message can name has a Chinese name, and the
ledger's columns are called what the template calls them."""

import re

import pytest

from duchaban.core.field_names import field_label, table_label
from duchaban.core.ledger import INPUT_COLUMNS, TASK_COLUMNS
from duchaban.store.assessment_sync import RULE_SET_FIELDS
from duchaban.store.bulletin_sync import BULLETIN_FIELDS
from duchaban.store.directory_sync import CONTACT_FIELDS, UNIT_FIELDS
from duchaban.store.field_sync import (
    CLOSE_OUT_FIELDS,
    FINDING_FIELDS,
    INSPECTION_FIELDS,
    Conflict,
    collect_changes,
    describe_differences,
)
from duchaban.store.ledger_sync import REPORT_FIELDS, SUBMISSION_FIELDS
from duchaban.store.plan_sync import PLAN_FIELDS, SECTION_FIELDS, TASK_FIELDS
from duchaban.store.revisions import TRAVELLING_TABLES
from duchaban.store.row_digest import AUDITED

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The fields compared to tell whether a travelling record differs, per table.
SYNC_FIELDS = {
    "inspection": INSPECTION_FIELDS, "finding": FINDING_FIELDS, "close_out": CLOSE_OUT_FIELDS,
    "unit": UNIT_FIELDS, "contact": CONTACT_FIELDS, "plan": PLAN_FIELDS, "section": SECTION_FIELDS,
    "task": TASK_FIELDS, "submission": SUBMISSION_FIELDS, "progress_entry": REPORT_FIELDS,
    "bulletin": BULLETIN_FIELDS, "assessment_rule_set": RULE_SET_FIELDS,
}
# The lists a package or a hub sync carries, and the table of their records.
RECORD_TABLES = {
    "inspections": "inspection", "findings": "finding", "followups": "finding_followup", "close_outs": "close_out",
    "evidence": "evidence", "draws": "random_draw", "staff": "staff", "units": "unit", "contacts": "contact",
    "plans": "plan", "sections": "section", "tasks": "task", "submissions": "submission",
    "reports": "progress_entry", "rule_sets": "assessment_rule_set", "bulletins": "bulletin",
}
# The words the ledger template heads its input columns with (the header of the share adds its unit).
TEMPLATE_WORDS = {"progress_text": "进展情况", "status": "完成状态", "percent": "完成比例", "problems": "存在问题",
                  "next_steps": "下步打算", "evidence_text": "佐证材料"}


def unnamed(table: str, keys) -> list[str]:
    return [k for k in keys if field_label(table, k) == k or not CHINESE.search(field_label(table, k))]


def columns(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info([{table}])")]


def test_every_column_of_every_audited_table_has_a_chinese_name(fresh_db):
    missing = {t: unnamed(t, columns(fresh_db, t)) for t in AUDITED}
    assert {t: m for t, m in missing.items() if m} == {}
    assert all(CHINESE.search(table_label(t)) for t in AUDITED)
    assert all(AUDITED[t][0] == table_label(t) for t in AUDITED)


def test_no_two_columns_of_a_table_share_a_name(fresh_db):
    # A person stored twice (the name as typed and the staff id) is one field, under one name.
    for table in AUDITED:
        named: dict[str, str] = {}
        for column in columns(fresh_db, table):
            word = field_label(table, column)
            other = named.setdefault(word, column)
            assert other == column or column == other + "_id", (table, other, column, word)


def test_every_table_a_sync_counts_has_a_chinese_name():
    assert [t for t in TRAVELLING_TABLES if not CHINESE.search(table_label(t))] == []
    assert set(SYNC_FIELDS) <= set(TRAVELLING_TABLES)


@pytest.mark.parametrize("table", sorted(SYNC_FIELDS))
def test_every_compared_field_of_a_travelling_record_has_a_chinese_name(table):
    assert unnamed(table, SYNC_FIELDS[table]) == []
    assert CHINESE.search(table_label(table))


def test_every_key_of_the_records_a_sync_carries_has_a_chinese_name(sample_db):
    records = collect_changes(sample_db, since_seq=0, ledgers=True, include_confidential=True)
    kinds = [k for k, v in records.items() if isinstance(v, list) and k != "tombstones"]
    assert set(kinds) <= set(RECORD_TABLES), set(kinds) - set(RECORD_TABLES)
    seen = {RECORD_TABLES[k]: sorted({key for row in records[k] for key in row} - {"_version"}) for k in kinds}
    assert sum(map(len, seen.values())) > 100
    assert {t: unnamed(t, keys) for t, keys in seen.items() if unnamed(t, keys)} == {}


def test_the_ledger_columns_are_named_as_the_template_heads_them():
    headers = dict(INPUT_COLUMNS)
    for key, word in TEMPLATE_WORDS.items():
        assert headers[key].startswith(word)
        assert field_label("progress_entry", key) == word
    assert field_label("progress_entry", "percent") != "完成百分比"


def test_a_task_is_described_in_the_words_of_its_edit_dialog_and_the_template():
    named = [field_label("task", c) for c in ("leaders", "deadline_text", "section_id")]
    assert named == ["责任领导", "完成时限", "所属部分"]
    assert dict(TASK_COLUMNS)["deadline"] == "完成时限" and dict(TASK_COLUMNS)["section"] == "所属部分"


def test_a_table_that_means_something_else_by_a_shared_column_says_so():
    assert field_label("task", "text") == "任务内容"
    assert field_label("finding_followup", "text") == "跟踪情况"
    assert field_label("reminder", "text") == "催办内容"
    assert field_label("finding", "status") == "整改状态" and field_label("inspection", "state") == "状态"
    assert field_label("inspection", "kind") == "督查方式" and field_label("unit", "kind") == "单位类别"


def test_a_record_named_by_uuid_is_named_as_its_id_column():
    assert field_label("finding", "unit_uuid") == field_label("finding", "unit_id") == "单位"
    assert field_label("close_out", "created_by_uuid") == field_label("close_out", "created_by_id") == "销号人"
    assert field_label("bulletin", "replaces_uuid") == "替代的通报"


def test_an_unknown_name_comes_back_as_it_is():
    assert field_label("task", "frobnicate") == "frobnicate" and table_label("frob") == "frob"


def test_a_conflict_lists_its_fields_in_these_words():
    conflict = Conflict("progress_entry", "u-1", "进展记录(u-1)", {"percent": 40, "progress_text": "推进中"},
                        {"percent": 60, "progress_text": "已开工"})
    assert describe_differences(conflict) == "完成比例:40 / 60;进展情况:推进中 / 已开工"
    followup = Conflict("finding_followup", "u-2", "跟踪记录(u-2)", {"text": "已整改"}, {"text": "整改中"})
    assert describe_differences(followup) == "跟踪情况:已整改 / 整改中"


def test_a_conflict_shows_coded_values_in_words():
    unit = Conflict("unit", "u-3", "单位“区科技局”", {"kind": "department", "active": 1}, {"kind": "town", "active": 0})
    assert describe_differences(unit) == "单位类别:部门 / 乡镇(街道);是否在用:是 / 否"
    inspection = Conflict("inspection", "u-4", "督查“二季度”", {"state": "planned", "kind": "open"},
                          {"state": "recorded", "kind": "unannounced"})
    assert describe_differences(inspection) == "状态:计划 / 已开展;督查方式:面上督查 / 暗访检查"
    report = Conflict("progress_entry", "u-5", "进展记录", {"status": "in_progress"}, {"status": "completed"})
    assert describe_differences(report) == "完成状态:推进中 / 已完成"
