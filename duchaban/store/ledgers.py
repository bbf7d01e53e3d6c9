"""Ledgers in the database: reporting periods, each unit's tasks (also through its groups),
submissions and the progress entries they carry, history and missing submissions."""

from __future__ import annotations

import json
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Iterable

from duchaban.core.errors import StoreError
from duchaban.core.ledger import TaskReport, report_uuid, submission_uuid
from duchaban.core.periods import Period, ledger_due_date, parse_period, utc_now_iso
from duchaban.store.audit import insert_audited, insert_row, record_change

if TYPE_CHECKING:
    from sqlite_utils import Database

# Every (group, member) pair: a group's explicit members, else every active unit of its kind.
MEMBERSHIP_SQL = """
    SELECT m.group_id, m.member_id AS unit_id FROM unit_group_member m
    UNION
    SELECT g.id, u.id FROM unit g JOIN unit u
      ON u.active = 1 AND u.kind != 'group' AND (g.member_kind IS NULL OR u.kind = g.member_kind)
    WHERE g.kind = 'group' AND NOT EXISTS (SELECT 1 FROM unit_group_member m WHERE m.group_id = g.id)
"""

# A unit's assignments, direct or through a group it belongs to; via names the group.
UNIT_ASSIGNMENTS_SQL = f"""
    SELECT a.task_id, a.unit_id AS unit_id, a.role, NULL AS via FROM assignment a
    UNION ALL
    SELECT a.task_id, ms.unit_id, a.role, g.name FROM assignment a
    JOIN ({MEMBERSHIP_SQL}) ms ON ms.group_id = a.unit_id
    JOIN unit g ON g.id = a.unit_id
"""
_ROLE_RANK = {"lead": 0, "responsible": 1, "cooperating": 2}


def ensure_period(db: Database, code: str) -> dict:
    """The reporting period row for a code such as 2021Q2, created when first used."""
    period = parse_period(code)
    row = next(iter(db.query("SELECT * FROM reporting_period WHERE code = ?", [period.code])), None)
    if row is None:
        with db.atomic():
            db.execute("INSERT INTO reporting_period (code, kind, starts_on, ends_on, due_on) VALUES (?, ?, ?, ?, ?)",
                       [period.code, period.kind, period.starts_on.isoformat(), period.ends_on.isoformat(),
                        ledger_due_date(period).isoformat()])
        row = next(iter(db.query("SELECT * FROM reporting_period WHERE code = ?", [period.code])))
    return row


def period_of(row: dict) -> Period:
    return parse_period(row["code"])


def unit_ledger_tasks(db: Database, *, plan_id: int, unit_id: int) -> list[dict]:
    """The unit's tasks in the plan, one row each in its strongest role, by number.

    Each row: task_id, uuid, number, text, section, role, via (the group it came through), lead,
    deadline.
    """
    rows = db.query(
        f"SELECT x.task_id, x.role, x.via, t.uuid, t.number, t.text, t.deadline_text, t.deadline_on,"
        " coalesce(p.numeral || p.title || ' / ', '') || coalesce(s.numeral || s.title, '') AS section,"
        " (SELECT u.name FROM assignment l JOIN unit u ON u.id = l.unit_id"
        "   WHERE l.task_id = t.id AND l.role = 'lead') AS lead"
        f" FROM ({UNIT_ASSIGNMENTS_SQL}) x JOIN task t ON t.id = x.task_id"
        " LEFT JOIN section s ON s.id = t.section_id LEFT JOIN section p ON p.id = s.parent_id"
        " WHERE x.unit_id = ? AND t.plan_id = ?",
        [unit_id, plan_id],
    )
    best: dict[int, dict] = {}
    for row in rows:
        current = best.get(row["task_id"])
        if current is None or (_ROLE_RANK[row["role"]], row["via"] is not None) < (
                _ROLE_RANK[current["role"]], current["via"] is not None):
            best[row["task_id"]] = row
    return sorted(best.values(), key=lambda r: r["number"])


def ledger_units(db: Database, *, plan_id: int) -> list[dict]:
    """Active units (not groups) with at least one task in the plan, directly or through a group."""
    return list(db.query(
        f"SELECT u.id, u.uuid, u.name, u.kind, count(DISTINCT x.task_id) AS task_count"
        f" FROM ({UNIT_ASSIGNMENTS_SQL}) x JOIN unit u ON u.id = x.unit_id JOIN task t ON t.id = x.task_id"
        " WHERE t.plan_id = ? AND u.active = 1 AND u.kind != 'group'"
        " GROUP BY u.id ORDER BY u.kind, u.sort_order",
        [plan_id],
    ))


def previous_reports(db: Database, *, unit_id: int, task_ids: Iterable[int], before: date) -> dict[int, dict]:
    """The unit's latest reports (task_id and ENTRY_FIELDS) for these tasks from periods that ended
    before ``before``; of two periods ending the same day, the one entered later."""
    ids = _latest_earlier_entries(db, unit_id, task_ids, before)
    if not ids:
        return {}
    columns = ("task_id", *ENTRY_FIELDS)
    return {row[0]: dict(zip(columns, row)) for row in db.execute(
        f"SELECT {', '.join(columns)} FROM progress_entry WHERE id IN ({','.join('?' * len(ids))})", ids)}


def previous_values(db: Database, *, unit_id: int, task_ids: Iterable[int], before: date) -> dict[int, tuple]:
    """previous_reports as value tuples (ENTRY_FIELDS in order, an empty text as ''), by task id:
    what a returned ledger's reports are compared with, thousands at a time."""
    ids = _latest_earlier_entries(db, unit_id, task_ids, before)
    if not ids:
        return {}
    fields = ", ".join(f"coalesce({f}, '')" if f in _TEXT_FIELDS else f for f in ENTRY_FIELDS)
    return {row[0]: row[1:] for row in db.execute(
        f"SELECT task_id, {fields} FROM progress_entry WHERE id IN ({','.join('?' * len(ids))})", ids)}


def _latest_earlier_entries(db: Database, unit_id: int, task_ids: Iterable[int], before: date) -> list[int]:
    wanted = set(task_ids)
    if not wanted:
        return []
    # Every earlier report of the unit, through its (unit, period) index, the latest kept here:
    # every template and every returned ledger asks this, and ranking in SQL (a window over the
    # unit's reports with a list of task ids) was twice as slow. The texts are read for the latest
    # reports only: a unit's earlier reports grow with the year, and their texts are most of a row.
    latest: dict[int, tuple] = {}
    for task_id, ends_on, period_id, entry_id in db.execute(
            "SELECT pe.task_id, rp.ends_on, pe.period_id, pe.id FROM progress_entry pe"
            " JOIN reporting_period rp ON rp.id = pe.period_id WHERE pe.unit_id = ? AND rp.ends_on < ?",
            [unit_id, before.isoformat()]):
        if task_id in wanted and (task_id not in latest or (ends_on, period_id) > latest[task_id][0]):
            latest[task_id] = ((ends_on, period_id), entry_id)
    return [entry_id for _, entry_id in latest.values()]


def submission_by_sha(db: Database, sha256: str) -> dict | None:
    return next(iter(db.query(
        "SELECT s.*, u.name AS unit_name, rp.code AS period_code FROM submission s"
        " JOIN unit u ON u.id = s.unit_id JOIN reporting_period rp ON rp.id = s.period_id WHERE s.sha256 = ?",
        [sha256])), None)


@dataclass
class SavedSubmission:
    submission_id: int
    entries_added: list[int] = field(default_factory=list)     # task ids
    entries_changed: list[int] = field(default_factory=list)   # task ids


ENTRY_FIELDS = ("status", "percent", "progress_text", "problems", "next_steps", "evidence_text")
_TEXT_FIELDS = frozenset(ENTRY_FIELDS) - {"status", "percent"}
# A report's ENTRY_FIELDS values, in order.
report_values = attrgetter(*ENTRY_FIELDS)
# Values by position: binding sixty rows by name costs a dictionary lookup per value.
_INSERT_ENTRY = (f"INSERT INTO progress_entry (uuid, task_id, unit_id, period_id, submission_id, reported_at,"
                 f" {', '.join(ENTRY_FIELDS)}) VALUES ({', '.join('?' * (6 + len(ENTRY_FIELDS)))})")


_UPDATE_ENTRY = ("UPDATE progress_entry SET status = :status, percent = :percent, progress_text = :progress_text,"
                 " problems = :problems, next_steps = :next_steps, evidence_text = :evidence_text,"
                 " submission_id = :submission_id, reported_at = :reported_at WHERE id = :id")


def report_names(db: Database, *, plan_id: int, unit_id: int, period_id: int) -> tuple[str, str, dict[int, str]]:
    """What a unit's reports for a period are named by (core.ledger.report_uuid): the unit's uuid,
    the period's code, and the plan's task uuids by task id. A batch reads the tasks once."""
    unit_uuid, period_code = db.execute("SELECT u.uuid, rp.code FROM unit u, reporting_period rp"
                                        " WHERE u.id = ? AND rp.id = ?", [unit_id, period_id]).fetchone()
    return unit_uuid, period_code, task_uuids_of(db, plan_id)


def unit_uuids(db: Database) -> dict[int, str]:
    """Every unit's uuid by unit id."""
    return dict(db.execute("SELECT id, uuid FROM unit").fetchall())


def task_uuids_of(db: Database, plan_id: int) -> dict[int, str]:
    """The plan's task uuids by task id."""
    return dict(db.execute("SELECT id, uuid FROM task WHERE plan_id = ?", [plan_id]).fetchall())


def save_submission(
    db: Database,
    *,
    plan_id: int,
    unit_id: int,
    period_id: int,
    file_name: str,
    sha256: str,
    verdict: str,
    messages: list[str],
    reports: list[tuple[int, TaskReport]],
    who: str | None = None,
    imported_at: str | None = None,
    names: tuple[str, str, dict[int, str]] | None = None,
) -> SavedSubmission:
    """Record one returned ledger and upsert its entries (the newest submission of a unit and
    period wins), atomically; inside a batch's transaction it joins it. Refresh task_progress
    afterwards. ``imported_at`` (ISO, UTC) is for replaying history, as the demo does; else now."""
    if db.execute("SELECT 1 FROM submission WHERE sha256 = ?", [sha256]).fetchone():
        raise StoreError(f"“{file_name}”已导入过")
    # Inside a batch's transaction it joins it, with no savepoint of its own: SQLite copies every
    # page first changed under a savepoint into a statement journal (a third of the time of writing
    # the entries), and an import that fails is undone whole.
    with (nullcontext() if db.conn.in_transaction else db.atomic()):
        now = imported_at or utc_now_iso()
        row = {"uuid": submission_uuid(sha256), "plan_id": plan_id, "unit_id": unit_id, "period_id": period_id,
               "file_name": file_name, "sha256": sha256, "imported_at": now, "imported_by": who,
               "verdict": verdict, "messages": json.dumps(messages, ensure_ascii=False)}
        submission_id = insert_row(db, "submission", row)
        saved = SavedSubmission(submission_id)
        existing = {r["task_id"]: r for r in db.query(
            "SELECT * FROM progress_entry WHERE unit_id = ? AND period_id = ?", [unit_id, period_id])}
        inserts, updates, logged = [], [], []
        if names is None:
            names = report_names(db, plan_id=plan_id, unit_id=unit_id, period_id=period_id)
        unit_uuid, period_code, task_uuids = names
        for task_id, report in reports:
            values = dict(zip(ENTRY_FIELDS, report_values(report)))
            old = existing.get(task_id)
            if old is None:
                entry_uuid = report_uuid(task_uuids[task_id], unit_uuid, period_code)
                inserts.append((entry_uuid, task_id, unit_id, period_id, submission_id, now, *values.values()))
                logged.append({"entry": entry_uuid, "task_id": task_id, "after": values})
                saved.entries_added.append(task_id)
            elif any(old[k] != v for k, v in values.items()):
                updates.append({**values, "submission_id": submission_id, "reported_at": now, "id": old["id"]})
                logged.append({"entry": old["uuid"], "task_id": task_id,
                               "before": {k: old[k] for k in ENTRY_FIELDS}, "after": values})
                saved.entries_changed.append(task_id)
        # One statement per kind of change: a ledger of sixty tasks is one write, not sixty.
        db.conn.executemany(_INSERT_ENTRY, inserts)
        if updates:
            db.conn.executemany(_UPDATE_ENTRY, updates)
        # One audit row for the ledger: the submission, and each entry it added or changed with its
        # before and after.
        record_change(db, who=who, action="insert", table="submission", key=row["uuid"],
                      after={**row, "entries": logged})
    return saved


def period_submissions(db: Database, *, plan_id: int, period_id: int) -> list[dict]:
    """Every submission of the period, newest first, with unit names."""
    return list(db.query(
        "SELECT s.*, u.name AS unit_name FROM submission s JOIN unit u ON u.id = s.unit_id"
        " WHERE s.plan_id = ? AND s.period_id = ? ORDER BY s.imported_at DESC, s.id DESC", [plan_id, period_id]))


def missing_submissions(db: Database, *, plan_id: int, period_id: int) -> list[dict]:
    """Units with tasks in the plan that have sent nothing for the period."""
    sent = {r["unit_id"] for r in period_submissions(db, plan_id=plan_id, period_id=period_id)}
    return [u for u in ledger_units(db, plan_id=plan_id) if u["id"] not in sent]


def report_summary(db: Database, entry_uuid: str) -> dict | None:
    """Which task, unit and period one ledger report is about (None for an unknown uuid)."""
    return next(iter(db.query(
        "SELECT pe.uuid, t.number AS task_number, u.name AS unit_name, rp.code AS period_code"
        " FROM progress_entry pe JOIN task t ON t.id = pe.task_id JOIN unit u ON u.id = pe.unit_id"
        " JOIN reporting_period rp ON rp.id = pe.period_id WHERE pe.uuid = ?", [entry_uuid])), None)


def task_ledger_history(db: Database, task_id: int) -> list[dict]:
    """Every report on a task: period, unit, reports, from which file, imported by whom, and how
    many evidence files are attached to it.

    Newest period first; within a period the lead unit, then responsible, then cooperating units,
    then members of groups named in the task."""
    return list(db.query(
        "SELECT pe.uuid, rp.code AS period_code, rp.ends_on, rp.due_on, u.name AS unit_name, pe.status, pe.percent,"
        " (SELECT min(f.imported_at) FROM submission f WHERE f.unit_id = pe.unit_id AND f.period_id = pe.period_id)"
        "  AS first_sent,"
        " pe.progress_text, pe.problems, pe.next_steps, pe.evidence_text, pe.reported_at, s.file_name, s.imported_by,"
        " (SELECT count(*) FROM evidence_link l WHERE l.owner_kind = 'progress_entry' AND l.owner_uuid = pe.uuid)"
        "  AS evidence_count"
        " FROM progress_entry pe JOIN reporting_period rp ON rp.id = pe.period_id JOIN unit u ON u.id = pe.unit_id"
        " LEFT JOIN submission s ON s.id = pe.submission_id"
        " LEFT JOIN assignment a ON a.task_id = pe.task_id AND a.unit_id = pe.unit_id WHERE pe.task_id = ?"
        " ORDER BY rp.ends_on DESC,"
        " CASE a.role WHEN 'lead' THEN 0 WHEN 'responsible' THEN 1 WHEN 'cooperating' THEN 2 ELSE 3 END,"
        " u.sort_order", [task_id]))


def unit_ledger_history(db: Database, unit_id: int, *, plan_id: int | None = None) -> list[dict]:
    """Every report a unit made (on one plan's tasks, when given), newest period first."""
    return list(db.query(
        "SELECT rp.code AS period_code, t.number, pe.status, pe.percent, pe.progress_text, pe.problems,"
        " pe.reported_at, s.file_name FROM progress_entry pe JOIN reporting_period rp ON rp.id = pe.period_id"
        " JOIN task t ON t.id = pe.task_id LEFT JOIN submission s ON s.id = pe.submission_id"
        " WHERE pe.unit_id = ? AND (? IS NULL OR t.plan_id = ?) ORDER BY rp.ends_on DESC, t.number",
        [unit_id, plan_id, plan_id]))


def record_reminders(db: Database, *, unit_ids: Iterable[int], period_id: int, text: str, sent_on: date,
                     who: str | None = None) -> int:
    """Record that a reminder (催办) went to each of these units; return how many."""
    count = 0
    with db.atomic():
        for unit_id in unit_ids:
            row = {"uuid": str(uuid.uuid4()), "unit_id": unit_id, "period_id": period_id, "text": text,
                   "sent_on": sent_on.isoformat(), "sent_by": who}
            insert_audited(db, "reminder", row, who=who)
            count += 1
    return count


def submission_status(db: Database, *, plan_id: int, period_id: int) -> list[dict]:
    """Every unit expected to report, with its latest submission for the period (or None), when
    its first one came (first_sent, for on time or late), and its first contact: the rows of the
    报送情况 view and the reminder list."""
    latest: dict[int, dict] = {}
    first: dict[int, str] = {}
    for sub in period_submissions(db, plan_id=plan_id, period_id=period_id):
        latest.setdefault(sub["unit_id"], sub)
        first[sub["unit_id"]] = sub["imported_at"]     # newest first: the last one seen came first
    contacts = {}
    for row in db.query("SELECT unit_id, name, phone FROM contact ORDER BY id"):
        contacts.setdefault(row["unit_id"], row)
    rows = []
    for unit in ledger_units(db, plan_id=plan_id):
        contact = contacts.get(unit["id"], {})
        rows.append({**unit, "submission": latest.get(unit["id"]), "first_sent": first.get(unit["id"]),
                     "contact": contact.get("name", ""),
                     "phone": contact.get("phone") or ""})
    return rows


def list_period_codes(db: Database) -> list[str]:
    """Codes of the periods the database knows, newest first."""
    return [r[0] for r in db.execute("SELECT code FROM reporting_period ORDER BY ends_on DESC, kind")]


@dataclass(frozen=True)
class LedgerKeys:
    """What a returned template's hidden identity points at, by the keys it carries, read once per batch."""
    plans: dict[str, int]                   # plan uuid -> plan id
    units: dict[str, tuple[int, str]]       # unit uuid -> (unit id, name)
    tasks: dict[str, dict]                  # task uuid -> {"id", "uuid", "number", "text"}
    periods: dict[str, int]                 # period code (2021Q2) -> reporting_period id
    imported: set[str]                      # sha256 of every file already imported


def ledger_keys(db: Database) -> LedgerKeys:
    """Every plan, unit, task and reporting period by the key a ledger template names it with."""
    return LedgerKeys(
        plans=dict(db.execute("SELECT uuid, id FROM plan").fetchall()),
        units={r[0]: (r[1], r[2]) for r in db.execute("SELECT uuid, id, name FROM unit")},
        tasks={r[0]: {"id": r[1], "uuid": r[0], "number": r[2], "text": r[3]}
               for r in db.execute("SELECT uuid, id, number, text FROM task")},
        periods=dict(db.execute("SELECT code, id FROM reporting_period").fetchall()),
        imported={r[0] for r in db.execute("SELECT sha256 FROM submission")})


def period_entries(db: Database, *, unit_id: int, period_id: int) -> dict[int, dict]:
    """The unit's progress entries (whole rows) for one reporting period, by task id."""
    return {r["task_id"]: r for r in db.query(
        "SELECT * FROM progress_entry WHERE unit_id = ? AND period_id = ?", [unit_id, period_id])}
