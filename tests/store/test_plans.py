"""Importing notices into the store: new, repeated, revised, several years, failures roll back."""

import re

import pytest
from helpers import logical_dump

from duchaban.core.errors import StoreError
from duchaban.services.plan_import import PlanImportBlocked, commit_plan_import, preview_plan_file
from duchaban.store.audit import verify_audit_chain
from duchaban.store.browse import list_plans
from duchaban.store.check import check_database
from duchaban.store.ledgers import ensure_period
from duchaban.store.plans import PlanRemovalsUnconfirmed, import_plan


def dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def import_file(db, path, **kwargs):
    return commit_plan_import(db, preview_plan_file(db, path, **kwargs), who="测试")


def test_sample_into_empty_database_creates_units_and_aliases(fresh_db, sample_plan_path):
    result = import_file(fresh_db, sample_plan_path)
    assert result.status == "created"
    assert result.tasks_added == list(range(1, 157))
    assert ("区经济信委", "区经济信息委") in result.aliases_added
    assert "区经济信委" not in result.units_added
    units = {r[0] for r in fresh_db.execute("SELECT name FROM unit")}
    assert {"区经济信息委", "双桂新城管委会", "各乡镇(街道)"} <= units
    assert not units & {"区经济信委", "双桂新城管委", "新城管委会"}
    kinds = dict(fresh_db.execute("SELECT name, kind FROM unit"))
    assert kinds["各乡镇(街道)"] == "group" and kinds["双桂新城管委会"] == "committee"
    assert verify_audit_chain(fresh_db) is None


def test_assignments_of_task_52(sample_db):
    rows = sample_db.execute(
        "SELECT u.name, a.role FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN task t ON t.id = a.task_id"
        " WHERE t.number = 52 ORDER BY a.ordinal").fetchall()
    assert rows == [("工业园区管委会", "lead"), ("区经济信息委", "responsible"), ("区科技局", "responsible"),
                    ("区招商投资局", "responsible"), ("各乡镇(街道)", "cooperating")]


def test_same_file_twice_changes_nothing(sample_db, sample_plan_path):
    before = dump(sample_db)
    result = import_file(sample_db, sample_plan_path)
    assert result.status == "unchanged"
    assert dump(sample_db) == before


def test_revised_notice_updates_in_place_and_keeps_task_ids(sample_db, sample_plan_path, tmp_path):
    ids = dict(sample_db.execute("SELECT number, id FROM task"))
    revised = sample_plan_path.read_text(encoding="utf-8").replace(
        "155.严格管好用好公共资金", "155.严格管好用好各类公共资金")
    path = tmp_path / "revised.txt"
    path.write_text(revised, encoding="utf-8")
    result = import_file(sample_db, path)
    assert result.status == "updated"
    assert result.tasks_changed == [155] and result.tasks_added == [] and result.tasks_removed == []
    assert dict(sample_db.execute("SELECT number, id FROM task")) == ids
    assert sample_db.execute("SELECT text FROM task WHERE number = 155").fetchone()[0].startswith("严格管好用好各类")
    assert len(list_plans(sample_db)) == 1
    assert verify_audit_chain(sample_db) is None


def test_next_year_sits_beside_this_year_and_shares_units(sample_db, tmp_path):
    path = tmp_path / "2022.txt"
    path.write_text("某区府办发〔2022〕5号\n2022年目标任务分解方案\n一、发展\n1.继续建设园区。\n"
                    "责任单位:工业园区管委会;配合单位:区经济信委。\n", encoding="utf-8")
    units_before = sample_db.execute("SELECT count(*) FROM unit").fetchone()[0]
    result = import_file(sample_db, path)
    assert result.status == "created" and result.units_added == []
    assert [p["year"] for p in list_plans(sample_db)] == [2022, 2021]
    assert sample_db.execute("SELECT count(*) FROM unit").fetchone()[0] == units_before


def test_ambiguous_name_blocks_import_and_writes_nothing(sample_db, tmp_path):
    sample_db.execute(
        "INSERT INTO unit (uuid, name, kind, created_at) VALUES ('x', '区城乡管理局', 'department', 'now')")
    path = tmp_path / "amb.txt"
    path.write_text("2023年分解方案\n一、城市\n1.管好城市。\n责任单位:区城管理局\n", encoding="utf-8")
    before = dump(sample_db)
    preview = preview_plan_file(sample_db, path)
    assert [m.written for m in preview.ambiguous] == ["区城管理局"]
    with pytest.raises(PlanImportBlocked, match="区城管理局"):
        commit_plan_import(sample_db, preview)
    assert dump(sample_db) == before
    # The user's decision settles it.
    result = import_file(sample_db, path, decisions={"区城管理局": "区城市管理局"})
    assert result.aliases_added == [("区城管理局", "区城市管理局")]


def test_duplicate_numbers_block_import(fresh_db, tmp_path):
    path = tmp_path / "dup.txt"
    path.write_text("2021年方案\n一、甲\n1.甲。\n责任单位:区科技局\n1.乙。\n责任单位:区科技局\n", encoding="utf-8")
    before = dump(fresh_db)
    with pytest.raises(PlanImportBlocked, match="重复"):
        import_file(fresh_db, path)
    assert dump(fresh_db) == before


def test_missing_year_blocks_until_given(fresh_db, tmp_path):
    path = tmp_path / "noyear.txt"
    path.write_text("一、甲\n1.甲。\n责任单位:区科技局\n", encoding="utf-8")
    with pytest.raises(PlanImportBlocked, match="年度"):
        import_file(fresh_db, path)
    assert import_file(fresh_db, path, year=2025).status == "created"


def test_failure_midway_rolls_back_everything(sample_db, sample_plan_path, tmp_path):
    # A revision that drops task 156 while a ledger entry points at it must fail whole.
    task_id = sample_db.execute("SELECT id FROM task WHERE number = 156").fetchone()[0]
    unit_id = sample_db.execute("SELECT id FROM unit WHERE name = '区财政局'").fetchone()[0]
    period = ensure_period(sample_db, "2021Q3")
    sample_db.execute("INSERT INTO progress_entry (uuid, task_id, unit_id, period_id, status, reported_at)"
                      " VALUES ('p', ?, ?, ?, 'in_progress', 'now')", [task_id, unit_id, period["id"]])
    text = sample_plan_path.read_text(encoding="utf-8")
    revised = text[: text.index("156.")].replace("155.严格管好", "155.严格管理").replace("156项", "155项")
    path = tmp_path / "shorter.txt"
    path.write_text(revised, encoding="utf-8")
    before = dump(sample_db)
    # The preview already says why, before anyone is asked to confirm anything.
    preview = preview_plan_file(sample_db, path)
    assert not preview.can_import
    assert any("任务 156" in m.message and "台账报告" in m.message for m in preview.messages())
    with pytest.raises(PlanImportBlocked, match="任务 156"):
        commit_plan_import(sample_db, preview, confirm_removals=True)
    # Written anyway (the store called directly), it fails whole: task 155's change is rolled back.
    with pytest.raises(StoreError, match="任务 156"):
        import_plan(sample_db, parsed=preview.parsed, source_name="shorter.txt", source_sha256=preview.source.sha256,
                    names={w: preview.canonical(w) for w in preview.matches}, confirm_removals=True)
    assert dump(sample_db) == before


def test_removing_a_task_lists_what_goes_with_it(sample_db, tmp_path):
    first = tmp_path / "v1.txt"
    first.write_text("某区府办发〔2024〕3号\n2024年目标任务分解方案\n一、发展\n1.建设园区。\n责任单位:区科技局\n"
                     "2.建设道路。\n责任单位:区交通局\n", encoding="utf-8")
    import_file(sample_db, first)
    task_id = sample_db.execute("SELECT t.id FROM task t JOIN plan p ON p.id = t.plan_id"
                                " WHERE p.year = 2024 AND t.number = 2").fetchone()[0]
    unit_id = sample_db.execute("SELECT id FROM unit WHERE name = '区交通局'").fetchone()[0]
    sample_db.execute("INSERT INTO reminder (uuid, unit_id, task_id, text, sent_on)"
                      " VALUES ('r', ?, ?, '催办', '2024-05-01')", [unit_id, task_id])
    second = tmp_path / "v2.txt"
    second.write_text("某区府办发〔2024〕3号\n2024年目标任务分解方案\n一、发展\n1.建设园区。\n责任单位:区科技局\n",
                      encoding="utf-8")
    preview = preview_plan_file(sample_db, second)
    assert preview.can_import and preview.needs_confirmation
    assert preview.removals.lines()[0] == "删除任务 2:建设道路。(一并删除催办 1 条)"


def _without_unit_lines(sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    path = tmp_path / "no-units.txt"
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("责任单位")), encoding="utf-8")
    return path


def test_revision_without_any_unit_never_empties_the_plan(sample_db, sample_plan_path, tmp_path):
    # Issue 12 item 9: same document number, no unit lines, used to delete all 423 assignments.
    path = _without_unit_lines(sample_plan_path, tmp_path)
    before = logical_dump(sample_db)
    preview = preview_plan_file(sample_db, path)
    assert preview.removals.empties_plan and not preview.can_import
    assert any("没有读到任何责任单位" in m.message for m in preview.messages())
    with pytest.raises(PlanImportBlocked, match="没有读到任何责任单位"):
        commit_plan_import(sample_db, preview, confirm_removals=True)
    assert logical_dump(sample_db) == before
    assert check_database(sample_db).ok


def test_revision_that_removes_assignments_needs_confirmation(sample_db, sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    revised = text.replace("责任单位:区科技局;配合单位:区经济信息委、区人力社保局。", "责任单位:区科技局。", 1)
    path = tmp_path / "revised.txt"
    path.write_text(revised, encoding="utf-8")
    before = logical_dump(sample_db)
    preview = preview_plan_file(sample_db, path)
    assert preview.can_import and preview.needs_confirmation
    assert preview.removals.lines() == ["任务 1 去掉配合单位:区经济信息委", "任务 1 去掉配合单位:区人力社保局"]
    assert preview.removals.tasks == [] and preview.removals.units == []
    with pytest.raises(PlanRemovalsUnconfirmed, match="任务 1 去掉配合单位:区经济信息委"):
        commit_plan_import(sample_db, preview)
    assert logical_dump(sample_db) == before
    result = commit_plan_import(sample_db, preview, confirm_removals=True, who="测试")
    assert result.tasks_changed == [1]
    units = [r[0] for r in sample_db.execute(
        "SELECT u.name FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN task t ON t.id = a.task_id"
        " WHERE t.number = 1")]
    assert units == ["区科技局"]
    assert check_database(sample_db).ok


def test_revision_that_drops_a_task_and_a_unit_lists_both(fresh_db, tmp_path):
    first = tmp_path / "v1.txt"
    first.write_text("某区府办发〔2024〕3号\n2024年目标任务分解方案\n一、发展\n1.建设园区。\n责任单位:区科技局\n"
                     "2.建设道路。\n责任单位:区交通局;配合单位:区水利局\n", encoding="utf-8")
    import_file(fresh_db, first)
    second = tmp_path / "v2.txt"
    second.write_text("某区府办发〔2024〕3号\n2024年目标任务分解方案\n一、发展\n1.建设园区。\n责任单位:区科技局\n",
                      encoding="utf-8")
    preview = preview_plan_file(fresh_db, second)
    assert preview.removals.tasks == [(2, "建设道路。")]
    assert preview.removals.units == ["区交通局", "区水利局"]
    assert preview.to_json()["removals"]["units"] == ["区交通局", "区水利局"]
    before = logical_dump(fresh_db)
    with pytest.raises(PlanRemovalsUnconfirmed, match="删除任务 2"):
        commit_plan_import(fresh_db, preview)
    assert logical_dump(fresh_db) == before
    result = commit_plan_import(fresh_db, preview, confirm_removals=True)
    assert result.tasks_removed == [2]
    assert check_database(fresh_db).ok


def test_reassigning_roles_keeps_check_passing(sample_db, sample_plan_path, tmp_path):
    # Which report is a task's latest depends on who leads it: a new lead must refresh the cache.
    text = sample_plan_path.read_text(encoding="utf-8")
    revised = text.replace("责任单位:区科技局、工业园区管委会;配合单位:区发展改革委、区经济信息委、区大数据发展局。",
                           "责任单位:工业园区管委会、区科技局;配合单位:区发展改革委、区经济信息委、区大数据发展局。")
    path = tmp_path / "swapped.txt"
    path.write_text(revised, encoding="utf-8")
    result = import_file(sample_db, path)
    assert result.tasks_changed == [2]
    assert check_database(sample_db).ok


def test_a_plan_the_database_refuses_is_explained_in_chinese(fresh_db):
    # Two sections with one path (a parser slip): SQLite's English must not reach the office.
    from duchaban.core.plan import ParsedPlan, Section, Task

    parsed = ParsedPlan(doc_number="测试〔2022〕1号", title="2022年分解方案", year=2022,
                        sections=[Section((1,), "一、", "甲", 2), Section((1,), "二、", "乙", 5)],
                        tasks=[Task(1, "建成绿道。", 3, (1,), responsible=["区科技局"])])
    before = logical_dump(fresh_db)
    with pytest.raises(StoreError) as refused:
        import_plan(fresh_db, parsed=parsed, source_name="2022.txt", source_sha256="0" * 64,
                    names={"区科技局": "区科技局"}, new_units=[("区科技局", "department")])
    message = str(refused.value)
    assert "两个部分或子部分的编号相同" in message and not re.search(r"[A-Za-z]{4,}", message)
    assert logical_dump(fresh_db) == before
