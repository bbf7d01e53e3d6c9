"""People are staff records: names and aliases resolve to one identity, checks compare identities,
and a database from the release before (typed names) steps up with its people matched or created."""

from datetime import date

import pytest
from helpers import logical_dump, restore_records_v2

from duchaban.core.errors import StoreError
from duchaban.store import migrations
from duchaban.store.assessment import assessment_events
from duchaban.store.audit import verify_audit_chain
from duchaban.store.check import check_database
from duchaban.store.database import open_database
from duchaban.store.evidence import add_evidence
from duchaban.store.inspections import (
    add_finding,
    close_finding,
    close_task,
    follow_up,
    get_finding,
    record_inspection,
)
from duchaban.store.staff import add_staff, add_staff_alias, find_staff, resolve_staff


def _schema(conn) -> list[tuple]:
    return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


@pytest.fixture
def v2_path(tmp_path, data_dir):
    """The small database the release before schema 3 wrote (tests/data/records-v2.sql)."""
    return restore_records_v2(data_dir, tmp_path / "v2.sqlite")


def test_a_release_2_database_steps_up_with_its_people_matched_and_the_rest_created(v2_path, tmp_path):
    db = open_database(v2_path)
    fresh = open_database(tmp_path / "fresh.sqlite")
    assert migrations.schema_version(db.conn) == migrations.LATEST_VERSION
    assert _schema(db.conn) == _schema(fresh.conn)
    staff = {r["name"]: r for r in db.query("SELECT * FROM staff")}
    # 王建国 and 李秀梅 were staff; 张三 (a reporter) and ' 赵六 ' (a verifier) were only typed.
    assert set(staff) == {"王建国", "李秀梅", "张三", "赵六"}
    assert {n for n, r in staff.items() if r["origin"] == "typed_name"} == {"张三", "赵六"}
    assert all(len(r["uuid"]) == 36 for r in staff.values())
    reporters = dict(db.execute("SELECT description, reported_by_id FROM finding").fetchall())
    assert reporters == {"台账不全": staff["张三"]["id"], "进度滞后": staff["李秀梅"]["id"]}
    closes = db.execute("SELECT verifier_id, created_by_id FROM close_out ORDER BY id").fetchall()
    assert closes == [(staff["李秀梅"]["id"], staff["王建国"]["id"]), (staff["赵六"]["id"], staff["王建国"]["id"])]
    assert db.execute("SELECT created_by_id FROM inspection").fetchone()[0] == staff["王建国"]["id"]
    # 2021Q1 was issued twice: 第2期 stands and replaces 第1期, which stays in the history.
    rows = db.execute("SELECT issue_no, replaced_at IS NOT NULL, replaces FROM bulletin ORDER BY issue_no").fetchall()
    assert rows == [(1, 1, None), (2, 0, 1)]
    # The release before docked each criticised unit for both; now the period counts once.
    criticisms = [e for e in assessment_events(db, plan_id=1)[1] if e.code == "bulletin_criticized"]
    assert criticisms and {e.ref for e in criticisms} == {"第2期"}
    assert len(criticisms) == len({e.unit for e in criticisms})
    report = check_database(db)
    assert report.ok, report.problems
    assert report.notes == ["升级时按手填姓名新建的工作人员(请核对;是已有人员的另一写法时用 staff merge 合并):"
                            "张三、赵六"]
    db.close()
    fresh.close()


def test_after_the_upgrade_new_audit_rows_name_their_author_by_staff_uuid_and_the_chain_holds(v2_path):
    db = open_database(v2_path)
    add_staff(db, name="周敏", who="王建国")
    row = db.execute("SELECT who, who_uuid FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row == ("王建国", find_staff(db, "王建国")["uuid"])
    add_staff(db, name="吴刚", who="root")  # an OS login is nobody on the staff list
    assert db.execute("SELECT who_uuid FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] is None
    assert verify_audit_chain(db) is None
    db.close()


def test_a_staff_member_is_found_by_name_or_alias_and_an_unknown_person_is_refused_with_the_roster(sample_db):
    zhang = find_staff(sample_db, "张伟")
    assert add_staff_alias(sample_db, staff_id=zhang["id"], alias="小张", who="王建国") is True
    assert add_staff_alias(sample_db, staff_id=zhang["id"], alias=" 小张 ") is False
    assert resolve_staff(sample_db, "小张", role="核验人")["id"] == zhang["id"]
    assert resolve_staff(sample_db, "张伟\u3000", role="核验人")["id"] == zhang["id"]
    before = logical_dump(sample_db)
    roster = "王建国、李秀梅、张伟、陈静、刘洋"
    with pytest.raises(StoreError, match=f"“张三”不在工作人员名单中,不能作为核验人。工作人员:{roster}"):
        resolve_staff(sample_db, "张三", role="核验人")
    with pytest.raises(StoreError, match="“小张”已是工作人员“张伟”的姓名或别名"):
        add_staff_alias(sample_db, staff_id=find_staff(sample_db, "陈静")["id"], alias="小张")
    with pytest.raises(StoreError, match="“小张”已是工作人员“张伟”的别名"):
        add_staff(sample_db, name="小张")
    assert logical_dump(sample_db) == before


@pytest.fixture
def rectified_finding(sample_db, tmp_path):
    """A finding reported under the alias 小张 (张伟), rectified, with evidence."""
    add_staff_alias(sample_db, staff_id=find_staff(sample_db, "张伟")["id"], alias="小张")
    inspection = record_inspection(sample_db, kind="open", title="督查", started_on=date(2021, 6, 10), plan_id=1,
                                   inspectors=["小张", "陈静"], units=["区科技局"], who="王建国").created
    finding = add_finding(sample_db, inspection_id=inspection, unit="区科技局", description="台账不全",
                          reported_by="小张", who="王建国").created
    photo = tmp_path / "照片.jpg"
    photo.write_bytes(b"\xff\xd8 photo")
    add_evidence(sample_db, path=photo, owner_kind="finding", owner_uuid=get_finding(sample_db, finding)["uuid"])
    return finding


def test_the_verifier_is_compared_with_the_reporter_as_a_person_not_as_a_string(sample_db, rectified_finding):
    row = get_finding(sample_db, rectified_finding)
    zhang = find_staff(sample_db, "张伟")
    assert (row["reported_by"], row["reported_by_id"]) == ("张伟", zhang["id"])
    follow_up(sample_db, finding_id=rectified_finding, text="已整改", on_date=date(2021, 6, 20), status="rectified")
    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match=r"核验人不能是问题的发现人\(张伟\)"):
        close_finding(sample_db, finding_id=rectified_finding, verifier_id=zhang["id"], closed_on=date(2021, 6, 28))
    assert logical_dump(sample_db) == before
    close_finding(sample_db, finding_id=rectified_finding, verifier_id=find_staff(sample_db, "陈静")["id"],
                  closed_on=date(2021, 6, 28))
    verifier, override = sample_db.execute("SELECT verifier, override_reason FROM close_out"
                                           " WHERE finding_id = ?", [rectified_finding]).fetchone()
    assert (verifier, override) == ("陈静", None)


def test_a_finding_not_reported_rectified_closes_only_with_a_reason_that_is_kept(sample_db, rectified_finding):
    chen = find_staff(sample_db, "陈静")["id"]
    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match="问题状态为“待整改”,尚未报整改完成,销号需要填写理由"):
        close_finding(sample_db, finding_id=rectified_finding, verifier_id=chen, closed_on=date(2021, 6, 28))
    with pytest.raises(StoreError, match="销号需要填写理由"):
        close_finding(sample_db, finding_id=rectified_finding, verifier_id=chen, closed_on=date(2021, 6, 28),
                      override_reason="  ")
    assert logical_dump(sample_db) == before
    close_finding(sample_db, finding_id=rectified_finding, verifier_id=chen, closed_on=date(2021, 6, 28),
                  override_reason="现场核实已整改,单位未及时报送")
    assert sample_db.execute("SELECT override_reason FROM close_out WHERE finding_id = ?",
                             [rectified_finding]).fetchone()[0] == "现场核实已整改,单位未及时报送"


def test_a_task_whose_ledger_is_not_done_closes_only_with_a_reason(sample_db, tmp_path):
    # Task 3's latest demo report is 推进中; task 1's is 已完成.
    latest = dict(sample_db.execute("SELECT t.number, p.status FROM task_progress p JOIN task t ON t.id = p.task_id"
                                    " WHERE t.number IN (1, 3)").fetchall())
    assert latest == {1: "completed", 3: "in_progress"}
    task3 = sample_db.execute("SELECT id FROM task WHERE number = 3").fetchone()[0]
    percent = sample_db.execute("SELECT percent FROM task_progress WHERE task_id = ?", [task3]).fetchone()[0]
    evidence = tmp_path / "验收.pdf"
    evidence.write_bytes(b"%PDF-1.4")
    chen = find_staff(sample_db, "陈静")["id"]
    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match=f"任务 3 不能销号:最新台账为“推进中 {percent:g}%”,未报完成,销号需要填写理由"):
        close_task(sample_db, task_id=task3, verifier_id=chen, closed_on=date(2021, 6, 1), requested_by="张伟",
                   evidence_paths=[evidence])
    assert logical_dump(sample_db) == before
    close_task(sample_db, task_id=task3, verifier_id=chen, closed_on=date(2021, 6, 1), requested_by="张伟",
               evidence_paths=[evidence], override_reason="区政府常务会议决定提前销号")
    row = sample_db.execute("SELECT override_reason, created_by_id FROM close_out WHERE task_id = ?",
                            [task3]).fetchone()
    assert row == ("区政府常务会议决定提前销号", find_staff(sample_db, "张伟")["id"])
    task1 = sample_db.execute("SELECT id FROM task WHERE number = 1").fetchone()[0]
    close_task(sample_db, task_id=task1, verifier_id=chen, closed_on=date(2021, 6, 1), requested_by="张伟",
               evidence_paths=[evidence], override_reason="不需要")
    assert sample_db.execute("SELECT override_reason FROM close_out WHERE task_id = ?", [task1]).fetchone()[0] is None


def test_an_operator_off_the_staff_list_still_records_a_finding_under_the_login_name(sample_db):
    inspection = record_inspection(sample_db, kind="暗访检查", title="夜查", started_on=date(2021, 6, 10),
                                   units=["区发改委"], who="root").created
    finding = get_finding(sample_db, add_finding(sample_db, inspection_id=inspection, unit="区发改委",
                                                 description="值班缺岗", who="root").created)
    assert (finding["reported_by"], finding["reported_by_id"]) == ("root", None)
    row = sample_db.execute("SELECT kind, confidential, created_by, created_by_id FROM inspection WHERE id = ?",
                            [inspection]).fetchone()
    assert row == ("unannounced", 1, "root", None)
