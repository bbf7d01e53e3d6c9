-- A small database made by duchaban at schema version 2 (the release before people became staff
-- records): db/schema.sql of that release, then its rows. Built by tests/data/make_v2_records.py
-- at main f389a71: a 3-task plan, staff 王建国 and 李秀梅, findings reported by 张三 (not on the staff
-- list) and 李秀梅, a task closed by verifier ' 赵六 ', and 2021Q1 issued twice (第1期, 第2期).
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
);

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
);
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
);
CREATE INDEX finding_unit ON finding(unit_id, status);
CREATE INDEX finding_task ON finding(task_id);

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
    reopen_reason TEXT,
    CHECK ((task_id IS NULL) <> (finding_id IS NULL))
);
CREATE INDEX close_out_task ON close_out(task_id);
CREATE INDEX close_out_finding ON close_out(finding_id);

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
    xlsx_name            TEXT,
    UNIQUE (year, issue_no)
);

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

-- Append-only record of every change; each row's hash covers the previous row's hash.
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
);
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

PRAGMA user_version = 2;

INSERT INTO "assignment" VALUES(1,1,'lead',0);
INSERT INTO "assignment" VALUES(1,2,'responsible',1);
INSERT INTO "assignment" VALUES(1,3,'cooperating',2);
INSERT INTO "assignment" VALUES(2,2,'lead',0);
INSERT INTO "assignment" VALUES(2,1,'cooperating',1);
INSERT INTO "assignment" VALUES(3,4,'lead',0);
INSERT INTO "assignment" VALUES(3,5,'responsible',1);
INSERT INTO "audit_log" VALUES(1,'2026-11-30T11:10:26Z','王建国','insert','plan','629f5c41-85d8-4cff-a078-2290c5e02f66',NULL,'{"doc_number": "", "imported_at": "2026-11-30T11:10:26Z", "imported_by": "王建国", "issued_on": null, "issuer": null, "notice_title": null, "source_name": "tiny-plan.txt", "source_sha256": "f3c6736c75664cdd4bb9fea026efc3fb68868b14bdd6191571e65e6e44c542ec", "title": "梁平区2021年政府工作报告目标任务分解方案", "uuid": "629f5c41-85d8-4cff-a078-2290c5e02f66", "year": 2021}','0000000000000000000000000000000000000000000000000000000000000000','7a28d3b86a4c9e30ea3e34962aeacdd5d1441ecaad1b098432306924e2470a36');
INSERT INTO "audit_log" VALUES(2,'2026-11-30T11:10:26Z','王建国','insert','unit','ab08d042-6f64-4ba2-b734-2d2a4adff821',NULL,'{"created_at": "2026-11-30T11:10:26Z", "kind": "department", "member_kind": null, "name": "区发展改革委", "sort_order": 1, "uuid": "ab08d042-6f64-4ba2-b734-2d2a4adff821"}','7a28d3b86a4c9e30ea3e34962aeacdd5d1441ecaad1b098432306924e2470a36','298d01ed9712bcf568ee642c7c118b014e669f2be0f364b23f895c36caf6d9be');
INSERT INTO "audit_log" VALUES(3,'2026-11-30T11:10:26Z','王建国','insert','unit','81f975e9-f726-4d12-8416-597764bcd0e1',NULL,'{"created_at": "2026-11-30T11:10:26Z", "kind": "department", "member_kind": null, "name": "区科技局", "sort_order": 2, "uuid": "81f975e9-f726-4d12-8416-597764bcd0e1"}','298d01ed9712bcf568ee642c7c118b014e669f2be0f364b23f895c36caf6d9be','24e300a65b0b6ce3a773249849834c20a8aebbae87780f4e330eaa3791dc29f9');
INSERT INTO "audit_log" VALUES(4,'2026-11-30T11:10:26Z','王建国','insert','unit','96c6eca8-2e59-47eb-affa-b6539e1bdd1d',NULL,'{"created_at": "2026-11-30T11:10:26Z", "kind": "department", "member_kind": null, "name": "区财政局", "sort_order": 3, "uuid": "96c6eca8-2e59-47eb-affa-b6539e1bdd1d"}','24e300a65b0b6ce3a773249849834c20a8aebbae87780f4e330eaa3791dc29f9','2f11be275fb069a56196490e01d16d5165242b834ef9c415a75f13b832c6e0d2');
INSERT INTO "audit_log" VALUES(5,'2026-11-30T11:10:26Z','王建国','insert','unit','40afb98a-964d-4980-aa96-2582ba33a51b',NULL,'{"created_at": "2026-11-30T11:10:26Z", "kind": "department", "member_kind": null, "name": "区人力社保局", "sort_order": 4, "uuid": "40afb98a-964d-4980-aa96-2582ba33a51b"}','2f11be275fb069a56196490e01d16d5165242b834ef9c415a75f13b832c6e0d2','850a174247889e19a67e5d303592206223349f024a32e8eb2f3775b66d76f1fc');
INSERT INTO "audit_log" VALUES(6,'2026-11-30T11:10:26Z','王建国','insert','unit','233e5c4b-ac41-4259-b610-8e41f0a61c76',NULL,'{"created_at": "2026-11-30T11:10:26Z", "kind": "group", "member_kind": "town", "name": "各乡镇(街道)", "sort_order": 5, "uuid": "233e5c4b-ac41-4259-b610-8e41f0a61c76"}','850a174247889e19a67e5d303592206223349f024a32e8eb2f3775b66d76f1fc','dd746a5845545107be400a5d0b2a9f4a95fd9ce1b7763c4a4e1da70fdb7b392a');
INSERT INTO "audit_log" VALUES(7,'2026-11-30T11:10:26Z','王建国','insert','unit_alias','区发改委',NULL,'{"alias": "区发改委", "unit": "ab08d042-6f64-4ba2-b734-2d2a4adff821"}','dd746a5845545107be400a5d0b2a9f4a95fd9ce1b7763c4a4e1da70fdb7b392a','2d463704ee198c5b147b75b675f2b1e65f399d7b92e5f9a5530ad1cd72786ac6');
INSERT INTO "audit_log" VALUES(8,'2026-11-30T11:10:26Z','王建国','insert','task','1cbb4716-be20-42f3-b8aa-57828842aa8b',NULL,'{"deadline_on": null, "deadline_text": null, "leaders": null, "number": 1, "plan_id": 1, "section_id": 3, "source_line": 4, "text": "完善科技创新体制机制。", "units": [["区发展改革委", "lead", 0], ["区科技局", "responsible", 1], ["区财政局", "cooperating", 2]], "uuid": "1cbb4716-be20-42f3-b8aa-57828842aa8b"}','2d463704ee198c5b147b75b675f2b1e65f399d7b92e5f9a5530ad1cd72786ac6','d84c1322eae7fd5311032d2ef025bc8c55afb66dff74be4a3b445923c2d613ff');
INSERT INTO "audit_log" VALUES(9,'2026-11-30T11:10:26Z','王建国','insert','task','b99e604b-c868-4c9a-b67e-220b5657a487',NULL,'{"deadline_on": null, "deadline_text": null, "leaders": null, "number": 2, "plan_id": 1, "section_id": 3, "source_line": 5, "text": "建成数字经济产业园。", "units": [["区科技局", "lead", 0], ["区发展改革委", "cooperating", 1]], "uuid": "b99e604b-c868-4c9a-b67e-220b5657a487"}','d84c1322eae7fd5311032d2ef025bc8c55afb66dff74be4a3b445923c2d613ff','333a09a6251e3bad5281aab3ced4bb9f3e0c3702fb772effb6cbddd65293cd6d');
INSERT INTO "audit_log" VALUES(10,'2026-11-30T11:10:26Z','王建国','insert','task','b69d5196-6687-46ac-8f2d-55b3afaf613d',NULL,'{"deadline_on": null, "deadline_text": null, "leaders": null, "number": 3, "plan_id": 1, "section_id": 4, "source_line": 8, "text": "新增城镇就业5000人以上。", "units": [["区人力社保局", "lead", 0], ["各乡镇(街道)", "responsible", 1]], "uuid": "b69d5196-6687-46ac-8f2d-55b3afaf613d"}','333a09a6251e3bad5281aab3ced4bb9f3e0c3702fb772effb6cbddd65293cd6d','66b1937dec30646dbf6aed704f04c9fe50c2a01ca13eaefa2481e50fdd9f2816');
INSERT INTO "audit_log" VALUES(11,'2026-11-30T11:10:26Z','王建国','insert','staff','cc610b21-8e68-437d-8942-bb03cf3f8b36',NULL,'{"created_at": "2026-11-30T11:10:26Z", "is_inspector": 1, "name": "王建国", "phone": null, "title": null, "uuid": "cc610b21-8e68-437d-8942-bb03cf3f8b36"}','66b1937dec30646dbf6aed704f04c9fe50c2a01ca13eaefa2481e50fdd9f2816','bd048304f42991e8c68d9be4a684c32bca1ae78f1e46bdb8e09843e83685f51c');
INSERT INTO "audit_log" VALUES(12,'2026-11-30T11:10:26Z','王建国','insert','staff','5bd65382-dd3f-4efc-9251-649ead86812f',NULL,'{"created_at": "2026-11-30T11:10:26Z", "is_inspector": 1, "name": "李秀梅", "phone": null, "title": null, "uuid": "5bd65382-dd3f-4efc-9251-649ead86812f"}','bd048304f42991e8c68d9be4a684c32bca1ae78f1e46bdb8e09843e83685f51c','e15d498d08050efea640d9960654849106ad8fc58e53a4663ce1f3fabc268d37');
INSERT INTO "audit_log" VALUES(13,'2026-11-30T11:10:26Z','王建国','insert','inspection','6c175339-7a42-4e39-a53a-6a2fd2c00638',NULL,'{"confidential": 0, "created_at": "2026-11-30T11:10:26Z", "created_by": "王建国", "ended_on": null, "inspectors": ["王建国", "李秀梅"], "kind": "open", "method": null, "plan_id": null, "planned_on": null, "started_on": "2021-03-20", "state": "recorded", "summary": null, "tasks": [], "title": "一季度面上督查", "units": ["区发展改革委"], "updated_at": "2026-11-30T11:10:26Z", "uuid": "6c175339-7a42-4e39-a53a-6a2fd2c00638"}','e15d498d08050efea640d9960654849106ad8fc58e53a4663ce1f3fabc268d37','afc5d3f388727d7c48f0bb12763aa67f09d96a5259d6d9a9900248f8f15eb796');
INSERT INTO "audit_log" VALUES(14,'2026-11-30T11:10:26Z','王建国','insert','finding','6c3af4cf-3fb0-4b35-b083-5f2dac12b7bd',NULL,'{"created_at": "2026-11-30T11:10:26Z", "deadline_on": null, "demand": null, "description": "台账不全", "inspection_id": 1, "reported_by": "张三", "responsible_person": null, "severity": "normal", "status": "open", "task_id": null, "unit_id": 1, "updated_at": "2026-11-30T11:10:26Z", "uuid": "6c3af4cf-3fb0-4b35-b083-5f2dac12b7bd"}','afc5d3f388727d7c48f0bb12763aa67f09d96a5259d6d9a9900248f8f15eb796','b11990be8647cd480ce69ed99a321b1fd8a442294f261ad21173842f9347c7e2');
INSERT INTO "audit_log" VALUES(15,'2026-11-30T11:10:26Z','王建国','insert','finding','dbfc39c1-c764-43df-9235-ade25351e089',NULL,'{"created_at": "2026-11-30T11:10:26Z", "deadline_on": null, "demand": null, "description": "进度滞后", "inspection_id": 1, "reported_by": "李秀梅", "responsible_person": null, "severity": "normal", "status": "open", "task_id": null, "unit_id": 1, "updated_at": "2026-11-30T11:10:26Z", "uuid": "dbfc39c1-c764-43df-9235-ade25351e089"}','b11990be8647cd480ce69ed99a321b1fd8a442294f261ad21173842f9347c7e2','dc2cc9bbcf85efe5376386ff1688a66662213eb6dbf79869b06da738f0f597d5');
INSERT INTO "audit_log" VALUES(16,'2026-11-30T11:10:26Z','王建国','insert','evidence','87d311f8-3bef-4f56-a2c9-c8dfc671ecb8',NULL,'{"added_at": "2026-11-30T11:10:26Z", "added_by": "王建国", "file_name": "photo.txt", "media_type": "text/plain", "sha256": "35cabe9390ade4fdd70eabeb45aee7e4ad20ee8582e9f48e087792bcfc4b0fb6", "size": 18, "uuid": "87d311f8-3bef-4f56-a2c9-c8dfc671ecb8"}','dc2cc9bbcf85efe5376386ff1688a66662213eb6dbf79869b06da738f0f597d5','419824f7c5ca8b29d1d50e9fa1104e9f910d11e9572c7d4b81300bb7d1d9b696');
INSERT INTO "audit_log" VALUES(17,'2026-11-30T11:10:26Z','王建国','update','finding','6c3af4cf-3fb0-4b35-b083-5f2dac12b7bd','{"status": "open"}','{"close_out": {"closed_on": "2021-04-02", "created_at": "2026-11-30T11:10:26Z", "created_by": "王建国", "finding_id": 1, "opinion": "已整改", "uuid": "89eccbf6-a2a4-4c94-a5b8-b6b45291f55f", "verifier": "李秀梅"}, "status": "closed"}','419824f7c5ca8b29d1d50e9fa1104e9f910d11e9572c7d4b81300bb7d1d9b696','80b0e50862ae53cf20cafb290ede4e7b2bae2631ea5394bf2930cc4c12ed12b9');
INSERT INTO "audit_log" VALUES(18,'2026-11-30T11:10:26Z','王建国','insert','close_out','0a65e10b-0ab6-4afa-9044-661e64f69d01',NULL,'{"closed_on": "2021-04-03", "created_at": "2026-11-30T11:10:26Z", "created_by": "王建国", "opinion": null, "task_id": 1, "uuid": "0a65e10b-0ab6-4afa-9044-661e64f69d01", "verifier": "赵六"}','80b0e50862ae53cf20cafb290ede4e7b2bae2631ea5394bf2930cc4c12ed12b9','d5025bad03ef5b538b8f083b2b1ce62da21391fe90e66b55d35e937df44e3cf3');
INSERT INTO "audit_log" VALUES(19,'2026-11-30T11:10:27Z','王建国','insert','bulletin','1b2ae04f-3a04-4ce2-895e-3754677720a6',NULL,'{"docx_name": "b1.docx", "generated_at": "2026-11-30T11:10:27Z", "generated_by": "王建国", "include_confidential": 0, "issue_no": 1, "period_code": "2021Q1", "plan_id": 1, "uuid": "1b2ae04f-3a04-4ce2-895e-3754677720a6", "xlsx_name": "b1-附件.xlsx", "year": 2021}','d5025bad03ef5b538b8f083b2b1ce62da21391fe90e66b55d35e937df44e3cf3','ba787c3b90620bc82593c0c27e53f811473e93118d6f3def6d0b9703d1e8d24a');
INSERT INTO "audit_log" VALUES(20,'2026-11-30T11:10:27Z','王建国','insert','bulletin','5071fde4-3ab1-421c-b904-4ca9325c8a95',NULL,'{"docx_name": "b2.docx", "generated_at": "2026-11-30T11:10:27Z", "generated_by": "王建国", "include_confidential": 0, "issue_no": 2, "period_code": "2021Q1", "plan_id": 1, "uuid": "5071fde4-3ab1-421c-b904-4ca9325c8a95", "xlsx_name": "b2-附件.xlsx", "year": 2021}','ba787c3b90620bc82593c0c27e53f811473e93118d6f3def6d0b9703d1e8d24a','3973dbf415cdb0394c062c6ebf706da1475c89dc0388d2ae58fa8aa0caca6914');
INSERT INTO "bulletin" VALUES(1,'1b2ae04f-3a04-4ce2-895e-3754677720a6',1,2021,1,'2021Q1','2026-11-30T11:10:27Z','王建国',0,'{"findings": [{"confidential": false, "deadline_on": null, "demand": null, "description": "台账不全", "inspection": "一季度面上督查", "kind": "open", "kind_label": "面上督查", "overdue": false, "severity": "normal", "severity_label": "较重", "started_on": "2021-03-20", "status": "closed", "status_label": "已销号", "task_number": null, "unit": "区发展改革委"}, {"confidential": false, "deadline_on": null, "demand": null, "description": "进度滞后", "inspection": "一季度面上督查", "kind": "open", "kind_label": "面上督查", "overdue": false, "severity": "normal", "severity_label": "较重", "started_on": "2021-03-20", "status": "open", "status_label": "待整改", "task_number": null, "unit": "区发展改革委"}], "include_confidential": false, "inspections": {"open": 1, "random": 0, "scheduled": 0, "unannounced": 0}, "issue_no": 1, "issued_on": "2026-11-30", "measured_on": "2021-03-31", "office": "区人民政府督查办公室", "period": {"code": "2021Q1", "ends_on": "2021-03-31", "label": "2021年第一季度", "starts_on": "2021-01-01"}, "plan": {"doc_number": "", "id": 1, "title": "梁平区2021年政府工作报告目标任务分解方案", "year": 2021}, "previous": null, "render": {"fonts": {"body": "Noto Serif CJK SC", "heading": "Noto Sans CJK SC", "number": "Noto Serif CJK SC", "subheading": "Noto Serif CJK SC", "title": "Noto Serif CJK SC"}, "notes": ["标题字体“方正小标宋简体”本机未安装,改用“Noto Serif CJK SC”", "正文字体“仿宋_GB2312”本机未安装,改用“Noto Serif CJK SC”", "一级标题字体“黑体”本机未安装,改用“Noto Sans CJK SC”", "二级标题字体“楷体_GB2312”本机未安装,改用“Noto Serif CJK SC”", "页码字体“宋体”本机未安装,改用“Noto Serif CJK SC”"]}, "tasks": [{"cooperating": ["区财政局"], "deadline": null, "lead": "区发展改革委", "number": 1, "part": "一、推动高质量发展", "percent": null, "responsible": ["区科技局"], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)建设现代产业体系", "text": "完善科技创新体制机制。"}, {"cooperating": ["区发展改革委"], "deadline": null, "lead": "区科技局", "number": 2, "part": "一、推动高质量发展", "percent": null, "responsible": [], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)建设现代产业体系", "text": "建成数字经济产业园。"}, {"cooperating": [], "deadline": null, "lead": "区人力社保局", "number": 3, "part": "二、保障民生", "percent": null, "responsible": ["各乡镇(街道)"], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)办好民生实事", "text": "新增城镇就业5000人以上。"}], "units": [{"kind": "department", "name": "区发展改革委", "submission": "missing", "submitted_on": null, "task_count": 2}, {"kind": "department", "name": "区科技局", "submission": "missing", "submitted_on": null, "task_count": 2}, {"kind": "department", "name": "区财政局", "submission": "missing", "submitted_on": null, "task_count": 1}, {"kind": "department", "name": "区人力社保局", "submission": "missing", "submitted_on": null, "task_count": 1}], "version": 1, "wording": {"criticism": "以下单位存在任务滞后、台账报送不及时或问题整改不到位等情况,予以通报批评:\n区人力社保局:未报送本期工作台账。\n区发展改革委:未报送本期工作台账。\n区科技局:未报送本期工作台账。\n区财政局:未报送本期工作台账。", "demands": "（一）压实工作责任。各牵头单位要对照任务分解,逐项梳理进展,对滞后任务逐一制定赶进度措施,确保按期完成。\n（二）抓好问题整改。对督查发现的问题,责任单位要按照整改要求和时限抓好整改,整改完成后及时报送佐证材料申请销号。\n（三）按时报送台账。请各单位于2021年7月7日前报送2021年第二季度工作台账,逾期未报的将在下期通报中予以通报。", "findings": "本期共开展督查 1 次(面上督查 1 次),连同此前尚未销号的问题,共跟踪问题 2 个:已整改销号 1 个,已整改待核验 0 个,正在整改 1 个(详见表4)。", "lagging": "对照序时进度,共有 3 项任务推进滞后,涉及区人力社保局、区发展改革委、区科技局等牵头单位(详见表2)。请相关牵头单位认真分析原因,制定赶进度措施。", "opening": "为推动《梁平区2021年政府工作报告目标任务分解方案》确定的各项任务落地落实,区人民政府督查办公室对2021年第一季度重点任务推进情况进行了督查,现将有关情况通报如下。", "overview": "截至2021年3月31日,2021年政府工作报告确定的 3 项重点任务中,滞后 3 项,完成(含销号)率 0%,平均进度 0%。本期应报送工作台账 4 个单位,按时报送 0 个,未报送 4 个。", "praise": "本期暂无通报表扬单位。", "sections": "分领域看,“二、保障民生”推进较快,平均进度 0%;“一、推动高质量发展”有 2 项任务滞后,需加快推进(详见表1)。", "title": "关于2021年第一季度政府工作报告重点任务推进情况的通报", "units": "3 个牵头单位中,0 个单位牵头任务均按序时推进,3 个单位存在滞后任务(详见表3)。"}, "year": 2021}','b1.docx','b1-附件.xlsx');
INSERT INTO "bulletin" VALUES(2,'5071fde4-3ab1-421c-b904-4ca9325c8a95',1,2021,2,'2021Q1','2026-11-30T11:10:27Z','王建国',0,'{"findings": [{"confidential": false, "deadline_on": null, "demand": null, "description": "台账不全", "inspection": "一季度面上督查", "kind": "open", "kind_label": "面上督查", "overdue": false, "severity": "normal", "severity_label": "较重", "started_on": "2021-03-20", "status": "closed", "status_label": "已销号", "task_number": null, "unit": "区发展改革委"}, {"confidential": false, "deadline_on": null, "demand": null, "description": "进度滞后", "inspection": "一季度面上督查", "kind": "open", "kind_label": "面上督查", "overdue": false, "severity": "normal", "severity_label": "较重", "started_on": "2021-03-20", "status": "open", "status_label": "待整改", "task_number": null, "unit": "区发展改革委"}], "include_confidential": false, "inspections": {"open": 1, "random": 0, "scheduled": 0, "unannounced": 0}, "issue_no": 2, "issued_on": "2026-11-30", "measured_on": "2021-03-31", "office": "区人民政府督查办公室", "period": {"code": "2021Q1", "ends_on": "2021-03-31", "label": "2021年第一季度", "starts_on": "2021-01-01"}, "plan": {"doc_number": "", "id": 1, "title": "梁平区2021年政府工作报告目标任务分解方案", "year": 2021}, "previous": {"criticized": ["区人力社保局", "区发展改革委", "区科技局", "区财政局"], "issue_no": 1, "period_code": "2021Q1"}, "render": {"fonts": {"body": "Noto Serif CJK SC", "heading": "Noto Sans CJK SC", "number": "Noto Serif CJK SC", "subheading": "Noto Serif CJK SC", "title": "Noto Serif CJK SC"}, "notes": ["标题字体“方正小标宋简体”本机未安装,改用“Noto Serif CJK SC”", "正文字体“仿宋_GB2312”本机未安装,改用“Noto Serif CJK SC”", "一级标题字体“黑体”本机未安装,改用“Noto Sans CJK SC”", "二级标题字体“楷体_GB2312”本机未安装,改用“Noto Serif CJK SC”", "页码字体“宋体”本机未安装,改用“Noto Serif CJK SC”"]}, "tasks": [{"cooperating": ["区财政局"], "deadline": null, "lead": "区发展改革委", "number": 1, "part": "一、推动高质量发展", "percent": null, "responsible": ["区科技局"], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)建设现代产业体系", "text": "完善科技创新体制机制。"}, {"cooperating": ["区发展改革委"], "deadline": null, "lead": "区科技局", "number": 2, "part": "一、推动高质量发展", "percent": null, "responsible": [], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)建设现代产业体系", "text": "建成数字经济产业园。"}, {"cooperating": [], "deadline": null, "lead": "区人力社保局", "number": 3, "part": "二、保障民生", "percent": null, "responsible": ["各乡镇(街道)"], "rule": "尚未报送进展,序时进度已达 25%", "status": "lagging", "status_label": "滞后", "subsection": "(一)办好民生实事", "text": "新增城镇就业5000人以上。"}], "units": [{"kind": "department", "name": "区发展改革委", "submission": "missing", "submitted_on": null, "task_count": 2}, {"kind": "department", "name": "区科技局", "submission": "missing", "submitted_on": null, "task_count": 2}, {"kind": "department", "name": "区财政局", "submission": "missing", "submitted_on": null, "task_count": 1}, {"kind": "department", "name": "区人力社保局", "submission": "missing", "submitted_on": null, "task_count": 1}], "version": 1, "wording": {"criticism": "以下单位存在任务滞后、台账报送不及时或问题整改不到位等情况,予以通报批评:\n区人力社保局:未报送本期工作台账。\n区发展改革委:未报送本期工作台账。\n区科技局:未报送本期工作台账。\n区财政局:未报送本期工作台账。\n其中,区人力社保局、区发展改革委、区科技局、区财政局在第1期通报中已被通报批评,本期仍未改进,请主要负责同志亲自过问、限期整改。", "demands": "（一）压实工作责任。各牵头单位要对照任务分解,逐项梳理进展,对滞后任务逐一制定赶进度措施,确保按期完成。\n（二）抓好问题整改。对督查发现的问题,责任单位要按照整改要求和时限抓好整改,整改完成后及时报送佐证材料申请销号。\n（三）按时报送台账。请各单位于2021年7月7日前报送2021年第二季度工作台账,逾期未报的将在下期通报中予以通报。", "findings": "本期共开展督查 1 次(面上督查 1 次),连同此前尚未销号的问题,共跟踪问题 2 个:已整改销号 1 个,已整改待核验 0 个,正在整改 1 个(详见表4)。", "lagging": "对照序时进度,共有 3 项任务推进滞后,涉及区人力社保局、区发展改革委、区科技局等牵头单位(详见表2)。请相关牵头单位认真分析原因,制定赶进度措施。", "opening": "为推动《梁平区2021年政府工作报告目标任务分解方案》确定的各项任务落地落实,区人民政府督查办公室对2021年第一季度重点任务推进情况进行了督查,现将有关情况通报如下。", "overview": "截至2021年3月31日,2021年政府工作报告确定的 3 项重点任务中,滞后 3 项,完成(含销号)率 0%,平均进度 0%。本期应报送工作台账 4 个单位,按时报送 0 个,未报送 4 个。", "praise": "本期暂无通报表扬单位。", "sections": "分领域看,“二、保障民生”推进较快,平均进度 0%;“一、推动高质量发展”有 2 项任务滞后,需加快推进(详见表1)。", "title": "关于2021年第一季度政府工作报告重点任务推进情况的通报", "units": "3 个牵头单位中,0 个单位牵头任务均按序时推进,3 个单位存在滞后任务(详见表3)。"}, "year": 2021}','b2.docx','b2-附件.xlsx');
INSERT INTO "close_out" VALUES(1,'89eccbf6-a2a4-4c94-a5b8-b6b45291f55f',NULL,1,'李秀梅','2021-04-02','已整改','王建国','2026-11-30T11:10:26Z',NULL,NULL,NULL);
INSERT INTO "close_out" VALUES(2,'0a65e10b-0ab6-4afa-9044-661e64f69d01',1,NULL,'赵六','2021-04-03',NULL,'王建国','2026-11-30T11:10:26Z',NULL,NULL,NULL);
INSERT INTO "evidence" VALUES(1,'87d311f8-3bef-4f56-a2c9-c8dfc671ecb8','35cabe9390ade4fdd70eabeb45aee7e4ad20ee8582e9f48e087792bcfc4b0fb6','photo.txt','text/plain',18,'2026-11-30T11:10:26Z','王建国');
INSERT INTO "evidence_link" VALUES(1,'finding','6c3af4cf-3fb0-4b35-b083-5f2dac12b7bd');
INSERT INTO "evidence_link" VALUES(1,'close_out','0a65e10b-0ab6-4afa-9044-661e64f69d01');
INSERT INTO "finding" VALUES(1,'6c3af4cf-3fb0-4b35-b083-5f2dac12b7bd',1,1,NULL,'台账不全','normal',NULL,NULL,NULL,'closed','张三','2026-11-30T11:10:26Z','2026-11-30T11:10:26Z');
INSERT INTO "finding" VALUES(2,'dbfc39c1-c764-43df-9235-ade25351e089',1,1,NULL,'进度滞后','normal',NULL,NULL,NULL,'open','李秀梅','2026-11-30T11:10:26Z','2026-11-30T11:10:26Z');
INSERT INTO "indicator" VALUES(1,3,0,'新增城镇就业5000人以上',5000.0,'人','>=');
INSERT INTO "inspection" VALUES(1,'6c175339-7a42-4e39-a53a-6a2fd2c00638',NULL,'open','一季度面上督查','recorded',NULL,'2021-03-20',NULL,NULL,NULL,0,NULL,'王建国','2026-11-30T11:10:26Z','2026-11-30T11:10:26Z');
INSERT INTO "inspection_inspector" VALUES(1,1);
INSERT INTO "inspection_inspector" VALUES(1,2);
INSERT INTO "inspection_unit" VALUES(1,1);
INSERT INTO "plan" VALUES(1,'629f5c41-85d8-4cff-a078-2290c5e02f66',2021,'','梁平区2021年政府工作报告目标任务分解方案',NULL,NULL,NULL,'tiny-plan.txt','f3c6736c75664cdd4bb9fea026efc3fb68868b14bdd6191571e65e6e44c542ec','2026-11-30T11:10:26Z','王建国');
INSERT INTO "section" VALUES(1,'792a606f-6a48-467d-854e-1350c94f343f',1,NULL,1,'1','一、','推动高质量发展');
INSERT INTO "section" VALUES(2,'ce0ae5b5-6146-4189-a4fe-a9f6266518f8',1,NULL,1,'2','二、','保障民生');
INSERT INTO "section" VALUES(3,'d71438bf-62ac-429d-8990-f2562ea2d1c6',1,1,2,'1.1','(一)','建设现代产业体系');
INSERT INTO "section" VALUES(4,'fff3852b-ba50-4e3c-839a-a252998e76ed',1,2,2,'2.1','(一)','办好民生实事');
INSERT INTO "staff" VALUES(1,'cc610b21-8e68-437d-8942-bb03cf3f8b36','王建国',NULL,NULL,1,NULL,1,'2026-11-30T11:10:26Z');
INSERT INTO "staff" VALUES(2,'5bd65382-dd3f-4efc-9251-649ead86812f','李秀梅',NULL,NULL,1,NULL,1,'2026-11-30T11:10:26Z');
INSERT INTO "task" VALUES(1,'1cbb4716-be20-42f3-b8aa-57828842aa8b',1,3,1,'完善科技创新体制机制。',NULL,NULL,NULL,NULL,4);
INSERT INTO "task" VALUES(2,'b99e604b-c868-4c9a-b67e-220b5657a487',1,3,2,'建成数字经济产业园。',NULL,NULL,NULL,NULL,5);
INSERT INTO "task" VALUES(3,'b69d5196-6687-46ac-8f2d-55b3afaf613d',1,4,3,'新增城镇就业5000人以上。',NULL,NULL,NULL,NULL,8);
INSERT INTO "task_search" VALUES('完善科技创新体制机制。','区发展改革委 区科技局 区财政局');
INSERT INTO "task_search" VALUES('建成数字经济产业园。','区发展改革委 区科技局');
INSERT INTO "task_search" VALUES('新增城镇就业5000人以上。','区人力社保局 各乡镇(街道)');
INSERT INTO "unit" VALUES(1,'ab08d042-6f64-4ba2-b734-2d2a4adff821','区发展改革委','department',NULL,1,1,NULL,'2026-11-30T11:10:26Z');
INSERT INTO "unit" VALUES(2,'81f975e9-f726-4d12-8416-597764bcd0e1','区科技局','department',NULL,2,1,NULL,'2026-11-30T11:10:26Z');
INSERT INTO "unit" VALUES(3,'96c6eca8-2e59-47eb-affa-b6539e1bdd1d','区财政局','department',NULL,3,1,NULL,'2026-11-30T11:10:26Z');
INSERT INTO "unit" VALUES(4,'40afb98a-964d-4980-aa96-2582ba33a51b','区人力社保局','department',NULL,4,1,NULL,'2026-11-30T11:10:26Z');
INSERT INTO "unit" VALUES(5,'233e5c4b-ac41-4259-b610-8e41f0a61c76','各乡镇(街道)','group','town',5,1,NULL,'2026-11-30T11:10:26Z');
INSERT INTO "unit_alias" VALUES('区发改委',1);
