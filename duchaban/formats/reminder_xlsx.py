"""The reminder list (催办清单): units that have not sent their ledger, with whom to call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from duchaban.formats.sheets import fill_table

HEADERS = ("序号", "单位", "类别", "应报任务数", "联系人", "电话", "报送截止", "催办日期", "备注")


def export_reminder_list(path: str | Path, *, title: str, rows: list[dict], due: date, sent_on: date) -> None:
    """Write the list; each row: name, kind_label, task_count, contact, phone."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "催办清单"
    fill_table(sheet, heading=title, headers=HEADERS, widths=(6, 24, 12, 10, 12, 16, 12, 12, 20), rows=(
        [number, row["name"], row["kind_label"], row["task_count"], row["contact"], row["phone"], due.isoformat(),
         sent_on.isoformat(), ""] for number, row in enumerate(rows, start=1)))
    book.save(path)
