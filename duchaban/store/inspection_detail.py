"""One inspection, one finding or one draw with everything its printed record shows."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.findings import FINDING_STATUSES, INSPECTION_KINDS, SEVERITIES
from duchaban.store.draws import companion_note
from duchaban.store.settings import office_name

if TYPE_CHECKING:
    from sqlite_utils import Database

def _office(db: Database) -> str:
    return office_name(db)


def _labelled(finding: dict) -> dict:
    return {**finding, "status_label": FINDING_STATUSES[finding["status"]],
            "severity_label": SEVERITIES[finding["severity"]]}


def inspection_detail(db: Database, inspection_id: int) -> dict:
    """The inspection with its inspectors, units, tasks and findings, and the office's name."""
    row = next(iter(db.query("SELECT * FROM inspection WHERE id = ?", [inspection_id])), None)
    if row is None:
        raise StoreError("督查记录不存在")
    row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    row["office"] = _office(db)
    row["inspectors"] = [r[0] for r in db.execute(
        "SELECT s.name FROM inspection_inspector ii JOIN staff s ON s.id = ii.staff_id WHERE ii.inspection_id = ?"
        " ORDER BY s.id", [inspection_id])]
    row["units"] = [r[0] for r in db.execute(
        "SELECT u.name FROM inspection_unit iu JOIN unit u ON u.id = iu.unit_id WHERE iu.inspection_id = ?"
        " ORDER BY u.sort_order", [inspection_id])]
    row["tasks"] = list(db.query(
        "SELECT t.number, t.text FROM inspection_task it JOIN task t ON t.id = it.task_id"
        " WHERE it.inspection_id = ? ORDER BY t.number", [inspection_id]))
    row["findings"] = [_labelled(f) for f in db.query(
        "SELECT f.*, u.name AS unit_name, t.number AS task_number FROM finding f JOIN unit u ON u.id = f.unit_id"
        " LEFT JOIN task t ON t.id = f.task_id WHERE f.inspection_id = ? ORDER BY f.id", [inspection_id])]
    return row


def finding_detail(db: Database, finding_id: int) -> dict:
    """A finding with its inspection, unit and task: what a rectification notice (整改通知书) says."""
    row = next(iter(db.query(
        "SELECT f.*, u.name AS unit_name, t.number AS task_number, t.text AS task_text, i.kind, i.title AS inspection,"
        " i.started_on, i.confidential FROM finding f JOIN unit u ON u.id = f.unit_id"
        " JOIN inspection i ON i.id = f.inspection_id LEFT JOIN task t ON t.id = f.task_id WHERE f.id = ?",
        [finding_id])), None)
    if row is None:
        raise StoreError("问题不存在")
    row = _labelled(row)
    row["kind_label"] = INSPECTION_KINDS[row["kind"]]
    row["office"] = _office(db)
    return row


def draw_detail(db: Database, draw_id: int) -> dict:
    """A recorded draw, decoded, with the inspectors' draw made for it (if any)."""
    row = next(iter(db.query("SELECT * FROM random_draw WHERE id = ?", [draw_id])), None)
    if row is None:
        raise StoreError("抽取记录不存在")
    for key in ("pool", "attempts", "result"):
        row[key] = json.loads(row[key])
    row["office"] = _office(db)
    companion = next(iter(db.query("SELECT id FROM random_draw WHERE kind = 'inspectors' AND note = ?",
                                   [companion_note(draw_id)])), None)
    row["inspectors"] = None if companion is None else draw_detail(db, companion["id"])
    return row
