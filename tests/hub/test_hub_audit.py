"""Each machine's audit log is gathered at the hub per origin: `check --hub` finds each chain whole,
or says where it is not; a bulletin's verification code is checked against the log of the machine
that issued it; a database file copied to a second machine is refused rather than mixing two logs."""

import os
import subprocess
import sys
from datetime import date

import pytest
from helpers import logical_dump
from hub.conftest import copy_database
from hub.test_hub_bulletins import issue, login_url

from duchaban.core.errors import DuchabanError
from duchaban.hub.connection import connect_hub
from duchaban.services.office_hub import (
    add_staff_login,
    check_code_at_hub,
    check_hub,
    clone_from_hub,
    init_hub,
    sync_with_hub,
)
from duchaban.store.audit import verify_code
from duchaban.store.database import open_database
from duchaban.store.inspections import record_inspection_with_findings


@pytest.fixture
def office(laptops, hub_url):
    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    clone_from_hub(hub_url, folder / "a.dcb")
    a = open_database(folder / "a.dcb")
    record_inspection_with_findings(a, kind="open", title="防汛检查", started_on=date(2021, 7, 20), plan_id=1,
                                    inspectors=["陈静"], units=["区水利局"], who="陈静",
                                    findings=[{"unit": "区水利局", "description": "防汛物资不足",
                                               "reported_by": "陈静"}])
    sync_with_hub(a, hub_url)
    sync_with_hub(db, hub_url)
    yield db, a, folder
    db.close()
    a.close()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "duchaban", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)


def test_each_machines_log_is_gathered_whole_and_the_command_says_so(office, hub_url):
    db, a, _ = office
    chains = {c.origin: c for c in check_hub(hub_url).chains}
    origins = {each.execute("SELECT value FROM setting WHERE key = 'machine_id'").fetchone()[0]: each
               for each in (db, a)}
    assert set(chains) == set(origins)
    for origin, each in origins.items():
        sent = int(each.execute("SELECT value FROM setting WHERE key LIKE 'hub.%.audit_pushed'").fetchone()[0])
        assert chains[origin].rows == sent > 0 and chains[origin].problems == []
    result = cli("check", "--hub", hub_url)
    assert result.returncode == 0, result.stderr
    assert "各台电脑的操作日志都完整" in result.stdout


def test_a_row_edited_or_removed_at_the_hub_is_found(office, hub_url):
    db, _, _ = office
    origin = db.execute("SELECT value FROM setting WHERE key = 'machine_id'").fetchone()[0]
    with connect_hub(hub_url) as conn:
        conn.execute("UPDATE hub_audit_row SET row = jsonb_set(row, '{who}', '\"某人\"') WHERE origin = %s AND id = 3",
                     [origin])
    problems = {c.origin: c.problems for c in check_hub(hub_url).chains}
    assert problems[origin] == ["第 3 条的内容与其校验值不符(被改动过)"]
    with connect_hub(hub_url) as conn:
        conn.execute("DELETE FROM hub_audit_row WHERE origin = %s AND id = 5", [origin])
        conn.execute("DELETE FROM hub_audit WHERE origin = %s AND id = 5", [origin])
    assert {c.origin: c.problems for c in check_hub(hub_url).chains}[origin] == ["缺少第 5–5 条"]
    result = cli("check", "--hub", hub_url)
    assert result.returncode != 0 and "1 台电脑的操作日志有问题" in result.stdout


def test_a_bulletin_code_is_checked_against_the_issuing_machines_log_at_the_hub(office, hub_url, tmp_path):
    db, a, _ = office
    issued = issue(a, tmp_path, "第1期", "张伟")
    sync_with_hub(a, hub_url)
    sync_with_hub(db, hub_url)
    code = issued["check_code"]
    assert verify_code(db, code) is not None        # the office's own log never held it
    assert check_code_at_hub(hub_url, code) is None
    result = cli("check", "--hub", hub_url, "--code", code)
    assert result.returncode == 0 and "有效" in result.stdout, result.stderr
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert "相符" in check_code_at_hub(hub_url, wrong) or "不符" in check_code_at_hub(hub_url, wrong)
    assert cli("check", "--hub", hub_url, "--code", "不是校验码").returncode != 0


def test_staff_not_cleared_check_the_links_of_rows_they_may_not_read(office, hub_url):
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    chains = check_hub(login_url(hub_url, "刘洋", "liuyang-2021")).chains
    assert any(c.hidden for c in chains)        # the office's 暗访 rows
    assert all(c.problems == [] for c in chains)
    with connect_hub(login_url(hub_url, "刘洋", "liuyang-2021")) as conn:
        import psycopg

        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM hub_audit")


def test_a_database_file_copied_to_a_second_machine_is_refused_not_mixed_in(office, hub_url):
    _, a, folder = office
    a.execute("PRAGMA wal_checkpoint(TRUNCATE)")        # the file as it stands, as a person would copy it
    copy = copy_database(folder / "a.dcb", folder / "copy.dcb")
    for each, title in ((a, "甲"), (None, "乙")):
        target = each or open_database(copy)
        record_inspection_with_findings(target, kind="open", title=title, started_on=date(2021, 7, 22), plan_id=1,
                                        inspectors=["陈静"], units=["区水利局"], findings=[], who="陈静")
        if each is None:
            target.close()
    sync_with_hub(a, hub_url)
    with open_database(copy) as copied:
        before = logical_dump(copied)
        with pytest.raises(DuchabanError, match="从另一台电脑复制来的"):
            sync_with_hub(copied, hub_url)
        # The pull before the refused push is kept (it is everyone's); nothing of the copy's reached the hub.
        assert logical_dump(copied) != before
    with connect_hub(hub_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub_change WHERE record->>'title' = '乙'").fetchone()[0] == 0
