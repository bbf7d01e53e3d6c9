"""The reminder list (催办清单): units that have not sent their ledger, with whom to call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from duchaban.exchange.cells import safe_text

HEADERS = ("序号", "单位", "类别", "应报任务数", "联系人", "电话", "报送截止", "催办日期", "备注")


def export_reminder_list(path: str | Path, *, title: str, rows: list[dict], due: date, sent_on: date) -> None:
    """Write the list; each row: name, kind_label, task_count, contact, phone."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "催办清单"
    sheet.append([safe_text(title)])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(rows, start=1):
        sheet.append([number] + [safe_text(v) for v in (row["name"], row["kind_label"], row["task_count"],
                                                         row["contact"], row["phone"])]
                     + [due.isoformat(), sent_on.isoformat(), ""])
    for column, width in zip("ABCDEFGHI", (6, 24, 12, 10, 12, 16, 12, 12, 20)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "2:2"
    book.save(path)
