"""Editing the directory: renaming, kinds, aliases, contacts, deleting, merging and un-merging."""

import pytest
from helpers import logical_dump, undone_dump

from duchaban.core.errors import StoreError
from duchaban.store.audit import verify_audit_chain
from duchaban.store.contacts import list_contacts, update_contact
from duchaban.store.search import reindex_tasks, search_task_ids
from duchaban.store.undo import undo_change
from duchaban.store.unit_edits import (
    add_unit_contact,
    change_group_members,
    change_unit,
    create_unit,
    merge_unit_into,
    remove_unit,
    remove_unit_alias,
    remove_unit_contact,
)
from duchaban.store.units import get_unit, load_directory, unit_id_by_name

dump = logical_dump


def new_unit(db, name, kind="department", aliases=()) -> int:
    return create_unit(db, name=name, kind=kind, aliases=aliases).created


def test_rename_and_undo_from_the_change_set(sample_db):
    unit = unit_id_by_name(sample_db, "区科技局")
    change = change_unit(sample_db, unit_id=unit, name="区科学技术局", who="测试")
    assert change.rows[0].before == {"name": "区科技局"}
    assert get_unit(sample_db, unit)["name"] == "区科学技术局"
    assert search_task_ids(sample_db, "区科学技术局")  # the search index follows the new name
    undo_change(sample_db, change, who="测试")
    assert get_unit(sample_db, unit)["name"] == "区科技局"
    assert verify_audit_chain(sample_db) is None


@pytest.mark.parametrize(
    "changes, message",
    [({"name": "  "}, "不能为空"), ({"name": "区财政局"}, "已存在"), ({"name": "区经信委"}, "别名"),
     ({"kind": "company"}, "未知的单位类别"), ({"uuid": "x"}, "不能修改")],
)
def test_bad_unit_edits_change_nothing(sample_db, changes, message):
    before = dump(sample_db)
    with pytest.raises(StoreError, match=message):
        change_unit(sample_db, unit_id=unit_id_by_name(sample_db, "区科技局"), **changes)
    assert dump(sample_db) == before


def test_remove_alias(sample_db):
    change = remove_unit_alias(sample_db, alias="区经信委")
    assert change.inverse[0].args == {"unit_id": unit_id_by_name(sample_db, "区经济信息委"), "alias": "区经信委"}
    assert load_directory(sample_db).lookup("区经信委") is None
    with pytest.raises(StoreError, match="不是任何单位的别名"):
        remove_unit_alias(sample_db, alias="区经信委")


def test_delete_only_unused_units_and_restore(sample_db):
    new = new_unit(sample_db, "区新设机构", aliases=["区新机构"])
    before = undone_dump(sample_db)
    unit_uuid = sample_db.execute("SELECT uuid FROM unit WHERE id = ?", [new]).fetchone()[0]
    version = "SELECT revision, deleted_at FROM row_version WHERE table_name = 'unit' AND uuid = ?"
    revision = sample_db.execute(version, [unit_uuid]).fetchone()[0]
    change = remove_unit(sample_db, unit_id=new)
    old = change.inverse[0].args["row"]
    assert old["name"] == "区新设机构" and old["aliases"] == ["区新机构"]
    assert load_directory(sample_db).lookup("区新机构") is None
    undo_change(sample_db, change)
    assert undone_dump(sample_db) == before
    # The restore is a change of its own, for the other machines too (they may hold the deletion).
    restored, deleted_at = sample_db.execute(version, [unit_uuid]).fetchone()
    assert restored > revision and deleted_at is None
    with pytest.raises(StoreError, match="承担着"):
        remove_unit(sample_db, unit_id=unit_id_by_name(sample_db, "区科技局"))


def test_contacts(sample_db):
    unit = unit_id_by_name(sample_db, "区科技局")
    contact = add_unit_contact(sample_db, unit_id=unit, name="赵敏", phone="023-53220000").created
    update_contact(sample_db, contact_id=contact, phone="13800000000")
    assert [(c["name"], c["role"], c["phone"]) for c in list_contacts(sample_db, unit)] == [
        ("赵敏", "联络员", "13800000000")]
    remove_unit_contact(sample_db, contact_id=contact)
    assert list_contacts(sample_db, unit) == []
    with pytest.raises(StoreError, match="姓名不能为空"):
        add_unit_contact(sample_db, unit_id=unit, name=" ")


def assignments(db, name):
    return db.execute(
        "SELECT t.number, a.role FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id"
        " WHERE u.name = ? ORDER BY t.number, a.role", [name]).fetchall()


def test_merge_moves_everything_and_unmerge_restores_it(sample_db):
    # A duplicate created by hand, sharing task 1 with the target and having task 2 alone.
    dup = new_unit(sample_db, "区科学技术局", aliases=["区科委"])
    # Task 1 already names the target (its assignment is dropped); task 11 does not (it moves).
    task1, task11 = (sample_db.execute("SELECT id FROM task WHERE number = ?", [n]).fetchone()[0] for n in (1, 11))
    sample_db.execute("INSERT INTO assignment VALUES (?, ?, 'cooperating', 9)", [task1, dup])
    sample_db.execute("INSERT INTO assignment VALUES (?, ?, 'cooperating', 9)", [task11, dup])
    reindex_tasks(sample_db, [task1, task11])
    add_unit_contact(sample_db, unit_id=dup, name="钱多")
    target = unit_id_by_name(sample_db, "区经济信息委")
    before = undone_dump(sample_db)
    target_before = assignments(sample_db, "区经济信息委")

    merge = merge_unit_into(sample_db, source_id=dup, target_id=target, who="测试")
    assert assignments(sample_db, "区科学技术局") == []
    assert assignments(sample_db, "区经济信息委") == sorted(target_before + [(11, "cooperating")])
    directory = load_directory(sample_db)
    assert directory.lookup("区科学技术局") == ("区经济信息委", "alias")
    assert directory.lookup("区科委") == ("区经济信息委", "alias")
    assert [c["name"] for c in list_contacts(sample_db, target)] == ["钱多"]

    undo_change(sample_db, merge, who="测试")
    assert undone_dump(sample_db) == before
    assert assignments(sample_db, "区经济信息委") == target_before
    assert verify_audit_chain(sample_db) is None


def test_merge_refuses_self_and_group_with_unit(sample_db):
    unit = unit_id_by_name(sample_db, "区科技局")
    with pytest.raises(StoreError, match="自己"):
        merge_unit_into(sample_db, source_id=unit, target_id=unit)
    with pytest.raises(StoreError, match="单位组"):
        merge_unit_into(sample_db, source_id=unit, target_id=unit_id_by_name(sample_db, "各乡镇(街道)"))


def _report(db, *, task_id, unit_id, period_id, percent, reported_at):
    import uuid

    db.execute("INSERT INTO progress_entry (uuid, task_id, unit_id, period_id, status, percent, reported_at)"
               " VALUES (?, ?, ?, ?, 'in_progress', ?, ?)",
               [str(uuid.uuid4()), task_id, unit_id, period_id, percent, reported_at])


def _latest(db, task_id):
    return db.execute("SELECT u.name, tp.percent FROM task_progress tp JOIN unit u ON u.id = tp.unit_id"
                      " WHERE tp.task_id = ?", [task_id]).fetchone()


@pytest.mark.parametrize("duplicate_is_later, kept_percent", [(True, 77.0), (False, None)])
def test_merging_a_unit_that_reported_the_same_task_twice_keeps_the_later_report(
        sample_db, duplicate_is_later, kept_percent):
    from duchaban.store.progress import refresh_task_progress

    # The demo's latest report on some task by its lead unit, for the last collected period.
    task_id, unit_id, period_id, percent, reported_at = sample_db.execute(
        "SELECT pe.task_id, pe.unit_id, pe.period_id, pe.percent, pe.reported_at FROM task_progress tp"
        " JOIN progress_entry pe ON pe.task_id = tp.task_id AND pe.unit_id = tp.unit_id"
        " AND pe.period_id = tp.period_id ORDER BY pe.task_id LIMIT 1").fetchone()
    target_name = get_unit(sample_db, unit_id)["name"]
    # The same unit under a misspelt name sent the same period's ledger once more.
    dup = new_unit(sample_db, target_name + "(重复)")
    sample_db.execute("INSERT INTO assignment SELECT task_id, ?, role, ordinal FROM assignment"
                      " WHERE task_id = ? AND unit_id = ?", [dup, task_id, unit_id])
    reindex_tasks(sample_db, [task_id])
    from duchaban.store.ledgers import ensure_period

    other_period = ensure_period(sample_db, "2021-05")["id"]     # a month only the duplicate reported
    later = "2099-01-01T00:00:00Z" if duplicate_is_later else "2000-01-01T00:00:00Z"
    _report(sample_db, task_id=task_id, unit_id=dup, period_id=period_id, percent=77.0, reported_at=later)
    _report(sample_db, task_id=task_id, unit_id=dup, period_id=other_period, percent=5.0, reported_at=later)
    refresh_task_progress(sample_db, [task_id])
    before = undone_dump(sample_db)
    reports_before = sample_db.execute("SELECT count(*) FROM progress_entry").fetchone()[0]

    merge = merge_unit_into(sample_db, source_id=dup, target_id=unit_id, who="测试")
    assert len(merge.removed("progress_entry")) == 1  # reports reconciled: the earlier one set aside
    kept = sample_db.execute("SELECT percent FROM progress_entry WHERE task_id = ? AND period_id = ? AND unit_id = ?",
                             [task_id, period_id, unit_id]).fetchall()
    assert [r[0] for r in kept] == [kept_percent if duplicate_is_later else percent]
    assert sample_db.execute("SELECT count(*) FROM progress_entry").fetchone()[0] == reports_before - 1
    # The views still know the task's latest report, now under the one unit.
    name, shown = _latest(sample_db, task_id)
    assert name == target_name and shown == (77.0 if duplicate_is_later else percent)

    undo_change(sample_db, merge, who="测试")
    assert undone_dump(sample_db) == before
    assert verify_audit_chain(sample_db) is None


def test_merging_units_visited_by_the_same_inspection_keeps_one_visit(sample_db):
    inspection_id, unit_id = sample_db.execute("SELECT inspection_id, unit_id FROM inspection_unit LIMIT 1").fetchone()
    dup = new_unit(sample_db, "重复录入的单位")
    sample_db.execute("INSERT INTO inspection_unit VALUES (?, ?)", [inspection_id, dup])
    before = undone_dump(sample_db)

    merge = merge_unit_into(sample_db, source_id=dup, target_id=unit_id, who="测试")
    assert sample_db.execute("SELECT count(*) FROM inspection_unit WHERE inspection_id = ? AND unit_id IN (?, ?)",
                             [inspection_id, unit_id, dup]).fetchone()[0] == 1
    undo_change(sample_db, merge, who="测试")
    assert undone_dump(sample_db) == before


def test_a_group_member_that_is_no_unit_is_refused_and_changes_nothing(sample_db):
    group = sample_db.execute("SELECT id FROM unit WHERE kind = 'group' LIMIT 1").fetchone()[0]
    town = unit_id_by_name(sample_db, "梁山街道")
    before = dump(sample_db)
    for members in ([town, None], [town, 999999], [town, group]):
        with pytest.raises(StoreError, match="单位组成员中有 1 个单位不在名录中"):
            change_group_members(sample_db, group_id=group, member_ids=members, who="测试")
        assert dump(sample_db) == before
