"""Making ledger files the way units do: filling templates, renaming, re-sorting, saving as .xls."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from duchaban.formats.ledger_template import FIRST_DATA_ROW, IDENTITY_SHEET, LEDGER_SHEET

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


def resort_descending(sheet, last_column: int = KEY) -> None:
    """Reverse the task rows, as a unit sorting by 序号 descending would; with ``last_column`` below
    KEY, as one who selected only the visible columns (A:L) before sorting."""
    rows = [[sheet.cell(r, c).value for c in range(1, last_column + 1)]
            for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=1):
            sheet.cell(FIRST_DATA_ROW + offset, c, value)


def rewrite_part(path: Path, part: str, edit) -> Path:
    """Rewrite one part of an .xlsx in place (``edit(bytes) -> bytes``), for what openpyxl cannot write."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info.filename, edit(data) if info.filename == part else data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return path


def add_part(path: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(part, data)
    return path


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


def to_ods(source: Path, target: Path) -> Path:
    """Save an .xlsx as OpenDocument (.ods), values only, hidden sheets kept hidden, as LibreOffice
    or WPS would; written by hand, so the test needs no LibreOffice Calc."""
    from xml.sax.saxutils import escape, quoteattr

    book = load_workbook(source)
    styles, tables = [], []
    for index, sheet in enumerate(book.worksheets):
        style = f"ta{index}"
        styles.append(f'<style:style style:name="{style}" style:family="table"><style:table-properties '
                      f'table:display="{"false" if sheet.sheet_state != "visible" else "true"}"/></style:style>')
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = cell.value
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    kind = "percentage" if "%" in cell.number_format else "float"
                    cells.append(f'<table:table-cell office:value-type="{kind}" office:value="{value}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                                 "</text:p></table:table-cell>")
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f"<table:table table:name={quoteattr(sheet.title)} table:style-name=\"{style}\">"
                      + "".join(rows) + "</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:automatic-styles>{"".join(styles)}</office:automatic-styles>'
               f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(target, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        out.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
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
