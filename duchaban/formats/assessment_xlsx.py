"""The assessment as a workbook: 得分汇总 (one row per unit, with the part scores) and 得分明细 (one row
per event, so each unit's rows add up to its score)."""

from __future__ import annotations

from pathlib import Path

from duchaban.core.assessment import PARTS, RULES, RuleSet, Score
from duchaban.formats.cells import safe_text


def write_assessment_xlsx(path: str | Path, *, title: str, scores: list[Score], rules: RuleSet,
                          kinds: dict[str, str]) -> None:
    """``kinds`` maps a unit to its kind label (部门, 乡镇…) for the summary."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    summary = book.active
    summary.title = "得分汇总"
    headers = ["名次", "单位", "类别", "基础分", *PARTS.values(), "总分", "计分事项数"]
    summary.append([safe_text(title)])
    summary["A1"].font = Font(size=14, bold=True)
    summary.append(headers)
    for rank, score in enumerate(scores, start=1):
        summary.append([rank, safe_text(score.unit), kinds.get(score.unit, ""), score.base,
                        *(score.parts[p] for p in PARTS), score.total, len(score.lines)])
    detail = book.create_sheet("得分明细")
    detail.append(["单位", "考核规则", "所属部分", "事项", "说明", "分值"])
    for score in scores:
        detail.append([safe_text(score.unit), "基础分", "", "", "", score.base])
        for event, points in score.lines:
            detail.append([safe_text(score.unit), RULES[event.code][0], PARTS[RULES[event.code][1]],
                           safe_text(event.ref), safe_text(event.text), points])
    rules_sheet = book.create_sheet("考核规则")
    rules_sheet.append(["考核规则", "所属部分", "分值(每项)"])
    rules_sheet.append(["基础分", "", rules.base])
    for code, (label, part, _default) in RULES.items():
        rules_sheet.append([label, PARTS[part], rules.points[code]])
    for sheet, widths in ((summary, (6, 24, 10, 8, 10, 12, 10, 10, 8, 8, 10)), (detail, (22, 26, 12, 12, 60, 8)),
                          (rules_sheet, (28, 14, 12))):
        header_row = 2 if sheet is summary else 1
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = f"A{header_row + 1}"
    book.save(path)
