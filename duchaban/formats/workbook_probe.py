"""Looking inside an .xlsx before the spreadsheet reader does.

The reader builds every sheet as one dense block from A1 to the farthest cell with content, so a
single stray space at XFD1048576 asks for hundreds of gigabytes and kills the process, and one at
G1048576 costs seconds and most of a gigabyte. The zip parts are read here first (with limits on
their size and compression ratio), every cell position is counted, and a file whose sheets reach
too far gets its own Chinese verdict instead of reaching the reader at all.

The same pass gives what the reader does not: which cells carry a percent number format (Excel
stores a typed "100%" as 1) and which formula cells have no saved value.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_ROWS = 30_000          # a ledger has a few hundred rows; a unit's notes below it stay well under this
MAX_COLUMNS = 100
MAX_CELLS = 1_500_000      # dense cells the reader may build for one sheet
MAX_PART_BYTES = 80 << 20  # one part of the zip, uncompressed
MAX_TOTAL_BYTES = 200 << 20
MAX_RATIO = 200            # uncompressed / compressed, for parts over 1 MiB

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v>[^<]|is\b)")
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_REF = re.compile(r"([A-Za-z]+)(\d+)$")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_ALT = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*?)/?>")
_XF_NUMFMT = re.compile(rb'\bnumFmtId="(\d+)"')
_BUILTIN_PERCENT = {9, 10}


class HostileWorkbook(Exception):
    """The file would overwhelm the reader; the message (Chinese) says why."""


@dataclass
class SheetFacts:
    percent_cells: set[tuple[int, int]] = field(default_factory=set)   # (row, column), 0-based
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    # Cells holding an error value (#N/A, #DIV/0!): the reader gives them as empty cells.
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _percent_styles(book: zipfile.ZipFile, names: set[str]) -> set[int]:
    if "xl/styles.xml" not in names:
        return set()
    data = _read_part(book, "xl/styles.xml")
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt_id, code in _NUMFMT.findall(data):
        # A '%' inside quotes is literal text, not a percent format.
        if b"%" in re.sub(rb"&quot;.*?&quot;|\".*?\"|\\.", b"", code):
            percent_ids.add(int(fmt_id))
    block = _CELLXFS.search(data)
    if block is None:
        return set()
    styles = set()
    for index, match in enumerate(_XF.finditer(block.group(0))):
        fmt = _XF_NUMFMT.search(match.group(1))
        if fmt and int(fmt.group(1)) in percent_ids:
            styles.add(index)
    return styles


def _read_part(book: zipfile.ZipFile, name: str) -> bytes:
    with book.open(name) as part:
        data = part.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise HostileWorkbook("文件内部数据过大(解压后超过 80 MB),不像是台账,未读取")
    return data


def _sheet_parts(book: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name -> its part in the zip."""
    if "xl/workbook.xml" not in names:
        return {}
    workbook = _read_part(book, "xl/workbook.xml")
    sheets = {rid: name for name, rid in _SHEET.findall(workbook)}
    sheets.update({rid: name for rid, name in _SHEET_ALT.findall(workbook)})
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _read_part(book, rels_name) if rels_name in names else b""
    targets = dict(_REL.findall(rels))
    targets.update({rid: target for target, rid in _REL_ALT.findall(rels)})
    parts = {}
    for rid, name in sheets.items():
        target = targets.get(rid)
        if target is None:
            continue
        target = target.decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[_xml_text(name)] = path
    return parts


def _xml_text(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8", "replace"))


# A position is letters then digits. The reader takes lower-case letters and more than three of
# them too (aaaa1 lies far beyond XFD), so the scans do as well.
_FAST_CONTENT_CELL = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*(?<!/)>')
_FAST_FORMULA_ONLY = re.compile(
    rb'<c r="([A-Za-z]+)(\d+)"([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')
_FAST_POSITION = re.compile(rb'<c r="[A-Za-z]+\d+"')
_FAST_ERROR = re.compile(
    rb'<c r="([A-Za-z]+)(\d+)"[^>]*?\st="e"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")


def _scan_sheet(data: bytes, sheet_name: str, percent_styles: set[int]) -> SheetFacts:
    """The sheet's extent (refused when hostile), percent cells and formulas without values."""
    # Excel, WPS, LibreOffice and openpyxl write every cell as <c r="A1" ...>: then a few scans of
    # the whole part in C do; anything else is walked cell by cell.
    cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
    positioned = data.count(b'<c r="')
    if b"<sheetData" in data and cells == positioned and len(_FAST_POSITION.findall(data)) == positioned:
        return _scan_sheet_fast(data, sheet_name, percent_styles)
    return _scan_sheet_slow(data, sheet_name, percent_styles)


def _refuse_extent(sheet_name: str, rows_used: int, columns_used: int, far: str) -> None:
    if rows_used > MAX_ROWS or columns_used > MAX_COLUMNS or rows_used * columns_used > MAX_CELLS:
        raise HostileWorkbook(
            f"工作表“{sheet_name}”的 {far} 单元格有内容,使表格延伸到第 {rows_used} 行、第 {columns_used} 列,"
            f"远超台账的大小(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列),未读取;"
            f"请删除 {far} 等远处单元格(可能只是一个空格)后重新报送")


def _scan_sheet_fast(data: bytes, sheet_name: str, percent_styles: set[int]) -> SheetFacts:
    facts = SheetFacts()
    refs = _FAST_CONTENT_CELL.findall(data)  # cells that are not self-closed: most hold something
    if refs:
        rows_used = max(map(int, (r for _, r in refs)))
        columns_used = _column_index(max({c.upper() for c, _ in refs}, key=lambda c: (len(c), c)).decode()) + 1
        if rows_used > MAX_ROWS or columns_used > MAX_COLUMNS or rows_used * columns_used > MAX_CELLS:
            # Too far: the walk decides (an empty <c ...></c> far out holds nothing) and names the cell.
            return _scan_sheet_slow(data, sheet_name, percent_styles)
    if percent_styles:
        styled = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*?\ss="(?:'
                            + b"|".join(str(i).encode() for i in sorted(percent_styles)) + rb')"[\s/>]')
        facts.percent_cells = {(int(r) - 1, _column_index(c.decode().upper())) for c, r in styled.findall(data)}
    facts.formulas_without_value = {(int(r) - 1, _column_index(c.decode().upper()))
                                    for c, r, attrs in _FAST_FORMULA_ONLY.findall(data) if b't="str"' not in attrs}
    if b't="e"' in data:
        facts.error_cells = {(int(r) - 1, _column_index(c.decode().upper())): _xml_text(text)
                             for c, r, text in _FAST_ERROR.findall(data)}
    return facts


def _scan_sheet_slow(data: bytes, sheet_name: str, percent_styles: set[int]) -> SheetFacts:
    facts = SheetFacts()
    max_row = max_col = -1
    far = ""
    row_index = -1
    # Rows and cells may leave out their position ("r"): each then follows the one before.
    rows = list(_ROW.finditer(data))
    for i, row_match in enumerate(rows):
        attrs = dict(_ATTR.findall(row_match.group(1)))
        row_index = int(attrs[b"r"]) - 1 if b"r" in attrs and attrs[b"r"].isdigit() else row_index + 1
        if row_match.group(2) == b"/":
            continue
        end = rows[i + 1].start() if i + 1 < len(rows) else len(data)
        column = -1
        for cell in _CELL.finditer(data, row_match.end(), end):
            cell_attrs = dict(_ATTR.findall(cell.group(1)))
            position = cell_attrs.get(b"r")
            ref = _REF.match(position.decode("ascii", "replace")) if position is not None else None
            if position is not None and ref is None:
                raise HostileWorkbook(
                    f"工作表“{sheet_name}”中有单元格的位置“{position.decode('utf-8', 'replace')[:20]}”无法识别,"
                    "不像是 Excel 或 WPS 保存的表格,未读取;请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新报送")
            column = _column_index(ref.group(1).upper()) if ref else column + 1
            row = int(ref.group(2)) - 1 if ref else row_index
            body = cell.group(3) or b""
            # An empty <v></v> is no value (openpyxl writes formulas so), except a formula's "" result.
            has_value = bool(_VALUE.search(body)) or cell_attrs.get(b"t") == b"str" and b"<v" in body
            has_formula = b"<f" in body or b":f" in body
            if not has_value and not has_formula:
                continue  # a formatted empty cell: the reader skips it
            if row > max_row or column > max_col:
                if row > max_row:
                    max_row = row
                if column > max_col:
                    max_col = column
                far = f"{column_letter(column)}{row + 1}"
            style = cell_attrs.get(b"s")
            if style is not None and style.isdigit() and int(style) in percent_styles:
                facts.percent_cells.add((row, column))
            if not has_value:
                facts.formulas_without_value.add((row, column))
            elif cell_attrs.get(b"t") == b"e":
                error = _ERROR_VALUE.search(body)
                facts.error_cells[(row, column)] = _xml_text(error.group(1)) if error else "#错误"
    _refuse_extent(sheet_name, max_row + 1, max_col + 1, far)
    return facts


_ODS_TABLE = re.compile(rb'<table:table(?=[\s>/])([^>]*)>')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row(?=[\s>/])([^>]*?)(/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell(?=[\s>/])([^>]*?)(/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S)
_ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_TEXT = re.compile(rb"<text:p[^>]*>([^<]*)<")


def _repeat(pattern: re.Pattern, attrs: bytes) -> int:
    match = pattern.search(attrs)
    return int(match.group(1)) if match else 1


def _scan_ods(content: bytes) -> dict[str, SheetFacts]:
    """An OpenDocument sheet repeats rows and cells by count ("this cell 16384 times"): a tiny file
    may stand for billions of cells with content. Empty repeats (every sheet ends with them) are free.
    Cells of value type "percentage" are noted (the reader gives 100% as 1)."""
    tables = list(_ODS_TABLE.finditer(content))
    found = {}
    for i, table in enumerate(tables):
        end = tables[i + 1].start() if i + 1 < len(tables) else len(content)
        name = _ODS_NAME.search(table.group(1))
        sheet_name = _xml_text(name.group(1)) if name else ""
        facts = found[sheet_name] = SheetFacts()
        row_position, max_row, max_col = 0, -1, -1
        for row in _ODS_ROW.finditer(content, table.end(), end):
            rows = _repeat(_ODS_ROWS_REPEATED, row.group(1))
            column, last = 0, -1
            for cell in _ODS_CELL.finditer(row.group(3) or b""):
                columns = _repeat(_ODS_COLUMNS_REPEATED, cell.group(1))
                if b"value-type" in cell.group(1) or (cell.group(3) or b"").strip():
                    last = column + columns - 1
                    if b'value-type="percentage"' in cell.group(1) and rows * columns <= 100:
                        facts.percent_cells.update((row_position + r, column + c)
                                                   for r in range(rows) for c in range(columns))
                    if b'value-type="error"' in cell.group(1) and rows * columns <= 100:
                        shown = _ODS_TEXT.search(cell.group(3) or b"")
                        facts.error_cells.update({(row_position + r, column + c):
                                                  _xml_text(shown.group(1)) if shown else "#错误"
                                                  for r in range(rows) for c in range(columns)})
                column += columns
            if last >= 0:
                max_row, max_col = row_position + rows - 1, max(max_col, last)
            row_position += rows
        rows_used, columns_used = max_row + 1, max_col + 1
        if rows_used > MAX_ROWS or columns_used > MAX_COLUMNS or rows_used * columns_used > MAX_CELLS:
            raise HostileWorkbook(
                f"工作表“{sheet_name}”有内容的单元格延伸到第 {rows_used} 行、第 {columns_used} 列,"
                f"远超台账的大小(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列),未读取;请删除多余的行列后重新报送")
    return found


def probe_xlsx(path: Path) -> dict[str, SheetFacts] | None:
    """Facts about each sheet of an .xlsx (by name); None when the file is not a zip at all (then
    the reader says what it is). Raises HostileWorkbook for a file that must not be read."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with book:
        infos = book.infolist()
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART_BYTES or (
                    info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise HostileWorkbook(f"文件内部的“{info.filename}”解压后有 {info.file_size >> 20} MB"
                                      f"(压缩前 {info.compress_size >> 10} KB),疑似压缩炸弹,未读取")
        if total > MAX_TOTAL_BYTES:
            raise HostileWorkbook(f"文件解压后共 {total >> 20} MB,远超台账的大小,未读取")
        names = {info.filename for info in infos}
        try:
            if "content.xml" in names and "xl/workbook.xml" not in names:
                return _scan_ods(_read_part(book, "content.xml"))  # OpenDocument
            percent_styles = _percent_styles(book, names)
            parts = _sheet_parts(book, names)
            return {name: _scan_sheet(_read_part(book, part), name, percent_styles)
                    for name, part in parts.items() if part in names}
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
            return None  # damaged inside: the reader gives the verdict


# BIFF8 records that hold one cell (row, column first), and the two that hold a run of cells.
_BIFF_CELLS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0204, 0x0205, 0x0201, 0x00D6}
_BIFF_RUNS = {0x00BD, 0x00BE}


def probe_xls(path: Path) -> None:
    """Raises HostileWorkbook when a legacy .xls has cells far out (the reader would build up to
    65536 × 256 cells per sheet: seconds and more than a gigabyte)."""
    import struct

    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            return
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                return
            data = ole.openstream(stream).read()
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError, AttributeError):
        return  # damaged or encrypted: the reader gives the verdict
    max_row = max_col = -1
    offset, end = 0, len(data)
    while offset + 4 <= end:
        kind, size = struct.unpack_from("<HH", data, offset)
        body = offset + 4
        if body + size > end:
            break       # a record cut off: the file is damaged, and the reader gives the verdict
        if kind in _BIFF_CELLS and size >= 4:
            row, col = struct.unpack_from("<HH", data, body)
        elif kind in _BIFF_RUNS and size >= 6:
            row, = struct.unpack_from("<H", data, body)
            col, = struct.unpack_from("<H", data, body + size - 2)
        else:
            offset = body + size
            continue
        max_row, max_col = max(max_row, row), max(max_col, col)
        offset = body + size
    rows_used, columns_used = max_row + 1, max_col + 1
    if rows_used > MAX_ROWS or columns_used > MAX_COLUMNS or rows_used * columns_used > MAX_CELLS:
        raise HostileWorkbook(
            f"文件中有单元格远在第 {rows_used} 行、第 {columns_used} 列({column_letter(max_col)}{rows_used}),"
            f"远超台账的大小(最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列),未读取;"
            "请删除远处的单元格(可能只是一个空格)后重新报送")
