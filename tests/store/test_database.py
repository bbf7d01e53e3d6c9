import sqlite3
import subprocess
import sys

import pytest

from duchaban.core.errors import StoreError
from duchaban.store import migrations
from duchaban.store.database import open_database


def test_new_file_has_wal_foreign_keys_and_latest_version(tmp_path):
    db = open_database(tmp_path / "a.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert migrations.schema_version(db.conn) == migrations.LATEST_VERSION
    assert {"plan", "task", "unit", "assignment", "audit_log", "task_search"} <= set(db.table_names())
    db.close()


def test_schema_file_declares_the_latest_version():
    from duchaban.assets import schema_path

    text = schema_path().read_text(encoding="utf-8")
    assert f"PRAGMA user_version = {migrations.LATEST_VERSION};" in text
    assert sorted(migrations.MIGRATIONS) == list(range(2, migrations.LATEST_VERSION + 1))


def test_reopening_keeps_data(tmp_path):
    path = tmp_path / "a.sqlite"
    db = open_database(path)
    db.execute("INSERT INTO staff (uuid, name, created_at) VALUES ('u', '张三', 'now')")
    db.close()
    db = open_database(path)
    assert db.execute("SELECT name FROM staff").fetchone()[0] == "张三"
    db.close()


def test_foreign_keys_are_enforced(fresh_db):
    with pytest.raises(sqlite3.IntegrityError):
        fresh_db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES ('x', 999)")


def test_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes("这不是数据库".encode() * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="不是有效的督查办数据库"):
        open_database(path)
    assert path.read_bytes() == before


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是督查办的数据库"):
        open_database(path)


def test_newer_schema_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        open_database(path)


def test_missing_file_without_create(tmp_path):
    with pytest.raises(StoreError, match="找不到数据库文件"):
        open_database(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="文件夹"):
        open_database(tmp_path)


def _schema(conn) -> list[tuple]:
    return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def test_a_version_1_file_steps_up_to_the_same_schema_as_a_fresh_one(tmp_path, data_dir):
    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript((data_dir / "schema-v1.sql").read_text(encoding="utf-8"))
    conn.execute("INSERT INTO staff (uuid, name, created_at) VALUES ('u', '张三', 'now')")
    conn.commit()
    conn.close()
    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.sqlite")
    assert migrations.schema_version(upgraded.conn) == migrations.LATEST_VERSION
    assert _schema(upgraded.conn) == _schema(fresh.conn)
    assert upgraded.execute("SELECT name FROM staff").fetchone()[0] == "张三"
    upgraded.close()
    fresh.close()


def test_the_default_database_keeps_an_existing_file_under_the_earlier_name(tmp_path, monkeypatch):
    from duchaban.store.database import default_database_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_path() == tmp_path / "duchaban" / "duchaban.dcb"
    (tmp_path / "duchaban").mkdir()
    (tmp_path / "duchaban" / "duchaban.sqlite").write_bytes(b"")
    assert default_database_path() == tmp_path / "duchaban" / "duchaban.sqlite"


def test_a_version_2_file_with_records_gets_their_revisions(tmp_path, data_dir):
    old = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript((data_dir / "schema-v1.sql").read_text(encoding="utf-8"))
    conn.executescript(migrations.MIGRATIONS[2] + "\nPRAGMA user_version = 2;")
    conn.execute("INSERT INTO inspection (uuid, kind, title, created_at, updated_at)"
                 " VALUES ('i-1', 'open', '老记录', 'then', 'then')")
    conn.commit()
    conn.close()
    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.sqlite")
    assert _schema(upgraded.conn) == _schema(fresh.conn)
    assert upgraded.execute("SELECT revision, version, change_seq FROM row_version WHERE uuid = 'i-1'").fetchone() \
        == (1, "legacy:i-1", 1)
    upgraded.execute("UPDATE inspection SET title = '改过' WHERE uuid = 'i-1'")
    revision, version, history, seq = upgraded.execute(
        "SELECT revision, version, history, change_seq FROM row_version WHERE uuid = 'i-1'").fetchone()
    assert (revision, history, seq) == (2, '["legacy:i-1"]', 2) and len(version) == 32
    upgraded.close()
    fresh.close()


def test_the_windows_first_reads_need_no_sqlite_utils_and_a_write_then_uses_the_same_connection(sample_db_path):
    # The window shows the plan from these reads before sqlite-utils is imported (SPEC §7 start-up);
    # the first write turns the same object, on the same connection, into the sqlite-utils Database.
    code = f"""
import sys
from duchaban.store.browse import plan_counts, section_rows, task_rows, unit_rows
from duchaban.store.database import data_version, open_database
from duchaban.store.browse import list_plans
from duchaban.store.settings import as_of_date
db = open_database({str(sample_db_path)!r}, create=False)
conn = db.conn
plan_id = list_plans(db)[0]["id"]
shown = (len(section_rows(db, plan_id)), len(task_rows(db, plan_id=plan_id)), len(unit_rows(db, plan_id=plan_id)),
         plan_counts(db, plan_id)["tasks"], str(as_of_date(db)), data_version(db))
assert "sqlite_utils" not in sys.modules, "imported by the first reads"
assert all(shown[:4]), shown
with db.atomic():
    db["staff"].insert({{"uuid": "u-1", "name": "张三", "created_at": "now"}})
assert "sqlite_utils" in sys.modules and type(db).__name__ == "DuchabanDatabase" and db.conn is conn
assert db.execute("SELECT name FROM staff WHERE uuid = 'u-1'").fetchone()[0] == "张三"
db.close()
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_a_just_opened_database_answers_like_sqlite_utils(fresh_db_path, fresh_db):
    from sqlite_utils import Database

    from tests.helpers import logical_dump

    opened = open_database(fresh_db_path, create=False)
    reference = Database(fresh_db.conn, execute_plugins=False)
    try:
        for sql in ("SELECT 1 AS a, 2 AS a, 3 AS b", "WITH x AS (SELECT 'updated' AS v) SELECT v, v FROM x",
                    "  select name from sqlite_master where name = 'task'"):
            assert list(opened.query(sql)) == list(reference.query(sql)), sql
        before = logical_dump(opened)
        # A WITH that writes is judged by sqlite-utils, which refuses a row-less statement and undoes it.
        with pytest.raises(ValueError):
            opened.query("WITH x AS (SELECT 'u-2', '李四', 'now') INSERT INTO staff (uuid, name, created_at)"
                         " SELECT * FROM x")
        assert logical_dump(opened) == before
        opened.execute("INSERT INTO staff (uuid, name, created_at) VALUES ('u-3', '王五', 'now')")
        assert not opened.conn.in_transaction       # committed, as sqlite-utils' execute() does
    finally:
        opened.close()


def test_a_version_5_file_names_its_ledgers_by_what_they_are_and_offers_them_once(tmp_path, data_dir):
    from duchaban.core.ledger import report_uuid, submission_uuid

    old = tmp_path / "v5.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript((data_dir / "schema-v1.sql").read_text(encoding="utf-8"))
    conn.executescript("\n".join(migrations.MIGRATIONS[v] for v in range(2, 6)) + "\nPRAGMA user_version = 5;")
    conn.executescript("""
        INSERT INTO plan (id, uuid, year, title, source_name, source_sha256, imported_at)
            VALUES (1, 'plan-1', 2021, '方案', 'a.docx', 'x', 'then');
        INSERT INTO task (id, uuid, plan_id, number, text) VALUES (1, 'task-1', 1, 1, '任务');
        INSERT INTO unit (id, uuid, name, kind, created_at) VALUES (1, 'unit-1', '区水利局', 'department', 'then');
        INSERT INTO reporting_period (id, code, kind, starts_on, ends_on, due_on)
            VALUES (1, '2021Q2', 'quarter', '2021-04-01', '2021-06-30', '2021-07-05');
        INSERT INTO submission (id, uuid, plan_id, unit_id, period_id, file_name, sha256, imported_at, verdict)
            VALUES (1, 'random-s', 1, 1, 1, 'a.xlsx', 'abc', 'then', 'accepted');
        INSERT INTO progress_entry (uuid, task_id, unit_id, period_id, submission_id, status, reported_at)
            VALUES ('random-p', 1, 1, 1, 1, 'in_progress', 'then');
        INSERT INTO evidence (id, uuid, sha256, file_name, size, added_at) VALUES (1, 'e-1', 'f', 'a.jpg', 1, 'then');
        INSERT INTO evidence_link (evidence_id, owner_kind, owner_uuid) VALUES (1, 'progress_entry', 'random-p');
    """)
    seq_before = conn.execute("SELECT seq FROM change_counter").fetchone()[0]
    conn.commit()
    conn.close()
    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.sqlite")
    assert _schema(upgraded.conn) == _schema(fresh.conn)
    report = report_uuid("task-1", "unit-1", "2021Q2")
    assert upgraded.execute("SELECT uuid FROM progress_entry").fetchone()[0] == report
    assert upgraded.execute("SELECT uuid FROM submission").fetchone()[0] == submission_uuid("abc")
    assert upgraded.execute("SELECT owner_uuid FROM evidence_link").fetchone()[0] == report
    # Both records wait to be sent (after anything sent before), under a version every copy shares.
    rows = upgraded.execute("SELECT table_name, version, change_seq FROM row_version"
                            " WHERE table_name IN ('submission', 'progress_entry') ORDER BY table_name").fetchall()
    assert rows == [("progress_entry", f"legacy:{report}", seq_before + 1),
                    ("submission", f"legacy:{submission_uuid('abc')}", seq_before + 1)]
    # Version 8 then offers the plan and its task, after them.
    assert upgraded.execute("SELECT seq FROM change_counter").fetchone()[0] == seq_before + 2
    assert upgraded.execute("SELECT change_seq FROM row_version WHERE uuid = 'task-1'").fetchone()[0] == seq_before + 2
    upgraded.close()
    fresh.close()


def test_a_version_7_file_gives_its_plan_revisions_and_a_task_edit_counts_as_one_change(tmp_path, data_dir):
    old = tmp_path / "v7.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript((data_dir / "schema-v1.sql").read_text(encoding="utf-8"))
    conn.create_function("ledger_report_uuid", 3, lambda *a: "r", deterministic=True)
    conn.create_function("ledger_submission_uuid", 1, lambda *a: "s", deterministic=True)
    conn.create_function("assessment_rule_set_uuid", 2, lambda *a: "a", deterministic=True)
    conn.executescript("\n".join(migrations.MIGRATIONS[v] for v in range(2, 8)) + "\nPRAGMA user_version = 7;")
    conn.executescript("""
        INSERT INTO plan (id, uuid, year, title, source_name, source_sha256, imported_at)
            VALUES (1, 'plan-1', 2021, '方案', 'a.docx', 'x', 'then');
        INSERT INTO section (id, uuid, plan_id, level, path_key, numeral, title)
            VALUES (1, 'sec-1', 1, 1, '1', '一、', '部分');
        INSERT INTO task (id, uuid, plan_id, section_id, number, text) VALUES (1, 'task-1', 1, 1, 1, '任务');
    """)
    seq_before = conn.execute("SELECT seq FROM change_counter").fetchone()[0]
    conn.commit()
    conn.close()
    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.sqlite")
    assert _schema(upgraded.conn) == _schema(fresh.conn)
    rows = upgraded.execute("SELECT table_name, version, change_seq FROM row_version"
                            " WHERE table_name IN ('plan', 'section', 'task') ORDER BY table_name").fetchall()
    assert rows == [("plan", "legacy:plan-1", seq_before + 1), ("section", "legacy:sec-1", seq_before + 1),
                    ("task", "legacy:task-1", seq_before + 1)]
    # A task's indicators are part of the task: adding one is a new revision of the task.
    upgraded.execute("INSERT INTO indicator (task_id, ordinal, clause, value, measure, comparator)"
                     " VALUES (1, 0, '增长8%', 8, '%', '>=')")
    revision, history = upgraded.execute("SELECT revision, history FROM row_version WHERE uuid = 'task-1'").fetchone()
    assert (revision, history) == (2, '["legacy:task-1"]')
    upgraded.close()
    fresh.close()
