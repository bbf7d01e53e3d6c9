"""Which parts of the main window show which tables, so a change redraws only what it touched.

The task trees (and the filter choices, counts and overview built with them) read plans, sections,
tasks, units, their assignments and the derived progress; the detail pane shows one task or unit
with everything about it. A table not named here is assumed to be shown everywhere: redrawing too
much is slow, redrawing too little shows stale data.
"""

from __future__ import annotations

from typing import Iterable

TREES, DETAIL = "trees", "detail"

# Tables only the detail pane shows: a unit's aliases and contacts, a task's indicators.
_DETAIL_ONLY = frozenset({"unit_alias", "contact", "indicator"})


def views_to_refresh(tables: Iterable[str]) -> frozenset[str]:
    """The parts of the window (TREES, DETAIL) that show any of ``tables``."""
    tables = frozenset(tables)
    if not tables:
        return frozenset()
    if tables <= _DETAIL_ONLY:
        return frozenset({DETAIL})
    return frozenset({TREES, DETAIL})
