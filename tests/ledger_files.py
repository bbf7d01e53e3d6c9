"""Making ledger files the way units do: filling templates, renaming, re-sorting, saving as .xls."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from duchaban.exchange.ledger_template import FIRST_DATA_ROW, IDENTITY_SHEET, LEDGER_SHEET

# Column numbers in the template (1-based): input columns follow the six task columns.
PROGRESS, STATUS, PERCENT, PROBLEMS, NEXT, EVIDENCE, KEY = 7, 8, 9, 10, 11, 12, 13


def fill(template: Path, target: Path, *, percent=60, status="推进中", text="按计划推进", edit=None) -> Path:
    """Fill every task row of a template like a diligent unit, then apply ``edit(sheet)``."""
    book = load_workbook(template)
    sheet = book[LEDGER_SHEET]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row, PROGRESS, f"{text}(任务{sheet.cell(row, 1).value})")
        sheet.cell(row, STATUS, status)
        sheet.cell(row, PERCENT, percent)
        sheet.cell(row, PROBLEMS, "无")
        sheet.cell(row, NEXT, "继续推进")
    if edit is not None:
        edit(sheet)
    book.save(target)
    return target


def resort_descending(sheet) -> None:
    """Reverse the task rows, as a unit sorting by 序号 descending would."""
    rows = [[sheet.cell(r, c).value for c in range(1, KEY + 1)] for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=1):
            sheet.cell(FIRST_DATA_ROW + offset, c, value)


def to_xls(source: Path, target: Path) -> Path:
    """Save an .xlsx as legacy .xls (values only, sheet visibility kept), as 'Save as Excel 97-2003' does."""
    import xlwt

    book = load_workbook(source)
    out = xlwt.Workbook(encoding="utf-8")
    for sheet in book.worksheets:
        ws = out.add_sheet(sheet.title)
        if sheet.sheet_state != "visible":
            ws.visibility = 2 if sheet.sheet_state == "veryHidden" else 1
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    ws.write(cell.row - 1, cell.column - 1, cell.value)
    out.save(str(target))
    return target


def template_for(folder: Path, unit: str) -> Path:
    return next(p for p in folder.iterdir() if f"-{unit}-" in p.name)


def renamed(path: Path, name: str) -> Path:
    target = path.with_name(name)
    shutil.copyfile(path, target)
    return target


def identity_cell(book, name: str):
    sheet = book[IDENTITY_SHEET]
    return next(row[1] for row in sheet.iter_rows() if row[0].value == name)
