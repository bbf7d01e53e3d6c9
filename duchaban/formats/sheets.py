"""The table layout every exported workbook shares: a title row, a bold header, the rows (made
safe from formula injection), column widths, a frozen header and landscape A4 printing."""

from __future__ import annotations

from typing import Iterable

from duchaban.formats.cells import safe_text


def fill_table(sheet, *, heading: str, headers: tuple[str, ...], rows: Iterable, widths: Iterable[int]) -> None:
    """Lay out ``sheet`` (empty) as a titled table; the header repeats on every printed page."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([safe_text(heading)])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([safe_text(v) for v in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
