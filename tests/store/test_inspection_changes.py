"""Inspections, findings, follow-ups and close-outs return change sets: what they touched, and for
the first three an inverse that undo runs (audited) to give back the database as it was; redo gives
back what the first write made. A close-out is kept on record: its change set says so."""

from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.errors import StoreError
from duchaban.store.audit import verify_audit_chain
from duchaban.store.inspections import (
    add_finding,
    cancel_planned,
    close_finding,
    close_task,
    follow_up,
    get_finding,
    record_inspection,
    record_inspection_with_findings,
    reopen_finding,
)
from duchaban.store.undo import undo_change


def dump(db) -> str:
    # A row taken back out leaves a tombstone in the travelling rows' bookkeeping (so that a copy
    # which already has the row learns it went); the data itself must be as it was.
    return "\n".join(line for line in logical_dump(db).splitlines()
                     if not line.startswith(('INSERT INTO "row_version"', 'INSERT INTO "change_counter"')))


def audit_rows(db) -> list[tuple]:
    return db.execute("SELECT action, table_name FROM audit_log ORDER BY id").fetchall()


def staff_id(db, name: str) -> int:
    return db.execute("SELECT id FROM staff WHERE name = ?", [name]).fetchone()[0]


def _inspection(db, **more):
    return record_inspection_with_findings(
        db, kind="open", title="二季度面上督查", started_on=date(2021, 6, 10), plan_id=1, inspectors=["张伟", "陈静"],
        units=["区科技局"], task_numbers=[2], who="张伟", **more)


def test_recording_an_inspection_with_findings_is_undone_and_redone(sample_db):
    before, logged = dump(sample_db), len(audit_rows(sample_db))
    change = _inspection(sample_db, findings=[{"unit": "区科技局", "description": "台账不全", "task_number": 2},
                                              {"unit": "区科技局", "description": "进度滞后"}])
    assert change.created == sample_db.execute("SELECT max(id) FROM inspection").fetchone()[0]
    assert {"inspection", "inspection_unit", "inspection_task", "finding"} <= change.tables
    assert [r.table for r in change.rows] == ["inspection", "finding", "finding"] and change.undoable
    after = dump(sample_db)

    redo = undo_change(sample_db, change, who="张伟")
    assert dump(sample_db) == before
    # The removal is audited: two findings and the inspection deleted, after the three inserts.
    assert audit_rows(sample_db)[logged:] == [("insert", "inspection"), ("insert", "finding"), ("insert", "finding"),
                                              ("delete", "finding"), ("delete", "finding"), ("delete", "inspection")]
    undo_change(sample_db, redo, who="张伟")
    assert dump(sample_db) == after
    assert verify_audit_chain(sample_db) is None


def test_a_follow_up_that_moved_the_status_is_undone_with_the_status(sample_db):
    finding = add_finding(sample_db, inspection_id=_inspection(sample_db, findings=[]).created, unit="区科技局",
                          description="台账不全").created
    before = dump(sample_db)
    change = follow_up(sample_db, finding_id=finding, text="已制定整改方案", on_date=date(2021, 6, 20),
                       status="rectifying", who="张伟")
    assert change.tables == {"finding_followup", "finding"} and change.undoable
    assert get_finding(sample_db, finding)["status"] == "rectifying"
    after = dump(sample_db)
    redo = undo_change(sample_db, change)
    assert dump(sample_db) == before and get_finding(sample_db, finding)["status"] == "open"
    undo_change(sample_db, redo)
    assert dump(sample_db) == after
    assert audit_rows(sample_db)[-6:] == [("insert", "finding_followup"), ("update", "finding"),
                                          ("delete", "finding_followup"), ("update", "finding"),
                                          ("insert", "finding_followup"), ("update", "finding")]
    assert verify_audit_chain(sample_db) is None


def test_undo_refuses_when_the_record_gained_something_since(sample_db):
    change = _inspection(sample_db, findings=[{"unit": "区科技局", "description": "台账不全"}])
    finding = change.rows[1].after["id"]
    first = follow_up(sample_db, finding_id=finding, text="整改中", on_date=date(2021, 6, 20), status="rectifying")
    follow_up(sample_db, finding_id=finding, text="整改完成", on_date=date(2021, 6, 25), status="rectified")
    before = dump(sample_db)
    with pytest.raises(StoreError, match="已有跟踪"):
        undo_change(sample_db, change)          # the finding has follow-ups now
    with pytest.raises(StoreError, match="又有变化"):
        undo_change(sample_db, first)           # a later follow-up moved the status on
    assert dump(sample_db) == before


def test_close_outs_are_kept_on_record_and_say_so(sample_db, tmp_path):
    finding = add_finding(sample_db, inspection_id=_inspection(sample_db, findings=[]).created, unit="区科技局",
                          description="台账不全", reported_by="张伟").created
    follow_up(sample_db, finding_id=finding, text="完成", on_date=date(2021, 6, 25), status="rectified")
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"jpeg")
    closed = close_finding(sample_db, finding_id=finding, verifier_id=staff_id(sample_db, "陈静"),
                           closed_on=date(2021, 6, 30), evidence_paths=[photo], who="陈静")
    assert not closed.undoable and closed.irreversible and closed.inverse == ()
    assert {"finding", "close_out", "evidence", "evidence_link"} <= closed.tables
    assert closed.created == sample_db.execute("SELECT id FROM close_out WHERE finding_id = ?", [finding]).fetchone()[0]
    reopened = reopen_finding(sample_db, finding_id=finding, reason="复查反弹")
    assert not reopened.undoable and "finding" in reopened.tables

    task_id = sample_db.execute("SELECT id FROM task WHERE number = 1").fetchone()[0]
    task_closed = close_task(sample_db, task_id=task_id, verifier_id=staff_id(sample_db, "陈静"),
                             closed_on=date(2021, 6, 30), requested_by="张伟", evidence_paths=[photo],
                             override_reason="已完成,台账未及时更新", who="张伟")
    assert not task_closed.undoable and "close_out" in task_closed.tables


def test_a_planned_round_is_undone_only_while_it_is_still_planned(sample_db):
    before = dump(sample_db)
    planned = record_inspection(sample_db, kind="scheduled", title="四季度定期督查", started_on=date(2021, 10, 15),
                                plan_id=1, planned=True)
    redo = undo_change(sample_db, planned)
    assert dump(sample_db) == before
    planned = undo_change(sample_db, redo)
    cancelled = cancel_planned(sample_db, inspection_id=planned.rows[0].after["id"], reason="与防汛检查合并")
    assert not cancelled.undoable
    kept = dump(sample_db)
    with pytest.raises(StoreError, match="登记后又有改动"):
        undo_change(sample_db, planned)
    assert dump(sample_db) == kept
