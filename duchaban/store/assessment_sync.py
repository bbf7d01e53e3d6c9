"""The assessment as it travels through the office hub: each plan's rule set with the scores it
gave (one record), merged by the field-exchange rules. Only the office head's login may send one
(the hub's row-level security); every laptop then shows the same scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.errors import StoreError
from duchaban.store.revisions import changed_since_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

# When the scores were computed is bookkeeping: the same rules and scores reached twice are one.
RULE_SET_FIELDS = ("plan_uuid", "name", "rules", "scores")
_SELECT = ("SELECT r.id, r.uuid, p.uuid AS plan_uuid, r.name, r.rules, r.updated_at FROM assessment_rule_set r"
           " JOIN plan p ON p.id = r.plan_id")


def _rule_sets(db: Database, where: str, params: list) -> list[dict]:
    rows = list(db.query(f"{_SELECT} WHERE {where} ORDER BY r.id", params))
    for row in rows:
        scores = db.execute("SELECT u.uuid, s.points, s.detail, s.computed_at FROM assessment_score s"
                            " JOIN unit u ON u.id = s.unit_id WHERE s.rule_set_id = ? ORDER BY u.uuid",
                            [row.pop("id")]).fetchall()
        row["scores"] = [[u, points, detail] for u, points, detail, _ in scores]
        row["computed_at"] = max((r[3] for r in scores), default=None)
    return rows


def collect_assessment_changes(db: Database, since_seq: int, with_versions: Callable) -> dict:
    rows = _rule_sets(db, changed_since_sql("assessment_rule_set", "r"), [since_seq])
    return {"rule_sets": with_versions(db, "assessment_rule_set", rows)}


def _write(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        plan = db.execute("SELECT id FROM plan WHERE uuid = ?", [row["plan_uuid"]]).fetchone()
        if plan is None:
            raise StoreError(f"考核规则“{row['name']}”所属的分解方案不在本机数据库中:请先同步分解方案")
        scores = []
        for unit_uuid, points, detail in row["scores"]:
            unit = db.execute("SELECT id, name FROM unit WHERE uuid = ?", [unit_uuid]).fetchone()
            if unit is None:
                raise StoreError(f"考核结果中的单位({unit_uuid[:8]})不在本机数据库中:请先同步单位名录")
            scores.append((unit[0], points, detail, row["computed_at"]))
        clash = db.execute("SELECT uuid FROM assessment_rule_set WHERE plan_id = ? AND name = ? AND uuid != ?",
                           [plan[0], row["name"], row["uuid"]]).fetchone()
        if clash is not None:
            raise StoreError(f"本机的考核规则“{row['name']}”与办公室数据库中的不是同一条记录:请在办公室核对后再同步")
        values = {"plan_id": plan[0], "name": row["name"], "rules": row["rules"], "updated_at": row["updated_at"]}
        rule_set_id = upsert(db, "assessment_rule_set", row, action, values, who, "考核规则")
        db.execute("DELETE FROM assessment_score WHERE rule_set_id = ?", [rule_set_id])
        db.conn.executemany("INSERT INTO assessment_score (rule_set_id, unit_id, points, detail, computed_at)"
                            " VALUES (?, ?, ?, ?, ?)", [(rule_set_id, *score) for score in scores])
    return write


def _adopt(db: Database, row: dict) -> None:
    """The same rules and scores computed on two machines: when, as the hub has it."""
    db.execute("UPDATE assessment_score SET computed_at = ? WHERE computed_at IS NOT ? AND rule_set_id ="
               " (SELECT id FROM assessment_rule_set WHERE uuid = ?)", [row["computed_at"], row["computed_at"],
                                                                        row["uuid"]])


def merge_assessment(db: Database, records: dict, merge: Callable, upsert: Callable) -> None:
    for row in records.get("rule_sets", []):
        local = next(iter(_rule_sets(db, "r.uuid = ?", [row["uuid"]])), None)
        merge("assessment_rule_set", row, local, RULE_SET_FIELDS, f"考核规则“{row['name']}”", _write(upsert), _adopt)
