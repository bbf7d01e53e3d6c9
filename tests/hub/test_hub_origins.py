"""Each machine's origin at the hub belongs to the login that first synced it: PostgreSQL refuses
another login's changes and audit rows under it (the client bypassed), the program refuses another
login's sync of that machine's database with both sides unchanged, and a hub of version 3 gives its
origins to their earliest pusher when it steps up."""

import json
from datetime import date

import psycopg
import pytest
from helpers import logical_dump
from hub.conftest import copy_database
from hub.test_hub_bulletins import login_url

from duchaban.core.errors import DuchabanError
from duchaban.hub.connection import connect_hub
from duchaban.hub.schema import MIGRATIONS
from duchaban.hub.sync import push
from duchaban.services.office_hub import add_staff_login, check_hub, clone_from_hub, init_hub, sync_with_hub
from duchaban.store.database import open_database
from duchaban.store.inspections import record_inspection_with_findings
from duchaban.store.settings import MACHINE_ID, get_setting, set_setting

CHEN = ("陈静", "chenjing-2021")
LIU = ("刘洋", "liuyang-2021")


def inspect(db, title: str) -> None:
    record_inspection_with_findings(db, kind="open", title=title, started_on=date(2021, 7, 20), plan_id=1,
                                    inspectors=["陈静"], units=["区水利局"], who="陈静",
                                    findings=[{"unit": "区水利局", "description": f"{title}发现的问题",
                                               "reported_by": "陈静"}])


def hub_counts(hub_url: str) -> dict[str, int]:
    """Every row the hub holds of changes, logs and origins, as its owner sees them."""
    with connect_hub(hub_url) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("hub_change", "hub_row", "hub_audit", "hub_audit_row", "hub_origin", "hub_file")}


def registered(hub_url: str) -> dict[str, str | None]:
    with connect_hub(hub_url) as conn:
        return dict(conn.execute("SELECT origin, registered_by FROM hub_origin").fetchall())


@pytest.fixture
def office(laptops, hub_url):
    """The office's hub, and 陈静's laptop, cloned and synced with her own login."""
    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    add_staff_login(hub_url, name=CHEN[0], password=CHEN[1], confidential=True)
    add_staff_login(hub_url, name=LIU[0], password=LIU[1])
    chen_url = login_url(hub_url, *CHEN)
    clone_from_hub(chen_url, folder / "chen.dcb")
    chen = open_database(folder / "chen.dcb")
    inspect(chen, "防汛检查")
    sync_with_hub(chen, chen_url)
    yield db, chen, folder
    db.close()
    chen.close()


def test_a_cloned_laptop_is_a_new_machine_bound_to_the_login_that_synced_it(office, hub_url):
    db, chen, _ = office
    origins = registered(hub_url)
    assert get_setting(chen, MACHINE_ID) != get_setting(db, MACHINE_ID)
    assert origins[get_setting(chen, MACHINE_ID)] == "陈静"
    with connect_hub(hub_url) as conn:
        owner = conn.execute("SELECT current_user").fetchone()[0]
    assert origins[get_setting(db, MACHINE_ID)] == owner      # hub init ran as the hub's owner
    # `check --hub` says whose each machine is.
    checked = check_hub(login_url(hub_url, *LIU))
    assert {c.origin: c.login for c in checked.chains} == {get_setting(chen, MACHINE_ID): "陈静",
                                                          get_setting(db, MACHINE_ID): owner}
    assert f"({get_setting(chen, MACHINE_ID)[:8]},陈静的账号)" in checked.to_text()
    assert {c["login"] for c in checked.to_json()} == {"陈静", owner}


def test_postgresql_refuses_a_login_writing_under_another_logins_origin(office, hub_url):
    _, chen, _ = office
    theirs = get_setting(chen, MACHINE_ID)
    before = hub_counts(hub_url)
    change = ("INSERT INTO hub_change (origin, table_name, uuid, revision, version, history, record)"
              " VALUES (%s, 'finding', 'forged-finding', 1, 'v1', '[]', %s)")
    audit = "INSERT INTO hub_audit (origin, id, prev_hash, hash) VALUES (%s, 9999, 'x', 'y')"
    audit_row = "INSERT INTO hub_audit_row (origin, id, row) VALUES (%s, 9999, '{}')"
    # Asked of PostgreSQL directly, as 刘洋: the policies are the protection, not our client.
    with psycopg.connect(login_url(hub_url, *LIU)) as conn:
        for statement, values in ((change, [theirs, json.dumps({"uuid": "forged-finding"})]),
                                  (audit, [theirs]), (audit_row, [theirs])):
            with conn.transaction(force_rollback=True):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="origin_registered"):
                    conn.execute(statement, values)
        # Nor may he take the origin over, or register a new one in someone else's name.
        with conn.transaction(force_rollback=True):
            taken = conn.execute("UPDATE hub_origin SET registered_by = '刘洋' WHERE origin = %s", [theirs])
            assert taken.rowcount == 0
        with conn.transaction(force_rollback=True):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                conn.execute("INSERT INTO hub_origin (origin, registered_by) VALUES ('pre-empted', '陈静')")
        for statement in ("DELETE FROM hub_origin", f"DELETE FROM hub_audit WHERE origin = '{theirs}'"):
            with conn.transaction(force_rollback=True):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
        # Under an origin of his own, the same rows are taken, but not in another login's name.
        with conn.transaction(force_rollback=True):
            conn.execute("INSERT INTO hub_origin (origin) VALUES ('liu-laptop')")
            conn.execute(change, ["liu-laptop", json.dumps({"uuid": "forged-finding"})])
            conn.execute(audit, ["liu-laptop"])
            conn.execute(audit_row, ["liu-laptop"])
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="origin_registered"):
                conn.execute("INSERT INTO hub_audit (origin, id, prev_hash, hash, pushed_by)"
                             " VALUES ('liu-laptop', 10000, 'x', 'y', '陈静')")
        assert conn.execute("SELECT registered_by FROM hub_origin WHERE origin = %s", [theirs]).fetchone() == (
            "陈静",)
    assert hub_counts(hub_url) == before


def test_another_login_syncing_a_laptops_database_is_refused_and_neither_side_changes(office, hub_url):
    db, chen, folder = office
    chen.execute("PRAGMA wal_checkpoint(TRUNCATE)")        # the file as it stands, as a person would copy it
    copy = copy_database(folder / "chen.dcb", folder / "copy.dcb")
    inspect(db, "汛后检查")       # something at the hub for the copy to pull
    sync_with_hub(db, hub_url)
    liu_url = login_url(hub_url, *LIU)
    refusal = "此前由“陈静”的账号同步到办公室数据库.*请用“陈静”的账号同步,或用自己的账号 duchaban hub clone"
    with open_database(copy) as copied:
        inspect(copied, "刘洋的检查")    # something of the copy's to push
        before, at_hub = logical_dump(copied), hub_counts(hub_url)
        with pytest.raises(DuchabanError, match=refusal + ".*本机和办公室数据库都未作修改"):
            sync_with_hub(copied, liu_url)
        assert logical_dump(copied) == before
        assert hub_counts(hub_url) == at_hub
        # Pushed without the sync's first look (as by an older program), the hub's transaction refuses it.
        with connect_hub(liu_url) as conn, pytest.raises(DuchabanError, match=refusal):
            push(copied, conn)
        assert logical_dump(copied) == before
        assert hub_counts(hub_url) == at_hub
        # The hub's owner passes row-level security; the program still keeps one login to a machine.
        with pytest.raises(DuchabanError, match=refusal):
            sync_with_hub(copied, hub_url)
        assert logical_dump(copied) == before and hub_counts(hub_url) == at_hub
    assert registered(hub_url)[get_setting(chen, MACHINE_ID)] == "陈静"
    # 陈静 herself still syncs her laptop; 刘洋 starts one of his own with hub clone.
    assert sync_with_hub(chen, login_url(hub_url, *CHEN)).pulled.inserted.get("inspection") == 1
    clone_from_hub(liu_url, folder / "liu.dcb")
    with open_database(folder / "liu.dcb") as liu:
        inspect(liu, "刘洋的检查")
        assert sync_with_hub(liu, liu_url).pushed == {"inspection": 1, "finding": 1}
        assert registered(hub_url)[get_setting(liu, MACHINE_ID)] == "刘洋"


def test_a_hub_of_version_3_gives_each_origin_to_its_earliest_pusher(laptops, hub_url):
    office_path, folder = laptops
    change = ("INSERT INTO hub_change (origin, table_name, uuid, revision, version, history, record, pushed_by)"
              " VALUES (%s, 'old_kind', %s, 1, 'v1', '[]', '{}', %s)")   # rows no pull takes in
    with connect_hub(hub_url) as conn:       # a hub as the program of version 3 left it, pushed by three logins
        for version in (1, 2, 3):
            conn.execute(MIGRATIONS[version])
        conn.execute("INSERT INTO hub_meta (key, value) VALUES ('version', '3'), ('hub_id', 'hub-3')")
        conn.execute("INSERT INTO hub_origin (origin, machine) VALUES ('chen', 'A'), ('liu', 'B'), ('idle', 'C')")
        for origin, uuid_value, who in (("chen", "f1", "刘洋"), ("chen", "f2", "陈静"), ("liu", "f3", "刘洋"),
                                        ("liu", "f4", "陈静"), ("unlisted", "f5", "陈静")):
            conn.execute(change, [origin, uuid_value, who])
        # The audit log's first pusher counts first: the change log's first row may be a later sync's.
        conn.execute("INSERT INTO hub_audit (origin, id, prev_hash, hash, pushed_by) VALUES"
                     " ('chen', 2, 'a', 'b', '王建国'), ('chen', 1, 'g', 'a', '陈静')")
    with open_database(office_path) as db:
        assert init_hub(db, hub_url)["upgraded_from"] == 3
        owner_origin = get_setting(db, MACHINE_ID)
    with connect_hub(hub_url) as conn:
        owner = conn.execute("SELECT current_user").fetchone()[0]
        assert conn.execute("SELECT value FROM hub_meta WHERE key = 'version'").fetchone() == ("4",)
    assert registered(hub_url) == {"chen": "陈静", "liu": "刘洋", "unlisted": "陈静", "idle": None,
                                   owner_origin: owner}
    add_staff_login(hub_url, name=CHEN[0], password=CHEN[1], confidential=True)
    add_staff_login(hub_url, name=LIU[0], password=LIU[1])
    liu_url = login_url(hub_url, *LIU)
    clone_from_hub(liu_url, folder / "liu.dcb")
    with open_database(folder / "liu.dcb") as liu:
        # A laptop whose origin is 陈静's (her database, copied) is refused to 刘洋 ...
        set_setting(liu, MACHINE_ID, "chen")
        before = logical_dump(liu)
        with pytest.raises(DuchabanError, match="此前由“陈静”的账号同步"):
            sync_with_hub(liu, liu_url)
        assert logical_dump(liu) == before
        # ... and an origin no login holds yet goes to the first that syncs it.
        set_setting(liu, MACHINE_ID, "idle")
        inspect(liu, "刘洋的检查")
        assert sync_with_hub(liu, liu_url).pushed == {"inspection": 1, "finding": 1}
    assert registered(hub_url)["idle"] == "刘洋"
    with psycopg.connect(login_url(hub_url, *CHEN)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("INSERT INTO hub_audit (origin, id, prev_hash, hash) VALUES ('idle', 99, 'x', 'y')")


def test_the_window_says_a_refused_sync_is_not_a_network_problem(office, hub_url, qtbot, tmp_path, message_boxes):
    from PySide6.QtCore import QSettings

    from duchaban.ui.main_window import MainWindow

    _, chen, folder = office
    chen.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = copy_database(folder / "chen.dcb", folder / "copy.dcb")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("hub/url", login_url(hub_url, *LIU))
    window = MainWindow(open_database(copy), copy, settings, operator="刘洋")
    qtbot.addWidget(window)
    job = window.hub_sync.sync(interactive=False)
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    label = window.hub_sync.label
    assert "同步未完成" in label.text() and "未连接" not in label.text() and message_boxes == []
    assert "此前由“陈静”的账号同步到办公室数据库" in label.toolTip()
