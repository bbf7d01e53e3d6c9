"""Undo and redo without a window: every directory and task edit returns a change set, undoing it
restores the database exactly, and undoing the undo redoes it."""

import pytest
from helpers import logical_dump, undone_dump

from duchaban.core.changes import ChangeSet, Edit
from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store import task_edits, unit_edits
from duchaban.store.audit import verify_audit_chain
from duchaban.store.contacts import list_contacts
from duchaban.store.tasks import task_assignments
from duchaban.store.undo import OPERATIONS, undo_change
from duchaban.store.units import get_unit, load_directory, unit_id_by_name

dump = logical_dump


def _unit(db, name):
    return unit_id_by_name(db, name)


def _task(db, number):
    return db.execute("SELECT id FROM task WHERE number = ? ORDER BY plan_id LIMIT 1", [number]).fetchone()[0]


def _town(db, name):
    return _unit(db, name)


# Each case: (operation, keyword arguments built from the database, tables the change names).
EDITS = {
    "rename": (unit_edits.change_unit, lambda db: {"unit_id": _unit(db, "区科技局"), "name": "区科学技术局"},
               {"unit", "task_search"}),
    "kind and note": (unit_edits.change_unit,
                      lambda db: {"unit_id": _unit(db, "区科技局"), "note": "机构改革后", "active": 0}, {"unit"}),
    "add alias": (unit_edits.add_unit_alias, lambda db: {"unit_id": _unit(db, "区科技局"), "alias": "区科委"},
                  {"unit_alias"}),
    "remove alias": (unit_edits.remove_unit_alias, lambda db: {"alias": "区经信委"}, {"unit_alias"}),
    "add unit": (unit_edits.create_unit, lambda db: {"name": "区新设机构", "kind": "department"}, {"unit"}),
    "group members": (unit_edits.change_group_members,
                      lambda db: {"group_id": _unit(db, "各乡镇(街道)"),
                                  "member_ids": [_town(db, "竹山镇"), _town(db, "礼让镇")]}, {"unit_group_member"}),
    "merge": (unit_edits.merge_unit_into,
              lambda db: {"source_id": _unit(db, "区医保局"), "target_id": _unit(db, "区卫生健康委")},
              {"unit", "progress_entry", "assignment", "task_search"}),
    "add contact": (unit_edits.add_unit_contact, lambda db: {"unit_id": _unit(db, "区科技局"), "name": "赵敏",
                                                             "phone": "023-53220000"}, {"contact"}),
    "task deadline and note": (task_edits.change_task,
                               lambda db: {"task_id": _task(db, 52), "note": "常务会议明确",
                                           "deadline_text": "2021年6月底", "deadline_on": "2021-06-30"}, {"task"}),
    "task indicators": (task_edits.change_task_indicators,
                        lambda db: {"task_id": _task(db, 52), "indicators": [Indicator("引进企业", 30.0, "家", ">=")]},
                        {"indicator"}),
    "task units": (task_edits.change_task_units,
                   lambda db: {"task_id": _task(db, 52),
                               "assignments": task_assignments(db, _task(db, 52))[:1]
                               + [(_unit(db, "区财政局"), "cooperating")]},
                   {"assignment", "task_search", "task_progress"}),
}


@pytest.mark.parametrize("case", list(EDITS))
def test_an_edit_undone_leaves_the_database_as_it_was_and_redoing_it_as_after(sample_db, case):
    operation, arguments, tables = EDITS[case]
    # An undo restores the data and is itself a change that travels to the other machines: the
    # revision bookkeeping moves on (undone_dump leaves it out).
    before = undone_dump(sample_db)
    change = operation(sample_db, who="测试", **arguments(sample_db))
    assert isinstance(change, ChangeSet) and change
    assert tables <= change.tables
    after = undone_dump(sample_db)
    assert after != before

    undone = undo_change(sample_db, change, who="测试")
    assert undone_dump(sample_db) == before
    redone = undo_change(sample_db, undone, who="测试")
    assert undone_dump(sample_db) == after
    undo_change(sample_db, redone, who="测试")      # and back again: the redo's change set undoes too
    assert undone_dump(sample_db) == before
    assert verify_audit_chain(sample_db) is None


def test_deleting_a_unit_and_undoing_restores_its_id_and_aliases(sample_db):
    created = unit_edits.create_unit(sample_db, name="区新设机构", kind="department", who="测试")
    unit_id = created.rows[0].after["id"]
    unit_edits.add_unit_alias(sample_db, unit_id=unit_id, alias="区新机构", who="测试")
    before = undone_dump(sample_db)
    removed = unit_edits.remove_unit(sample_db, unit_id=unit_id, who="测试")
    assert {r.table for r in removed.rows} == {"unit", "unit_alias"}
    assert load_directory(sample_db).lookup("区新机构") is None
    undone = undo_change(sample_db, removed, who="测试")
    assert undone_dump(sample_db) == before and get_unit(sample_db, unit_id)["name"] == "区新设机构"
    undo_change(sample_db, undone, who="测试")
    assert load_directory(sample_db).lookup("区新设机构") is None


def test_removing_a_contact_and_undoing_keeps_its_uuid(sample_db):
    unit = _unit(sample_db, "区科技局")
    added = unit_edits.add_unit_contact(sample_db, unit_id=unit, name="赵敏", who="测试")
    before = undone_dump(sample_db)
    removed = unit_edits.remove_unit_contact(sample_db, contact_id=added.rows[0].after["id"], who="测试")
    assert list_contacts(sample_db, unit) == []
    undo_change(sample_db, removed, who="测试")
    assert undone_dump(sample_db) == before
    assert [c["uuid"] for c in list_contacts(sample_db, unit)] == [added.rows[0].key]


def test_a_merge_names_the_reports_it_reconciled(sample_db):
    change = unit_edits.merge_unit_into(sample_db, source_id=_unit(sample_db, "区医保局"),
                                        target_id=_unit(sample_db, "区卫生健康委"), who="测试")
    assert change.removed("progress_entry")
    assert change.inverse[0].op == "unmerge_unit"


def test_an_edit_that_changes_nothing_has_nothing_to_undo(sample_db):
    unit = _unit(sample_db, "区科技局")
    assert not unit_edits.change_unit(sample_db, unit_id=unit, name="区科技局")
    assert not unit_edits.add_unit_alias(sample_db, unit_id=_unit(sample_db, "区经济信息委"), alias="区经信委")
    task = _task(sample_db, 52)
    assert not task_edits.change_task_units(sample_db, task_id=task, assignments=task_assignments(sample_db, task))


def test_the_task_editor_form_is_one_step(sample_db):
    task = _task(sample_db, 52)
    before = undone_dump(sample_db)     # the task travels: its undo is a new revision (left out)
    change = task_edits.edit_task(
        sample_db, task_id=task, deadline_text="2021年6月底", leaders=None, note="常务会议明确",
        indicators=[Indicator("引进企业", 30.0, "家", ">=")],
        assignments=task_assignments(sample_db, task)[:1], who="测试")
    assert {"task", "indicator", "assignment"} <= change.tables
    assert len(change.inverse) == 3        # the deadline and the note are one change of the task row
    undo_change(sample_db, change, who="测试")
    assert undone_dump(sample_db) == before


@pytest.mark.parametrize("indicators, assignments, message", [
    ([Indicator("", 1.0, "家", ">=")], None, "不能为空"),
    ([], [], "有且只有一个牵头单位"),
])
def test_a_refused_task_edit_changes_nothing(sample_db, indicators, assignments, message):
    task = _task(sample_db, 52)
    before = dump(sample_db)
    with pytest.raises(StoreError, match=message):
        task_edits.edit_task(sample_db, task_id=task, deadline_text="9月底", leaders=None, note="不应保存",
                             indicators=indicators,
                             assignments=task_assignments(sample_db, task) if assignments is None else assignments)
    assert dump(sample_db) == before


def test_an_undo_the_data_has_moved_past_is_refused_and_changes_nothing(sample_db):
    # A unit added, then given a task elsewhere (the command line beside the window): undoing the
    # add would delete a unit that carries a task.
    created = unit_edits.create_unit(sample_db, name="区新设机构", kind="department", who="测试")
    unit_id = created.rows[0].after["id"]
    task = _task(sample_db, 52)
    task_edits.change_task_units(sample_db, task_id=task, who="测试",
                                 assignments=task_assignments(sample_db, task) + [(unit_id, "cooperating")])
    before = dump(sample_db)
    with pytest.raises(StoreError, match="承担着 1 项任务"):
        undo_change(sample_db, created, who="测试")
    assert dump(sample_db) == before


def test_a_multi_step_undo_is_all_or_nothing(sample_db):
    # The second inverse edit fails: the first, already run, is rolled back with it.
    alias = unit_edits.add_unit_alias(sample_db, unit_id=_unit(sample_db, "区科技局"), alias="区科委", who="测试")
    broken = ChangeSet(alias.rows, (*alias.inverse, Edit("remove_unit_alias", {"alias": "没有这个别名"})))
    before = dump(sample_db)
    with pytest.raises(StoreError, match="不是任何单位的别名"):
        undo_change(sample_db, broken, who="测试")
    assert dump(sample_db) == before


def test_every_inverse_names_a_known_operation(sample_db):
    for operation, arguments, _ in EDITS.values():
        change = operation(sample_db, who="测试", **arguments(sample_db))
        assert all(edit.op in OPERATIONS for edit in change.inverse)
        undo_change(sample_db, change, who="测试")
