"""The office hub on a real PostgreSQL: set up from the office database, laptops cloned from it,
records synced both ways by revision, conflicts decided once, every sync idempotent."""

from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.hub.connection import connect_hub
from duchaban.services.office_hub import clone_from_hub, init_hub, sync_with_hub
from duchaban.store.check import check_database
from duchaban.store.database import open_database, opened_database
from duchaban.store.inspections import follow_up, record_inspection_with_findings

TRAVELLING = ("inspection", "finding", "finding_followup", "close_out", "evidence", "random_draw")


def contents(db) -> dict[str, list]:
    """The records that travel through the hub, by uuid, as each machine holds them."""
    found = {}
    for table in TRAVELLING:
        columns = [c for c in db[table].columns_dict if c not in ("id",) and not c.endswith("_id")]
        found[table] = sorted(map(repr, db.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY uuid").fetchall()))
    return found


@pytest.fixture
def office(laptops, hub_url):
    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    yield db
    db.close()


def test_a_laptop_starts_from_the_hub_and_their_records_meet(office, hub_url, laptops, tmp_path):
    _, folder = laptops
    laptop_path = folder / "a.dcb"
    clone_from_hub(hub_url, laptop_path, who="陈静")
    with opened_database(laptop_path) as laptop:
        assert check_database(laptop).ok, check_database(laptop).problems
        # The owner's login sees everything, the confidential inspection included.
        assert contents(laptop) == contents(office)
        record_inspection_with_findings(
            laptop, kind="open", title="防汛检查", started_on=date(2021, 7, 20), plan_id=1, inspectors=["陈静"],
            units=["区水利局"], findings=[{"unit": "区水利局", "description": "防汛物资不足", "reported_by": "陈静"}],
            who="陈静")
        report = sync_with_hub(laptop, hub_url, who="陈静")
        assert report.pushed == {"inspection": 1, "finding": 1}
    finding = office.execute("SELECT id FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
    follow_up(office, finding_id=finding, text="已督促", on_date=date(2021, 7, 21), status="rectifying")
    sync_with_hub(office, hub_url, who="王建国")
    with opened_database(laptop_path) as laptop:
        sync_with_hub(laptop, hub_url, who="陈静")
        assert contents(laptop) == contents(office)
        assert check_database(laptop).ok and check_database(office).ok
        # Syncing again changes nothing on either side.
        before = logical_dump(laptop)
        again = sync_with_hub(laptop, hub_url, who="陈静")
        assert not again.pulled.changed and again.pushed == {}
        assert logical_dump(laptop).count("\n") == before.count("\n")


def test_a_conflict_is_decided_once_and_travels(office, hub_url, laptops):
    _, folder = laptops
    clone_from_hub(hub_url, folder / "a.dcb")
    clone_from_hub(hub_url, folder / "b.dcb")
    a, b = open_database(folder / "a.dcb"), open_database(folder / "b.dcb")
    try:
        for db, status in ((a, "rectifying"), (b, "rectified")):
            finding = db.execute("SELECT id FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
            follow_up(db, finding_id=finding, text=status, on_date=date(2021, 7, 18), status=status)
        sync_with_hub(a, hub_url)
        before = logical_dump(b)
        with pytest.raises(DuchabanError, match="两边都修改过"):
            sync_with_hub(b, hub_url)
        assert logical_dump(b) == before
        sync_with_hub(b, hub_url, prefer="local")       # b keeps its own answer; it grew from both
        sync_with_hub(a, hub_url)                       # a takes it with no question
        sync_with_hub(office, hub_url)
        statuses = {db.execute("SELECT status FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
                    for db in (a, b, office)}
        assert statuses == {"rectified"}
        assert contents(a) == contents(b) == contents(office)
    finally:
        a.close()
        b.close()


def test_a_deletion_travels_through_the_hub(office, hub_url, laptops):
    _, folder = laptops
    clone_from_hub(hub_url, folder / "a.dcb")
    with opened_database(folder / "a.dcb") as laptop:
        planned = laptop.execute("SELECT uuid FROM inspection WHERE state = 'planned'").fetchone()[0]
        laptop.execute("DELETE FROM inspection WHERE uuid = ?", [planned])
        assert sync_with_hub(laptop, hub_url).pushed == {"inspection": 1}
    sync_with_hub(office, hub_url)
    assert office.execute("SELECT count(*) FROM inspection WHERE uuid = ?", [planned]).fetchone()[0] == 0


def test_a_hub_from_a_newer_program_is_refused(office, hub_url, laptops):
    with connect_hub(hub_url) as conn:
        conn.execute("UPDATE hub_meta SET value = '99' WHERE key = 'version'")
    with pytest.raises(DuchabanError, match="请先升级本机的督查办程序"):
        sync_with_hub(office, hub_url)


def test_an_unreachable_hub_is_said_in_chinese(office, tmp_path):
    with pytest.raises(DuchabanError, match="无法连接办公室数据库"):
        sync_with_hub(office, "postgresql://nobody@127.0.0.1:1/none")


def _login_url(hub_url: str, name: str, password: str) -> str:
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(hub_url)
    return urlunsplit(parts._replace(netloc=f"{quote(name)}:{quote(password)}@{parts.hostname}:{parts.port}"))


def test_postgresql_keeps_unannounced_records_from_staff_not_cleared_for_them(office, hub_url, laptops):
    import psycopg

    from duchaban.services.office_hub import add_staff_login

    _, folder = laptops
    add_staff_login(hub_url, name="陈静", password="chenjing-2021", confidential=True)
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    secret = office.execute("SELECT uuid FROM inspection WHERE confidential = 1").fetchone()[0]
    counts = {}
    for name, password in (("陈静", "chenjing-2021"), ("刘洋", "liuyang-2021")):
        # What the role sees, asked of PostgreSQL directly: the policy is the protection, not our client.
        with psycopg.connect(_login_url(hub_url, name, password)) as conn:
            counts[name] = conn.execute("SELECT count(*) FROM hub_change WHERE confidential").fetchone()[0]
            assert conn.execute("SELECT count(*) FROM hub_row WHERE uuid = %s", [secret]).fetchone()[0] == (
                1 if name == "陈静" else 0)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("DELETE FROM hub_change")
    assert counts["陈静"] > 0 and counts["刘洋"] == 0
    clone_from_hub(_login_url(hub_url, "刘洋", "liuyang-2021"), folder / "liu.dcb")
    clone_from_hub(_login_url(hub_url, "陈静", "chenjing-2021"), folder / "chen.dcb")
    with opened_database(folder / "liu.dcb") as liu, opened_database(folder / "chen.dcb") as chen:
        assert liu.execute("SELECT count(*) FROM inspection WHERE confidential = 1").fetchone()[0] == 0
        assert chen.execute("SELECT count(*) FROM inspection WHERE uuid = ?", [secret]).fetchone()[0] == 1
        assert check_database(liu).ok, check_database(liu).problems
        # The base copy carried no audit rows of the office either: they detail confidential changes.
        assert "暗访" not in " ".join(r[0] or "" for r in liu.execute("SELECT after FROM audit_log"))
        sync_with_hub(liu, _login_url(hub_url, "刘洋", "liuyang-2021"))
        assert liu.execute("SELECT count(*) FROM inspection WHERE confidential = 1").fetchone()[0] == 0


def test_a_wrong_password_is_said_in_chinese(office, hub_url, laptops):
    from duchaban.services.office_hub import add_staff_login

    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    with pytest.raises(DuchabanError, match="用户名或密码不正确"):
        sync_with_hub(office, _login_url(hub_url, "刘洋", "wrong-password"))


def test_a_hub_of_version_1_is_told_to_upgrade_and_steps_up_with_hub_init(laptops, hub_url):
    from duchaban.hub.schema import HUB_VERSION, MIGRATIONS

    office_path, _ = laptops
    with connect_hub(hub_url) as conn:       # a hub as the program of version 1 left it
        conn.execute(MIGRATIONS[1])
        conn.execute("INSERT INTO hub_meta (key, value) VALUES ('version', '1'), ('hub_id', 'hub-1')")
    with opened_database(office_path) as db:
        before = logical_dump(db)
        with pytest.raises(DuchabanError, match="结构版本为 1.*duchaban hub init 升级"):
            sync_with_hub(db, hub_url)
        assert logical_dump(db) == before
        assert init_hub(db, hub_url)["upgraded_from"] == 1
        with connect_hub(hub_url) as conn:
            assert conn.execute("SELECT value FROM hub_meta WHERE key = 'version'").fetchone()[0] == str(HUB_VERSION)
            assert conn.execute("SELECT count(*) FROM hub_audit").fetchone()[0] > 0
        assert sync_with_hub(db, hub_url).pushed == {}
