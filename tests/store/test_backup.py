"""Backups with the online backup API: taken, rotated, summarised, restored."""

import sqlite3

import pytest

from duchaban.core.errors import StoreError
from duchaban.store.audit import verify_audit_chain
from duchaban.store.backup import (
    backup_database,
    backup_if_changed,
    backup_summary,
    list_backups,
    restore_backup,
)
from duchaban.store.check import check_database
from duchaban.store.staff import add_staff


def test_backup_is_a_consistent_copy_while_open(sample_db, sample_db_path):
    path = backup_database(sample_db, reason="manual")
    assert path.parent.name == "sample.sqlite.backups"
    summary = backup_summary(path)
    assert summary["counts"]["task"] == 156 and summary["plans"] == ["2021年区政府工作报告目标任务分解方案"]
    assert summary["last_change"]["who"] == "演示数据"
    [info] = list_backups(sample_db_path)
    assert info.reason_label == "手动" and info.size == path.stat().st_size


def test_rotation_keeps_the_newest(sample_db, sample_db_path):
    paths = [backup_database(sample_db, reason="import", keep=3) for _ in range(5)]
    kept = [b.path for b in list_backups(sample_db_path)]
    assert kept == list(reversed(paths[-3:]))


def test_backup_only_when_something_changed(sample_db):
    assert backup_if_changed(sample_db, reason="exit") is not None
    assert backup_if_changed(sample_db, reason="exit") is None
    add_staff(sample_db, name="新同事")
    assert backup_if_changed(sample_db, reason="exit") is not None


def test_restore_brings_back_the_old_content_and_keeps_a_safety_copy(sample_db, sample_db_path):
    before = backup_database(sample_db, reason="manual")
    add_staff(sample_db, name="新同事", who="测试")
    safety = restore_backup(sample_db, before, who="测试")
    names = [r[0] for r in sample_db.execute("SELECT name FROM staff")]
    assert "新同事" not in names
    assert "新同事" in [r[0] for r in sqlite3.connect(safety).execute("SELECT name FROM staff")]
    assert check_database(sample_db).ok and verify_audit_chain(sample_db) is None
    assert sample_db.execute("SELECT table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "database"


def test_restoring_something_that_is_not_a_backup_changes_nothing(sample_db, tmp_path):
    bogus = tmp_path / "x.sqlite"
    bogus.write_bytes(b"not a database at all" * 100)
    before = "\n".join(sample_db.conn.iterdump())
    with pytest.raises(StoreError, match="不是有效的督查办备份|无法打开备份"):
        restore_backup(sample_db, bogus)
    assert "\n".join(sample_db.conn.iterdump()) == before


def test_memory_database_has_no_backups():
    from duchaban.store.database import MEMORY, open_database

    db = open_database(MEMORY)
    assert backup_database(db, reason="manual") is None
