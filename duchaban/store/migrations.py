"""Schema versions. A new file gets db/schema.sql whole; an older file is stepped up.

To change the schema: edit db/schema.sql, raise its ``PRAGMA user_version``, and add
the step from the previous version here under the new number. tests/store/test_migrations.py
checks that stepping up an old file gives the same schema as a fresh one.
"""

from __future__ import annotations

import sqlite3

from duchaban.assets import schema_path
from duchaban.core.assessment import rule_set_uuid
from duchaban.core.errors import StoreError
from duchaban.core.ledger import report_uuid, submission_uuid
from duchaban.store import revisions

LATEST_VERSION = 8

# The tables that version 4 made travel (frozen here; later versions add theirs in their own step).
_TRAVELLING_IN_4 = ("inspection", "finding", "finding_followup", "close_out", "evidence", "random_draw")
_TRAVELLING_IN_7 = ("unit", "contact", "submission", "progress_entry", "bulletin", "assessment_rule_set")
_PARTS_IN_7 = (("unit_alias", "unit_id", "unit"), ("unit_group_member", "group_id", "unit"))
_TRAVELLING_IN_8 = ("plan", "section", "task")
_PARTS_IN_8 = (("indicator", "task_id", "task"), ("assignment", "task_id", "task"))

# version -> SQL that turns a file at version-1 into one at version.
MIGRATIONS: dict[int, str] = {
    2: '''
-- Inspectors who must stand aside (回避) from a unit: they worked there, a relative works there ...
CREATE TABLE staff_recusal (
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    reason   TEXT NOT NULL,
    PRIMARY KEY (staff_id, unit_id)
);

-- Exchange packages written on this machine or merged into it (field laptop <-> office).
CREATE TABLE exchange_package (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    machine     TEXT,
    since       TEXT,
    created_at  TEXT NOT NULL,
    file_name   TEXT,
    summary     TEXT NOT NULL DEFAULT '{}',
    UNIQUE (uuid, direction)
);
''',
    3: '''
-- People become staff records: other names a staff member goes by, and who created a staff row
-- from a name typed before this version (so `check` can list them for the office to confirm).
CREATE TABLE staff_alias (
    alias    TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE
);
CREATE INDEX staff_alias_staff ON staff_alias(staff_id);
ALTER TABLE staff ADD COLUMN origin TEXT CHECK (origin IS NULL OR origin = 'typed_name');
ALTER TABLE inspection ADD COLUMN created_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT;
ALTER TABLE finding ADD COLUMN reported_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT;
ALTER TABLE close_out ADD COLUMN verifier_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT;
ALTER TABLE close_out ADD COLUMN created_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT;
ALTER TABLE close_out ADD COLUMN reopened_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT;
ALTER TABLE close_out ADD COLUMN override_reason TEXT;
ALTER TABLE audit_log ADD COLUMN who_uuid TEXT;
CREATE INDEX finding_reported_by ON finding(reported_by_id);
CREATE INDEX close_out_verifier ON close_out(verifier_id);

-- Reporters and verifiers typed by hand become staff rows when no staff member has that name.
-- Operators (created_by ...) are linked when they name staff, but an OS login is nobody's name.
-- Names are compared without outer spaces, full-width ones (char 12288) included.
INSERT INTO staff (uuid, name, is_inspector, active, created_at, origin)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
       || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-'
       || lower(hex(randomblob(6))), name, 0, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'typed_name'
FROM (SELECT trim(reported_by, char(32, 9, 12288)) AS name FROM finding
      UNION SELECT trim(verifier, char(32, 9, 12288)) FROM close_out)
WHERE name IS NOT NULL AND name != '' AND name NOT IN (SELECT name FROM staff)
ORDER BY name;
UPDATE finding SET reported_by_id = (SELECT id FROM staff WHERE name = trim(finding.reported_by, char(32, 9, 12288)));
UPDATE close_out SET
    verifier_id = (SELECT id FROM staff WHERE name = trim(close_out.verifier, char(32, 9, 12288))),
    created_by_id = (SELECT id FROM staff WHERE name = trim(close_out.created_by, char(32, 9, 12288))),
    reopened_by_id = (SELECT id FROM staff WHERE name = trim(close_out.reopened_by, char(32, 9, 12288)));
UPDATE inspection SET
    created_by_id = (SELECT id FROM staff WHERE name = trim(inspection.created_by, char(32, 9, 12288)));

-- One period, one bulletin: a re-issue replaces the earlier one (replaced_at), which stays in
-- the history; special-topic bulletins (专项通报) share the numbering but not the rule.
ALTER TABLE bulletin ADD COLUMN kind TEXT NOT NULL DEFAULT 'period' CHECK (kind IN ('period', 'special'));
ALTER TABLE bulletin ADD COLUMN topic TEXT;
ALTER TABLE bulletin ADD COLUMN replaces INTEGER REFERENCES bulletin(id) ON DELETE RESTRICT;
ALTER TABLE bulletin ADD COLUMN replaced_at TEXT;
-- Files that issued a period twice before this rule: the latest issue stands, earlier ones are replaced.
UPDATE bulletin SET replaced_at = (SELECT min(b.generated_at) FROM bulletin b WHERE b.plan_id = bulletin.plan_id
                                   AND b.period_code = bulletin.period_code AND b.issue_no > bulletin.issue_no)
WHERE EXISTS (SELECT 1 FROM bulletin b WHERE b.plan_id = bulletin.plan_id AND b.period_code = bulletin.period_code
              AND b.issue_no > bulletin.issue_no);
UPDATE bulletin SET replaces = (SELECT b.id FROM bulletin b WHERE b.plan_id = bulletin.plan_id
                                AND b.period_code = bulletin.period_code AND b.issue_no < bulletin.issue_no
                                ORDER BY b.issue_no DESC LIMIT 1);
CREATE UNIQUE INDEX bulletin_one_per_period ON bulletin(plan_id, period_code)
    WHERE kind = 'period' AND replaced_at IS NULL;
''',
    4: '''
CREATE TABLE row_version (
    table_name TEXT NOT NULL,
    uuid       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    version    TEXT NOT NULL,
    history    TEXT NOT NULL DEFAULT '[]',
    change_seq INTEGER NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (table_name, uuid)
) WITHOUT ROWID;
CREATE INDEX row_version_seq ON row_version(change_seq);
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);
CREATE INDEX finding_followup_finding ON finding_followup(finding_id);
CREATE INDEX finding_inspection ON finding(inspection_id);
CREATE INDEX reminder_unit ON reminder(unit_id);
CREATE INDEX inspection_inspector_staff ON inspection_inspector(staff_id);
CREATE INDEX bulletin_plan ON bulletin(plan_id);
CREATE INDEX assessment_score_unit ON assessment_score(unit_id);
CREATE INDEX inspection_draw ON inspection(draw_id);
''' + revisions.backfill_sql(_TRAVELLING_IN_4) + "".join(revisions.triggers_sql(t) for t in _TRAVELLING_IN_4),
    # The verification code (数据校验码) printed on an issued bulletin: the audit log's head then.
    5: "ALTER TABLE bulletin ADD COLUMN check_code TEXT;",
    # Each audit row carries the digests of the rows it left behind (row_digest.py); the upgrade
    # adds one baseline row with every row's digest, since nothing knows the older rows' history.
    6: "ALTER TABLE audit_log ADD COLUMN digests TEXT;",
    # The unit directory, the ledgers, the issued bulletins and the assessment travel through the
    # office hub. Ledgers and rule sets are named by what they are (the file's hash; the task, unit
    # and period; the plan), so that two laptops' imports of one ledger meet as one record;
    # evidence attached to a report follows its new name.
    7: '''
UPDATE evidence_link SET owner_uuid = (
    SELECT ledger_report_uuid(t.uuid, u.uuid, rp.code) FROM progress_entry pe JOIN task t ON t.id = pe.task_id
    JOIN unit u ON u.id = pe.unit_id JOIN reporting_period rp ON rp.id = pe.period_id
    WHERE pe.uuid = evidence_link.owner_uuid)
WHERE owner_kind = 'progress_entry' AND owner_uuid IN (SELECT uuid FROM progress_entry);
UPDATE progress_entry SET uuid = (
    SELECT ledger_report_uuid(t.uuid, u.uuid, rp.code) FROM task t, unit u, reporting_period rp
    WHERE t.id = progress_entry.task_id AND u.id = progress_entry.unit_id AND rp.id = progress_entry.period_id);
UPDATE submission SET uuid = ledger_submission_uuid(sha256);
UPDATE assessment_rule_set SET uuid = (SELECT assessment_rule_set_uuid(p.uuid, assessment_rule_set.name) FROM plan p
                                       WHERE p.id = assessment_rule_set.plan_id);
-- The machine whose audit log an issued bulletin's verification code (数据校验码) names: its own
-- log can prove the code; a bulletin pulled from another machine is proved by that machine's log at
-- the hub. NULL: this database's (a file that never had a machine id).
ALTER TABLE bulletin ADD COLUMN origin TEXT;
UPDATE bulletin SET origin = (SELECT value FROM setting WHERE key = 'machine_id');
''' + revisions.backfill_sql(_TRAVELLING_IN_7, unsent=True)
    + "".join(revisions.triggers_sql(t) for t in _TRAVELLING_IN_7)
    + "".join(revisions.part_triggers_sql(*part) for part in _PARTS_IN_7),
    # The plan travels through the office hub: its rows get revisions, a task's indicators and
    # assignments count as changes to the task. Legacy versions are the same on every copy, so a
    # laptop upgraded after the office head's offers the hub nothing new.
    8: revisions.backfill_sql(_TRAVELLING_IN_8, unsent=True)
    + "".join(revisions.triggers_sql(t) for t in _TRAVELLING_IN_8)
    + "".join(revisions.part_triggers_sql(*part) for part in _PARTS_IN_8),
}

# The step that gave audit rows their digests. Every upgrade ends with a baseline row: from an
# older file, of every row (nothing knows their history); from a file that had digests, of the rows
# that agreed with the log before the step, since a later step may change what a row's digest covers
# (a new column) while what disagreed before must go on disagreeing.
DIGESTS_FROM = 6


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def upgrade(conn: sqlite3.Connection) -> int:
    """Bring the file to LATEST_VERSION in one transaction; return the version found."""
    found = schema_version(conn)
    if found == LATEST_VERSION:
        return found
    if found > LATEST_VERSION:
        raise StoreError(
            f"该数据库由更新版本的督查办创建(结构版本 {found},本程序支持 {LATEST_VERSION}),请升级程序后再打开"
        )
    if found == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if tables:
            raise StoreError("该文件是 SQLite 数据库,但不是督查办的数据库")
        # The travelling tables' revision triggers are generated (one shape for every table).
        script = schema_path().read_text(encoding="utf-8") + revisions.schema_sql()
    else:
        steps = [MIGRATIONS[v] for v in range(found + 1, LATEST_VERSION + 1)]
        script = "\n".join(steps) + f"\nPRAGMA user_version = {LATEST_VERSION};"
    # The ledger records' names (version 7), computed as the program computes them.
    conn.create_function("ledger_report_uuid", 3, report_uuid, deterministic=True)
    conn.create_function("ledger_submission_uuid", 1, submission_uuid, deterministic=True)
    conn.create_function("assessment_rule_set_uuid", 2, rule_set_uuid, deterministic=True)
    disagreeing: set[str] = set()
    if found >= DIGESTS_FROM:
        from duchaban.store.data_check import disagreeing_keys

        disagreeing = disagreeing_keys(conn)
    # executescript commits any open transaction first; BEGIN/COMMIT make the whole step atomic.
    conn.executescript(f"BEGIN IMMEDIATE;\n{script}")
    try:
        if found:
            from duchaban.store.audit import write_baseline

            write_baseline(conn, f"结构版本 {found} 升级到 {LATEST_VERSION} 时全部记录的摘要", skip=disagreeing)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found
