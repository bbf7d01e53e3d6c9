"""The bulletin's annex (.xlsx): every task of the plan with its status, and the tables behind
the bulletin's figures, one sheet each."""

from __future__ import annotations

from pathlib import Path

from duchaban.core.bulletin_figures import by_lead_unit, by_section
from duchaban.formats.sheets import fill_table

TASK_HEADERS = ("序号", "所属领域", "子领域", "任务内容", "牵头单位", "责任单位", "配合单位", "完成时限", "完成比例",
                "状态", "状态依据")
TASK_WIDTHS = (6, 22, 26, 60, 18, 24, 24, 14, 10, 10, 36)
SECTION_HEADERS = ("领域", "任务数", "已销号", "已完成", "正常推进", "滞后", "逾期", "未报送", "完成率", "平均进度")
UNIT_HEADERS = ("牵头单位", "牵头任务", "已完成", "滞后逾期", "完成率", "平均进度", "台账报送", "报送日期")
FINDING_HEADERS = ("责任单位", "任务序号", "问题", "严重程度", "整改要求", "整改时限", "整改状态", "是否逾期",
                   "督查方式", "督查名称", "督查日期")
OVERRIDE_HEADERS = ("类别", "任务或单位", "内容", "销号日期", "核验人", "销号理由(台账或整改未报完成)")
LEDGER_WORDS = {"on_time": "按时", "late": "逾期", "missing": "未报送"}


def _sheet(book, title: str, heading: str, headers: tuple[str, ...], rows, widths=None):
    sheet = book.create_sheet(title)
    fill_table(sheet, heading=heading, headers=headers, rows=rows, widths=widths or (16,) * len(headers))
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def write_bulletin_xlsx(path: str | Path, *, snapshot: dict, title: str) -> None:
    """Write the annex: 任务明细 (one row per task of the plan), 分领域, 分单位, 督查问题, and
    销号说明: close-outs made although the ledger or rectification did not say done, with why."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    from duchaban.core.status import STATUS_COLORS

    book = Workbook()
    book.remove(book.active)
    tasks = snapshot["tasks"]
    sheet = _sheet(book, "任务明细", f"{title}——任务推进情况明细(截至{snapshot['measured_on']})", TASK_HEADERS,
                   ((t["number"], t["part"], t["subsection"], t["text"], t["lead"], "、".join(t["responsible"]),
                     "、".join(t["cooperating"]), t["deadline"], None if t["percent"] is None else t["percent"] / 100,
                     t["status_label"], t["rule"]) for t in tasks), TASK_WIDTHS)
    fills = {code: PatternFill("solid", fgColor="FF" + color.lstrip("#").upper())
             for code, color in STATUS_COLORS.items()}
    for row, task in enumerate(tasks, start=3):
        sheet.cell(row, 9).number_format = "0%"
        sheet.cell(row, 10).fill = fills[task["status"]]
        sheet.cell(row, 4).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = f"A2:K{len(tasks) + 2}"
    _sheet(book, "分领域", f"{title}——分领域推进情况", SECTION_HEADERS,
           ((("" if t.level == 1 else "  ") + t.name, t.total, t.counts["closed"], t.counts["completed"],
             t.counts["on_track"], t.counts["lagging"], t.counts["overdue"], t.counts["not_started"],
             t.done_rate / 100, t.mean_percent / 100) for t in by_section(tasks)), (44,) + (10,) * 9)
    ledger = {u["name"]: u for u in snapshot["units"]}
    _sheet(book, "分单位", f"{title}——各牵头单位推进情况", UNIT_HEADERS,
           ((t.name, t.total, t.done, t.behind, t.done_rate / 100, t.mean_percent / 100,
             LEDGER_WORDS.get(ledger.get(t.name, {}).get("submission"), "—"),
             ledger.get(t.name, {}).get("submitted_on")) for t in by_lead_unit(tasks)),
           (24, 10, 10, 10, 10, 10, 10, 12))
    _sheet(book, "督查问题", f"{title}——督查发现问题整改情况", FINDING_HEADERS,
           ((f["unit"], f["task_number"], f["description"], f["severity_label"], f["demand"], f["deadline_on"],
             f["status_label"], "是" if f["overdue"] else "否", f["kind_label"], f["inspection"], f["started_on"])
            for f in snapshot["findings"]), (18, 8, 36, 8, 24, 12, 12, 8, 10, 24, 12))
    # Snapshots frozen before close-out reasons were kept have no "overrides": nothing to list.
    _sheet(book, "销号说明", f"{title}——未报完成即销号的任务和问题", OVERRIDE_HEADERS,
           ((o["kind"], o["subject"], o["text"], o["closed_on"], o["verifier"], o["reason"])
            for o in snapshot.get("overrides", [])), (8, 18, 48, 12, 10, 40))
    for name, columns in (("分领域", "IJ"), ("分单位", "EF")):
        for column in columns:
            for cell in book[name][column][2:]:
                cell.number_format = "0.0%"
    book.save(path)
