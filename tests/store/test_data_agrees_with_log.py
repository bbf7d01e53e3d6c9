"""The data agrees with its history: rows changed with a SQLite tool, not the program, are named by `check`.

The tampering is done as a person at the office machine would: plain sqlite3 on the closed file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from duchaban.store import migrations
from duchaban.store.assessment import assess, save_rule_set
from duchaban.store.audit import GENESIS, _row_hash, verify_audit_chain
from duchaban.store.check import check_database
from duchaban.store.data_check import outside_change_messages
from duchaban.store.database import open_database, opened_database


def tamper(path, *statements) -> None:
    conn = sqlite3.connect(path)
    for sql, *params in statements:
        conn.execute(sql, *params)
    conn.commit()
    conn.close()


def problems(path) -> list[str]:
    with opened_database(path) as db:
        return check_database(db).problems


def last_logged(path, key: str) -> str:
    """'who,time UTC(操作日志第 N 条)' of the latest audit row that recorded ``key``'s digest."""
    conn = sqlite3.connect(path)
    log_id, who, at = conn.execute("SELECT id, who, at FROM audit_log WHERE digests LIKE ? ORDER BY id DESC LIMIT 1",
                                   [f'%"{key}":%']).fetchone()
    conn.close()
    return f"{who},{at[:10]} {at[11:16]} UTC(操作日志第 {log_id} 条)"


def test_the_demo_database_agrees_with_its_log(sample_db_path):
    assert problems(sample_db_path) == []


def test_a_task_text_edited_with_sqlite3_is_named(sample_db_path):
    tamper(sample_db_path, ("UPDATE task SET text = '全年完成招商引资 1 亿元' WHERE number = 47",))
    task_id = sqlite3.connect(sample_db_path).execute("SELECT id FROM task WHERE number = 47").fetchone()[0]
    assert problems(sample_db_path) == [
        f"任务“2021年方案第47项任务”在本程序之外被改动(任务内容);最后一次经本程序修改:"
        f"{last_logged(sample_db_path, f'task:{task_id}')}"]


def test_a_progress_percent_edited_with_sqlite3_is_named(sample_db_path):
    conn = sqlite3.connect(sample_db_path)
    entry_id, number, unit, period = conn.execute(
        "SELECT e.id, t.number, u.name, p.code FROM progress_entry e JOIN task t ON t.id = e.task_id"
        " JOIN unit u ON u.id = e.unit_id JOIN reporting_period p ON p.id = e.period_id"
        " WHERE e.percent < 90 ORDER BY e.id LIMIT 1").fetchone()
    conn.close()
    tamper(sample_db_path, ("UPDATE progress_entry SET percent = 100, status = 'completed' WHERE id = ?", [entry_id]))
    assert problems(sample_db_path) == [
        f"进展记录“2021年方案第{number}项任务 · {unit} · {period}”在本程序之外被改动(完成状态、完成比例);"
        f"最后一次经本程序修改:{last_logged(sample_db_path, f'progress_entry:{entry_id}')}"]


def test_an_assessment_score_edited_with_sqlite3_is_named(sample_db_path):
    with opened_database(sample_db_path) as db:
        scores, rules = assess(db, plan_id=1, measured_on=date(2021, 12, 31))
        save_rule_set(db, plan_id=1, rules=rules, scores=scores, who="张伟")
        assert check_database(db).ok
        rule_set_id, name = db.execute("SELECT id, name FROM assessment_rule_set").fetchone()
    tamper(sample_db_path, ("UPDATE assessment_score SET points = points + 5"
                            " WHERE unit_id = (SELECT id FROM unit WHERE name = '区发展改革委')",))
    unit_id = sqlite3.connect(sample_db_path).execute("SELECT id FROM unit WHERE name = '区发展改革委'").fetchone()[0]
    assert problems(sample_db_path) == [
        f"考核得分“{name} · 区发展改革委”在本程序之外被改动(得分);最后一次经本程序修改:"
        f"{last_logged(sample_db_path, f'assessment_score:{rule_set_id}|{unit_id}')}"]
    assert "张伟" in problems(sample_db_path)[0]


def test_a_row_inserted_with_sqlite3_is_named(sample_db_path):
    tamper(sample_db_path, ("INSERT INTO unit (uuid, name, kind, created_at)"
                            " VALUES ('9e0e-ghost', '区营商环境局', 'department', '2021-07-01T00:00:00Z')",))
    assert problems(sample_db_path) == ["单位“区营商环境局”是在本程序之外新增的:操作日志中没有它的记录"]


def test_a_row_deleted_with_sqlite3_is_named(sample_db_path):
    conn = sqlite3.connect(sample_db_path)
    followup_id, on_date, description = conn.execute(
        "SELECT fu.id, fu.on_date, f.description FROM finding_followup fu JOIN finding f ON f.id = fu.finding_id"
        " ORDER BY fu.id LIMIT 1").fetchone()
    conn.close()
    tamper(sample_db_path, ("DELETE FROM finding_followup WHERE id = ?", [followup_id]))
    assert problems(sample_db_path) == [
        f"跟踪记录“{on_date} {description[:24]}”在本程序之外被删除;最后一次经本程序修改:"
        f"{last_logged(sample_db_path, f'finding_followup:{followup_id}')}"]


def test_a_random_draw_changed_outside_is_named_in_chinese(sample_db_path):
    from duchaban.services.random_draw import random_draw, unit_pool

    with opened_database(sample_db_path) as db:
        random_draw(db, pool=unit_pool(db, plan_id=1), count=2, seed="2021-09", who="张伟")
    conn = sqlite3.connect(sample_db_path)
    draw_id, drawn_at = conn.execute("SELECT id, drawn_at FROM random_draw WHERE kind = 'units'").fetchone()
    conn.close()
    tamper(sample_db_path, ("UPDATE random_draw SET seed = 'forged' WHERE id = ?", [draw_id]))
    [found] = problems(sample_db_path)
    assert found.startswith(f"随机抽取“{drawn_at[:10]} 抽取单位”在本程序之外被改动(随机种子)"), found


def test_a_digest_edited_in_the_log_breaks_the_chain(sample_db_path):
    task_id = sqlite3.connect(sample_db_path).execute("SELECT id FROM task WHERE number = 47").fetchone()[0]
    key = f"task:{task_id}"
    conn = sqlite3.connect(sample_db_path)
    log_id, digests = conn.execute("SELECT id, digests FROM audit_log WHERE digests LIKE ? ORDER BY id DESC LIMIT 1",
                                   [f'%"{key}":%']).fetchone()
    conn.close()
    # The person edits the task, then writes the edited row's digest into the log row that recorded it.
    tamper(sample_db_path, ("UPDATE task SET text = '全年完成招商引资 1 亿元' WHERE id = ?", [task_id]))
    with opened_database(sample_db_path) as db:
        from duchaban.store.row_digest import digests_of
        forged = digests_of(db, "task", "WHERE r.id = ?", [task_id])
    entries = json.loads(digests)
    entries.update(forged)
    tamper(sample_db_path, ("DROP TRIGGER audit_log_no_update",),
           ("UPDATE audit_log SET digests = ? WHERE id = ?",
            [json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")), log_id]))
    assert problems(sample_db_path) == [f"操作日志第 {log_id} 条的校验值不符,日志可能被改动"]


def _legacy_version_5_file(path, data_dir) -> None:
    """A file as version 5 wrote it: records, and an audit row hashed without digests."""
    conn = sqlite3.connect(path)
    conn.executescript((data_dir / "schema-v1.sql").read_text(encoding="utf-8"))
    for version in range(2, 6):
        conn.executescript(migrations.MIGRATIONS[version] + f"\nPRAGMA user_version = {version};")
    conn.execute("INSERT INTO unit (uuid, name, kind, created_at) VALUES ('u-1', '区发展改革委', 'department', 'then')")
    conn.execute("INSERT INTO plan (uuid, year, title, source_name, source_sha256, imported_at)"
                 " VALUES ('p-1', 2021, '2021年方案', 'plan.txt', 'x', 'then')")
    conn.execute("INSERT INTO task (uuid, plan_id, number, text) VALUES ('t-1', 1, 1, '原来的任务')")
    after = json.dumps({"name": "区发展改革委"}, ensure_ascii=False)
    digest = _row_hash(GENESIS, "2021-01-01T00:00:00Z", "张伟", "insert", "unit", "u-1", None, after)
    conn.execute("INSERT INTO audit_log (at, who, action, table_name, row_key, before, after, prev_hash, hash)"
                 " VALUES ('2021-01-01T00:00:00Z', '张伟', 'insert', 'unit', 'u-1', NULL, ?, ?, ?)",
                 [after, GENESIS, digest])
    conn.commit()
    conn.close()


def test_a_version_5_file_gets_a_baseline_and_is_checked_from_then_on(tmp_path, data_dir):
    path = tmp_path / "v5.dcb"
    _legacy_version_5_file(path, data_dir)
    with opened_database(path) as db:
        assert migrations.schema_version(db.conn) == migrations.LATEST_VERSION
        baseline = db.execute("SELECT id, row_key, digests FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        assert baseline[:2] == (2, "基线")
        assert set(json.loads(baseline[2])) == {"unit:1", "plan:1", "task:1"}
        assert check_database(db).problems == []
    tamper(path, ("UPDATE task SET text = '改过的任务' WHERE id = 1",))
    assert problems(path) == ["任务“2021年方案第1项任务”在本程序之外被改动(任务内容);最后一次经本程序记录:基线,"
                              f"{baseline_time(path)} UTC(操作日志第 2 条:结构版本 5 升级到 "
                              f"{migrations.LATEST_VERSION} 时全部记录的摘要)"]


def baseline_time(path) -> str:
    at = sqlite3.connect(path).execute("SELECT at FROM audit_log WHERE row_key = '基线'").fetchone()[0]
    return f"{at[:10]} {at[11:16]}"


def test_the_baseline_is_covered_by_the_chain(tmp_path, data_dir):
    path = tmp_path / "v5.dcb"
    _legacy_version_5_file(path, data_dir)
    open_database(path).close()
    conn = sqlite3.connect(path)
    digests = json.loads(conn.execute("SELECT digests FROM audit_log WHERE id = 2").fetchone()[0])
    conn.close()
    digests["task:1"] = "0" * 16 + digests["task:1"][16:]
    tamper(path, ("DROP TRIGGER audit_log_no_update",),
           ("UPDATE audit_log SET digests = ? WHERE id = 2", [json.dumps(digests, ensure_ascii=False)]))
    assert "操作日志第 2 条的校验值不符,日志可能被改动" in problems(path)


def test_the_command_line_prints_the_finding_like_every_other_problem(sample_db_path, capsys):
    from duchaban.cli import main

    tamper(sample_db_path, ("INSERT INTO unit (uuid, name, kind, created_at)"
                            " VALUES ('9e0e-ghost', '区营商环境局', 'department', '2021-07-01T00:00:00Z')",))
    assert main(["check", "--db", str(sample_db_path)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == ["单位“区营商环境局”是在本程序之外新增的:操作日志中没有它的记录"]
    assert out.splitlines()[-1] == "发现 1 个问题"


def test_the_public_base_copy_starts_its_log_with_a_baseline(sample_db, tmp_path):
    from duchaban.store.snapshot import write_public_copy

    copy = write_public_copy(sample_db, tmp_path / "base.sqlite")
    with opened_database(copy) as db:
        assert db.execute("SELECT row_key FROM audit_log").fetchall() == [("基线",)]
        assert check_database(db).problems == []
    tamper(copy, ("DELETE FROM unit_alias WHERE alias = '区发改委'",))
    assert problems(copy) == [f"单位别名“区发改委(区发展改革委)”在本程序之外被删除;最后一次经本程序记录:基线,"
                              f"{baseline_time(copy)} UTC(操作日志第 1 条:基础数据副本,本机的操作日志从这里开始)"]


def test_a_whole_table_edited_names_the_first_rows_and_counts_the_rest(sample_db_path):
    from duchaban.store.data_check import SHOWN

    conn = sqlite3.connect(sample_db_path)
    changed = conn.execute("SELECT count(*) FROM progress_entry WHERE percent IS NOT 100").fetchone()[0]
    conn.close()
    tamper(sample_db_path, ("UPDATE progress_entry SET percent = 100",))
    found = problems(sample_db_path)
    assert found[0].endswith("项任务的最新进展缓存与台账不符(如任务 id 2),请重建")   # the cache check's own finding
    found = found[1:]
    assert len(found) == SHOWN + 1
    assert all(p.startswith("进展记录“") and "在本程序之外被改动(完成比例)" in p for p in found[:SHOWN])
    assert found[-1] == f"进展记录共有 {changed} 行在本程序之外被改动,以上只列出前 {SHOWN} 行"


def test_a_later_schema_step_keeps_what_disagreed_and_rebaselines_the_rest(sample_db_path, monkeypatch):
    """The next step adds a column to the tasks (every task's digest changes): the upgrade's baseline
    takes the tasks that agreed with the log, and the one edited outside the program stays named."""
    tamper(sample_db_path, ("UPDATE task SET text = '全年完成招商引资 1 亿元' WHERE number = 47",))
    before = problems(sample_db_path)
    assert len(before) == 1 and before[0].startswith("任务“2021年方案第47项任务”在本程序之外被改动(任务内容)")
    step = migrations.LATEST_VERSION + 1
    monkeypatch.setitem(migrations.MIGRATIONS, step, "ALTER TABLE task ADD COLUMN weight REAL NOT NULL DEFAULT 1;")
    monkeypatch.setattr(migrations, "LATEST_VERSION", step)
    with opened_database(sample_db_path) as db:
        assert migrations.schema_version(db.conn) == step
        assert db.execute("SELECT row_key FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "基线"
        assert verify_audit_chain(db) is None
        assert outside_change_messages(db) == before      # check's own words (its schema line knows no step 7)


def test_a_rows_digest_is_fixed_for_good():
    # Digests written into earlier logs are compared with digests computed today: the function
    # must give the same text for the same values in every later version.
    from duchaban.store.row_digest import row_digest

    assert row_digest([1, "任务内容", None, 75.0, "x"]) == "02eac04710230225fb71b6ff11fffe2"


def _digest_as_defined(values) -> str:
    # The definition: the sha256 of the columns' reprs joined by NUL, UTF-8 (16 hex), then each
    # column's crc32 of its repr, low 12 bits, as 3 hex. row_digest computes the same faster.
    import hashlib
    import zlib

    whole = hashlib.sha256("\x00".join(repr(v) for v in values).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return whole + "".join(format(zlib.crc32(repr(v).encode("utf-8", "surrogatepass")) & 0xFFF, "03x")
                           for v in values)


def test_row_digest_is_its_definition_for_any_row():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from duchaban.store.row_digest import row_digest

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text())))
    def same(values):
        assert row_digest(values) == _digest_as_defined(values)

    same()
