"""One run of the annual assessment (绩效考核), as `duchaban assess` does it: score every unit under the
saved rules or trial ones, optionally save them and export the scores; a typed result to show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.assessment import PARTS, RuleSet, Score

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class AssessmentRun:
    """Scores highest first, the rules they were scored under, and what was done with them."""
    year: int
    scores: tuple[Score, ...]
    rules: RuleSet
    exported: Path | None = None     # the .xlsx the scores and their detail were written to
    saved: bool = False              # rules and scores saved as the year's

    def to_json(self) -> list[dict]:
        """``[{unit, total, base, parts: {part: points}, detail: [{code, ref, text, points}]}]``, ranked."""
        return [{"unit": s.unit, "total": s.total, "base": s.base, "parts": s.parts,
                 "detail": [{"code": e.code, "ref": e.ref, "text": e.text, "points": p} for e, p in s.lines]}
                for s in self.scores]

    def to_text(self) -> str:
        """A ranked table: rank, unit, total and each part's points; then what was exported or saved."""
        lines = ["名次\t单位\t总分\t" + "\t".join(PARTS.values())]
        lines += [f"{rank}\t{s.unit}\t{s.total:g}\t" + "\t".join(f"{s.parts[p]:g}" for p in PARTS)
                  for rank, s in enumerate(self.scores, start=1)]
        if self.exported:
            lines.append(f"已导出:{self.exported}")
        if self.saved:
            lines.append("考核规则与得分已保存")
        return "\n".join(lines)


def run_assessment(db: Database, *, plan_id: int, rules: RuleSet | None = None, include_confidential: bool = False,
                   save: bool = False, out: str | Path | None = None, who: str | None = None) -> AssessmentRun:
    """Score the plan's units (under ``rules``, else the saved ones); save them when ``save``, and write
    the scores with their detail to ``out`` (.xlsx) when given."""
    from duchaban.formats.assessment_xlsx import write_assessment_xlsx
    from duchaban.store.assessment import assess, save_rule_set
    from duchaban.store.plans import plan_year
    from duchaban.store.units import unit_kind_labels

    scores, rules = assess(db, plan_id=plan_id, rules=rules, include_confidential=include_confidential)
    if save:
        save_rule_set(db, plan_id=plan_id, rules=rules, scores=scores, who=who)
    year = plan_year(db, plan_id)
    if out:
        write_assessment_xlsx(out, title=f"{year}年度绩效考核得分", scores=scores, rules=rules,
                              kinds=unit_kind_labels(db))
    return AssessmentRun(year, tuple(scores), rules, Path(out) if out else None, save)
