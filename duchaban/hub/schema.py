"""The hub's schema, versioned and migrated like the local one, and who may see what in it.

Changes are rows of ``hub_change`` with a hub-wide sequence: the row's uuid, the machine it came
from, its revision and version id, the versions it grew from, and its values (or a tombstone).
``hub_row`` holds each row's current version, which a pushed change must have grown from.
PostgreSQL itself keeps confidential (暗访) records from staff who are not cleared for them: row-
level security on the changes, the current rows and the evidence files, not a check in our client.
"""

from __future__ import annotations

from duchaban.core.errors import DuchabanError

HUB_VERSION = 4
STAFF_ROLE = "duchaban_staff"                  # every staff member's login role is a member
CONFIDENTIAL_ROLE = "duchaban_confidential"     # cleared for 暗访 records
HEAD_ROLE = "duchaban_head"                     # the office head (assessment rules, bulletins)

_SECRET_TABLES = ("hub_change", "hub_row", "hub_file", "hub_audit_row")
# Rows only the office head's role may write: bulletins issued, the assessment rules and the plan.
HEAD_TABLES = ("bulletin", "assessment_rule_set", "plan", "section", "task")

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE hub_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE hub_change (
    seq          bigserial PRIMARY KEY,
    origin       text NOT NULL,
    table_name   text NOT NULL,
    uuid         text NOT NULL,
    revision     integer NOT NULL,
    version      text NOT NULL,
    history      jsonb NOT NULL,
    deleted      boolean NOT NULL DEFAULT false,
    confidential boolean NOT NULL DEFAULT false,
    record       jsonb,
    pushed_by    text NOT NULL DEFAULT current_user,
    pushed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hub_change_row ON hub_change (table_name, uuid);
CREATE TABLE hub_row (
    table_name   text NOT NULL,
    uuid         text NOT NULL,
    seq          bigint NOT NULL REFERENCES hub_change (seq),
    version      text NOT NULL,
    history      jsonb NOT NULL,
    confidential boolean NOT NULL DEFAULT false,
    PRIMARY KEY (table_name, uuid)
);
CREATE TABLE hub_staff (
    uuid         text PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    title        text,
    is_inspector boolean NOT NULL DEFAULT true
);
CREATE TABLE hub_file (
    sha256       text PRIMARY KEY,
    data         bytea NOT NULL,
    confidential boolean NOT NULL DEFAULT false
);
CREATE TABLE hub_snapshot (
    id          bigserial PRIMARY KEY,
    through_seq bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    data        bytea NOT NULL
);
CREATE TABLE hub_origin (
    origin    text PRIMARY KEY,
    machine   text,
    last_sync timestamptz
);
""",
    # Version 2 carries the ledgers and the issued bulletins (a program of version 1 would pass over
    # their rows, so it is told to update instead). Each bulletin's number, period and verification
    # code (数据校验码) are kept in a table of their own, where PostgreSQL holds the numbering rule
    # (one 第N期 a year, one standing bulletin a period) and only the office head may write.
    2: """
CREATE TABLE hub_bulletin (
    uuid        text PRIMARY KEY,
    plan_uuid   text NOT NULL,
    year        integer NOT NULL,
    issue_no    integer NOT NULL,
    period_code text NOT NULL,
    kind        text NOT NULL,
    topic       text,
    replaced    boolean NOT NULL DEFAULT false,
    check_code  text,
    issued_by   text,
    issued_at   text,
    origin      text NOT NULL,
    pushed_by   text NOT NULL DEFAULT current_user,
    UNIQUE (year, issue_no)
);
CREATE UNIQUE INDEX hub_bulletin_one_per_period ON hub_bulletin (plan_uuid, period_code)
    WHERE kind = 'period' AND NOT replaced;
CREATE INDEX hub_bulletin_check_code ON hub_bulletin (check_code);
-- Each machine's audit log, gathered: the chain's links readable by every staff member (so anyone
-- can see that no row is missing), the rows themselves (every column, as the laptop has them)
-- hidden from staff not cleared when they concern a confidential (暗访) record.
CREATE TABLE hub_audit (
    origin    text NOT NULL,
    id        bigint NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL,
    pushed_by text NOT NULL DEFAULT current_user,
    PRIMARY KEY (origin, id)
);
CREATE TABLE hub_audit_row (
    origin       text NOT NULL,
    id           bigint NOT NULL,
    confidential boolean NOT NULL DEFAULT false,
    row          jsonb NOT NULL,
    PRIMARY KEY (origin, id),
    FOREIGN KEY (origin, id) REFERENCES hub_audit (origin, id)
);
""",
    # Version 3 carries the plan (plans, sections, tasks with their indicators and assignments), which
    # a program of version 2 would pass over; only the office head may write it (HEAD_TABLES, whose
    # policies _roles_sql renews on every upgrade). No table changes: the number itself is the step.
    3: "SELECT 1",
    # Version 4 binds each machine's origin to the login that first synced from it (registered_by):
    # only that login may write changes and audit rows under it (policies in _roles_sql). An existing
    # hub's origins go to their earliest pusher, the audit log's first, else the change log's; an
    # origin that pushed nothing stays unbound until its next sync claims it.
    4: """
ALTER TABLE hub_origin ADD COLUMN registered_by text;
INSERT INTO hub_origin (origin)
    SELECT origin FROM hub_change UNION SELECT origin FROM hub_audit
    ON CONFLICT (origin) DO NOTHING;
UPDATE hub_origin o SET registered_by = first.pushed_by
    FROM (SELECT DISTINCT ON (origin) origin, pushed_by FROM hub_change ORDER BY origin, seq) first
    WHERE first.origin = o.origin;
UPDATE hub_origin o SET registered_by = first.pushed_by
    FROM (SELECT DISTINCT ON (origin) origin, pushed_by FROM hub_audit ORDER BY origin, id) first
    WHERE first.origin = o.origin;
ALTER TABLE hub_origin ALTER COLUMN registered_by SET DEFAULT current_user;
""",
}


def _roles_sql() -> str:
    """Group roles, grants and row-level security (run by the hub's owner)."""
    statements = []
    for role in (STAFF_ROLE, CONFIDENTIAL_ROLE, HEAD_ROLE):
        statements.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN"
                          f" CREATE ROLE {role} NOLOGIN; END IF; END $$")
    statements += [
        f"GRANT SELECT ON hub_meta, hub_snapshot TO {STAFF_ROLE}",
        f"GRANT SELECT, INSERT ON hub_change TO {STAFF_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE ON hub_row, hub_staff, hub_origin TO {STAFF_ROLE}",
        f"GRANT SELECT, INSERT ON hub_file TO {STAFF_ROLE}",
        f"GRANT USAGE ON SEQUENCE hub_change_seq_seq TO {STAFF_ROLE}",
        f"GRANT SELECT ON hub_bulletin TO {STAFF_ROLE}",
        f"GRANT SELECT, INSERT ON hub_audit, hub_audit_row TO {STAFF_ROLE}",
        f"GRANT INSERT, UPDATE ON hub_bulletin TO {HEAD_ROLE}",
    ]
    head_only = ("table_name NOT IN (" + ", ".join(f"'{t}'" for t in HEAD_TABLES) + ")"
                 f" OR pg_has_role(current_user, '{HEAD_ROLE}', 'MEMBER')")
    for table, command in (("hub_change", "INSERT"), ("hub_row", "INSERT"), ("hub_row", "UPDATE")):
        name = f"head_only_{command.lower()}"
        statements += [f"DROP POLICY IF EXISTS {name} ON {table}",
                       f"CREATE POLICY {name} ON {table} AS RESTRICTIVE FOR {command}"
                       # Any staff member may lock a head's row (to compare versions); only the head may change it.
                       + (" USING (true)" if command == "UPDATE" else "") + f" WITH CHECK ({head_only})"]
    for table in _SECRET_TABLES:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS cleared ON {table}",
            f"CREATE POLICY cleared ON {table} USING (NOT confidential OR pg_has_role(current_user,"
            f" '{CONFIDENTIAL_ROLE}', 'MEMBER')) WITH CHECK (true)",
        ]
    return ";\n".join(statements + _origin_policies()) + ";"


def _origin_policies() -> list[str]:
    """Each origin belongs to the login that registered it: no one else may write changes or audit
    rows under it, so no staff member can forge or pre-empt another laptop's gathered log. The
    hub's owner is bound by none of this (the owner of a table passes its row-level security)."""
    mine = "registered_by = current_user"
    statements = ["ALTER TABLE hub_origin ENABLE ROW LEVEL SECURITY",
                  # The gathered links stay readable by all, as before; only writing is bound to the origin.
                  "ALTER TABLE hub_audit ENABLE ROW LEVEL SECURITY"]
    for table, name, command, rule in (
            ("hub_origin", "origin_read", "SELECT", "USING (true)"),
            ("hub_origin", "origin_register", "INSERT", f"WITH CHECK ({mine})"),
            # An origin no one holds (an old hub's, that never pushed) goes to the first login that syncs it.
            ("hub_origin", "origin_claim", "UPDATE", f"USING ({mine} OR registered_by IS NULL) WITH CHECK ({mine})"),
            ("hub_audit", "audit_read", "SELECT", "USING (true)"),
            ("hub_audit", "audit_append", "INSERT", "WITH CHECK (true)")):
        statements += [f"DROP POLICY IF EXISTS {name} ON {table}",
                       f"CREATE POLICY {name} ON {table} FOR {command} {rule}"]
    registered = (f"EXISTS (SELECT 1 FROM hub_origin o WHERE o.origin = {{table}}.origin AND o.{mine})")
    for table in ("hub_change", "hub_audit", "hub_audit_row"):
        rule = registered.format(table=table) + (" AND pushed_by = current_user" if table != "hub_audit_row" else "")
        statements += ["DROP POLICY IF EXISTS origin_registered ON " + table,
                       f"CREATE POLICY origin_registered ON {table} AS RESTRICTIVE FOR INSERT WITH CHECK ({rule})"]
    return statements


def hub_version(conn) -> int | None:
    """The hub's schema version, or None when the database holds no hub."""
    exists = conn.execute("SELECT to_regclass('hub_meta')").fetchone()[0]
    if exists is None:
        return None
    row = conn.execute("SELECT value FROM hub_meta WHERE key = 'version'").fetchone()
    return int(row[0]) if row else None


def check_version(conn) -> None:
    """DuchabanError unless the hub's schema is the one this program writes."""
    found = hub_version(conn)
    if found is None:
        raise DuchabanError("该 PostgreSQL 数据库还不是督查办的办公室数据库:请先在办公室运行 duchaban hub init")
    if found > HUB_VERSION:
        raise DuchabanError(f"办公室数据库由更新版本的督查办建立(结构版本 {found},本程序支持 {HUB_VERSION}),"
                            "请先升级本机的督查办程序再同步")
    if found < HUB_VERSION:
        raise DuchabanError(f"办公室数据库的结构版本为 {found},请在办公室用新版程序运行 duchaban hub init 升级后再同步")


def upgrade_hub(conn) -> int:
    """Create or step up the hub's schema and its roles in one transaction; return the version found (0: new)."""
    found = hub_version(conn) or 0
    if found > HUB_VERSION:
        check_version(conn)
    with conn.transaction():
        for version in range(found + 1, HUB_VERSION + 1):
            conn.execute(MIGRATIONS[version])
        conn.execute(_roles_sql())
        conn.execute("INSERT INTO hub_meta (key, value) VALUES ('version', %s)"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(HUB_VERSION)])
        conn.execute("INSERT INTO hub_meta (key, value) VALUES ('hub_id', gen_random_uuid()::text)"
                     " ON CONFLICT (key) DO NOTHING")
    return found


def hub_id(conn) -> str:
    return conn.execute("SELECT value FROM hub_meta WHERE key = 'hub_id'").fetchone()[0]


def set_login(conn, *, name: str, password: str, groups: list[str]) -> None:
    """A login role for a staff member, member of exactly these of the hub's groups."""
    from psycopg import sql

    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None
    with conn.transaction():
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(f"{verb} ROLE {{}} LOGIN PASSWORD {{}}").format(sql.Identifier(name),
                                                                          sql.Literal(password)))
        for group in (STAFF_ROLE, CONFIDENTIAL_ROLE, HEAD_ROLE):
            grant = "GRANT {} TO {}" if group in groups else "REVOKE {} FROM {}"
            conn.execute(sql.SQL(grant).format(sql.Identifier(group), sql.Identifier(name)))
