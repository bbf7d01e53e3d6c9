"""The figures of a bulletin (督查通报), computed from its frozen snapshot.

A snapshot is plain data (see ``store.bulletins.bulletin_snapshot``): every task with its status on
the measuring day, the units with their ledger submission, the findings. Everything the bulletin
says is derived here, so a stored snapshot always gives the same bulletin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from duchaban.core.status import CLOSED, COMPLETED, LAGGING, NOT_STARTED, ON_TRACK, OVERDUE

# Order of the overview figures, as the bulletin lists them.
OVERVIEW_CODES = (CLOSED, COMPLETED, ON_TRACK, LAGGING, OVERDUE, NOT_STARTED)
DONE = (CLOSED, COMPLETED)
BEHIND = (LAGGING, OVERDUE)

# Praise goes to units that lead at least this many tasks, all on schedule; at most PRAISE_LIMIT of them.
PRAISE_MIN_TASKS = 2
PRAISE_LIMIT = 8
# A unit is criticized for lagging tasks once it leads at least this many behind schedule.
CRITICIZE_MIN_BEHIND = 2


@dataclass
class Tally:
    """Task counts by status for a group of tasks (the whole plan, a section, a unit)."""

    name: str
    level: int = 1
    part: str | None = None     # for a sub-section: the part it belongs to ("三、2021年重点工作")
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {code: 0 for code in OVERVIEW_CODES})
    percent_sum: float = 0.0

    def add(self, task: dict) -> None:
        self.total += 1
        self.counts[task["status"]] += 1
        self.percent_sum += 100.0 if task["status"] in DONE else (task["percent"] or 0.0)

    @property
    def done(self) -> int:
        return sum(self.counts[c] for c in DONE)

    @property
    def behind(self) -> int:
        return sum(self.counts[c] for c in BEHIND)

    @property
    def done_rate(self) -> float:
        """Share of tasks completed or closed, in percent."""
        return round(100.0 * self.done / self.total, 1) if self.total else 0.0

    @property
    def mean_percent(self) -> float:
        """Average reported progress, completed tasks counted as 100."""
        return round(self.percent_sum / self.total, 1) if self.total else 0.0


def overview(tasks: list[dict]) -> Tally:
    tally = Tally("全部任务")
    for task in tasks:
        tally.add(task)
    return tally


def by_section(tasks: list[dict]) -> list[Tally]:
    """A tally per part of the plan (一、二、…), each followed by its sub-sections ((一)(二)…), in order."""
    parts: dict[str, Tally] = {}
    subsections: dict[str, dict[str, Tally]] = {}
    for task in tasks:
        part = task["part"] or "未分类"
        parts.setdefault(part, Tally(part)).add(task)
        if task["subsection"]:
            own = subsections.setdefault(part, {})
            own.setdefault(task["subsection"], Tally(task["subsection"], level=2)).add(task)
    return [tally for part, head in parts.items() for tally in (head, *subsections.get(part, {}).values())]


def by_leaf_section(tasks: list[dict]) -> list[Tally]:
    """A tally per sub-section, or per part for tasks directly under a part: each task counted once."""
    tallies: dict[tuple, Tally] = {}
    for task in tasks:
        name = task["subsection"] or task["part"] or "未分类"
        part = task["part"] if task["subsection"] else None
        # Keyed by part too: "(一)…" begins a sub-section under several parts.
        tallies.setdefault((part, name), Tally(name, level=2 if part else 1, part=part)).add(task)
    return list(tallies.values())


def by_lead_unit(tasks: list[dict]) -> list[Tally]:
    """One tally per lead unit over the tasks it leads: most behind first, then the least advanced."""
    tallies: dict[str, Tally] = {}
    for task in tasks:
        if task["lead"]:
            tallies.setdefault(task["lead"], Tally(task["lead"])).add(task)
    return sorted(tallies.values(), key=lambda t: (-t.behind, t.done_rate, t.mean_percent, t.name))


def behind_tasks(tasks: list[dict]) -> list[dict]:
    """Tasks lagging or overdue, by number."""
    return sorted((t for t in tasks if t["status"] in BEHIND), key=lambda t: t["number"])


@dataclass(frozen=True)
class UnitMention:
    """A unit praised or criticized, with the reasons in words."""

    name: str
    reasons: tuple[str, ...]


def _ledger_reason(unit: dict) -> str | None:
    if unit["submission"] == "missing":
        return "未报送本期工作台账"
    if unit["submission"] == "late":
        return "逾期报送本期工作台账"
    return None


def criticized_units(snapshot: dict) -> list[UnitMention]:
    """Units with tasks behind schedule, a missing or late ledger, or overdue findings."""
    behind = {t.name: t.behind for t in by_lead_unit(snapshot["tasks"])}
    overdue: dict[str, int] = {}
    for finding in snapshot["findings"]:
        if finding["overdue"]:
            overdue[finding["unit"]] = overdue.get(finding["unit"], 0) + 1
    mentions = []
    for unit in snapshot["units"]:
        reasons = []
        if behind.get(unit["name"], 0) >= CRITICIZE_MIN_BEHIND:
            reasons.append(f"牵头任务滞后 {behind[unit['name']]} 项")
        ledger = _ledger_reason(unit)
        if ledger:
            reasons.append(ledger)
        if overdue.get(unit["name"]):
            reasons.append(f"{overdue[unit['name']]} 个问题逾期未整改")
        if reasons:
            mentions.append(UnitMention(unit["name"], tuple(reasons)))
    return sorted(mentions, key=lambda m: (-len(m.reasons), m.name))


def praised_units(snapshot: dict) -> list[UnitMention]:
    """Units leading several tasks, none behind, ledger on time, no overdue finding: best first."""
    criticized = {m.name for m in criticized_units(snapshot)}
    overdue_units = {f["unit"] for f in snapshot["findings"] if f["overdue"]}
    on_time = {u["name"] for u in snapshot["units"] if u["submission"] == "on_time"}
    candidates = [t for t in by_lead_unit(snapshot["tasks"])
                  if t.total >= PRAISE_MIN_TASKS and t.behind == 0 and t.name in on_time
                  and t.name not in criticized and t.name not in overdue_units]
    candidates.sort(key=lambda t: (-t.done_rate, -t.mean_percent, -t.total, t.name))
    return [UnitMention(t.name, (f"牵头 {t.total} 项任务均按序时推进,已完成 {t.done} 项,平均进度 {t.mean_percent:g}%",))
            for t in candidates[:PRAISE_LIMIT]]


def repeated_criticism(snapshot: dict) -> list[str]:
    """Units criticized now that were also criticized in the previous bulletin."""
    before = set((snapshot.get("previous") or {}).get("criticized", []))
    return [m.name for m in criticized_units(snapshot) if m.name in before]


@dataclass(frozen=True)
class FindingTally:
    total: int
    closed: int
    rectified: int
    in_progress: int
    overdue: int


def finding_tally(findings: list[dict]) -> FindingTally:
    statuses = [f["status"] for f in findings]
    return FindingTally(
        total=len(findings),
        closed=statuses.count("closed"),
        rectified=statuses.count("rectified"),
        in_progress=sum(s in ("open", "rectifying", "reopened") for s in statuses),
        overdue=sum(bool(f["overdue"]) for f in findings),
    )


def ledger_tally(units: list[dict]) -> dict[str, int]:
    """How many units were expected to send a ledger, and how many sent it on time, late, or not at all."""
    kinds = [u["submission"] for u in units]
    return {"expected": len(kinds), "on_time": kinds.count("on_time"), "late": kinds.count("late"),
            "missing": kinds.count("missing")}
