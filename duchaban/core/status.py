"""Derived task status (red-yellow-green), and the rule that produced it, in words.

Status is never typed by hand. It follows from the deadline, the latest ledger
report and any close-out, measured against 序时进度: the share of the time from the
start of the plan year to the task's deadline that has passed. A task with no
deadline, or an ongoing one (长期坚持, 持续推进), is measured against the year end;
when the end is not the year end, or the task is ongoing, the rule's words say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from duchaban.core.deadlines import parse_deadline
from duchaban.core.periods import schedule_share

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
LAGGING = "lagging"
OVERDUE = "overdue"
COMPLETED = "completed"
CLOSED = "closed"

STATUS_CODES = (NOT_STARTED, ON_TRACK, LAGGING, OVERDUE, COMPLETED, CLOSED)
STATUS_LABELS = {
    NOT_STARTED: "未报送",
    ON_TRACK: "正常推进",
    LAGGING: "滞后",
    OVERDUE: "逾期",
    COMPLETED: "已完成",
    CLOSED: "已销号",
}
# Traffic-light colours (hex) used by every view and export.
STATUS_COLORS = {
    NOT_STARTED: "#9e9e9e",
    ON_TRACK: "#2e7d32",
    LAGGING: "#f9a825",
    OVERDUE: "#c62828",
    COMPLETED: "#1565c0",
    CLOSED: "#455a64",
}

# Worst first: a group of tasks (a section, a unit) takes the colour of its worst task.
SEVERITY = (OVERDUE, LAGGING, NOT_STARTED, ON_TRACK, COMPLETED, CLOSED)


def worst_status(counts: Mapping[str, int]) -> str | None:
    """The status a group of tasks shows, from how many of its tasks have each status: its worst
    one's (None for no tasks)."""
    return next((code for code in SEVERITY if counts.get(code)), None)


# A report may trail the schedule by this many percentage points before it counts as lagging.
LAG_TOLERANCE = 10.0
# With no report at all, a task counts as lagging once this much of its time has passed.
UNREPORTED_GRACE = 25.0


# The rule behind each status in general words, as the legend and the user guide state it;
# derive_status() below is what applies it (same thresholds).
SCHEDULE_RULE = "序时进度:从当年 1 月 1 日到任务的完成时限(未写时限的按 12 月 31 日)已经过去的时间所占的比例。"
STATUS_RULES = {
    NOT_STARTED: f"尚未报送进展,序时进度还不到 {UNREPORTED_GRACE:g}%",
    ON_TRACK: f"报告的完成比例不低于序时进度,或落后不超过 {LAG_TOLERANCE:g} 个百分点",
    LAGGING: f"报告的完成比例落后序时进度超过 {LAG_TOLERANCE:g} 个百分点;或序时进度已达 {UNREPORTED_GRACE:g}% 仍未报送",
    OVERDUE: "已过完成时限,仍未报告完成",
    COMPLETED: "责任单位报告已完成(或完成比例达 100%),尚待核验销号",
    CLOSED: "经核验人核验、附佐证材料,已办理销号",
}


@dataclass(frozen=True)
class TaskFacts:
    """What the status rule needs to know about one task."""

    year: int
    deadline: date | None = None
    deadline_text: str | None = None  # as written; 长期坚持 and the like make the task ongoing
    percent: float | None = None
    reported_completed: bool = False
    closed: bool = False


@dataclass(frozen=True)
class StatusVerdict:
    code: str
    rule: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.code]

    @property
    def color(self) -> str:
        return STATUS_COLORS[self.code]


def derive_status(facts: TaskFacts, today: date) -> StatusVerdict:
    """The task's status on ``today`` and a sentence saying why."""
    if facts.closed:
        return StatusVerdict(CLOSED, "已办理销号")
    if facts.reported_completed or (facts.percent is not None and facts.percent >= 100):
        return StatusVerdict(COMPLETED, "责任单位报告已完成,尚待销号")
    deadline = facts.deadline or date(facts.year, 12, 31)
    reported = "尚未报送进展" if facts.percent is None else f"报告完成 {facts.percent:g}%"
    if today > deadline:
        return StatusVerdict(OVERDUE, f"已过完成时限 {deadline.isoformat()},{reported}")
    expected = round(schedule_share(date(facts.year, 1, 1), deadline, today) * 100)
    basis = _schedule_basis(facts)
    if facts.percent is None:
        if expected >= UNREPORTED_GRACE:
            return StatusVerdict(LAGGING, f"{reported},序时进度已达 {expected:g}%{basis}")
        return StatusVerdict(NOT_STARTED, f"{reported}(序时进度 {expected:g}%){basis}")
    if facts.percent + LAG_TOLERANCE < expected:
        return StatusVerdict(
            LAGGING, f"{reported},低于序时进度 {expected:g}% 超过 {LAG_TOLERANCE:g} 个百分点{basis}")
    return StatusVerdict(ON_TRACK, f"{reported},序时进度 {expected:g}%{basis}")


def _schedule_basis(facts: TaskFacts) -> str:
    """Which end the 序时进度 was measured to, in words."""
    if facts.deadline is not None:
        return f"(按完成时限 {facts.deadline.isoformat()} 计)"
    written = parse_deadline(facts.deadline_text, facts.year) if facts.deadline_text else None
    if written is not None and written.ongoing:
        return f"(“{facts.deadline_text}”为长期任务,按年底计)"
    return ""  # no deadline: the plain 序时进度 of the year, as the rule's explanation states
