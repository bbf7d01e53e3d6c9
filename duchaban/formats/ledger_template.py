"""Ledger templates (工作台账): one .xlsx per unit and period, which the unit fills in and returns.

Layout: sheet 工作台账 with a title, a header row (frozen, repeated when printed) and one row per
task; the task columns are locked, the input columns have dropdowns and input messages; a hidden
column holds each row's task key, so rows may be re-sorted. Sheet 填报说明 explains how to fill it
in. A very hidden sheet holds the file's identity (plan, unit, period, task keys, checksum), so a
returned file is recognised whatever it was renamed to.
"""

from __future__ import annotations

import re
import unicodedata
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.core.ledger import (
    IDENTITY_VERSION,
    INPUT_COLUMNS,
    KEY_HEADER,
    STATUS_LABELS,
    TASK_COLUMNS,
    identity_checksum,
)
from duchaban.core.periods import Period, ledger_due_date, parse_period, period_label, period_text
from duchaban.core.roles import ROLE_LABELS
from duchaban.formats.cells import safe_text
from duchaban.store.ledgers import ledger_units, previous_reports, unit_ledger_tasks
from duchaban.store.plans import get_plan

if TYPE_CHECKING:
    from sqlite_utils import Database

LEDGER_SHEET, NOTES_SHEET, IDENTITY_SHEET = "工作台账", "填报说明", "_duchaban"
IDENTITY_MARKER = "duchaban-ledger"
TITLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
# Narrow enough that the whole row fits one A4 landscape page at a readable size (about 80%);
# long texts wrap inside their rows, whose heights are set from their texts (Excel does not).
COLUMN_WIDTHS = {"number": 6, "text": 36, "section": 14, "role": 8, "lead": 12, "deadline": 10,
                 "progress_text": 30, "status": 10, "percent": 10, "problems": 18, "next_steps": 18,
                 "evidence_text": 12}
LINE_HEIGHT_PT = 15          # one wrapped line of 11 pt text
MAX_ROW_HEIGHT_PT = 409      # Excel's limit
INPUT_HELP = {
    "progress_text": "写明本期完成的具体工作、数量和节点",
    "status": "从下拉列表中选择:" + "、".join(STATUS_LABELS.values()),
    "percent": "填 0–100 的数字(不带 %),表示累计完成比例",
    "problems": "没有可填“无”",
    "next_steps": "下一期的工作安排",
    "evidence_text": "佐证材料的名称;材料本身另行报送",
}
NOTES = (
    "填报说明",
    "1. 本表由区政府督查办导出,请在“工作台账”工作表的白色单元格中填写,灰色列(任务内容等)不能修改。",
    "2. “完成状态”请从下拉列表中选择;“完成比例”填 0–100 的数字,表示截至本期末的累计完成比例。",
    "3. 可以调整行高、用表头的筛选按钮排序或另存为 .xls,但不要删除行、不要只选中部分列排序、不要修改隐藏列和隐藏工作表,"
    "否则无法导入。",
    "4. 与上期相同的内容可以填“同上”;上期的填报内容已预先填入,请逐项更新。",
    "5. 文件名可以修改;用 Excel 或 WPS 填写均可。填好后按期报送区政府督查办。",
)


@dataclass(frozen=True)
class TemplateRow:
    task_key: str
    values: dict  # column key -> value (task columns and pre-filled reports)


@dataclass(frozen=True)
class TemplateExport:
    """The templates written for one period into one folder."""
    period_code: str
    out_dir: str | Path
    paths: tuple[Path, ...]

    def to_json(self) -> dict:
        """``{period, folder, files: [file name …]}``."""
        return {"period": self.period_code, "folder": str(self.out_dir), "files": [p.name for p in self.paths]}

    def to_text(self) -> str:
        return f"已在“{self.out_dir}”生成{period_text(self.period_code)}台账模板 {len(self.paths)} 份"


def template_file_name(period: Period, unit_name: str) -> str:
    """<period>-<unit>-工作台账.xlsx, with characters Windows forbids in names replaced."""
    return re.sub(r'[\\/:*?"<>|]', "_", f"{period.code}-{unit_name}-工作台账.xlsx")


def _display_width(text: str) -> int:
    """Width in Excel's column units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row_height(values: dict) -> float:
    """Points for a data row tall enough to show each cell's text wrapped in its column."""
    lines = 1
    for key, value in values.items():
        if isinstance(value, str) and key in COLUMN_WIDTHS:
            usable = max(COLUMN_WIDTHS[key] - 1, 1)
            lines = max(lines, sum(-(-_display_width(part) // usable) or 1 for part in value.split("\n")))
    return min(lines * LINE_HEIGHT_PT + 3, MAX_ROW_HEIGHT_PT)


# The template's columns in order, with their headers: task columns, input columns, the hidden key.
COLUMNS = (*TASK_COLUMNS, *INPUT_COLUMNS, ("key", KEY_HEADER))
_INPUT_KEYS = frozenset(k for k, _ in INPUT_COLUMNS)


def write_template(path: Path, *, plan: dict, unit: dict, period: Period, rows: list[TemplateRow],
                   office: str = "") -> None:
    """Write one unit's ledger template for the period."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    letter = {key: get_column_letter(i) for i, (key, _) in enumerate(COLUMNS, start=1)}
    book = Workbook()
    sheet = book.active
    sheet.title = LEDGER_SHEET
    _write_heading(sheet, plan=plan, unit=unit, period=period, office=office)
    _write_header_row(sheet)
    _write_task_rows(sheet, rows)
    last = FIRST_DATA_ROW + max(len(rows), 1) - 1
    _add_input_checks(sheet, letter, last)
    _set_page_and_protection(sheet, letter, last)
    _write_notes_sheet(book)
    _write_identity_sheet(book, plan=plan, unit=unit, period=period, keys=[row.task_key for row in rows])
    book.active = 0
    book.save(path)


def _write_heading(sheet, *, plan: dict, unit: dict, period: Period, office: str) -> None:
    """The title row (unit and period) and the hint row (plan, due date, office), across the visible columns."""
    from openpyxl.styles import Font

    due = ledger_due_date(period)
    sheet.cell(TITLE_ROW, 1, safe_text(f"{unit['name']} {period_label(period)}工作台账"))
    sheet.cell(TITLE_ROW, 1).font = Font(size=16, bold=True)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(COLUMNS) - 1)
    hint = f"《{plan['title']}》 报送截止:{due.year}年{due.month}月{due.day}日 {office}".strip()
    sheet.cell(HINT_ROW, 1, safe_text(hint))
    sheet.merge_cells(start_row=HINT_ROW, start_column=1, end_row=HINT_ROW, end_column=len(COLUMNS) - 1)


def _write_header_row(sheet) -> None:
    """The header row, with a comment on each input column saying how to fill it, and the column widths."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for i, (key, header) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, i, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _thin_border()
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        if key in INPUT_HELP:
            cell.comment = Comment(INPUT_HELP[key], "督查办")
        sheet.column_dimensions[get_column_letter(i)].width = COLUMN_WIDTHS.get(key, 10)


def _thin_border():
    """A thin grey border on every side of a cell."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="999999")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _write_task_rows(sheet, rows: list[TemplateRow]) -> None:
    """One row per task: task cells greyed and locked, input cells open; each row as tall as its texts."""
    from openpyxl.styles import Alignment, PatternFill, Protection

    border = _thin_border()
    locked_fill = PatternFill("solid", fgColor="EDEDED")
    wrap = Alignment(wrap_text=True, vertical="top")
    # Two looks for data cells (an input cell, unlocked; a task cell, greyed): each is built once and
    # its style record copied to the other cells. Setting border, alignment and fill on every cell
    # made openpyxl hash those style objects again each time, two thirds of the export's time.
    looks: dict[bool, object] = {}
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for i, (key, _) in enumerate(COLUMNS, start=1):
            value = row.task_key if key == "key" else row.values.get(key)
            cell = sheet.cell(r, i, safe_text(value) if isinstance(value, str) else value)
            is_input = key in _INPUT_KEYS
            if is_input in looks:
                cell._style = copy(looks[is_input])
                continue
            cell.border = border
            cell.alignment = wrap
            if is_input:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = locked_fill
            looks[is_input] = cell._style

    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        sheet.row_dimensions[r].height = row_height(row.values)


def _add_input_checks(sheet, letter: dict[str, str], last: int) -> None:
    """The status dropdown and the 0–100 check on the percentage, down to the ``last`` row."""
    from openpyxl.worksheet.datavalidation import DataValidation

    status_list = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABELS.values()) + '"',
                                 allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                 errorTitle="完成状态", error="请从下拉列表中选择",
                                 promptTitle="完成状态", prompt=INPUT_HELP["status"])
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                             showErrorMessage=True, showInputMessage=True, errorTitle="完成比例",
                             error="请填 0–100 的数字", promptTitle="完成比例", prompt=INPUT_HELP["percent"])
    for validation, key in ((status_list, "status"), (percent, "percent")):
        sheet.add_data_validation(validation)
        validation.add(f"{letter[key]}{FIRST_DATA_ROW}:{letter[key]}{last}")


def _set_page_and_protection(sheet, letter: dict[str, str], last: int) -> None:
    """Hidden key column, frozen panes, A4 landscape print set-up, the filter, and the sheet's protection."""
    sheet.column_dimensions[letter["key"]].hidden = True
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    # The filter covers the hidden key column too, so sorting from its buttons moves each key with
    # its row; a sort of some columns only is caught on import (序号 and task text against the key).
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{letter['key']}{last}"
    # Protected against accidental edits of task columns; sorting, filtering, resizing stay allowed.
    protection = sheet.protection
    protection.sheet = True
    for allowed in ("sort", "autoFilter", "formatColumns", "formatRows", "formatCells"):
        setattr(protection, allowed, False)


def _write_notes_sheet(book) -> None:
    """Sheet 填报说明: how to fill the template in."""
    from openpyxl.styles import Alignment, Font

    notes = book.create_sheet(NOTES_SHEET)
    notes.column_dimensions["A"].width = 110
    for i, line in enumerate(NOTES, start=1):
        notes.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    notes["A1"].font = Font(size=14, bold=True)


def _write_identity_sheet(book, *, plan: dict, unit: dict, period: Period, keys: list[str]) -> None:
    """The very hidden, protected sheet that says whose template this is (plan, unit, period, task keys and
    their checksum), read back on import whatever the file was renamed to."""
    identity = book.create_sheet(IDENTITY_SHEET)
    for i, (name, value) in enumerate((
            ("marker", IDENTITY_MARKER), ("version", IDENTITY_VERSION), ("plan", plan["uuid"]),
            ("plan_year", str(plan["year"])), ("unit", unit["uuid"]), ("unit_name", unit["name"]),
            ("period", period.code), ("checksum", identity_checksum(plan["uuid"], unit["uuid"], period.code, keys)),
            ("task_count", str(len(keys)))), start=1):
        identity.cell(i, 1, name)
        identity.cell(i, 2, value)
    for i, key in enumerate(keys, start=1):
        identity.cell(i, 4, key)
    identity.sheet_state = "veryHidden"
    identity.protection.sheet = True


def template_rows(db: Database, *, plan_id: int, unit_id: int, period: Period) -> list[TemplateRow]:
    """The unit's tasks with last period's reports pre-filled."""
    tasks = unit_ledger_tasks(db, plan_id=plan_id, unit_id=unit_id)
    previous = previous_reports(db, unit_id=unit_id, task_ids=[t["task_id"] for t in tasks], before=period.starts_on)
    rows = []
    for task in tasks:
        role = ROLE_LABELS[task["role"]] + (f"({task['via']})" if task["via"] else "")
        values = {"number": task["number"], "text": task["text"], "section": task["section"], "role": role,
                  "lead": task["lead"] or "", "deadline": task["deadline_text"] or "年底前"}
        report = previous.get(task["task_id"])
        if report is not None:
            values.update(progress_text=report["progress_text"], status=STATUS_LABELS[report["status"]],
                          percent=report["percent"], problems=report["problems"], next_steps=report["next_steps"],
                          evidence_text=report["evidence_text"])
        rows.append(TemplateRow(task["uuid"], values))
    return rows


def export_period_templates(db: Database, *, plan_id: int, period_code: str, out_dir: str | Path,
                            unit_names: list[str] | None = None) -> TemplateExport:
    """The period's templates for every unit with tasks in the plan, or for the units named (names or
    aliases), headed with the office's name; DuchabanError when the units named have no task in the plan."""
    from duchaban.store.settings import OFFICE_NAME, get_setting
    from duchaban.store.units import unit_id_by_name

    unit_ids = [unit_id_by_name(db, name) for name in unit_names] if unit_names else None
    paths = export_templates(db, plan_id=plan_id, period_code=period_code, out_dir=out_dir, unit_ids=unit_ids,
                             office=get_setting(db, OFFICE_NAME) or "")
    if unit_ids and not paths:
        raise DuchabanError("所选单位在该方案中没有任务,未生成台账模板")
    return TemplateExport(period_code, out_dir, tuple(paths))


def export_templates(db: Database, *, plan_id: int, period_code: str, out_dir: str | Path,
                     unit_ids: list[int] | None = None, office: str = "", progress=None) -> list[Path]:
    """Write one template per unit (all units with tasks, or those given) into ``out_dir``."""
    period = parse_period(period_code)
    plan = get_plan(db, plan_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    units = [u for u in ledger_units(db, plan_id=plan_id) if unit_ids is None or u["id"] in unit_ids]
    written = []
    for i, unit in enumerate(units):
        if progress is not None:
            progress.check()
            progress.report(i, len(units), unit["name"])
        path = out / template_file_name(period, unit["name"])
        write_template(path, plan=plan, unit=unit, period=period, office=office,
                       rows=template_rows(db, plan_id=plan_id, unit_id=unit["id"], period=period))
        written.append(path)
    return written
