"""The plan travels through the office hub: a task edited on one laptop, or a revised notice
imported there, reaches the others (search and progress follow); the same task edited on two
laptops is a conflict decided by --prefer; only the office head's role may change the plan at the
hub; a task naming a unit a laptop does not know, or two tasks of one number, stop the pull in words."""

import psycopg
import pytest
from helpers import logical_dump
from test_hub_bulletins import login_url

from duchaban.core.errors import DuchabanError
from duchaban.hub.connection import connect_hub
from duchaban.services.office_hub import add_staff_login, clone_from_hub, sync_with_hub
from duchaban.services.plan_import import commit_plan_import, preview_plan_file
from duchaban.store.check import check_database
from duchaban.store.database import open_database
from duchaban.store.search import search_task_ids
from duchaban.store.task_edits import edit_task
from duchaban.store.tasks import task_assignments, task_indicators
from duchaban.store.unit_edits import create_unit


def plan_contents(db) -> dict[str, list]:
    """The plan as each machine holds it, by uuid (not by local ids), with its derived search rows."""
    return {
        "plans": sorted(db.execute("SELECT uuid, year, doc_number, title, source_sha256 FROM plan").fetchall()),
        "sections": sorted(db.execute("SELECT s.uuid, p.uuid, s.path_key, s.numeral, s.title FROM section s"
                                      " JOIN plan p ON p.id = s.plan_id").fetchall()),
        "tasks": sorted(db.execute("SELECT t.uuid, t.number, t.text, t.leaders, t.deadline_text, t.deadline_on,"
                                   " t.note, s.uuid FROM task t LEFT JOIN section s ON s.id = t.section_id")
                        .fetchall()),
        "indicators": sorted(db.execute("SELECT t.uuid, i.ordinal, i.clause, i.value, i.measure, i.comparator"
                                        " FROM indicator i JOIN task t ON t.id = i.task_id").fetchall()),
        "assignments": sorted(db.execute("SELECT t.uuid, u.uuid, a.role, a.ordinal FROM assignment a"
                                         " JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id")
                              .fetchall()),
        "search": sorted(db.execute("SELECT t.uuid, s.text, s.units FROM task_search s"
                                    " JOIN task t ON t.id = s.rowid").fetchall()),
    }


def task_id(db, number: int) -> int:
    return db.execute("SELECT id FROM task WHERE number = ?", [number]).fetchone()[0]


def edit(db, number: int, *, note: str, deadline: str = "2021年9月底", units: list | None = None) -> None:
    """The task editor's form, saved (the one public way to edit a task)."""
    tid = task_id(db, number)
    edit_task(db, task_id=tid, deadline_text=deadline, leaders=None, note=note,
              indicators=task_indicators(db, tid), assignments=units or task_assignments(db, tid), who="王建国")


def reimport(db, sample_plan_path, tmp_path, name: str, text_change: tuple[str, str], append: str = ""):
    path = tmp_path / name
    path.write_text(sample_plan_path.read_text(encoding="utf-8").replace(*text_change) + append, encoding="utf-8")
    return commit_plan_import(db, preview_plan_file(db, path), who="王建国")


@pytest.fixture
def office(office_and_two_laptops):
    return office_and_two_laptops


def test_a_task_edited_on_one_laptop_reaches_the_other_and_the_office_and_search_finds_it(office, hub_url):
    db, a, b = office
    unit = create_unit(a, name="区新设专班", kind="department", who="王建国").created
    edit(a, 10, note="请于月底前报送", units=[*task_assignments(a, task_id(a, 10)), (unit, "cooperating")])
    assert search_task_ids(b, "区新设专班") == []
    assert sync_with_hub(a, hub_url).pushed == {"unit": 1, "task": 1}
    assert sync_with_hub(b, hub_url).pulled.updated == {"task": 1}
    assert sync_with_hub(db, hub_url).pulled.updated == {"task": 1}
    assert plan_contents(b) == plan_contents(a) == plan_contents(db)
    assert b.execute("SELECT note, deadline_text FROM task WHERE number = 10").fetchone() == ("请于月底前报送",
                                                                                              "2021年9月底")
    assert search_task_ids(b, "区新设专班") == [task_id(b, 10)]
    for each in (db, a, b):
        assert check_database(each).ok, check_database(each).problems
    again = sync_with_hub(b, hub_url)
    assert not again.pulled.changed and again.pushed == {}


def test_a_revised_notice_imported_on_one_laptop_reaches_the_other(office, hub_url, sample_plan_path, tmp_path):
    db, a, b = office
    change = ("155.严格管好用好公共资金", "155.严格管好用好各类公共资金")
    result = reimport(a, sample_plan_path, tmp_path, "revised.txt", change)
    assert result.tasks_changed == [155]
    # Only what changed travels: the plan row (its source file) and the one task, not the unchanged sections.
    assert sync_with_hub(a, hub_url).pushed == {"plan": 1, "task": 1}
    assert sync_with_hub(b, hub_url).pulled.updated == {"plan": 1, "task": 1}
    sync_with_hub(db, hub_url)
    assert plan_contents(b) == plan_contents(a) == plan_contents(db)
    assert search_task_ids(b, "用好各类公共资金") == [task_id(b, 155)]
    assert b.execute("SELECT count(*) FROM task_progress").fetchone()[0] \
        == a.execute("SELECT count(*) FROM task_progress").fetchone()[0]
    for each in (db, a, b):
        assert check_database(each).ok, check_database(each).problems


def test_the_same_task_edited_on_two_laptops_is_a_conflict_decided_by_prefer(office, hub_url):
    db, a, b = office
    edit(a, 20, note="甲的意见")
    edit(b, 20, note="乙的意见")
    sync_with_hub(a, hub_url)
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="两边都修改过.*第 20 项任务"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before
    sync_with_hub(b, hub_url, prefer="local")
    sync_with_hub(a, hub_url)
    sync_with_hub(db, hub_url)
    assert a.execute("SELECT note FROM task WHERE number = 20").fetchone()[0] == "乙的意见"
    assert plan_contents(b) == plan_contents(a) == plan_contents(db)
    # The side that gave way stays in a's log, and so does the decision that replaced it.
    logged = [r[0] for r in a.execute("SELECT after FROM audit_log WHERE table_name = 'task' AND action = 'update'"
                                      " ORDER BY id")]
    assert "甲的意见" in logged[-2] and "乙的意见" in logged[-1]
    for each in (db, a, b):
        assert check_database(each).ok, check_database(each).problems


def test_only_the_office_heads_role_may_change_the_plan(office, hub_url, laptops):
    db, a, b = office
    _, folder = laptops
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    # The head is cleared for 暗访 records too: laptop a, cloned by the hub's owner, holds them.
    add_staff_login(hub_url, name="王建国", password="wangjianguo-2021", head=True, confidential=True)
    insert = ("INSERT INTO hub_change (origin, table_name, uuid, revision, version, history, record)"
              " VALUES ('laptop', %s, %s, 1, 'v1', '[]', '{}')")
    for name, password, head in (("刘洋", "liuyang-2021", False), ("王建国", "wangjianguo-2021", True)):
        with psycopg.connect(login_url(hub_url, name, password)) as conn:
            for table in ("plan", "section", "task"):
                with conn.transaction(force_rollback=True):
                    conn.execute("INSERT INTO hub_origin (origin) VALUES ('laptop')")   # its own machine
                    if head:
                        conn.execute(insert, [table, f"{table}-x"])
                    else:
                        with pytest.raises(psycopg.errors.InsufficientPrivilege):
                            conn.execute(insert, [table, f"{table}-x"])
    staff = login_url(hub_url, "刘洋", "liuyang-2021")
    clone_from_hub(staff, folder / "liu.dcb")
    with open_database(folder / "liu.dcb") as liu:
        assert sync_with_hub(liu, staff).pushed == {}
        edit(liu, 30, note="刘洋改的")
        before = logical_dump(liu)
        with connect_hub(hub_url) as conn:
            changes = conn.execute("SELECT count(*) FROM hub_change").fetchone()[0]
        with pytest.raises(DuchabanError, match="只有办公室负责人的账号可以修改分解方案.*第 30 项任务"):
            sync_with_hub(liu, staff)
        assert logical_dump(liu) == before
        with connect_hub(hub_url) as conn:
            assert conn.execute("SELECT count(*) FROM hub_change").fetchone()[0] == changes
    # The head's own login sends the same kind of change.
    edit(a, 30, note="负责人改的")
    assert sync_with_hub(a, login_url(hub_url, "王建国", "wangjianguo-2021")).pushed == {"task": 1}


def test_a_task_naming_a_unit_this_laptop_does_not_know_stops_the_pull(office, hub_url):
    db, a, b = office
    unit = create_unit(a, name="区新设专班", kind="department", who="王建国").created
    edit(a, 40, note="新增配合单位", units=[*task_assignments(a, task_id(a, 40)), (unit, "cooperating")])
    sync_with_hub(a, hub_url)
    with connect_hub(hub_url) as conn:       # a hub that never got the unit (sent by an older program)
        uuid_value = a.execute("SELECT uuid FROM unit WHERE id = ?", [unit]).fetchone()[0]
        conn.execute("DELETE FROM hub_row WHERE uuid = %s", [uuid_value])
        conn.execute("DELETE FROM hub_change WHERE uuid = %s", [uuid_value])
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="第 40 项任务.*责任单位“区新设专班”不在本机数据库中"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before


def test_two_laptops_that_each_added_a_task_of_one_number_are_refused_naming_both(office, hub_url, sample_plan_path,
                                                                                     tmp_path):
    db, a, b = office
    change = ("155.严格管好用好公共资金", "155.严格管好用好各类公共资金")
    reimport(a, sample_plan_path, tmp_path, "a.txt", change, "\n157.建设智慧社区服务平台。\n责任单位:区科技局。\n")
    reimport(b, sample_plan_path, tmp_path, "b.txt", change, "\n157.完善农村供水保障体系。\n责任单位:区科技局。\n")
    sync_with_hub(a, hub_url)
    before = logical_dump(b)
    with pytest.raises(DuchabanError, match="两项第 157 项任务.*建设智慧社区服务平台.*完善农村供水保障体系"):
        sync_with_hub(b, hub_url)
    assert logical_dump(b) == before


def test_a_new_plan_and_then_a_task_its_revision_removes_reach_the_other_laptop(office, hub_url, tmp_path):
    db, a, b = office
    notice = "某区府办发〔2024〕3号\n2024年目标任务分解方案\n一、发展\n1.建设园区。\n责任单位:区科技局\n"
    first, second = tmp_path / "v1.txt", tmp_path / "v2.txt"
    first.write_text(notice + "2.建设智慧停车系统。\n责任单位:区交通局\n", encoding="utf-8")
    second.write_text(notice, encoding="utf-8")
    commit_plan_import(a, preview_plan_file(a, first), who="王建国")
    assert sync_with_hub(a, hub_url).pushed == {"plan": 1, "section": 1, "task": 2}
    assert sync_with_hub(b, hub_url).pulled.inserted == {"plan": 1, "section": 1, "task": 2}
    assert len(search_task_ids(b, "智慧停车")) == 1
    result = commit_plan_import(a, preview_plan_file(a, second), who="王建国", confirm_removals=True)
    assert result.tasks_removed == [2]
    sync_with_hub(a, hub_url)
    assert sync_with_hub(b, hub_url).pulled.deleted == {"task": 1}
    assert search_task_ids(b, "智慧停车") == []
    assert b.execute("SELECT count(*) FROM task_search WHERE rowid NOT IN (SELECT id FROM task)").fetchone()[0] == 0
    sync_with_hub(db, hub_url)
    assert plan_contents(b) == plan_contents(a) == plan_contents(db)
    for each in (db, a, b):
        assert check_database(each).ok, check_database(each).problems
