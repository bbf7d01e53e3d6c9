-- duchaban database schema: the current version, applied as one script to a new file.
-- Older files are brought up to this version by duchaban/store/migrations.py;
-- PRAGMA user_version at the end must equal migrations.LATEST_VERSION.
--
-- Conventions
--   id        INTEGER PRIMARY KEY, local to this file; never leaves the machine.
--   uuid      TEXT, the key used in exchange packages and exports.
--   *_at      ISO-8601 UTC timestamps (YYYY-MM-DDTHH:MM:SSZ); *_on ISO dates.
--   Status values are English codes; the UI translates them.

-- Database-wide settings (as-of date for status, office name ...), one value per key.
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The office's staff: operators, inspectors, reporters, verifiers.
CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL UNIQUE,
    title         TEXT,
    phone         TEXT,
    is_inspector  INTEGER NOT NULL DEFAULT 1 CHECK (is_inspector IN (0, 1)),
    password_hash TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
, origin TEXT CHECK (origin IS NULL OR origin = 'typed_name'));

-- Other names a staff member goes by, stored normalised (NFKC, no spaces) like unit aliases.
-- staff.origin is 'typed_name' for a row the version-3 upgrade made from a name typed by hand.
CREATE TABLE staff_alias (
    alias    TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE
);
CREATE INDEX staff_alias_staff ON staff_alias(staff_id);

-- Units: departments, towns/streets, committees, other bodies, and group tokens
-- (各乡镇(街道), 区政府各部门 ...). A group is a unit row of kind 'group' so that an
-- assignment can name it exactly as the notice does; its members are either every
-- active unit of member_kind, or the explicit rows of unit_group_member.
CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('department', 'town', 'committee', 'other', 'group')),
    member_kind TEXT CHECK (member_kind IS NULL OR member_kind IN ('department', 'town', 'committee', 'other')),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    note        TEXT,
    created_at  TEXT NOT NULL,
    CHECK (member_kind IS NULL OR kind = 'group')
);

-- Other spellings of a unit's name (区经济信委 -> 区经济信息委). Stored normalised
-- (NFKC, no spaces) so that matching is a single lookup.
CREATE TABLE unit_alias (
    alias   TEXT PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE
);
CREATE INDEX unit_alias_unit ON unit_alias(unit_id);

CREATE TABLE unit_group_member (
    group_id  INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member_id)
);

-- People at a unit the office talks to (联络员 and others).
CREATE TABLE contact (
    id      INTEGER PRIMARY KEY,
    uuid    TEXT NOT NULL UNIQUE,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    role    TEXT NOT NULL DEFAULT '联络员',
    phone   TEXT,
    email   TEXT,
    note    TEXT
);
CREATE INDEX contact_unit ON contact(unit_id);

-- One task decomposition notice. Several years live side by side.
CREATE TABLE plan (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    year           INTEGER NOT NULL,
    doc_number     TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    notice_title   TEXT,
    issuer         TEXT,
    issued_on      TEXT,
    source_name    TEXT NOT NULL,
    source_sha256  TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    imported_by    TEXT,
    UNIQUE (year, doc_number)
);

-- Parts (level 1, 一、) and sub-sections (level 2, (一)). path_key is '3' or '3.2'.
CREATE TABLE section (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    plan_id   INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES section(id) ON DELETE CASCADE,
    level     INTEGER NOT NULL CHECK (level IN (1, 2)),
    path_key  TEXT NOT NULL,
    numeral   TEXT NOT NULL,
    title     TEXT NOT NULL,
    UNIQUE (plan_id, path_key)
);
CREATE INDEX section_parent ON section(parent_id);

-- A numbered target task. Its status is derived (see duchaban/core/status.py), not stored.
CREATE TABLE task (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    plan_id       INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    section_id    INTEGER REFERENCES section(id) ON DELETE SET NULL,
    number        INTEGER NOT NULL,
    text          TEXT NOT NULL,
    leaders       TEXT,
    deadline_text TEXT,
    deadline_on   TEXT,
    note          TEXT,
    source_line   INTEGER,
    UNIQUE (plan_id, number)
);
CREATE INDEX task_section ON task(section_id);

-- Quantitative targets found in a task's text (8%, 130家以上).
CREATE TABLE indicator (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    clause     TEXT NOT NULL,
    value      REAL NOT NULL,
    measure    TEXT NOT NULL,
    comparator TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
    UNIQUE (task_id, ordinal)
);

-- Who does a task. 'lead' is the first responsible unit (牵头); ordinal keeps source order.
CREATE TABLE assignment (
    task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    role    TEXT NOT NULL CHECK (role IN ('lead', 'responsible', 'cooperating')),
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX assignment_unit ON assignment(unit_id, role);

-- Reporting periods: 2021-03, 2021Q1, 2021H1, 2021.
CREATE TABLE reporting_period (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('month', 'quarter', 'half', 'year')),
    starts_on TEXT NOT NULL,
    ends_on   TEXT NOT NULL,
    due_on    TEXT
);

-- One returned ledger file.
CREATE TABLE submission (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    period_id   INTEGER NOT NULL REFERENCES reporting_period(id) ON DELETE RESTRICT,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    imported_at TEXT NOT NULL,
    imported_by TEXT,
    verdict     TEXT NOT NULL CHECK (verdict IN ('accepted', 'warnings')),
    messages    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX submission_unit_period ON submission(unit_id, period_id);

-- A unit's report on one task for one period (the latest submission wins).
CREATE TABLE progress_entry (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    task_id       INTEGER NOT NULL REFERENCES task(id) ON DELETE RESTRICT,
    unit_id       INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    period_id     INTEGER NOT NULL REFERENCES reporting_period(id) ON DELETE RESTRICT,
    submission_id INTEGER REFERENCES submission(id) ON DELETE SET NULL,
    status        TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'blocked')),
    percent       REAL CHECK (percent IS NULL OR (percent >= 0 AND percent <= 100)),
    progress_text TEXT,
    problems      TEXT,
    next_steps    TEXT,
    evidence_text TEXT,
    reported_at   TEXT NOT NULL,
    UNIQUE (task_id, unit_id, period_id)
);
CREATE INDEX progress_entry_unit ON progress_entry(unit_id, period_id);
CREATE INDEX progress_entry_period ON progress_entry(period_id);

-- The latest report on each task (newest period; the lead unit's report first). Derived from
-- progress_entry by store/progress.py after every change to it, so views need not rank
-- 200,000 entries; `duchaban check` verifies it against a fresh computation.
CREATE TABLE task_progress (
    task_id   INTEGER PRIMARY KEY REFERENCES task(id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES reporting_period(id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    percent   REAL,
    status    TEXT NOT NULL
);

-- Inspections of the four kinds. Unannounced ones are confidential by default.
CREATE TABLE inspection (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    plan_id      INTEGER REFERENCES plan(id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('open', 'unannounced', 'scheduled', 'random')),
    title        TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'recorded' CHECK (state IN ('planned', 'recorded', 'cancelled')),
    planned_on   TEXT,
    started_on   TEXT,
    ended_on     TEXT,
    method       TEXT,
    summary      TEXT,
    confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    draw_id      INTEGER REFERENCES random_draw(id) ON DELETE SET NULL,
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
, created_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT);
CREATE INDEX inspection_kind ON inspection(kind, started_on);

CREATE TABLE inspection_inspector (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    staff_id      INTEGER NOT NULL REFERENCES staff(id) ON DELETE RESTRICT,
    PRIMARY KEY (inspection_id, staff_id)
);

CREATE TABLE inspection_unit (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    PRIMARY KEY (inspection_id, unit_id)
);
CREATE INDEX inspection_unit_unit ON inspection_unit(unit_id);

CREATE TABLE inspection_task (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    task_id       INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    PRIMARY KEY (inspection_id, task_id)
);
CREATE INDEX inspection_task_task ON inspection_task(task_id);

-- A problem found, and its way to rectification.
CREATE TABLE finding (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    inspection_id      INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    unit_id            INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    task_id            INTEGER REFERENCES task(id) ON DELETE SET NULL,
    description        TEXT NOT NULL,
    severity           TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('minor', 'normal', 'serious')),
    demand             TEXT,
    deadline_on        TEXT,
    responsible_person TEXT,
    status             TEXT NOT NULL DEFAULT 'open'
                       CHECK (status IN ('open', 'rectifying', 'rectified', 'closed', 'reopened')),
    reported_by        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
, reported_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT);
CREATE INDEX finding_unit ON finding(unit_id, status);
CREATE INDEX finding_task ON finding(task_id);
CREATE INDEX finding_reported_by ON finding(reported_by_id);

CREATE TABLE finding_followup (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE,
    finding_id   INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,
    text         TEXT NOT NULL,
    status_after TEXT,
    recorded_by  TEXT,
    recorded_at  TEXT NOT NULL
);

-- Evidence files, stored by content hash in the managed folder beside the database.
CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    sha256     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    media_type TEXT,
    size       INTEGER NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT
);
CREATE INDEX evidence_sha ON evidence(sha256);

-- What a piece of evidence supports: an inspection, finding, progress entry or close-out.
CREATE TABLE evidence_link (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('inspection', 'finding', 'progress_entry', 'close_out')),
    owner_uuid  TEXT NOT NULL,
    PRIMARY KEY (evidence_id, owner_kind, owner_uuid)
);
CREATE INDEX evidence_link_owner ON evidence_link(owner_kind, owner_uuid);

-- A reproducible random draw: the pool (and its hash), seed, every attempt, the result.
CREATE TABLE random_draw (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('units', 'tasks', 'inspectors')),
    pool        TEXT NOT NULL,
    pool_sha256 TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count > 0),
    seed        TEXT NOT NULL,
    attempts    TEXT NOT NULL DEFAULT '[]',
    result      TEXT NOT NULL,
    drawn_by    TEXT,
    drawn_at    TEXT NOT NULL,
    note        TEXT
);

-- Close-out (销号) of a task or a finding; reopening keeps the row and records why.
CREATE TABLE close_out (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    task_id       INTEGER REFERENCES task(id) ON DELETE RESTRICT,
    finding_id    INTEGER REFERENCES finding(id) ON DELETE CASCADE,
    verifier      TEXT NOT NULL,
    closed_on     TEXT NOT NULL,
    opinion       TEXT,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    reopened_at   TEXT,
    reopened_by   TEXT,
    reopen_reason TEXT, verifier_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, created_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, reopened_by_id INTEGER REFERENCES staff(id) ON DELETE RESTRICT, override_reason TEXT,
    CHECK ((task_id IS NULL) <> (finding_id IS NULL))
);
CREATE INDEX close_out_task ON close_out(task_id);
CREATE INDEX close_out_finding ON close_out(finding_id);
CREATE INDEX close_out_verifier ON close_out(verifier_id);

-- A notice pushing a unit on a lagging task or a missing ledger (催办).
CREATE TABLE reminder (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    unit_id   INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    task_id   INTEGER REFERENCES task(id) ON DELETE CASCADE,
    period_id INTEGER REFERENCES reporting_period(id) ON DELETE RESTRICT,
    text      TEXT NOT NULL,
    sent_on   TEXT NOT NULL,
    sent_by   TEXT
);

-- A numbered bulletin (第N期) and the frozen data it was built from.
CREATE TABLE bulletin (
    id                   INTEGER PRIMARY KEY,
    uuid                 TEXT NOT NULL UNIQUE,
    plan_id              INTEGER NOT NULL REFERENCES plan(id) ON DELETE RESTRICT,
    year                 INTEGER NOT NULL,
    issue_no             INTEGER NOT NULL CHECK (issue_no > 0),
    period_code          TEXT NOT NULL,
    generated_at         TEXT NOT NULL,
    generated_by         TEXT,
    include_confidential INTEGER NOT NULL DEFAULT 0 CHECK (include_confidential IN (0, 1)),
    snapshot             TEXT NOT NULL,
    docx_name            TEXT,
    xlsx_name            TEXT, kind TEXT NOT NULL DEFAULT 'period' CHECK (kind IN ('period', 'special')), topic TEXT, replaces INTEGER REFERENCES bulletin(id) ON DELETE RESTRICT, replaced_at TEXT, check_code TEXT, origin TEXT,
    UNIQUE (year, issue_no)
);
-- One period, one bulletin (kind 'period'): a re-issue sets the earlier one's replaced_at and
-- points at it with `replaces`. Special-topic bulletins (专项通报) share the numbering only.
CREATE UNIQUE INDEX bulletin_one_per_period ON bulletin(plan_id, period_code)
    WHERE kind = 'period' AND replaced_at IS NULL;

-- Assessment rules per plan year, and the scores they produced.
CREATE TABLE assessment_rule_set (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    plan_id    INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    rules      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, name)
);

CREATE TABLE assessment_score (
    rule_set_id INTEGER NOT NULL REFERENCES assessment_rule_set(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
    points      REAL NOT NULL,
    detail      TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (rule_set_id, unit_id)
);

-- Append-only record of every change; each row's hash covers the previous row's hash and, in
-- digests, what the change left each audited row as (store/row_digest.py).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    table_name TEXT NOT NULL,
    row_key    TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
, who_uuid TEXT, digests TEXT);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Chinese full-text search over tasks and unit names (trigram: any 3+ character
-- substring; shorter queries fall back to LIKE). rowid = task.id, kept by store/search.py.
CREATE VIRTUAL TABLE task_search USING fts5(text, units, tokenize='trigram');

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

-- Revisions of the rows that travel between machines (store/revisions.py keeps them with
-- triggers it installs on each travelling table): a revision counter, a random id per revision,
-- the ids it grew from, and this database's change counter at its last change. A deleted row's
-- entry stays as its tombstone (deleted_at set).
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

-- This database's change counter: every change to a travelling row takes the next number.
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);

-- Foreign-key columns that are searched by (deleting or listing a parent's children).
CREATE INDEX finding_followup_finding ON finding_followup(finding_id);
CREATE INDEX finding_inspection ON finding(inspection_id);
CREATE INDEX reminder_unit ON reminder(unit_id);
CREATE INDEX inspection_inspector_staff ON inspection_inspector(staff_id);
CREATE INDEX bulletin_plan ON bulletin(plan_id);
CREATE INDEX assessment_score_unit ON assessment_score(unit_id);
CREATE INDEX inspection_draw ON inspection(draw_id);

PRAGMA user_version = 8;
