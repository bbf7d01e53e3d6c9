"""Which parts of the main window show which tables, so a change redraws only what it touched.

The task trees (and the filter choices, counts and overview built with them) read plans, sections,
tasks, units, their assignments, the derived progress and the tasks' close-outs; the detail pane
shows one task or unit with everything about it (findings, close-outs, evidence included); the unit
tree's standing column counts each unit's open and overdue findings; the overview, when shown, counts
findings and this month's inspections. A table not named here is assumed to be shown everywhere:
redrawing too much is slow, redrawing too little shows stale data.
"""

from __future__ import annotations

from typing import Iterable

TREES, DETAIL, STANDING, OVERVIEW = "trees", "detail", "standing", "overview"
EVERYTHING = frozenset({TREES, DETAIL, STANDING, OVERVIEW})

_INSPECTION = frozenset({DETAIL, OVERVIEW})
_SHOWN_IN: dict[str, frozenset[str]] = {
    # A unit's aliases and contacts, a task's indicators: only the detail pane.
    "unit_alias": frozenset({DETAIL}), "contact": frozenset({DETAIL}), "indicator": frozenset({DETAIL}),
    "finding_followup": frozenset({DETAIL}), "evidence": frozenset({DETAIL}), "evidence_link": frozenset({DETAIL}),
    "inspection": _INSPECTION, "inspection_inspector": _INSPECTION, "inspection_unit": _INSPECTION,
    "inspection_task": _INSPECTION,
    "finding": frozenset({DETAIL, STANDING, OVERVIEW}),
}


def views_to_refresh(tables: Iterable[str]) -> frozenset[str]:
    """The parts of the window (TREES, DETAIL, STANDING, OVERVIEW) that show any of ``tables``."""
    views: frozenset[str] = frozenset()
    for table in tables:
        views |= _SHOWN_IN.get(table, EVERYTHING)
    return views
