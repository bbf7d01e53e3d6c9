import sqlite3

import pytest

from duchaban.store.audit import verify_audit_chain
from duchaban.store.check import check_database


def test_check_on_demo_database(sample_db):
    report = check_database(sample_db)
    assert report.ok, report.problems
    assert report.counts["task"] == 156
    assert report.counts["plan"] == 1
    assert report.journal_mode == "wal"


def test_audit_log_is_append_only(sample_db):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sample_db.execute("DELETE FROM audit_log WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        sample_db.execute("UPDATE audit_log SET who = 'x' WHERE id = 1")


def test_tampering_breaks_the_chain(sample_db):
    assert verify_audit_chain(sample_db) is None
    sample_db.execute("DROP TRIGGER audit_log_no_update")
    sample_db.execute("UPDATE audit_log SET who = '别人' WHERE id = 7")
    assert verify_audit_chain(sample_db) == 7
    assert not check_database(sample_db).ok


def test_dangling_reference_is_reported(sample_db):
    sample_db.execute("PRAGMA foreign_keys = OFF")
    sample_db.execute("INSERT INTO unit_alias (alias, unit_id) VALUES ('幽灵', 99999)")
    sample_db.execute("PRAGMA foreign_keys = ON")
    problems = check_database(sample_db).problems
    assert any("unit_alias" in p for p in problems)


def test_evidence_whose_owner_is_gone_is_reported(sample_db):
    owner, file_name = sample_db.execute(
        "SELECT l.owner_uuid, e.file_name FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id"
        " WHERE l.owner_kind = 'finding'").fetchone()
    assert check_database(sample_db).ok
    sample_db.execute("DELETE FROM finding WHERE uuid = ?", [owner])   # links name owners by uuid: no cascade
    problems = check_database(sample_db).problems
    assert f"佐证材料“{file_name}”所属的问题({owner})已不存在" in problems
