"""The rules behind the overview (督查概览) and each unit's standing: when a ledger counts as on time,
late or missing, which period is "this period", and which units are most behind.

Pure data in, figures out; the store gathers the rows (store/overview.py) and the window shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from duchaban.core.status import LAGGING, ON_TRACK, OVERDUE, STATUS_COLORS

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
ARRIVAL_CODES = (ON_TIME, LATE, MISSING)
ARRIVAL_LABELS = {ON_TIME: "按时报送", LATE: "逾期报送", MISSING: "未报送"}
# Green only for on time: a late ledger is orange, a missing one red (never the same green).
ARRIVAL_COLORS = {ON_TIME: "#2e7d32", LATE: "#e65100", MISSING: "#c62828"}

# A unit inspected this many times in a span is flagged (减负: no unit inspected again and again).
BURDEN_WARNING = 3
# What needs acting on now (an overdue finding, a unit inspected too often) reads like an overdue task.
ALERT_COLOR = STATUS_COLORS[OVERDUE]
STANDING_WELL = STATUS_COLORS[ON_TRACK]
# How many units the overview names as most behind.
MOST_BEHIND_LIMIT = 10


def ledger_arrival(sent_on: str | None, due_on: str | date) -> str:
    """On time, late or missing: a ledger first sent after its due day is late, whatever came later."""
    if not sent_on:
        return MISSING
    due = due_on.isoformat() if isinstance(due_on, date) else due_on
    return LATE if sent_on[:10] > due else ON_TIME


def arrival_words(state: str, sent_on: str | None) -> str:
    """What a list says about one unit's ledger: 按时报送 07-05, 逾期报送 07-09, 未报送."""
    label = ARRIVAL_LABELS[state]
    return f"{label} {sent_on[5:10]}" if sent_on and state != MISSING else label


def current_period(periods: list[dict], today: date) -> dict | None:
    """The period whose ledgers a leader asks about on ``today``: the newest one already due,
    else the newest one begun (rows with code, starts_on, ends_on, due_on as ISO text)."""
    day = today.isoformat()
    due = [p for p in periods if p.get("due_on") and p["due_on"] <= day]
    begun = [p for p in periods if p["starts_on"] <= day]
    pool = due or begun
    return max(pool, key=lambda p: (p["ends_on"], p["starts_on"])) if pool else None


@dataclass
class UnitStanding:
    """How one unit stands: its tasks behind schedule, its ledger this period, its findings."""

    unit_id: int
    name: str
    kind: str
    task_count: int = 0
    behind_tasks: int = 0
    ledger: str | None = None          # ON_TIME / LATE / MISSING for this period; None: not expected
    ledger_period: str | None = None   # that period's code (2021Q2), and the day it was due
    ledger_due_on: str | None = None
    open_findings: int = 0
    overdue_findings: int = 0

    @property
    def score(self) -> int:
        """How far behind, for ranking: a task behind or a finding overdue counts 2, a missing
        ledger 2, a late one 1, any open finding 1."""
        ledger = {MISSING: 2, LATE: 1}.get(self.ledger or "", 0)
        return 2 * self.behind_tasks + 2 * self.overdue_findings + ledger + self.open_findings

    @property
    def summary(self) -> str:
        """The unit's standing in a few words, for a tree cell or a tooltip ('' when all is well)."""
        parts = []
        if self.behind_tasks:
            parts.append(f"滞后逾期任务 {self.behind_tasks}")
        if self.ledger in (LATE, MISSING):
            parts.append("台账" + ARRIVAL_LABELS[self.ledger])
        if self.open_findings:
            overdue = f"(逾期 {self.overdue_findings})" if self.overdue_findings else ""
            parts.append(f"未销号问题 {self.open_findings}{overdue}")
        return ",".join(parts)

    @property
    def color(self) -> str:
        """Green when all is well; red with tasks behind or findings overdue; orange when only a
        ledger is late or missing or findings are open."""
        if not self.summary:
            return STANDING_WELL
        return STATUS_COLORS[OVERDUE] if self.behind_tasks or self.overdue_findings else ARRIVAL_COLORS[LATE]


def is_behind(status: str) -> bool:
    return status in (LAGGING, OVERDUE)


def most_behind(standings: list[UnitStanding], limit: int = MOST_BEHIND_LIMIT) -> list[UnitStanding]:
    """The units furthest behind, worst first; units with nothing against them are left out."""
    ranked = sorted((s for s in standings if s.score > 0), key=lambda s: (-s.score, -s.behind_tasks, s.name))
    return ranked[:limit]
