"""Field-laptop sync in the database: the inspection records changed since a point in time, as
plain data keyed by UUID, and merging such data into this database.

Records refer to one another, and to units, tasks and staff, by UUID (staff by name), so a laptop
that started as a copy of the office database merges back without duplicates. A record changed
on both sides since the laptop's copy was taken is a conflict, settled by the user's decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchaban.core.draws import DRAW_KINDS
from duchaban.core.errors import StoreError
from duchaban.core.field_names import field_label, table_label
from duchaban.core.findings import FINDING_STATUSES, INSPECTION_KINDS, INSPECTION_STATES, SEVERITIES
from duchaban.core.ledger import STATUS_LABELS
from duchaban.core.periods import utc_now_iso
from duchaban.core.unit_names import KIND_LABELS as UNIT_KIND_LABELS
from duchaban.store.assessment_sync import collect_assessment_changes, merge_assessment
from duchaban.store.audit import insert_audited, insert_row, record_change
from duchaban.store.bulletin_sync import collect_bulletin_changes, merge_bulletins
from duchaban.store.connection import driver_errors
from duchaban.store.directory_sync import collect_directory_changes, merge_directory
from duchaban.store.evidence import stored_path, unlink_orphan_evidence
from duchaban.store.inspections import link_inspection
from duchaban.store.ledger_sync import collect_ledger_changes, merge_ledgers, refresh_reports, reports_of
from duchaban.store.plan_sync import collect_plan_changes, merge_plans, refresh_tasks
from duchaban.store.revisions import (
    FIELD_TABLES,
    HISTORY_KEPT,
    TRAVELLING_TABLES,
    RowVersion,
    changed_since,
    changed_since_sql,
    compare_versions,
    is_tombstone,
    new_version_id,
    row_version,
    set_row_version,
    tombstones_since,
)
from duchaban.store.staff import find_staff

if TYPE_CHECKING:
    from sqlite_utils import Database

# Fields compared to tell whether a record differs; the rest are identity and bookkeeping.
# People are compared by their staff uuids (a package from version 1 names them; see _people_uuids).
INSPECTION_FIELDS = ("kind", "title", "state", "planned_on", "started_on", "ended_on", "method", "summary",
                     "confidential", "inspector_uuids", "units", "tasks")
FINDING_FIELDS = ("inspection_uuid", "unit_uuid", "task_uuid", "description", "severity", "demand", "deadline_on",
                  "responsible_person", "status", "reported_by_uuid")
CLOSE_OUT_FIELDS = ("task_uuid", "finding_uuid", "verifier_uuid", "closed_on", "opinion", "override_reason",
                    "reopened_at", "reopened_by_uuid", "reopen_reason")
# Which staff column each person field fills, per table: (uuid field, name field, id column).
PEOPLE = {
    "inspection": (("created_by_uuid", "created_by", "created_by_id"),),
    "finding": (("reported_by_uuid", "reported_by", "reported_by_id"),),
    "close_out": (("verifier_uuid", "verifier", "verifier_id"), ("created_by_uuid", "created_by", "created_by_id"),
                  ("reopened_by_uuid", "reopened_by", "reopened_by_id")),
}

_FLAGS = frozenset({"confidential", "active", "is_inspector", "include_confidential"})
# Coded values in the words the window shows them in, per (table, field).
_VALUE_WORDS = {("finding", "status"): FINDING_STATUSES, ("finding_followup", "status_after"): FINDING_STATUSES,
                ("progress_entry", "status"): STATUS_LABELS, ("finding", "severity"): SEVERITIES,
                ("inspection", "kind"): INSPECTION_KINDS, ("inspection", "state"): INSPECTION_STATES,
                ("unit", "kind"): UNIT_KIND_LABELS, ("unit", "member_kind"): UNIT_KIND_LABELS,
                ("bulletin", "kind"): {"period": "定期通报", "special": "专项通报"},
                ("random_draw", "kind"): DRAW_KINDS}


def _value_label(table: str, key: str, value) -> str:
    if value is None or value == "":
        return "(空)"
    words = _VALUE_WORDS.get((table, key))
    if words is not None:
        return words.get(value, str(value))
    if key in _FLAGS:
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value)) or "(空)"
    return str(value)


def describe_differences(conflict: "Conflict") -> str:
    """A conflict's differing fields in words: 字段:本机值 / 交换包值;…"""
    t = conflict.table
    return ";".join(f"{field_label(t, k)}:{_value_label(t, k, a)} / {_value_label(t, k, b)}"
                    for k, (a, b) in conflict.differences().items())


# --- reading this database ---------------------------------------------------------


def _inspection_rows(db: Database, where: str, params: list) -> list[dict]:
    rows = list(db.query(
        "SELECT i.uuid, p.uuid AS plan_uuid, i.kind, i.title, i.state, i.planned_on, i.started_on, i.ended_on,"
        " i.method, i.summary, i.confidential, i.created_by, cs.uuid AS created_by_uuid, i.created_at, i.updated_at,"
        f" i.id FROM inspection i LEFT JOIN plan p ON p.id = i.plan_id LEFT JOIN staff cs ON cs.id = i.created_by_id"
        f" WHERE {where} ORDER BY i.id", params))
    for row in rows:
        inspection_id = row.pop("id")
        inspectors = sorted(db.execute(
            "SELECT s.uuid, s.name FROM inspection_inspector ii JOIN staff s ON s.id = ii.staff_id"
            " WHERE ii.inspection_id = ? ORDER BY s.uuid", [inspection_id]).fetchall())
        row["inspector_uuids"] = [r[0] for r in inspectors]
        row["inspectors"] = sorted(r[1] for r in inspectors)      # for reading, and for older programs
        row["units"] = sorted(r[0] for r in db.execute(
            "SELECT u.uuid FROM inspection_unit iu JOIN unit u ON u.id = iu.unit_id WHERE iu.inspection_id = ?",
            [inspection_id]))
        row["tasks"] = sorted(r[0] for r in db.execute(
            "SELECT t.uuid FROM inspection_task it JOIN task t ON t.id = it.task_id WHERE it.inspection_id = ?",
            [inspection_id]))
    return rows


_FINDING_SELECT = (
    "SELECT f.uuid, i.uuid AS inspection_uuid, u.uuid AS unit_uuid, u.name AS unit_name, t.uuid AS task_uuid,"
    " f.description, f.severity, f.demand, f.deadline_on, f.responsible_person, f.status, f.reported_by,"
    " rs.uuid AS reported_by_uuid, f.created_at, f.updated_at FROM finding f"
    " JOIN inspection i ON i.id = f.inspection_id JOIN unit u ON u.id = f.unit_id LEFT JOIN task t ON t.id = f.task_id"
    " LEFT JOIN staff rs ON rs.id = f.reported_by_id")
_CLOSE_OUT_SELECT = (
    "SELECT c.uuid, t.uuid AS task_uuid, f.uuid AS finding_uuid, c.verifier, vs.uuid AS verifier_uuid, c.closed_on,"
    " c.opinion, c.override_reason, c.created_by, cs.uuid AS created_by_uuid, c.created_at, c.reopened_at,"
    " c.reopened_by, rs.uuid AS reopened_by_uuid, c.reopen_reason FROM close_out c"
    " LEFT JOIN task t ON t.id = c.task_id LEFT JOIN finding f ON f.id = c.finding_id"
    " LEFT JOIN staff vs ON vs.id = c.verifier_id LEFT JOIN staff cs ON cs.id = c.created_by_id"
    " LEFT JOIN staff rs ON rs.id = c.reopened_by_id")


def _with_versions(db: Database, table: str, rows: list[dict]) -> list[dict]:
    for row in rows:
        version = row_version(db, table, row["uuid"])
        if version is not None:
            row["_version"] = version.to_json()
    return rows


def collect_changes(db: Database, *, since: str | None = None, since_seq: int | None = None,
                    include_confidential: bool = False, ledgers: bool = False) -> dict:
    """Inspections, findings, follow-ups, close-outs, evidence and draws changed here after change
    number ``since_seq`` (or, the older way, created or changed at or after the ISO time ``since``),
    with their revisions, and the deletions since then; 暗访 records only when asked. Evidence rows
    carry their stored path. ``ledgers`` (the office hub, by change number): the submissions,
    reports and issued bulletins too; a field package carries none, nor their deletions."""
    if (since is None) == (since_seq is None):
        raise ValueError("collect_changes takes since or since_seq")
    secret = "" if include_confidential else " AND i.confidential = 0"
    if since_seq is not None:
        n = since_seq
        inspection_where, inspection_params = changed_since_sql("inspection", "i"), [n]
        finding_where = (f"({changed_since_sql('finding', 'f')} OR EXISTS (SELECT 1 FROM finding_followup fu"
                         f" WHERE fu.finding_id = f.id AND {changed_since_sql('finding_followup', 'fu')}))")
        finding_params = [n, n]
        followup_where, followup_params = changed_since_sql("finding_followup", "fu"), [n]
        close_where, close_params = changed_since_sql("close_out", "c"), [n]
        draw_where, draw_params = changed_since_sql("random_draw", "random_draw"), [n]
        evidence_changed = changed_since(db, "evidence", n)
        tombstones = [t for t in tombstones_since(db, n) if ledgers or t["table"] in FIELD_TABLES]
    else:
        inspection_where, inspection_params = "(i.updated_at >= ? OR i.created_at >= ?)", [since, since]
        finding_where = ("(f.updated_at >= ? OR f.created_at >= ? OR EXISTS (SELECT 1 FROM finding_followup"
                         " fu WHERE fu.finding_id = f.id AND fu.recorded_at >= ?))")
        finding_params = [since, since, since]
        followup_where, followup_params = "fu.recorded_at >= ?", [since]
        close_where, close_params = "(c.created_at >= ? OR c.reopened_at >= ?)", [since, since]
        draw_where, draw_params = "drawn_at >= ?", [since]
        evidence_changed, tombstones = set(), []
    inspections = _inspection_rows(db, f"{inspection_where}{secret}", inspection_params)
    findings = list(db.query(_FINDING_SELECT + f" WHERE {finding_where}{secret} ORDER BY f.id", finding_params))
    followups = list(db.query(
        "SELECT fu.uuid, f.uuid AS finding_uuid, fu.on_date, fu.text, fu.status_after, fu.recorded_by, fu.recorded_at"
        " FROM finding_followup fu JOIN finding f ON f.id = fu.finding_id JOIN inspection i ON i.id = f.inspection_id"
        f" WHERE {followup_where}{secret} ORDER BY fu.id", followup_params))
    close_outs = list(db.query(
        _CLOSE_OUT_SELECT + " LEFT JOIN inspection i ON i.id = f.inspection_id"
        f" WHERE {close_where}"
        + ("" if include_confidential else " AND coalesce(i.confidential, 0) = 0") + " ORDER BY c.id",
        close_params))
    owners = {("inspection", r["uuid"]) for r in inspections} | {("finding", r["uuid"]) for r in findings} | {
        ("close_out", r["uuid"]) for r in close_outs}
    evidence: dict[str, dict] = {}
    for row in db.query("SELECT e.*, l.owner_kind, l.owner_uuid FROM evidence e"
                        " JOIN evidence_link l ON l.evidence_id = e.id ORDER BY e.id"):
        if (row["owner_kind"], row["owner_uuid"]) not in owners and row["uuid"] not in evidence_changed:
            continue
        if row["uuid"] in evidence_changed and not include_confidential and _secret_owner(db, row):
            continue
        item = evidence.setdefault(row["uuid"], {
            "uuid": row["uuid"], "sha256": row["sha256"], "file_name": row["file_name"],
            "media_type": row["media_type"], "size": row["size"], "added_at": row["added_at"],
            "added_by": row["added_by"], "links": [], "path": str(stored_path(db, row["sha256"], row["file_name"]))})
        item["links"].append({"owner_kind": row["owner_kind"], "owner_uuid": row["owner_uuid"]})
    draws = list(db.query("SELECT uuid, kind, pool, pool_sha256, count, seed, attempts, result, drawn_by, drawn_at,"
                          f" note FROM random_draw WHERE {draw_where} ORDER BY id", draw_params))
    staff = _referenced_staff(db, inspections, findings, close_outs)
    extra = {**collect_directory_changes(db, since_seq, _with_versions),
             **collect_plan_changes(db, since_seq, _with_versions),
             **collect_ledger_changes(db, since_seq, _with_versions),
             **collect_assessment_changes(db, since_seq, _with_versions),
             **collect_bulletin_changes(db, since_seq, _with_versions)} if ledgers and since_seq is not None else {}
    return {**extra, "staff": staff,
            "inspections": _with_versions(db, "inspection", inspections),
            "findings": _with_versions(db, "finding", findings),
            "followups": _with_versions(db, "finding_followup", followups),
            "close_outs": _with_versions(db, "close_out", close_outs),
            "evidence": _with_versions(db, "evidence", list(evidence.values())),
            "draws": _with_versions(db, "random_draw", draws),
            "tombstones": tombstones}


def _referenced_staff(db: Database, inspections: list[dict], findings: list[dict],
                      close_outs: list[dict]) -> list[dict]:
    """The staff members the records name, so that the other machine knows them by uuid."""
    wanted = {u for r in inspections for u in r["inspector_uuids"]}
    for rows, table in ((inspections, "inspection"), (findings, "finding"), (close_outs, "close_out")):
        for row in rows:
            wanted.update(row[uuid_field] for uuid_field, _, _ in PEOPLE[table] if row.get(uuid_field))
    return [dict(r) for r in db.query(
        f"SELECT uuid, name, title, is_inspector FROM staff WHERE uuid IN ({','.join('?' * len(wanted))})"
        " ORDER BY name", sorted(wanted))] if wanted else []


def _secret_owner(db: Database, link: dict) -> bool:
    """Whether an evidence link's owner belongs to a confidential (暗访) inspection."""
    sql = {"inspection": "SELECT confidential FROM inspection WHERE uuid = ?",
           "finding": "SELECT i.confidential FROM finding f JOIN inspection i ON i.id = f.inspection_id"
                      " WHERE f.uuid = ?"}.get(link["owner_kind"])
    if sql is None:
        return False
    row = db.execute(sql, [link["owner_uuid"]]).fetchone()
    return bool(row and row[0])


# --- merging into this database ----------------------------------------------------


@dataclass
class Conflict:
    """A record changed here and in the package since the laptop's copy was taken."""

    table: str
    uuid: str
    label: str
    local: dict
    incoming: dict

    def differences(self) -> dict[str, tuple]:
        return {k: (self.local.get(k), self.incoming.get(k)) for k in self.incoming
                if k in self.local and self.local.get(k) != self.incoming.get(k)}


@dataclass
class MergeReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept_local: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def count(self, bucket: dict, table: str) -> None:
        bucket[table] = bucket.get(table, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)

    def to_json(self) -> dict:
        return {"inserted": self.inserted, "updated": self.updated, "deleted": self.deleted,
                "unchanged": self.unchanged,
                "kept_local": self.kept_local,
                "conflicts": [{"table": c.table, "uuid": c.uuid, "label": c.label,
                               "differences": {k: list(v) for k, v in c.differences().items()}}
                              for c in self.conflicts]}


def _waits_on_its_finding(db: Database, finding_uuid: str, report: MergeReport) -> bool:
    """A follow-up whose finding was deleted here: when the finding was changed there too, the
    follow-up waits on that conflict (it comes in with the finding when the package's side is
    taken); when the deletion stands, it has nothing left to follow and is counted as kept out.
    Either way not an error that hides the conflict from the user."""
    if db.execute("SELECT 1 FROM finding WHERE uuid = ?", [finding_uuid]).fetchone() is not None:
        return False
    if any(c.uuid == finding_uuid for c in report.conflicts):
        return True
    if is_tombstone(db, "finding", finding_uuid):
        report.count(report.kept_local, "finding_followup")
        return True
    return False


def _id(db: Database, table: str, uuid_value: str | None, what: str) -> int | None:
    if uuid_value is None:
        return None
    row = db.execute(f"SELECT id FROM [{table}] WHERE uuid = ?", [uuid_value]).fetchone()
    if row is None:
        raise StoreError(f"{what}({uuid_value})不在本数据库中:交换包来自另一个数据库,或需先同步名录和方案")
    return row[0]


def _merge_staff(db: Database, staff: list[dict], report: MergeReport, who: str | None) -> None:
    """Staff the package names that this database does not know yet are added; a different
    person under a name already taken here is a question for the office, not a guess."""
    for person in staff:
        if db.execute("SELECT 1 FROM staff WHERE uuid = ?", [person["uuid"]]).fetchone():
            continue
        if find_staff(db, person["name"]) is not None:
            raise StoreError(f"交换包中的工作人员“{person['name']}”与本数据库中同名的人员不是同一条记录:"
                             "请先在两边核对工作人员名单(同一人请从办公室数据库复制到外勤笔记本)")
        insert_audited(db, "staff", {"uuid": person["uuid"], "name": person["name"], "title": person.get("title"),
                                     "is_inspector": int(person.get("is_inspector", 1)), "created_at": utc_now_iso()},
                       who=who)
        report.count(report.inserted, "staff")


def _staff_id(db: Database, uuid_value: str | None, name: str | None, what: str) -> int | None:
    """A person by uuid; a package from version 1 names them (name or alias)."""
    if uuid_value:
        row = db.execute("SELECT id FROM staff WHERE uuid = ?", [uuid_value]).fetchone()
        if row is None:
            raise StoreError(f"{what}({uuid_value})不在本数据库的工作人员名单中")
        return row[0]
    if not name:
        return None
    found = find_staff(db, name)
    return None if found is None else found["id"]


def _people_uuids(db: Database, table: str, row: dict) -> dict:
    """A version-1 package's people, named by hand, as this database's staff uuids (when it knows them),
    so that they compare with the local rows; inspectors unknown here are an error."""
    if "_version" in row:
        return row
    row = dict(row)
    if table == "inspection":
        uuids = []
        for name in row.get("inspectors", []):
            found = find_staff(db, name)
            if found is None:
                raise StoreError(f"督查人员“{name}”不在本数据库的工作人员名单中,请先添加")
            uuids.append(found["uuid"])
        row["inspector_uuids"] = sorted(uuids)
    for uuid_field, name_field, _ in PEOPLE.get(table, ()):
        found = find_staff(db, row.get(name_field)) if row.get(name_field) else None
        row[uuid_field] = None if found is None else found["uuid"]
    if table == "close_out":
        row.setdefault("override_reason", None)     # version 1 had no override reasons
    return row


def _people_ids(db: Database, table: str, row: dict) -> dict:
    """The staff id columns of ``table`` for an incoming row."""
    return {id_column: _staff_id(db, row.get(uuid_field), row.get(name_field), "工作人员")
            for uuid_field, name_field, id_column in PEOPLE[table]}


def _compare(row: dict | None, fields: tuple) -> dict | None:
    return None if row is None else {k: row.get(k) for k in fields}


def _verdict(db: Database, table: str, local: dict | None, incoming: dict, fields: tuple, since: str | None,
             stamp) -> str:
    """insert / same / update (only the package changed) / keep (only here) / conflict (both).

    By revisions when the package carries them; a package from an older version is judged by
    its ``since`` time, as it was written."""
    travelling = "_version" in incoming
    if local is None:
        if travelling and is_tombstone(db, table, incoming["uuid"]):
            gone = row_version(db, table, incoming["uuid"])
            # Deleted here after the package's revision: it stays deleted; changed there since: ask.
            return "keep" if gone.grew_from(RowVersion.from_json(incoming["_version"])) else "conflict"
        return "insert"
    same = _compare(local, fields) == _compare(incoming, fields)
    mine = row_version(db, table, incoming["uuid"]) if travelling else None
    if mine is not None:
        return compare_versions(mine, RowVersion.from_json(incoming["_version"]), same_values=same)
    if same:
        return "same"
    here, there = stamp(local) > since, stamp(incoming) > since
    if there and not here:
        return "update"
    if here and not there:
        return "keep"
    return "conflict"


def _readable(db: Database, values: dict, names: dict) -> dict:
    """Staff uuids shown as names (packages name people by uuid; a person reads names)."""
    def name(uuid_value):
        if uuid_value not in names:
            row = db.execute("SELECT name FROM staff WHERE uuid = ?", [uuid_value]).fetchone()
            names[uuid_value] = row[0] if row else uuid_value
        return names[uuid_value]

    shown = dict(values)
    for key, value in values.items():
        if key == "inspector_uuids" and value is not None:
            shown[key] = sorted(name(u) for u in value)
        elif key.endswith("_by_uuid") or key == "verifier_uuid":
            shown[key] = None if value is None else name(value)
    return shown


def _settle(db: Database, report: MergeReport, table: str, verdict: str, local, incoming, label: str,
            decisions: dict[str, str], staff_names: dict) -> tuple[str, str | None]:
    """(what to do with one record: insert, update or nothing; the user's decision of a conflict)."""
    decided = None
    if verdict == "conflict":
        decided = decisions.get(incoming["uuid"])
        if decided is None:
            values = {k: v for k, v in incoming.items() if k != "_version"}
            mine = _compare(local, tuple(values)) if local is not None else {"deleted": "本机已删除"}
            theirs = values if local is not None else {**values, "deleted": "交换包中有修改"}
            report.conflicts.append(Conflict(table, incoming["uuid"], label, _readable(db, mine or {}, staff_names),
                                             _readable(db, theirs, staff_names)))
            return "nothing", None
        verdict = ("insert" if local is None else "update") if decided == "incoming" else "keep"
    bucket = {"insert": report.inserted, "update": report.updated, "same": report.unchanged,
              "keep": report.kept_local}[verdict]
    report.count(bucket, table)
    return (verdict if verdict in ("insert", "update") else "nothing"), decided


def _take_version(db: Database, table: str, incoming: dict, decided: str | None) -> None:
    """After a merge: the row's revision is the package's, or, for a decided conflict, a new one
    that has grown from both sides (so that neither side's next package asks again)."""
    if "_version" not in incoming:
        return
    theirs = RowVersion.from_json(incoming["_version"])
    if decided is None:
        set_row_version(db, table, incoming["uuid"], theirs)
        return
    mine = row_version(db, table, incoming["uuid"])
    joined = theirs if mine is None else mine.joined(theirs, new_version_id(db))
    deleted_at = None if db.execute(f"SELECT 1 FROM [{table}] WHERE uuid = ?", [incoming["uuid"]]).fetchone() \
        else utc_now_iso()
    set_row_version(db, table, incoming["uuid"], joined, deleted_at=deleted_at, bump=True)


def _adopt_equal(db: Database, table: str, incoming: dict, verdict: str, who: str | None, adopt=None) -> None:
    """The same values reached by two paths (two machines made the same edit): this machine takes
    the incoming version id and remembers its own among the ancestors, so that the two versions
    stop being told apart; otherwise each side's next push would look like a conflict forever."""
    if verdict != "same" or "_version" not in incoming:
        return
    mine, theirs = row_version(db, table, incoming["uuid"]), RowVersion.from_json(incoming["_version"])
    if mine is None or mine.version == theirs.version or mine.grew_from(theirs):
        return
    history = tuple(dict.fromkeys((*theirs.history, *mine.history, mine.version)))[-HISTORY_KEPT:]
    if adopt is not None:               # the table's bookkeeping columns, as the incoming copy has them
        adopt(db, incoming)
    if incoming.get("updated_at"):      # the bookkeeping time too, so both copies read the same
        if db.execute(f"UPDATE [{table}] SET updated_at = ? WHERE uuid = ? AND updated_at IS NOT ?",
                      [incoming["updated_at"], incoming["uuid"], incoming["updated_at"]]).rowcount:
            record_change(db, who=who, action="update", table=table, key=incoming["uuid"],
                          after={"updated_at": incoming["updated_at"]})
    set_row_version(db, table, incoming["uuid"], RowVersion(max(mine.revision, theirs.revision), theirs.version,
                                                             history))


def _upsert(db: Database, table: str, row: dict, action: str, values: dict, who: str | None, what: str) -> int:
    """Insert the incoming record, or overwrite the local one with it; log it; return its id."""
    after = {k: v for k, v in row.items() if k != "_version"}
    if action == "insert":
        row_id = insert_row(db, table, {"uuid": row["uuid"], **values})
    else:
        row_id = _id(db, table, row["uuid"], what)
        db[table].update(row_id, values)
    record_change(db, who=who, action=action, table=table, key=row["uuid"], after=after)
    return row_id


def _write_inspection(db: Database, row: dict, action: str, who: str | None) -> None:
    values = {k: row[k] for k in ("kind", "title", "state", "planned_on", "started_on", "ended_on", "method",
                                  "summary", "confidential", "created_by", "created_at", "updated_at")}
    values["plan_id"] = _id(db, "plan", row["plan_uuid"], "分解方案")
    values.update(_people_ids(db, "inspection", row))
    unit_ids = [_id(db, "unit", u, "单位") for u in row["units"]]
    task_ids = [_id(db, "task", t, "任务") for t in row["tasks"]]
    staff_ids = [_staff_id(db, u, None, "督查人员") for u in row["inspector_uuids"]]
    inspection_id = _upsert(db, "inspection", row, action, values, who, "督查记录")
    link_inspection(db, inspection_id, staff_ids, unit_ids, task_ids)


def _write_finding(db: Database, row: dict, action: str, who: str | None) -> None:
    values = {k: row[k] for k in ("description", "severity", "demand", "deadline_on", "responsible_person", "status",
                                  "reported_by", "created_at", "updated_at")}
    values.update(inspection_id=_id(db, "inspection", row["inspection_uuid"], "督查记录"),
                  unit_id=_id(db, "unit", row["unit_uuid"], f"单位“{row['unit_name']}”"),
                  task_id=_id(db, "task", row["task_uuid"], "任务"), **_people_ids(db, "finding", row))
    _upsert(db, "finding", row, action, values, who, "问题")


def _write_close_out(db: Database, row: dict, action: str, who: str | None) -> None:
    values = {k: row.get(k) for k in ("verifier", "closed_on", "opinion", "override_reason", "created_by",
                                      "created_at", "reopened_at", "reopened_by", "reopen_reason")}
    values.update(task_id=_id(db, "task", row["task_uuid"], "任务"),
                  finding_id=_id(db, "finding", row["finding_uuid"], "问题"), **_people_ids(db, "close_out", row))
    _upsert(db, "close_out", row, action, values, who, "销号记录")


def _local(db: Database, select: str, alias: str, uuid_value: str) -> dict | None:
    return next(iter(db.query(f"{select} WHERE {alias}.uuid = ?", [uuid_value])), None)


def merge_changes(db: Database, records: dict, *, since: str | None, evidence_files: dict[str, bytes] | None,
                  decisions: dict[str, str] | None = None, dry_run: bool = False,
                  who: str | None = None) -> MergeReport:
    """Merge a package's records into this database in one transaction.

    Unresolved conflicts (no entry in ``decisions``: uuid -> "local" | "incoming") are reported and,
    unless ``dry_run``, refuse the whole merge. ``evidence_files`` maps sha256 to the file's bytes;
    None: the files stay at the office hub, fetched by hash when first opened.
    """
    decisions = decisions or {}
    report = MergeReport()
    written: list = []     # evidence files copied in; taken out again when nothing is kept
    try:
        with db.atomic():
            _merge_all(db, records, since, evidence_files, decisions, report, written, who)
            if report.conflicts and not dry_run:
                names = "、".join(c.label for c in report.conflicts[:5])
                raise StoreError(f"有 {len(report.conflicts)} 处两边都修改过的记录,请逐一选择保留哪一方:{names}")
            if dry_run:
                raise _DryRun()
    except _DryRun:
        _remove(written)
    except BaseException:
        _remove(written)
        raise
    return report


class _DryRun(Exception):
    """Rolls the merge back once everything has been compared."""


def _remove(paths: list) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _merge_all(db: Database, records: dict, since: str | None, evidence_files: dict[str, bytes], decisions: dict,
               report: MergeReport, written: list, who: str | None) -> None:
    changes = ("update", "insert")
    staff_names: dict[str, str] = {}
    _merge_staff(db, records.get("staff", []), report, who)

    def office_merge(table, row, local, fields, label, write, adopt):
        """The hub's records always carry revisions: no time to judge them by."""
        merge(table, row, local, fields, None, label, write, adopt)

    def merge(table: str, row: dict, local: dict | None, fields: tuple, stamp, label: str, write,
              adopt=None) -> None:
        verdict = _verdict(db, table, local, row, fields, since, stamp)
        action, decided = _settle(db, report, table, verdict, local, row, label, decisions, staff_names)
        if action in changes:
            write(db, row, action, who)
        if action in changes or decided:
            _take_version(db, table, row, decided)
        _adopt_equal(db, table, row, verdict, who, adopt)

    merge_directory(db, records, office_merge, _upsert)     # first: every other record names units
    planned = merge_plans(db, records, office_merge, _upsert)    # then the plan: records name its tasks
    for row in records["inspections"]:
        row = _people_uuids(db, "inspection", row)
        merge("inspection", row, next(iter(_inspection_rows(db, "i.uuid = ?", [row["uuid"]])), None),
              INSPECTION_FIELDS, lambda r: r["updated_at"], f"督查“{row['title']}”", _write_inspection)
    for row in records["findings"]:
        row = _people_uuids(db, "finding", row)
        merge("finding", row, _local(db, _FINDING_SELECT, "f", row["uuid"]), FINDING_FIELDS,
              lambda r: r["updated_at"], f"问题“{row['description']}”({row['unit_name']})", _write_finding)
    for row in records["followups"]:
        if db.execute("SELECT 1 FROM finding_followup WHERE uuid = ?", [row["uuid"]]).fetchone() or (
                "_version" in row and is_tombstone(db, "finding_followup", row["uuid"])):
            report.count(report.unchanged, "finding_followup")
            continue
        if _waits_on_its_finding(db, row["finding_uuid"], report):
            continue
        values = {k: v for k, v in row.items() if k not in ("finding_uuid", "_version")}
        db["finding_followup"].insert({**values, "finding_id": _id(db, "finding", row["finding_uuid"], "问题")})
        record_change(db, who=who, action="insert", table="finding_followup", key=row["uuid"], after=values)
        _take_version(db, "finding_followup", row, None)
        report.count(report.inserted, "finding_followup")
    for row in records["close_outs"]:
        row = _people_uuids(db, "close_out", row)
        merge("close_out", row, _local(db, _CLOSE_OUT_SELECT, "c", row["uuid"]), CLOSE_OUT_FIELDS,
              lambda r: max(r["created_at"], r["reopened_at"] or ""), f"销号记录({row['closed_on']})",
              _write_close_out)
    for row in records["evidence"]:
        _merge_evidence(db, row, evidence_files, report, written, who)
    for row in records["draws"]:
        if db.execute("SELECT 1 FROM random_draw WHERE uuid = ?", [row["uuid"]]).fetchone():
            report.count(report.unchanged, "random_draw")
            continue
        insert_audited(db, "random_draw", {k: v for k, v in row.items() if k != "_version"}, who=who)
        _take_version(db, "random_draw", row, None)
        report.count(report.inserted, "random_draw")
    reported = merge_ledgers(db, records, office_merge, _upsert)
    merge_bulletins(db, records, office_merge, _upsert)
    merge_assessment(db, records, office_merge, _upsert)
    reported |= reports_of(db, records.get("tombstones", []))
    for tombstone in records.get("tombstones", []):
        _merge_tombstone(db, tombstone, decisions, report, who)
    refresh_reports(db, reported)
    refresh_tasks(db, planned)


def _merge_tombstone(db: Database, tombstone: dict, decisions: dict, report: MergeReport, who: str | None) -> None:
    """A row deleted on the other machine: deleted here too unless it changed here since."""
    table, uuid_value = tombstone.get("table"), tombstone.get("uuid")
    if table not in TRAVELLING_TABLES or not uuid_value:
        raise StoreError(f"交换包中的删除记录无法识别:{table} {uuid_value}")
    theirs = RowVersion.from_json(tombstone["_version"])
    mine = row_version(db, table, uuid_value)
    exists = db.execute(f"SELECT 1 FROM [{table}] WHERE uuid = ?", [uuid_value]).fetchone() is not None
    label = f"{table_label(table)}({uuid_value[:8]})"
    if not exists:
        if mine is None:    # never had it: remember the deletion, so that no older package brings it back
            set_row_version(db, table, uuid_value, theirs, deleted_at=tombstone.get("deleted_at"))
        report.count(report.unchanged, table)
        return
    decided = None
    if mine is None or not theirs.grew_from(mine):
        decided = decisions.get(uuid_value)
        if decided is None:
            report.conflicts.append(Conflict(table, uuid_value, label + ":本机修改过,对方已删除",
                                             {"deleted": "本机修改过"}, {"deleted": "交换包中已删除"}))
            return
        if decided == "local":
            joined = theirs if mine is None else mine.joined(theirs, new_version_id(db))
            set_row_version(db, table, uuid_value, joined, bump=True)
            report.count(report.kept_local, table)
            return
    before = dict(next(iter(db.query(f"SELECT * FROM [{table}] WHERE uuid = ?", [uuid_value]))))
    try:
        db.execute(f"DELETE FROM [{table}] WHERE uuid = ?", [uuid_value])
    except driver_errors("IntegrityError"):
        raise StoreError(f"{label}已在另一台电脑上删除,但本机仍有记录属于它:请在办公室核对后再同步") from None
    unlink_orphan_evidence(db)      # the deleted row's links, and its cascaded children's
    record_change(db, who=who, action="delete", table=table, key=uuid_value, before=before)
    set_row_version(db, table, uuid_value, theirs, deleted_at=tombstone.get("deleted_at") or utc_now_iso())
    report.count(report.deleted, table)


def _merge_evidence(db: Database, row: dict, files: dict[str, bytes] | None, report: MergeReport, written: list,
                    who: str | None) -> None:
    existing = db.execute("SELECT id FROM evidence WHERE uuid = ?", [row["uuid"]]).fetchone()
    target = stored_path(db, row["sha256"], row["file_name"])
    if files is not None and not target.exists():
        data = files.get(row["sha256"])
        if data is None:
            raise StoreError(f"交换包缺少佐证文件“{row['file_name']}”")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    if existing is None:
        values = {k: row[k] for k in ("uuid", "sha256", "file_name", "media_type", "size", "added_at", "added_by")}
        evidence_id = insert_audited(db, "evidence", values, who=who)
        _take_version(db, "evidence", row, None)
        report.count(report.inserted, "evidence")
    else:
        evidence_id = existing[0]
        report.count(report.unchanged, "evidence")
    for link in row["links"]:
        if _link_removed_here(db, row["uuid"], link):
            report.count(report.kept_local, "evidence")
            continue
        db.execute("INSERT OR IGNORE INTO evidence_link (evidence_id, owner_kind, owner_uuid) VALUES (?, ?, ?)",
                   [evidence_id, link["owner_kind"], link["owner_uuid"]])


def _link_removed_here(db: Database, evidence_uuid: str, link: dict) -> bool:
    """Whether this database removed the link (store.evidence.remove_evidence, audited) and has not
    linked the file there again: a package carrying the old link must not undo that decision."""
    if db.execute("SELECT 1 FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id"
                  " WHERE e.uuid = ? AND l.owner_kind = ? AND l.owner_uuid = ?",
                  [evidence_uuid, link["owner_kind"], link["owner_uuid"]]).fetchone():
        return False
    return db.execute(
        "SELECT 1 FROM audit_log WHERE table_name = 'evidence_link' AND action = 'delete' AND row_key = ?"
        " AND json_extract(before, '$.owner_kind') = ? AND json_extract(before, '$.owner_uuid') = ?",
        [evidence_uuid, link["owner_kind"], link["owner_uuid"]]).fetchone() is not None
