"""Syncing a laptop's database with the office hub: pull everyone's changes, then push its own.

The records are those of the field exchange package (store/field_sync.py), in the same shape, so
both ways of meeting follow one set of merge rules: by revision, never by clock. A pushed change is
accepted only when it grew from the hub's current version of its row (``hub_row``); pulling first
brings that version here, where a conflict is decided, and the decision grows from both sides.

Each step is idempotent: the same change pushed twice is one change at the hub, and pulled twice
it is merged once. A sync killed half-way is a sync not yet done: the next one finishes it.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.hub.audit_gather import send_audit
from duchaban.hub.schema import HEAD_TABLES, check_version, hub_id
from duchaban.store.bulletin_sync import describe_bulletin, numbering_refusal
from duchaban.store.evidence import stored_path
from duchaban.store.field_sync import MergeReport, collect_changes, merge_changes
from duchaban.store.ledger_sync import LEDGER_KINDS
from duchaban.store.plan_sync import PLAN_KINDS
from duchaban.store.revisions import TRAVELLING_TABLES, RowVersion, current_seq
from duchaban.store.settings import MACHINE_ID, get_setting, machine_id, set_setting
from duchaban.store.snapshot import confidential_keys

if TYPE_CHECKING:
    from sqlite_utils import Database

# Record lists of a package, by the table their rows live in.
KINDS = (("units", "unit"), ("contacts", "contact"), *PLAN_KINDS,
         ("inspections", "inspection"), ("findings", "finding"), ("followups", "finding_followup"),
         ("close_outs", "close_out"), ("evidence", "evidence"), ("draws", "random_draw"), *LEDGER_KINDS,
         ("bulletins", "bulletin"), ("rule_sets", "assessment_rule_set"))
TABLE_KIND = {table: kind for kind, table in KINDS}


class PushRefused(DuchabanError):
    """The hub's row changed since this machine last pulled it: pull (and decide) first."""


@dataclass
class SyncReport:
    pulled: MergeReport = field(default_factory=MergeReport)
    pushed: dict[str, int] = field(default_factory=dict)     # table -> changes accepted by the hub
    unchanged: int = 0                                          # changes the hub already had
    files_sent: int = 0
    files_waiting: int = 0                                      # pulled evidence files left at the hub
    audit_sent: int = 0                                         # audit log rows gathered at the hub
    waiting: int = 0                                            # local changes still to send (dry run)

    def to_json(self) -> dict:
        return {"pulled": self.pulled.to_json(), "pushed": self.pushed, "already_at_hub": self.unchanged,
                "files_sent": self.files_sent, "files_waiting": self.files_waiting, "audit_sent": self.audit_sent}


def sync_setting_key(conn, name: str) -> str:
    """This database's setting that remembers how far it pulled from / pushed to this hub."""
    return f"hub.{hub_id(conn)}.{name}"


def waiting_to_send(db: Database) -> int | None:
    """Changed rows not yet sent to the hub this database last synced with (None: never synced),
    read from this database alone, for the status bar."""
    sent = [int(v) for (v,) in db.execute("SELECT value FROM setting WHERE key LIKE 'hub.%.pushed'")]
    if not sent:
        return None
    return db.execute("SELECT count(*) FROM row_version WHERE change_seq > ?", [max(sent)]).fetchone()[0]


# --- pull ----------------------------------------------------------------------------------


def _pulled_records(conn, since: int) -> tuple[dict, int]:
    """The hub's latest change of each row after ``since`` that this role may see, as package records."""
    records: dict[str, list] = {kind: [] for kind, _ in KINDS}
    records["tombstones"] = []
    latest: dict[tuple[str, str], tuple] = {}
    through = since
    for row in conn.execute("SELECT seq, table_name, uuid, revision, version, history, deleted, record"
                            " FROM hub_change WHERE seq > %s ORDER BY seq", [since]):
        latest[(row[1], row[2])] = row
        through = max(through, row[0])
    for (table, uuid_value), (_, _, _, revision, version, history, deleted, record) in sorted(
            latest.items(), key=lambda item: item[1][0]):
        stamp = RowVersion(revision, version, tuple(history)).to_json()
        if deleted:
            records["tombstones"].append({"table": table, "uuid": uuid_value, "deleted_at": record.get("deleted_at")
                                          if record else None, "_version": stamp})
        elif table in TABLE_KIND:
            records[TABLE_KIND[table]].append({**record, "_version": stamp})
    records["staff"] = [{"uuid": r[0], "name": r[1], "title": r[2], "is_inspector": int(r[3])}
                        for r in conn.execute("SELECT uuid, name, title, is_inspector FROM hub_staff ORDER BY name")]
    return records, through


def _files_waiting(db: Database, evidence: list[dict]) -> int:
    """Pulled evidence whose file this machine does not hold: it stays at the hub until first opened."""
    return len({row["sha256"] for row in evidence if not stored_path(db, row["sha256"], row["file_name"]).exists()})


def pull(db: Database, conn, *, decisions: dict[str, str] | None = None, dry_run: bool = False,
         who: str | None = None, report: SyncReport | None = None) -> SyncReport:
    """Merge the hub's changes since this machine's last pull; conflicts need ``decisions``."""
    report = report or SyncReport()
    since = int(get_setting(db, sync_setting_key(conn, "pulled")) or 0)
    records, through = _pulled_records(conn, since)
    report.files_waiting = _files_waiting(db, records["evidence"])
    if dry_run:
        report.pulled = merge_changes(db, records, since=None, evidence_files=None, decisions=decisions,
                                      dry_run=True)
        return report
    with db.atomic():       # the merge and how far it reached, together
        report.pulled = merge_changes(db, records, since=None, evidence_files=None, decisions=decisions, who=who)
        if through > since:
            set_setting(db, sync_setting_key(conn, "pulled"), str(through), who=who)
    return report


# --- push ----------------------------------------------------------------------------------


@dataclass
class _Outgoing:
    """One change on its way to the hub."""

    table: str
    uuid: str
    version: RowVersion
    record: dict | None
    deleted: bool = False
    confidential: bool = False
    path: str | None = None


def _accepted(conn, outgoing: list[_Outgoing]) -> tuple[list[_Outgoing], int]:
    """(the changes the hub takes: new rows or grown from the hub's, how many it has already),
    with every row they touch locked by one statement; PushRefused when a row changed on both sides
    (the caller pulls and decides first)."""
    if not outgoing:
        return [], 0
    held = {(t, u): RowVersion(0, v, tuple(h)) for t, u, v, h in conn.execute(
        "SELECT r.table_name, r.uuid, r.version, r.history FROM hub_row r"
        " JOIN unnest(%s::text[], %s::text[]) AS k (table_name, uuid) USING (table_name, uuid) FOR UPDATE OF r",
        [[o.table for o in outgoing], [o.uuid for o in outgoing]])}
    taken, unchanged = [], 0
    for change in outgoing:
        current = held.get((change.table, change.uuid))
        if current is None or change.version.grew_from(current):
            taken.append(change)
        elif current.version == change.version.version or change.version.version in current.history:
            unchanged += 1
        else:
            raise PushRefused(f"办公室数据库中的这条记录在本机上次同步后又被修改({change.table} {change.uuid[:8]}),"
                              "请先同步取回再发送")
    return taken, unchanged


def _send(conn, origin: str, changes: list[_Outgoing]) -> None:
    """The changes as rows of the hub's change log, and each row's current version, in two statements."""
    from psycopg import errors

    if not changes:
        return
    try:
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO hub_change (origin, table_name, uuid, revision, version, history, deleted, confidential,"
                " record) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING seq",
                [(origin, c.table, c.uuid, c.version.revision, c.version.version, json.dumps(list(c.version.history)),
                  c.deleted, c.confidential, None if c.record is None else json.dumps(c.record, ensure_ascii=False))
                 for c in changes], returning=True)
            seqs = []
            while True:
                seqs.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    break
            cursor.executemany(
                "INSERT INTO hub_row (table_name, uuid, seq, version, history, confidential)"
                " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (table_name, uuid) DO UPDATE SET seq = excluded.seq,"
                " version = excluded.version, history = excluded.history, confidential = excluded.confidential",
                [(c.table, c.uuid, seq, c.version.version, json.dumps(list(c.version.history)), c.confidential)
                 for c, seq in zip(changes, seqs)])
    except errors.InsufficientPrivilege:
        head = next((c for c in changes if c.table in HEAD_TABLES), None)
        if head is None:
            raise
        what = {"bulletin": "印发通报", "assessment_rule_set": "修改考核规则"}.get(head.table, "修改分解方案")
        raise DuchabanError(f"只有办公室负责人的账号可以{what}:本机的这项修改({describe(head.table, head.record)})"
                            "未能发送到办公室数据库,请由负责人在其电脑上办理") from None


def describe(table: str, record: dict | None) -> str:
    if table == "bulletin" and record and "issue_no" in record:
        return describe_bulletin(record)
    if table == "task" and record and "number" in record:
        return f"第 {record['number']} 项任务“{record['text'][:24]}”"
    if table in ("plan", "section") and record and "title" in record:
        return f"{'分解方案' if table == 'plan' else '部分'}“{record['title']}”"
    return f"{table} {(record or {}).get('uuid', '')[:8]}"


def _register_bulletin(conn, origin: str, record: dict) -> None:
    """The bulletin's number, period and verification code at the hub, where PostgreSQL keeps one
    bulletin per number and per period; a clash names both bulletins."""
    from psycopg import errors

    values = [record["uuid"], record["plan_uuid"], record["year"], record["issue_no"], record["period_code"],
              record["kind"], record.get("topic"), record.get("replaced_at") is not None, record.get("check_code"),
              record.get("generated_by"), record.get("generated_at"), record.get("origin") or origin]
    try:
        with conn.transaction():
            conn.execute(
                "INSERT INTO hub_bulletin (uuid, plan_uuid, year, issue_no, period_code, kind, topic, replaced,"
                " check_code, issued_by, issued_at, origin) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (uuid) DO UPDATE SET replaced = excluded.replaced, check_code = excluded.check_code",
                values)
    except errors.UniqueViolation:
        other = conn.execute(
            "SELECT year, issue_no, period_code, topic, issued_by, issued_at FROM hub_bulletin WHERE uuid != %s"
            " AND ((year = %s AND issue_no = %s) OR (kind = 'period' AND %s = 'period' AND NOT replaced"
            " AND plan_uuid = %s AND period_code = %s)) LIMIT 1",
            [record["uuid"], record["year"], record["issue_no"], record["kind"], record["plan_uuid"],
             record["period_code"]]).fetchone()
        theirs = dict(zip(("year", "issue_no", "period_code", "topic", "generated_by", "generated_at"), other))
        raise DuchabanError(numbering_refusal(record, theirs)) from None


def _held_by_another(conn, origin: str) -> str | None:
    """The login this machine's origin is registered to at the hub, when it is not this one."""
    row = conn.execute("SELECT registered_by, current_user FROM hub_origin WHERE origin = %s", [origin]).fetchone()
    return row[0] if row is not None and row[0] is not None and row[0] != row[1] else None


def _origin_refusal(holder: str, *, untouched: bool = False) -> DuchabanError:
    return DuchabanError(f"这台电脑的数据库此前由“{holder}”的账号同步到办公室数据库;一台电脑的数据库只能由一个账号"
                         f"同步。请用“{holder}”的账号同步,或用自己的账号 duchaban hub clone 建立新的本机数据库"
                         + ("。本机和办公室数据库都未作修改" if untouched else ""))


def _register_origin(conn, origin: str) -> None:
    """Bind this machine's origin to this login, first thing in the push's transaction (the hub's
    policies admit its changes and audit rows only then); refused when another login holds it."""
    row = conn.execute(
        "INSERT INTO hub_origin (origin, machine, last_sync) VALUES (%s, %s, now()) ON CONFLICT (origin) DO UPDATE"
        " SET registered_by = current_user, machine = excluded.machine, last_sync = now()"
        " WHERE hub_origin.registered_by IS NULL OR hub_origin.registered_by = current_user RETURNING origin",
        [origin, platform.node()]).fetchone()
    if row is None:
        raise _origin_refusal(conn.execute("SELECT registered_by FROM hub_origin WHERE origin = %s",
                                           [origin]).fetchone()[0])


def push(db: Database, conn, *, report: SyncReport | None = None) -> SyncReport:
    """Send this machine's changes since its last push in one hub transaction."""
    report = report or SyncReport()
    since = int(get_setting(db, sync_setting_key(conn, "pushed")) or 0)
    audit_since = int(get_setting(db, sync_setting_key(conn, "audit_pushed")) or 0)
    through = current_seq(db)
    records = collect_changes(db, since_seq=since, include_confidential=True, ledgers=True)
    secret = confidential_keys(db)
    origin = machine_id(db)
    with conn.transaction():
        _register_origin(conn, origin)
        for person in records["staff"]:
            taken = conn.execute("SELECT uuid FROM hub_staff WHERE name = %s", [person["name"]]).fetchone()
            if taken is not None and taken[0] != person["uuid"]:
                raise DuchabanError(f"办公室数据库中已有另一位名叫“{person['name']}”的工作人员:"
                                    "请先核对两边的工作人员名单")
            conn.execute("INSERT INTO hub_staff (uuid, name, title, is_inspector) VALUES (%s, %s, %s, %s)"
                         " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, title = excluded.title",
                         [person["uuid"], person["name"], person.get("title"), bool(person.get("is_inspector", 1))])
        outgoing = [_Outgoing(table, row["uuid"], RowVersion.from_json(row["_version"]),
                              {k: v for k, v in row.items() if k not in ("_version", "path")},
                              confidential=(table, row["uuid"]) in secret or bool(row.get("include_confidential")),
                              path=row.get("path"))
                    for kind, table in KINDS for row in records[kind]]
        outgoing += [_Outgoing(t["table"], t["uuid"], RowVersion.from_json(t["_version"]),
                               {"deleted_at": t["deleted_at"]}, deleted=True)
                     for t in records["tombstones"] if t["table"] in TRAVELLING_TABLES]
        taken, report.unchanged = _accepted(conn, outgoing)
        _send(conn, origin, taken)
        for change in taken:
            report.pushed[change.table] = report.pushed.get(change.table, 0) + 1
            if change.table == "bulletin" and not change.deleted:
                _register_bulletin(conn, origin, change.record)
            elif change.table == "evidence" and not change.deleted:
                report.files_sent += _send_file(conn, Path(change.path), change.record["sha256"], change.confidential)
        report.audit_sent, audit_through = send_audit(db, conn, origin=origin, since=audit_since, secret=secret)
    # After the hub's commit: a kill before this line only means the same changes are offered again.
    set_setting(db, sync_setting_key(conn, "pushed"), str(through))
    set_setting(db, sync_setting_key(conn, "audit_pushed"), str(audit_through))
    return report


def _send_file(conn, path: Path, sha256: str, confidential: bool) -> int:
    """Store an evidence file at the hub once per hash; 1 when it was sent now."""
    if conn.execute("SELECT 1 FROM hub_file WHERE sha256 = %s", [sha256]).fetchone():
        return 0
    try:
        data = path.read_bytes()
    except OSError:
        raise DuchabanError(f"佐证文件缺失,无法发送到办公室:{path.name}") from None
    conn.execute("INSERT INTO hub_file (sha256, data, confidential) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                 [sha256, data, confidential])
    return 1


def sync(db: Database, conn, *, decisions: dict[str, str] | None = None, who: str | None = None,
         attempts: int = 3) -> SyncReport:
    """Pull, then push; when another machine pushed in between, pull and push again. A machine whose
    origin another login holds is refused before the pull, so neither side changes."""
    check_version(conn)
    origin = get_setting(db, MACHINE_ID)       # read, not made: a machine with none has no holder yet
    holder = None if origin is None else _held_by_another(conn, origin)
    if holder is not None:
        raise _origin_refusal(holder, untouched=True)
    for attempt in range(attempts):
        report = pull(db, conn, decisions=decisions, who=who)
        try:
            return push(db, conn, report=report)
        except PushRefused:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")
