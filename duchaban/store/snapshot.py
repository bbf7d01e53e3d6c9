"""A copy of the database that any staff member may hold: the base a new laptop starts from.

Confidential (暗访) inspections, their findings, follow-ups, close-outs and the evidence only they
use are left out, with their revision entries, so that the copy neither shows them nor later sends
their absence on as deletions. The audit log is left out too: it details every change, confidential
ones included, and each machine keeps its own chain from the moment it starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.store.audit import write_baseline
from duchaban.store.connection import connect
from duchaban.store.evidence import unlink_orphan_evidence

if TYPE_CHECKING:
    from sqlite_utils import Database

# A row is confidential when the inspection it belongs to is (SPEC §8).
CONFIDENTIAL_SQL = {
    "inspection": "SELECT uuid FROM inspection WHERE confidential = 1",
    "finding": "SELECT f.uuid FROM finding f JOIN inspection i ON i.id = f.inspection_id WHERE i.confidential = 1",
    "finding_followup": "SELECT fu.uuid FROM finding_followup fu JOIN finding f ON f.id = fu.finding_id"
                        " JOIN inspection i ON i.id = f.inspection_id WHERE i.confidential = 1",
    "close_out": "SELECT c.uuid FROM close_out c JOIN finding f ON f.id = c.finding_id"
                 " JOIN inspection i ON i.id = f.inspection_id WHERE i.confidential = 1",
}


def confidential_keys(db_or_conn) -> set[tuple[str, str]]:
    """(table, uuid) of every confidential row, evidence used by a confidential record included."""
    execute = db_or_conn.execute
    keys = {(table, r[0]) for table, sql in CONFIDENTIAL_SQL.items() for r in execute(sql)}
    owners = {uuid for table, uuid in keys}
    for evidence_uuid, owner in execute("SELECT e.uuid, l.owner_uuid FROM evidence e"
                                        " JOIN evidence_link l ON l.evidence_id = e.id"):
        if owner in owners:
            keys.add(("evidence", evidence_uuid))
    return keys


def write_public_copy(db: Database, target: Path) -> Path:
    """A consistent copy of ``db`` at ``target`` without confidential records or the audit log."""
    target = Path(target)
    target.unlink(missing_ok=True)
    copy = connect(target, autocommit=True)
    try:
        db.conn.backup(copy)
        copy.execute("PRAGMA foreign_keys = ON")     # findings, follow-ups, close-outs go with their inspection
        secret = confidential_keys(copy)
        copy.execute("BEGIN IMMEDIATE")
        inspections = [u for t, u in secret if t == "inspection"]
        evidence = [u for t, u in secret if t == "evidence"]
        # Findings, follow-ups and close-outs go with their inspection (ON DELETE CASCADE).
        copy.executemany("DELETE FROM inspection WHERE uuid = ?", [[u] for u in inspections])
        copy.executemany("DELETE FROM evidence WHERE uuid = ?", [[u] for u in evidence])
        unlink_orphan_evidence(copy)
        copy.executemany("DELETE FROM row_version WHERE table_name = ? AND uuid = ?", [list(k) for k in secret])
        # The log is append-only by a trigger: set aside for the emptying, then put back as it was.
        guard = copy.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'").fetchone()[0]
        copy.execute("DROP TRIGGER audit_log_no_delete")
        copy.execute("DELETE FROM audit_log")
        copy.execute(guard)
        write_baseline(copy, "基础数据副本,本机的操作日志从这里开始")
        copy.execute("DELETE FROM setting WHERE key = 'machine_id' OR key LIKE 'hub.%'")
        copy.execute("COMMIT")
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("VACUUM")
    finally:
        copy.close()
    return target
