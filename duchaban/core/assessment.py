"""The annual assessment (绩效考核): rules the office sets, and scores where every point is an event.

An event is one fact about one unit — a task it leads completed, a ledger it sent late, a finding
it left unrectified past the deadline, a bulletin that criticized it. A rule gives each kind of
event its points; a unit's score is the base plus the points of its events, so the detail always
adds up to the score and changing a rule shows exactly whom it moves (the what-if preview).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

# Every kind of event, its label, whether it belongs to the lead or the cooperating score, and
# the points the default rule set gives it.
RULES: dict[str, tuple[str, str, float]] = {
    "lead_done": ("牵头任务完成(含销号)", "lead", 2.0),
    "lead_behind": ("牵头任务滞后或逾期", "lead", -2.0),
    "share_done": ("责任/配合任务完成(含销号)", "share", 0.5),
    "share_behind": ("责任/配合任务滞后或逾期", "share", -0.5),
    "ledger_missing": ("未报送工作台账(每期)", "ledger", -3.0),
    "ledger_late": ("逾期报送工作台账(每期)", "ledger", -1.0),
    "finding_overdue": ("问题未按时整改(每个)", "finding", -2.0),
    "bulletin_criticized": ("被督查通报批评(每期)", "bulletin", -2.0),
    "bulletin_praised": ("被督查通报表扬(每期)", "bulletin", 1.0),
}
PARTS = {"lead": "牵头任务", "share": "责任配合任务", "ledger": "台账报送", "finding": "问题整改", "bulletin": "通报"}
DEFAULT_BASE = 100.0
POINTS_LIMIT = 100.0     # no single rule may give or take more than this per event

# A plan's rule set is named by the plan and its name, so that rule sets saved on two machines for
# the same plan are one record that meets itself at the office hub, not two.
_RULE_SET_NAMESPACE = uuid.UUID("0c7e6a52-3d1f-4c55-9b8e-2f4a6d9e1b73")


def rule_set_uuid(plan_uuid: str, name: str) -> str:
    return str(uuid.uuid5(_RULE_SET_NAMESPACE, f"{plan_uuid}|{name}"))



@dataclass(frozen=True)
class Event:
    """One fact about one unit that a rule can score; ``ref`` says which task, period or finding."""

    unit: str
    code: str
    ref: str
    text: str


@dataclass(frozen=True)
class RuleSet:
    """Points per kind of event, and the base every unit starts from."""

    base: float = DEFAULT_BASE
    points: dict[str, float] = field(default_factory=lambda: {code: rule[2] for code, rule in RULES.items()})

    def to_json(self) -> str:
        return json.dumps({"base": self.base, "points": self.points}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "RuleSet":
        """A rule set from stored or user-supplied JSON; ValueError (in Chinese) naming what is wrong."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"考核规则不是有效的 JSON:第 {error.lineno} 行 {error.msg}") from None
        if not isinstance(data, dict):
            raise ValueError("考核规则应为 {\"base\": 100, \"points\": {...}}")
        return rule_set(base=data.get("base", DEFAULT_BASE), points=data.get("points", {}))


def rule_set(*, base, points: dict) -> RuleSet:
    """A checked rule set: known codes only, numbers in range; codes left out keep their default."""
    unknown = sorted(set(points) - set(RULES))
    if unknown:
        raise ValueError(f"未知的考核规则:{'、'.join(unknown)}")
    checked = {code: rule[2] for code, rule in RULES.items()}
    for code, value in points.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > POINTS_LIMIT:
            raise ValueError(f"“{RULES[code][0]}”的分值应为 -{POINTS_LIMIT:g} 到 {POINTS_LIMIT:g} 之间的数")
        checked[code] = float(value)
    if isinstance(base, bool) or not isinstance(base, (int, float)) or not 0 <= base <= 1000:
        raise ValueError("基础分应为 0 到 1000 之间的数")
    return RuleSet(float(base), checked)


@dataclass
class Score:
    unit: str
    base: float
    parts: dict[str, float]
    lines: list[tuple[Event, float]]

    @property
    def total(self) -> float:
        return round(self.base + sum(self.parts.values()), 2)


def score_units(units: list[str], events: list[Event], rules: RuleSet) -> list[Score]:
    """Every unit's score under ``rules``, highest first; events of units not listed are ignored."""
    scores = {name: Score(name, rules.base, {part: 0.0 for part in PARTS}, []) for name in units}
    for event in events:
        score = scores.get(event.unit)
        if score is None:
            continue
        points = rules.points[event.code]
        score.lines.append((event, points))
        part = RULES[event.code][1]
        score.parts[part] = round(score.parts[part] + points, 2)
    return sorted(scores.values(), key=lambda s: (-s.total, s.unit))


@dataclass(frozen=True)
class Change:
    unit: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 2)


def what_if(units: list[str], events: list[Event], current: RuleSet, proposed: RuleSet) -> list[Change]:
    """How each unit's score moves from the current rules to the proposed ones, largest moves first."""
    before = {s.unit: s.total for s in score_units(units, events, current)}
    after = {s.unit: s.total for s in score_units(units, events, proposed)}
    changes = [Change(unit, before[unit], after[unit]) for unit in units]
    return sorted(changes, key=lambda c: (-abs(c.delta), c.unit))
