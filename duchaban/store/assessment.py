"""The assessment in the database: the events each unit's score is made of, the year's rule set,
and the scores last saved with it."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.assessment import RULES, Event, RuleSet, Score, rule_set_uuid, score_units
from duchaban.core.bulletin_figures import BEHIND, DONE, criticized_units, praised_units
from duchaban.core.periods import parse_period, utc_now_iso
from duchaban.store.audit import record_change
from duchaban.store.bulletins import ledger_arrivals, task_statuses_on
from duchaban.store.ledgers import UNIT_ASSIGNMENTS_SQL, ledger_units
from duchaban.store.plans import plan_year
from duchaban.store.settings import as_of_date

if TYPE_CHECKING:
    from sqlite_utils import Database

RULE_SET_NAME = "年度考核"


def _task_events(db: Database, plan_id: int, measured_on: date) -> list[Event]:
    statuses = {t["number"]: t for t in task_statuses_on(db, plan_id=plan_id, measured_on=measured_on)}
    rows = db.query(
        f"SELECT DISTINCT t.number, x.role, u.name FROM ({UNIT_ASSIGNMENTS_SQL}) x JOIN task t ON t.id = x.task_id"
        " JOIN unit u ON u.id = x.unit_id WHERE t.plan_id = ? AND u.kind != 'group' ORDER BY t.number, u.name",
        [plan_id])
    strongest: dict[tuple[int, str], str] = {}
    for row in rows:   # a unit named twice on a task (directly and through a group) counts once, as lead if so
        key = (row["number"], row["name"])
        if strongest.get(key) != "lead":
            strongest[key] = row["role"]
    events = []
    for (number, unit), role in sorted(strongest.items()):
        task = statuses[number]
        kind = "lead" if role == "lead" else "share"
        if task["status"] in DONE:
            events.append(Event(unit, f"{kind}_done", f"任务{number}", f"任务 {number}:{task['status_label']}"))
        elif task["status"] in BEHIND:
            events.append(Event(unit, f"{kind}_behind", f"任务{number}", f"任务 {number}:{task['rule']}"))
    return events


def _ledger_events(db: Database, plan_id: int, year: int, measured_on: date) -> list[Event]:
    """Missing and late ledgers for every period of the year the office collected and whose due date has passed."""
    codes = [r[0] for r in db.execute(
        "SELECT DISTINCT rp.code FROM reporting_period rp JOIN submission s ON s.period_id = rp.id"
        " WHERE s.plan_id = ? AND substr(rp.starts_on, 1, 4) = ? AND rp.due_on < ? ORDER BY rp.ends_on",
        [plan_id, str(year), measured_on.isoformat()])]
    events = []
    for code in codes:
        for unit in ledger_arrivals(db, plan_id=plan_id, period=parse_period(code)):
            if unit["submission"] == "missing":
                events.append(Event(unit["name"], "ledger_missing", code, f"{code} 未报送工作台账"))
            elif unit["submission"] == "late":
                events.append(Event(unit["name"], "ledger_late", code,
                                    f"{code} 台账于 {unit['submitted_on']} 报送,已过截止日期"))
    return events


def _finding_events(db: Database, plan_id: int, measured_on: date, include_confidential: bool) -> list[Event]:
    """Findings past their deadline and not rectified, or rectified only after it."""
    rows = db.query(
        "SELECT f.id, f.description, f.deadline_on, f.status, u.name AS unit,"
        " (SELECT min(fu.on_date) FROM finding_followup fu WHERE fu.finding_id = f.id"
        "   AND fu.status_after = 'rectified') AS rectified_on"
        " FROM finding f JOIN inspection i ON i.id = f.inspection_id JOIN unit u ON u.id = f.unit_id"
        " WHERE (i.plan_id = ? OR i.plan_id IS NULL) AND f.deadline_on IS NOT NULL AND f.deadline_on < ?"
        " AND (i.confidential = 0 OR ?) ORDER BY f.deadline_on, f.id",
        [plan_id, measured_on.isoformat(), int(include_confidential)])
    events = []
    for row in rows:
        late = row["rectified_on"] is None or row["rectified_on"] > row["deadline_on"]
        if row["status"] in ("open", "rectifying", "reopened") or (late and row["rectified_on"]):
            when = "尚未整改" if row["rectified_on"] is None else f"{row['rectified_on']} 才整改"
            events.append(Event(row["unit"], "finding_overdue", f"问题{row['id']}",
                                f"“{row['description']}”整改时限 {row['deadline_on']},{when}"))
    return events


def _bulletin_events(db: Database, year: int) -> list[Event]:
    events = []
    # A period counts once: a re-issued bulletin replaces the earlier one, and special-topic
    # bulletins (专项通报) restate the period's figures rather than judge the period again.
    for row in db.query("SELECT issue_no, snapshot FROM bulletin WHERE year = ? AND kind = 'period'"
                        " AND replaced_at IS NULL ORDER BY issue_no", [year]):
        snapshot = json.loads(row["snapshot"])
        ref = f"第{row['issue_no']}期"
        for mention in criticized_units(snapshot):
            events.append(Event(mention.name, "bulletin_criticized", ref,
                                f"{year}年{ref}通报批评:{'、'.join(mention.reasons)}"))
        for mention in praised_units(snapshot):
            events.append(Event(mention.name, "bulletin_praised", ref, f"{year}年{ref}通报表扬"))
    return events


def assessment_events(db: Database, *, plan_id: int, measured_on: date | None = None,
                      include_confidential: bool = False) -> tuple[list[str], list[Event]]:
    """The units assessed (every unit with tasks in the plan) and every event that scores them,
    measured at the year end or on the as-of date if earlier."""
    year = plan_year(db, plan_id)
    measured_on = measured_on or min(date(year, 12, 31), as_of_date(db))
    units = [u["name"] for u in ledger_units(db, plan_id=plan_id)]
    events = (_task_events(db, plan_id, measured_on) + _ledger_events(db, plan_id, year, measured_on)
              + _finding_events(db, plan_id, measured_on, include_confidential) + _bulletin_events(db, year))
    return units, events


def current_rule_set(db: Database, *, plan_id: int) -> RuleSet:
    """The plan's saved rule set, or the default one."""
    row = db.execute("SELECT rules FROM assessment_rule_set WHERE plan_id = ? AND name = ?",
                     [plan_id, RULE_SET_NAME]).fetchone()
    return RuleSet() if row is None else RuleSet.from_json(row[0])


def save_rule_set(db: Database, *, plan_id: int, rules: RuleSet, scores: list[Score], who: str | None = None) -> int:
    """Store the rule set and the scores it gives now (each with its detail); return the rule set id."""
    now = utc_now_iso()
    before = db.execute("SELECT id, uuid, rules FROM assessment_rule_set WHERE plan_id = ? AND name = ?",
                        [plan_id, RULE_SET_NAME]).fetchone()
    unit_ids = dict(db.execute("SELECT name, id FROM unit").fetchall())
    with db.atomic():
        if before is None:
            plan_uuid = db.execute("SELECT uuid FROM plan WHERE id = ?", [plan_id]).fetchone()[0]
            key = rule_set_uuid(plan_uuid, RULE_SET_NAME)
            rule_set_id = db["assessment_rule_set"].insert({"uuid": key, "plan_id": plan_id, "name": RULE_SET_NAME,
                                                            "rules": rules.to_json(), "updated_at": now}).last_pk
        else:
            rule_set_id, key = before[0], before[1]
            db.execute("UPDATE assessment_rule_set SET rules = ?, updated_at = ? WHERE id = ?",
                       [rules.to_json(), now, rule_set_id])
        db.execute("DELETE FROM assessment_score WHERE rule_set_id = ?", [rule_set_id])
        db.conn.executemany(
            "INSERT INTO assessment_score (rule_set_id, unit_id, points, detail, computed_at) VALUES (?, ?, ?, ?, ?)",
            [(rule_set_id, unit_ids[s.unit], s.total,
              json.dumps([{"code": e.code, "rule": RULES[e.code][0], "ref": e.ref, "text": e.text, "points": p}
                          for e, p in s.lines], ensure_ascii=False), now) for s in scores])
        record_change(db, who=who, action="insert" if before is None else "update", table="assessment_rule_set",
                      key=key, before=None if before is None else json.loads(before[2]),
                      after=json.loads(rules.to_json()))
    return rule_set_id


def assess(db: Database, *, plan_id: int, rules: RuleSet | None = None, include_confidential: bool = False,
           measured_on: date | None = None) -> tuple[list[Score], RuleSet]:
    """Every unit's score under ``rules`` (the saved ones when None), and the rules used."""
    rules = rules or current_rule_set(db, plan_id=plan_id)
    units, events = assessment_events(db, plan_id=plan_id, measured_on=measured_on,
                                      include_confidential=include_confidential)
    return score_units(units, events, rules), rules
