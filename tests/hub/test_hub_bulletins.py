"""Issued bulletins travel through the hub; PostgreSQL lets only the office head's role write them
(and the assessment rules); two laptops that each issued 第N期 offline are refused, naming both."""

import json
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.formats.official_fonts import choose_fonts
from duchaban.hub.connection import connect_hub
from duchaban.hub.sync import push
from duchaban.services.bulletin import draft_bulletin, issue_bulletin
from duchaban.services.office_hub import add_staff_login, clone_from_hub, init_hub, sync_with_hub
from duchaban.store.check import check_database
from duchaban.store.database import open_database


def login_url(hub_url: str, name: str, password: str) -> str:
    parts = urlsplit(hub_url)
    return urlunsplit(parts._replace(netloc=f"{quote(name)}:{quote(password)}@{parts.hostname}:{parts.port}"))


def issue(db, folder, name: str, who: str, period: str = "2021Q2") -> dict:
    draft = draft_bulletin(db, plan_id=1, period_code=period)
    issued = issue_bulletin(db, draft, docx=folder / f"{name}.docx", who=who, fonts=choose_fonts(set()))
    return dict(next(iter(db.query("SELECT uuid, year, issue_no, check_code FROM bulletin WHERE id = ?",
                                   [issued.bulletin_id]))))


def bulletins(db) -> list[tuple]:
    return sorted(db.execute("SELECT b.uuid, p.uuid, b.year, b.issue_no, b.period_code, b.kind, b.snapshot,"
                             " b.generated_by, b.check_code, b.replaced_at FROM bulletin b"
                             " JOIN plan p ON p.id = b.plan_id").fetchall())


@pytest.fixture
def office(laptops, hub_url):
    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    yield db, folder
    db.close()


def test_an_issued_bulletin_travels_and_the_hub_keeps_its_verification_code(office, hub_url, tmp_path):
    db, folder = office
    clone_from_hub(hub_url, folder / "a.dcb")
    issued = issue(db, tmp_path, "第1期", "张伟")
    assert sync_with_hub(db, hub_url).pushed == {"bulletin": 1}
    with open_database(folder / "a.dcb") as a:
        assert sync_with_hub(a, hub_url).pulled.inserted == {"bulletin": 1}
        assert bulletins(a) == bulletins(db)
        assert check_database(a).ok, check_database(a).problems
    with connect_hub(hub_url) as conn:
        assert conn.execute("SELECT year, issue_no, check_code FROM hub_bulletin").fetchall() == [
            (issued["year"], issued["issue_no"], issued["check_code"])]


def test_two_laptops_that_each_issued_the_same_number_offline_are_refused_naming_both(office, hub_url, tmp_path):
    db, folder = office
    clone_from_hub(hub_url, folder / "a.dcb")
    clone_from_hub(hub_url, folder / "b.dcb")
    a, b = open_database(folder / "a.dcb"), open_database(folder / "b.dcb")
    try:
        first = issue(a, tmp_path, "甲", "张伟")
        second = issue(b, tmp_path, "乙", "李娜")
        assert first["issue_no"] == second["issue_no"]
        sync_with_hub(a, hub_url)
        before = logical_dump(b)
        with pytest.raises(DuchabanError, match=f"两台电脑分别印发了同一期通报.*第{first['issue_no']}期.*李娜"
                                                 f".*第{first['issue_no']}期.*张伟"):
            sync_with_hub(b, hub_url)
        assert logical_dump(b) == before
        # Sent without pulling first, the hub itself refuses it, and keeps nothing of it.
        with connect_hub(hub_url) as conn:
            changes = conn.execute("SELECT count(*) FROM hub_change").fetchone()[0]
            with pytest.raises(DuchabanError, match="两台电脑分别印发了同一期通报.*李娜.*张伟"):
                push(b, conn)
            assert conn.execute("SELECT count(*) FROM hub_change").fetchone()[0] == changes
            assert conn.execute("SELECT issued_by FROM hub_bulletin").fetchall() == [("张伟",)]
    finally:
        a.close()
        b.close()


def _change(table: str) -> list:
    return ["laptop", table, f"{table}-uuid", 1, "v1", json.dumps([]), json.dumps({"uuid": f"{table}-uuid"})]


def test_only_the_office_heads_role_may_write_bulletins_and_assessment_rules(office, hub_url, tmp_path):
    db, folder = office
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    add_staff_login(hub_url, name="王建国", password="wangjianguo-2021", head=True)
    insert_change = ("INSERT INTO hub_change (origin, table_name, uuid, revision, version, history, record)"
                     " VALUES (%s, %s, %s, %s, %s, %s, %s)")
    insert_bulletin = ("INSERT INTO hub_bulletin (uuid, plan_uuid, year, issue_no, period_code, kind, origin)"
                       " VALUES ('b', 'p', 2099, 1, '2099Q1', 'period', 'laptop')")
    for name, password, head in (("刘洋", "liuyang-2021", False), ("王建国", "wangjianguo-2021", True)):
        # Asked of PostgreSQL directly: the grants and policies are the protection, not our client.
        with psycopg.connect(login_url(hub_url, name, password)) as conn:
            for table in ("bulletin", "assessment_rule_set"):
                with conn.transaction(force_rollback=True):
                    conn.execute("INSERT INTO hub_origin (origin) VALUES ('laptop')")   # its own machine
                    if head:
                        conn.execute(insert_change, _change(table))
                    else:
                        with pytest.raises(psycopg.errors.InsufficientPrivilege):
                            conn.execute(insert_change, _change(table))
            with conn.transaction(force_rollback=True):
                conn.execute("INSERT INTO hub_origin (origin) VALUES ('laptop')")
                conn.execute(insert_change, _change("finding"))     # every staff member may send a finding
            with conn.transaction(force_rollback=True):
                if head:
                    conn.execute(insert_bulletin)
                else:
                    with pytest.raises(psycopg.errors.InsufficientPrivilege):
                        conn.execute(insert_bulletin)
            assert conn.execute("SELECT count(*) FROM hub_bulletin").fetchone()[0] == 0
    # Through the program: a staff laptop's bulletin is refused at the hub, in words.
    clone_from_hub(login_url(hub_url, "刘洋", "liuyang-2021"), folder / "liu.dcb")
    with open_database(folder / "liu.dcb") as liu:
        issue(liu, tmp_path, "刘", "刘洋")
        with pytest.raises(DuchabanError, match="只有办公室负责人的账号可以印发通报"):
            sync_with_hub(liu, login_url(hub_url, "刘洋", "liuyang-2021"))
    with connect_hub(hub_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub_change WHERE table_name = 'bulletin'").fetchone()[0] == 0


def test_a_laptop_cloned_from_the_hub_leaves_the_offices_bulletins_to_the_offices_log(laptops, hub_url, tmp_path):
    office_path, folder = laptops
    with open_database(office_path) as db:
        issue(db, tmp_path, "第1期", "张伟")
        db.execute("UPDATE bulletin SET origin = NULL")      # issued before bulletins named their machine
        init_hub(db, hub_url, who="王建国")
        office_id = db.execute("SELECT value FROM setting WHERE key = 'machine_id'").fetchone()[0]
    clone_from_hub(hub_url, folder / "a.dcb")
    with open_database(folder / "a.dcb") as a:
        # The clone's log starts empty: the office's code is not this machine's to prove.
        assert check_database(a).ok, check_database(a).problems
        assert a.execute("SELECT origin FROM bulletin").fetchall() == [(office_id,)]
        again = sync_with_hub(a, hub_url)
        assert not again.pulled.changed and again.pushed == {}


def _save_assessment(db) -> None:
    from duchaban.store.assessment import assess, save_rule_set

    scores, rules = assess(db, plan_id=1)
    save_rule_set(db, plan_id=1, rules=rules, scores=scores, who="王建国")


def _assessment(db) -> list[tuple]:
    return sorted(db.execute("SELECT r.uuid, r.rules, u.uuid, s.points, s.detail, s.computed_at FROM assessment_score s"
                             " JOIN assessment_rule_set r ON r.id = s.rule_set_id"
                             " JOIN unit u ON u.id = s.unit_id").fetchall())


def test_the_assessment_travels_from_the_head_and_is_refused_from_other_staff(office, hub_url, tmp_path):
    db, folder = office
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    clone_from_hub(login_url(hub_url, "刘洋", "liuyang-2021"), folder / "liu.dcb")
    clone_from_hub(hub_url, folder / "a.dcb")
    _save_assessment(db)
    assert sync_with_hub(db, hub_url).pushed == {"assessment_rule_set": 1}
    with open_database(folder / "a.dcb") as a:
        assert sync_with_hub(a, hub_url).pulled.inserted == {"assessment_rule_set": 1}
        assert _assessment(a) == _assessment(db) != []
        # Assessed again here (as the office head's login): a new revision that reaches the office.
        _save_assessment(a)
        assert sync_with_hub(a, hub_url).pushed == {"assessment_rule_set": 1}
        assert sync_with_hub(db, hub_url).pulled.updated == {"assessment_rule_set": 1}
        assert _assessment(a) == _assessment(db)
    with open_database(folder / "liu.dcb") as liu:
        sync_with_hub(liu, login_url(hub_url, "刘洋", "liuyang-2021"))
        rules = liu.execute("SELECT rules FROM assessment_rule_set").fetchone()[0]
        liu.execute("UPDATE assessment_rule_set SET rules = ?", [rules.replace("}", ', "note": "改"}', 1)])
        before = liu.execute("SELECT count(*) FROM row_version").fetchone()[0]
        with pytest.raises(DuchabanError, match="只有办公室负责人的账号可以修改考核规则"):
            sync_with_hub(liu, login_url(hub_url, "刘洋", "liuyang-2021"))
        assert liu.execute("SELECT count(*) FROM row_version").fetchone()[0] == before
