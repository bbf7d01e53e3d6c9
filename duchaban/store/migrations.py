"""Schema versions. A new file gets db/schema.sql whole; an older file is stepped up.

To change the schema: edit db/schema.sql, raise its ``PRAGMA user_version``, and add
the step from the previous version here under the new number. tests/store/test_migrations.py
checks that stepping up an old file gives the same schema as a fresh one.
"""

from __future__ import annotations

import sqlite3

from duchaban.assets import schema_path
from duchaban.core.errors import StoreError
from duchaban.store import revisions

LATEST_VERSION = 3

# The tables that version 3 made travel (frozen here; later versions add theirs in their own step).
_TRAVELLING_IN_3 = ("inspection", "finding", "finding_followup", "close_out", "evidence", "random_draw")

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
''' + revisions.backfill_sql(_TRAVELLING_IN_3) + "".join(revisions.triggers_sql(t) for t in _TRAVELLING_IN_3),
}


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
    # executescript commits any open transaction first; BEGIN/COMMIT make the whole step atomic.
    conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nCOMMIT;")
    return found
