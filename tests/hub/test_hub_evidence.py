"""Evidence files travel by hash: the hub keeps each file once, sync and clone bring only the evidence
rows, and a laptop fetches a file the first time it is opened (or all of them before going to the
field), verified against its sha256. A real PostgreSQL, real files, the CLI as a subprocess."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.hub.base_copy import fetch_file
from duchaban.hub.connection import connect_hub
from duchaban.services.evidence_fetch import evidence_path, fetch_evidence
from duchaban.services.office_hub import add_staff_login, clone_from_hub, init_hub, sync_with_hub
from duchaban.store.check import check_database
from duchaban.store.database import open_database, opened_database
from duchaban.store.evidence import absent_evidence, add_evidence, stored_path

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none"


def _login_url(hub_url: str, name: str, password: str) -> str:
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(hub_url)
    return urlunsplit(parts._replace(netloc=f"{quote(name)}:{quote(password)}@{parts.hostname}:{parts.port}"))


@pytest.fixture
def office(laptops, hub_url):
    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    yield db
    db.close()


@pytest.fixture
def laptop(office, hub_url, laptops):
    """A laptop cloned from the hub (the owner's login: it sees everything)."""
    path = laptops[1] / "a.dcb"
    summary = clone_from_hub(hub_url, path, who="陈静")
    assert summary["files_waiting"] == len({sha for sha, _ in absent_evidence(office)} | {
        sha for (sha,) in office.execute("SELECT sha256 FROM evidence")})
    db = open_database(path)
    yield db
    db.close()


def _files(db) -> list[Path]:
    folder = Path(f"{db.conn.execute('PRAGMA database_list').fetchone()[2]}.files")
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_clone_and_sync_bring_the_rows_and_opening_fetches_the_verified_file(office, laptop, hub_url, tmp_path):
    rows = laptop.execute("SELECT sha256, file_name FROM evidence ORDER BY id").fetchall()
    assert rows and _files(laptop) == []
    assert len(absent_evidence(laptop)) == len(rows)
    # Not a problem on a machine that meets the hub: a note saying where the files are.
    report = check_database(laptop)
    assert report.ok, report.problems
    assert any("尚未从办公室数据库取回" in note for note in report.notes)
    # A file added at the office after the clone: sync brings its row, not the file.
    photo = tmp_path / "新增现场照片.png"
    photo.write_bytes(b"\x89PNG new photo of the site")
    finding = office.execute("SELECT uuid FROM finding ORDER BY id LIMIT 1").fetchone()[0]
    add_evidence(office, path=photo, owner_kind="finding", owner_uuid=finding, who="王建国")
    assert sync_with_hub(office, hub_url).files_sent == 1
    pulled = sync_with_hub(laptop, hub_url)
    assert pulled.pulled.inserted.get("evidence") == 1 and pulled.files_waiting == 1
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert not stored_path(laptop, sha, photo.name).exists()
    # Opening it fetches it: present, and its bytes hash to the record's sha256.
    path = evidence_path(laptop, hub_url, sha, photo.name)
    assert path == stored_path(laptop, sha, photo.name) and path.read_bytes() == photo.read_bytes()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert not list(path.parent.glob("*.partial"))
    # Opened again: the local copy, no hub needed.
    assert evidence_path(laptop, UNREACHABLE, sha, photo.name) == path


def test_a_file_tampered_with_at_the_hub_is_refused_and_not_stored(office, laptop, hub_url):
    sha, name = laptop.execute("SELECT sha256, file_name FROM evidence ORDER BY id LIMIT 1").fetchone()
    with connect_hub(hub_url) as conn:
        conn.execute("UPDATE hub_file SET data = %s WHERE sha256 = %s", [b"not the evidence", sha])
    before = logical_dump(laptop)
    with pytest.raises(DuchabanError, match="校验值不符.*已拒收"):
        evidence_path(laptop, hub_url, sha, name)
    assert _files(laptop) == [] and logical_dump(laptop) == before
    report = fetch_evidence(laptop, hub_url, only={sha})
    assert report.refused == [name] and report.fetched == [] and _files(laptop) == []


def test_an_unreachable_hub_says_where_the_file_is_and_changes_nothing(laptop):
    sha, name = laptop.execute("SELECT sha256, file_name FROM evidence ORDER BY id LIMIT 1").fetchone()
    before = logical_dump(laptop)
    with pytest.raises(DuchabanError) as caught:
        evidence_path(laptop, UNREACHABLE, sha, name)
    message = str(caught.value)
    assert f"佐证文件“{name}”保存在办公室数据库中" in message and "连接办公室网络后即可打开" in message
    assert "Traceback" not in message and "无法连接办公室数据库" in message
    with pytest.raises(DuchabanError, match="填写办公室数据库的地址"):
        evidence_path(laptop, None, sha, name)
    assert _files(laptop) == [] and logical_dump(laptop) == before


def test_a_machine_without_a_hub_reports_a_missing_file_as_a_problem(laptops, tmp_path):
    from hub.conftest import copy_database

    office_path, folder = laptops
    lone = copy_database(office_path, folder / "lone.dcb")
    with opened_database(lone) as db:
        sha, name = db.execute("SELECT sha256, file_name FROM evidence ORDER BY id LIMIT 1").fetchone()
        stored_path(db, sha, name).unlink()
        report = check_database(db)
        assert not report.ok and any(p.startswith(f"佐证文件缺失:“{name}”") for p in report.problems)
        with pytest.raises(DuchabanError, match="佐证文件缺失"):
            evidence_path(db, None, sha, name)


def _cli(*argv) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "duchaban", *argv], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def test_evidence_fetch_all_from_the_cli_before_going_to_the_field(laptop, hub_url):
    path = laptop.execute("PRAGMA database_list").fetchone()[2]
    waiting = {sha for sha, _ in absent_evidence(laptop)}
    refused = _cli("evidence", "fetch", "--hub", hub_url, "--db", path)
    assert refused.returncode != 0 and "--all" in refused.stderr and "Traceback" not in refused.stderr
    done = _cli("evidence", "fetch", "--hub", hub_url, "--db", path, "--all", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["fetched"]) == len(waiting) and report["refused"] == report["unavailable"] == []
    assert absent_evidence(laptop) == []
    for sha, name in laptop.execute("SELECT sha256, file_name FROM evidence"):
        assert hashlib.sha256(stored_path(laptop, sha, name).read_bytes()).hexdigest() == sha
    assert not any("尚未从办公室数据库取回" in n for n in check_database(laptop).notes)
    again = _cli("evidence", "fetch", "--hub", UNREACHABLE, "--db", path, "--all")
    assert again.returncode == 0 and again.stdout.startswith("已取回佐证文件 0 个")    # nothing to fetch: no hub needed
    offline = _cli("evidence", "fetch", "--hub", UNREACHABLE, "--db", path, "--sha256", "0" * 64)
    assert offline.returncode != 0 and "没有校验值为" in offline.stderr


def test_a_login_not_cleared_for_unannounced_inspections_cannot_fetch_their_files(office, hub_url, laptops, tmp_path):
    import psycopg

    secret_uuid = office.execute("SELECT uuid FROM inspection WHERE confidential = 1").fetchone()[0]
    secret = tmp_path / "暗访现场.png"
    secret.write_bytes(b"\x89PNG unannounced visit")
    add_evidence(office, path=secret, owner_kind="inspection", owner_uuid=secret_uuid, who="王建国")
    sync_with_hub(office, hub_url)
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    add_staff_login(hub_url, name="陈静", password="chenjing-2021", confidential=True)
    add_staff_login(hub_url, name="刘洋", password="liuyang-2021")
    # Asked of PostgreSQL directly, as each role: the policy is the protection, not our client.
    for name, password, sees in (("陈静", "chenjing-2021", 1), ("刘洋", "liuyang-2021", 0)):
        with psycopg.connect(_login_url(hub_url, name, password)) as conn:
            assert conn.execute("SELECT count(*) FROM hub_file WHERE sha256 = %s", [sha]).fetchone()[0] == sees
            assert (fetch_file(conn, sha) is not None) == bool(sees)
    liu_url = _login_url(hub_url, "刘洋", "liuyang-2021")
    clone_from_hub(liu_url, laptops[1] / "liu.dcb")
    with opened_database(laptops[1] / "liu.dcb") as liu:
        assert liu.execute("SELECT count(*) FROM evidence WHERE sha256 = ?", [sha]).fetchone()[0] == 0
        report = fetch_evidence(liu, liu_url)
        assert report.unavailable == [] and report.refused == []
        assert not stored_path(liu, sha, secret.name).exists()
    chen_url = _login_url(hub_url, "陈静", "chenjing-2021")
    clone_from_hub(chen_url, laptops[1] / "chen.dcb")
    with opened_database(laptops[1] / "chen.dcb") as chen:
        assert evidence_path(chen, chen_url, sha, secret.name).read_bytes() == secret.read_bytes()


def test_a_field_package_asks_for_the_files_still_at_the_hub_first(laptop, hub_url, tmp_path):
    from duchaban.services.field_exchange import export_field_package

    before = logical_dump(laptop)
    with pytest.raises(DuchabanError, match="本机尚未取回.*evidence fetch --all"):
        export_field_package(laptop, everything=True, out=tmp_path / "外勤.dcbx")
    assert logical_dump(laptop) == before and not (tmp_path / "外勤.dcbx").exists()
    fetch_evidence(laptop, hub_url)
    manifest = export_field_package(laptop, everything=True, out=tmp_path / "外勤.dcbx")
    assert manifest["counts"]["evidence"] > 0 and (tmp_path / "外勤.dcbx").exists()
