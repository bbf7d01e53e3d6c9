"""Ledgers travel through the office hub: a ledger imported on one laptop reaches the others with
task_progress recomputed there; the same file imported twice is one submission; two different
ledgers of one unit and period are a conflict to decide, never a second report in the same place."""

import hashlib

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.core.ledger import TaskReport
from duchaban.hub.connection import connect_hub
from duchaban.services.office_hub import sync_with_hub
from duchaban.store.check import check_database
from duchaban.store.ledgers import ensure_period, ledger_units, save_submission, unit_ledger_tasks
from duchaban.store.progress import advance_task_progress
from duchaban.store.unit_edits import add_unit_contact, change_group_members, create_unit, remove_unit_alias
from duchaban.store.units import load_directory, unit_id_by_name


def ledger_contents(db) -> dict[str, list]:
    """The ledgers as each machine holds them, by what they are (not by local ids)."""
    return {
        "submissions": sorted(db.execute(
            "SELECT s.uuid, u.uuid, rp.code, s.file_name, s.sha256, s.imported_at, s.imported_by, s.verdict,"
            " s.messages FROM submission s JOIN unit u ON u.id = s.unit_id"
            " JOIN reporting_period rp ON rp.id = s.period_id").fetchall()),
        "reports": sorted(db.execute(
            "SELECT pe.uuid, t.uuid, u.uuid, rp.code, s.uuid, pe.status, pe.percent, pe.progress_text, pe.problems,"
            " pe.next_steps, pe.evidence_text, pe.reported_at FROM progress_entry pe JOIN task t ON t.id = pe.task_id"
            " JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id"
            " LEFT JOIN submission s ON s.id = pe.submission_id").fetchall()),
        "task_progress": sorted(db.execute(
            "SELECT t.uuid, rp.code, u.uuid, tp.percent, tp.status FROM task_progress tp JOIN task t"
            " ON t.id = tp.task_id JOIN unit u ON u.id = tp.unit_id JOIN reporting_period rp"
            " ON rp.id = tp.period_id").fetchall()),
    }


def group_members_of(db, name: str) -> list[dict]:
    return list(db.query("SELECT u.name FROM unit_group_member m JOIN unit u ON u.id = m.member_id"
                         " JOIN unit g ON g.id = m.group_id WHERE g.name = ?", [name]))


def silent_unit(db) -> dict:
    """A unit of the demo that sent nothing for 2021Q2."""
    return ledger_units(db, plan_id=1)[5]


def import_ledger(db, unit_name: str, *, percent: float, file_name: str = "台账.xlsx", content: bytes | None = None,
                  who: str = "陈静", unit_id: int | None = None) -> int:
    """A unit's 2021Q2 ledger as the import saves it (every task of the unit at ``percent``)."""
    unit_id = unit_id or db.execute("SELECT id FROM unit WHERE name = ?", [unit_name]).fetchone()[0]
    tasks = unit_ledger_tasks(db, plan_id=1, unit_id=unit_id) or [
        {"task_id": r[0], "uuid": r[1]} for r in db.execute("SELECT id, uuid FROM task WHERE number = 1")]
    answers = [(t["task_id"], TaskReport(t["uuid"], "in_progress", percent, f"完成{percent:g}%", "无", "按序时推进",
                                           "现场照片")) for t in tasks]
    sha = hashlib.sha256(content or f"{unit_name}-{percent}-{file_name}".encode()).hexdigest()
    saved = save_submission(db, plan_id=1, unit_id=unit_id, period_id=ensure_period(db, "2021Q2")["id"],
                            file_name=file_name, sha256=sha, verdict="accepted", messages=[], reports=answers, who=who)
    advance_task_progress(db, submission_ids=[saved.submission_id])
    return len(answers)


@pytest.fixture
def office(office_and_two_laptops):
    return office_and_two_laptops


def test_a_ledger_imported_on_one_laptop_reaches_the_others_with_their_progress_recomputed(office, hub_url):
    db, a, b = office
    unit = silent_unit(a)
    count = import_ledger(a, unit["name"], percent=60)
    report = sync_with_hub(a, hub_url)
    assert report.pushed == {"submission": 1, "progress_entry": count}
    for other in (b, db):
        pulled = sync_with_hub(other, hub_url)
        assert pulled.pulled.inserted == {"submission": 1, "progress_entry": count}
        assert ledger_contents(other) == ledger_contents(a)
        assert check_database(other).ok, check_database(other).problems     # task_progress as computed afresh
    # The pulled reports count in the task's progress where they are the latest.
    assert b.execute("SELECT count(*) FROM task_progress tp JOIN unit u ON u.id = tp.unit_id WHERE u.name = ?",
                     [unit["name"]]).fetchone()[0] > 0 or count == 0
    # Syncing again changes nothing anywhere.
    before = logical_dump(b)
    again = sync_with_hub(b, hub_url)
    assert not again.pulled.changed and again.pushed == {}
    assert logical_dump(b).count("\n") == before.count("\n")


def test_the_same_file_imported_on_two_laptops_is_one_submission(office, hub_url):
    db, a, b = office
    unit = silent_unit(a)
    count = import_ledger(a, unit["name"], percent=40, content=b"the same file", who="陈静")
    import_ledger(b, unit["name"], percent=40, content=b"the same file", who="刘洋")
    sync_with_hub(a, hub_url)
    report = sync_with_hub(b, hub_url)      # no conflict: the same ledger, met by two paths
    assert report.pulled.conflicts == [] and report.pushed == {}
    assert report.pulled.unchanged == {"submission": 1, "progress_entry": count}
    sync_with_hub(a, hub_url)
    sync_with_hub(db, hub_url)
    assert ledger_contents(a) == ledger_contents(b) == ledger_contents(db)
    assert b.execute("SELECT count(*) FROM submission s JOIN unit u ON u.id = s.unit_id"
                     " JOIN reporting_period rp ON rp.id = s.period_id WHERE u.name = ? AND rp.code = '2021Q2'",
                     [unit["name"]]).fetchone()[0] == 1
    # The hub's account of who imported it is everyone's.
    assert b.execute("SELECT imported_by FROM submission WHERE sha256 = ?",
                     [hashlib.sha256(b"the same file").hexdigest()]).fetchone()[0] == "陈静"


def test_two_different_ledgers_of_one_unit_and_period_are_a_conflict_not_a_second_report(office, hub_url):
    db, a, b = office
    unit = silent_unit(a)
    count = import_ledger(a, unit["name"], percent=30, file_name="甲.xlsx")
    import_ledger(b, unit["name"], percent=70, file_name="乙.xlsx")
    sync_with_hub(a, hub_url)
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="两边都修改过.*台账第"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before
    sync_with_hub(b, hub_url, prefer="local")       # the office keeps b's reading; it grew from both
    sync_with_hub(a, hub_url)
    sync_with_hub(db, hub_url)
    for each in (a, b, db):
        rows = each.execute("SELECT pe.percent, count(*) FROM progress_entry pe JOIN unit u ON u.id = pe.unit_id"
                            " JOIN reporting_period rp ON rp.id = pe.period_id WHERE u.name = ? AND rp.code = '2021Q2'"
                            " GROUP BY pe.percent", [unit["name"]]).fetchall()
        assert rows == [(70.0, count)]
        assert check_database(each).ok, check_database(each).problems
    # Both files stay on record as received; only the reports are one per task.
    assert ledger_contents(a) == ledger_contents(b) == ledger_contents(db)
    assert len([s for s in ledger_contents(a)["submissions"] if s[1] == unit["uuid"] and s[2] == "2021Q2"]) == 2


def test_a_unit_added_on_one_laptop_travels_with_its_aliases_group_and_contact_and_then_its_ledger(office, hub_url):
    db, a, b = office
    unit_id = create_unit(a, name="区新设单位", kind="department", aliases=["新设单位"]).created
    add_unit_contact(a, unit_id=unit_id, name="赵敏", phone="023-53220000")
    group = create_unit(a, name="新设单位组", kind="group").created
    change_group_members(a, group_id=group, member_ids=[unit_id, unit_id_by_name(a, "区科技局")])
    count = import_ledger(a, "区新设单位", percent=50, unit_id=unit_id)
    assert sync_with_hub(a, hub_url).pushed == {"unit": 2, "contact": 1, "submission": 1, "progress_entry": count}
    for other in (b, db):
        report = sync_with_hub(other, hub_url)
        assert report.pulled.inserted == {"unit": 2, "contact": 1, "submission": 1, "progress_entry": count}
        assert load_directory(other).lookup("新设单位")[0] == "区新设单位"
        assert sorted(u["name"] for u in group_members_of(other, "新设单位组")) == ["区新设单位", "区科技局"]
        assert ledger_contents(other) == ledger_contents(a)
        assert check_database(other).ok, check_database(other).problems
    # An alias removed on b reaches a as a change of the unit.
    remove_unit_alias(b, alias="新设单位")
    assert sync_with_hub(b, hub_url).pushed == {"unit": 1}
    sync_with_hub(a, hub_url)
    assert load_directory(a).lookup("新设单位") is None


def test_the_same_unit_entered_on_two_laptops_is_a_question_not_a_guess(office, hub_url):
    db, a, b = office
    for laptop in (a, b):
        create_unit(laptop, name="区新设单位", kind="department")
    sync_with_hub(a, hub_url)
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="区新设单位.*在本机是另一个单位.*合并"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before


def test_a_ledger_on_a_task_this_laptop_does_not_know_is_said_and_nothing_is_stored(office, hub_url):
    db, a, b = office
    # A task only a has, and the hub never got (as from a program before plans travelled).
    a.execute("INSERT INTO task (uuid, plan_id, number, text) VALUES ('task-only-on-a', 1, 999, '新增任务')")
    unit = silent_unit(a)
    task_id = a.execute("SELECT id FROM task WHERE uuid = 'task-only-on-a'").fetchone()[0]
    saved = save_submission(a, plan_id=1, unit_id=unit["id"], period_id=ensure_period(a, "2021Q2")["id"],
                            file_name="台账.xlsx", sha256="f" * 64, verdict="accepted", messages=[],
                            reports=[(task_id, TaskReport("task-only-on-a", "in_progress", 10.0, "", "", "", ""))])
    advance_task_progress(a, submission_ids=[saved.submission_id])
    sync_with_hub(a, hub_url)
    with connect_hub(hub_url) as conn:
        conn.execute("DELETE FROM hub_row WHERE uuid = 'task-only-on-a'")
        conn.execute("DELETE FROM hub_change WHERE uuid = 'task-only-on-a'")
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="台账第 999 项的任务不在本机数据库中"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before
