"""The assessment's trial scores (试算得分), one unit a row, and the scored items behind one unit."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from duchaban.core.assessment import PARTS, RULES, Change, Score
from duchaban.ui.models.column_table import RIGHT, Column, ColumnTableModel

RAISED, LOWERED = "#2e7d32", "#c62828"


@dataclass(frozen=True)
class ScoreRow:
    rank: int
    score: Score
    change: Change      # against the rules in force
    kind: str


def _moved(row: ScoreRow) -> str | None:
    delta = row.change.delta
    return None if not delta else RAISED if delta > 0 else LOWERED


class ScoreTableModel(ColumnTableModel):
    COLUMNS = (
        Column("rank", "名次", lambda r: r.rank, align=RIGHT),
        Column("unit", "单位", lambda r: r.score.unit),
        Column("kind", "类别", lambda r: r.kind),
        Column("before", "现行得分", lambda r: r.change.before, align=RIGHT),
        Column("after", "试算得分", lambda r: r.score.total, align=RIGHT),
        Column("delta", "变化", lambda r: r.change.delta, align=RIGHT, color=_moved),
        *(Column(part, label, lambda r, part=part: r.score.parts[part], align=RIGHT) for part, label in PARTS.items()),
    )

    def load(self, scores: list[Score], changes: dict[str, Change], kinds: dict[str, str]) -> list[ScoreRow]:
        """Scores in rank order, each with its change by unit name and its unit's kind."""
        rows = [ScoreRow(n, score, changes[score.unit], kinds.get(score.unit, ""))
                for n, score in enumerate(scores, start=1)]
        self.set_rows(rows)
        return rows


@dataclass(frozen=True)
class DetailLine:
    rule: str
    ref: str
    text: str
    points: float


class ScoreDetailModel(ColumnTableModel):
    COLUMNS = (
        Column("rule", "考核规则", lambda r: r.rule),
        Column("ref", "事项", lambda r: r.ref),
        Column("text", "说明", lambda r: r.text),
        Column("points", "分值", lambda r: r.points, align=RIGHT),
    )

    def show(self, score: Score | None) -> None:
        """The base, then each scored item with its rule's name and points; empty for no unit."""
        if score is None:
            self.set_rows([])
            return
        base = QCoreApplication.translate("ScoreDetailModel", "基础分")
        self.set_rows([DetailLine(base, "", "", score.base)] + [
            DetailLine(RULES[event.code][0], event.ref, event.text, points) for event, points in score.lines])
