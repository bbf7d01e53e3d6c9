"""Turning a notice file into numbered lines for the parser: text (UTF-8/GB18030/UTF-16), .docx
(paragraphs and tables, see docx_text), the task table as an .xlsx/.xls attachment, a PDF's text
layer, and legacy .doc/.wps, RTF and web pages saved as .doc through LibreOffice when it is
installed."""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from duchaban.core.notice_formats import NOTICE_FORMATS_TEXT
from duchaban.core.plan import PlanParseError
from duchaban.core.plan_table import header_columns, table_lines
from duchaban.formats.docx_text import docx_lines

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF"
# The longest real notices are a few hundred KB of text; anything far beyond is another kind of
# file, refused before it is decoded and parsed (a 50 MB file would otherwise take a minute).
MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 3_000_000

@dataclass(frozen=True)
class PlanSource:
    """A notice read from disk: its lines, and what identifies the file."""

    name: str
    sha256: str
    lines: list[str]
    kind: str  # 'text', 'docx', 'xlsx', 'xls', 'pdf' or 'doc' (converted through LibreOffice)
    encoding: str | None = None


def read_plan_file(path: str | Path) -> PlanSource:
    """Read a notice file; PlanParseError with a Chinese message when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanParseError(f"找不到文件:{path}") from None
    except IsADirectoryError:
        raise PlanParseError(f"“{path}”是文件夹,请选择分解方案文件") from None
    except PermissionError:
        raise PlanParseError(f"无法读取文件“{path.name}”:没有读取权限,或文件正被其他程序独占打开") from None
    except OSError as exc:  # the system's own wording is English: say it in Chinese, keep its number
        if exc.errno == errno.ENAMETOOLONG:
            raise PlanParseError(f"无法读取文件“{path.name}”:文件名或路径过长,请改短后再导入") from None
        raise PlanParseError(f"无法读取文件“{path.name}”(系统错误 {exc.errno}),请把文件复制到本机"
                             "文件夹后再导入") from None
    return read_plan_bytes(data, path.name)


def read_plan_bytes(data: bytes, name: str) -> PlanSource:
    """Read a notice from bytes, deciding the format from the content rather than the name."""
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP_MAGIC):
        if _zip_has(data, "xl/workbook.xml"):
            return PlanSource(name, digest, _checked_size(workbook_lines(data, name), name), "xlsx")
        return PlanSource(name, digest, _checked_size(docx_lines(data, name), name), "docx")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            # Word, WPS and Excel wrap a password-protected .docx/.xlsx in an OLE container
            raise PlanParseError(f"“{name}”设有打开密码(文件已加密),无法读取;请在 Word/WPS 中打开,"
                                 "取消密码后另存,再导入")
        if _is_legacy_workbook(data):
            return PlanSource(name, digest, _checked_size(workbook_lines(data, name), name), "xls")
        return PlanSource(name, digest, _checked_size(legacy_word_lines(data, name), name), "doc")
    if data.startswith(_PDF_MAGIC):
        return PlanSource(name, digest, _checked_size(pdf_lines(data, name), name), "pdf")
    if len(data) > MAX_TEXT_BYTES:
        raise PlanParseError(_too_big(name, len(data)))
    other = _other_word_kind(data)
    if other is not None:
        return PlanSource(name, digest, _checked_size(legacy_word_lines(data, name, kind=other), name), "doc")
    text, encoding = decode_text(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return PlanSource(name, digest, lines, "text", encoding)


def _too_big(name: str, size: int) -> str:
    return (f"“{name}”有 {size / 1024 / 1024:.1f} MB,远超一份分解方案的篇幅(一般不到 1 MB),"
            "不像分解方案;请检查是否选错了文件")


def _checked_size(lines: list[str], name: str) -> list[str]:
    chars = sum(len(line) for line in lines)
    if chars > MAX_TEXT_CHARS:
        raise PlanParseError(f"“{name}”的文字有 {chars / 10000:.0f} 万字,远超一份分解方案的篇幅(一般不到 10 万字),"
                             "不像分解方案;请检查是否选错了文件")
    return lines


def decode_text(data: bytes, name: str = "文件") -> tuple[str, str]:
    """(text, encoding) for UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 bytes."""
    if not data.strip():
        raise PlanParseError(f"“{name}”是空文件,没有任何内容")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        raise PlanParseError(f"“{name}”不是可以读取的分解方案(含有二进制内容);可以导入的格式:{NOTICE_FORMATS_TEXT}")
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise PlanParseError(f"“{name}”不是可识别的文本文件(应为 UTF-8 或 GB18030 编码)")


def _other_word_kind(data: bytes) -> tuple[str, str] | None:
    """(what it is, its usual suffix) for the files Word opens that are neither .docx nor .doc: office
    systems export notices as RTF or as web pages named .doc. Read as text they would be markup."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "RTF 文档", ".rtf"
    if head.startswith(b"mime-version:") or b"\nmime-version:" in head[:1024]:
        return "单个文件网页(.mht)", ".mht"
    if b"<w:worddocument" in head or b'progid="word.document"' in head:
        return "Word 2003 XML 文档", ".xml"
    if head.startswith(b"<!doctype html") or b"<html" in head[:1024]:
        return "网页文件(HTML)", ".html"
    return None


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return (controls + odd) <= max(2, len(text) // 200)


# What zipfile raises for a cut or corrupt archive, a corrupt compressed member, an unknown method.
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def _zip_has(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except _ZIP_DAMAGE:
        return False


def _is_legacy_workbook(data: bytes) -> bool:
    """An OLE file holding a workbook stream (.xls, WPS .et) rather than a document (.doc, .wps)."""
    head = data[:1 << 20]
    if "WordDocument".encode("utf-16-le") in head:
        return False
    return "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head


# --- Excel attachments (任务分解表) -------------------------------------------------------

_MAX_SHEET_CELLS = 2_000_000
_MAX_SHEET_XML = 64 * 1024 * 1024
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _check_xlsx_extent(data: bytes, name: str) -> None:
    """Refuse a workbook whose sheets reach far beyond any task table (a stray space in XFD1048576)
    BEFORE the reader lays the whole range out in memory: that alone can take hundreds of GB."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                if info.file_size > _MAX_SHEET_XML:
                    raise PlanParseError(f"“{name}”的工作表过大({info.file_size / 1024 / 1024:.0f} MB),不像任务分解表")
                rows = columns = 0
                for m in _CELL_REF.finditer(archive.read(info)):
                    columns = max(columns, _column_number(m.group(1)))
                    rows = max(rows, int(m.group(2)))
                if rows * columns > _MAX_SHEET_CELLS:
                    raise PlanParseError(f"“{name}”的工作表有内容写到了第 {rows} 行、第 {columns} 列,范围过大,"
                                         "不像任务分解表;请删去表格以外的内容后再导入")
    except PlanParseError:  # a ValueError too: it must not pass for a damaged archive
        raise
    except _ZIP_DAMAGE:
        raise PlanParseError(f"“{name}”不完整或已损坏(文件无法解压),无法作为 Excel 工作簿(.xlsx)读取;"
                             "请重新获取原文件,或在 WPS/Office 中打开后另存再导入") from None


def _cell_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def workbook_lines(data: bytes, name: str) -> list[str]:
    """The sheet holding the task table (the first with a header row such as 序号 | 工作任务 |
    牵头单位), read like a .docx table: merged cells repeat their value, multi-line cells kept."""
    from python_calamine import CalamineWorkbook

    if data.startswith(_ZIP_MAGIC):
        _check_xlsx_extent(data, name)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in book.sheet_names:
            sheet = book.get_sheet_by_name(sheet_name)
            if sheet.height * max(sheet.width, 1) > _MAX_SHEET_CELLS:
                raise PlanParseError(f"“{name}”的工作表“{sheet_name}”范围过大({sheet.height} 行 × {sheet.width} 列),"
                                     "不像任务分解表;请删去表格以外的内容后再导入")
            rows = [[_cell_value(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            sheets.append(rows)
    except PlanParseError:
        raise
    except Exception:  # calamine reports damaged or foreign files with several types
        raise PlanParseError(f"“{name}”已损坏或不是 Excel 格式,无法作为工作簿读取;"
                             "请在 Excel 或 WPS 中打开,另存为“Excel 工作簿(*.xlsx)”后再导入") from None
    for rows in sheets:
        if any(header_columns(row) for row in rows[:30]):
            return table_lines(rows)
    raise PlanParseError(f"“{name}”中没有找到任务表的表头(如“序号 | 工作任务 | 牵头单位 | 责任单位”),"
                         "请确认这是任务分解表")


def _fill_merged(rows: list[list[str]], merged) -> None:
    """A value in merged cells belongs to every cell the merge covers (down and across)."""
    for (r1, c1), (r2, c2) in merged:
        if r1 >= len(rows) or c1 >= len(rows[r1]):
            continue
        value = rows[r1][c1]
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            for c in range(c1, min(c2, len(rows[r]) - 1) + 1):
                rows[r][c] = value


# --- PDF and legacy Word ------------------------------------------------------------------

def pdf_lines(data: bytes, name: str) -> list[str]:
    """The text layer of a PDF, page by page; a scanned, cut or password-protected PDF is refused
    with its reason (pypdf's own English warnings are kept from the user's terminal)."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%%EOF" not in data[-2048:]:
        raise PlanParseError(f"“{name}”不是完整的 PDF 文件(可能没有下载完或已损坏),无法读取;请重新获取原文件")
    locked = (f"“{name}”是设有密码的 PDF 文件,无法读取;请向发文单位索取未加密的文件或 Word 版,"
              "或在 PDF 阅读器中输入密码后另存为不加密的 PDF 再导入")
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise PlanParseError(locked)
            pages = [page.extract_text() or "" for page in reader.pages]
        except PlanParseError:
            raise
        except (FileNotDecryptedError, DependencyError):  # DependencyError: AES without its library
            raise PlanParseError(locked) from None
        except Exception:  # pypdf raises many kinds for damaged files
            raise PlanParseError(f"“{name}”已损坏,无法作为 PDF 读取;请重新获取原文件,"
                                 "或向发文单位索取 Word 版") from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise PlanParseError(f"“{name}”是扫描件(PDF 中没有文字层),无法读取;请向发文单位索取 Word 版,"
                             "或用文字识别(OCR)软件转换后再导入")
    return join_wrapped_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


# A line starting one of these begins something new: a task, a heading, a unit line, a page number.
_NEW_ITEM = re.compile(r"\s*([0-9０-９]+\s*[.．、]|[一二三四五六七八九十]+、|[((][一二三四五六七八九十0-9]+[))]"
                       r"|[^::]{0,6}(单位|部门|领导|时限)\s*[::]|附件|[-—–\s]*[0-9]+[-—–\s]*$)")
_SENTENCE_END = "。;;::!!??"


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """A PDF keeps the lines as printed, so a paragraph wider than the page arrives cut in two and a
    unit name can be split (区大数据 / 发展局). A line as wide as the page's full lines that stops
    mid-sentence is joined with the next, unless the next begins a task, a heading or a unit line."""
    widths = sorted((_width(line) for line in lines if line.strip()), reverse=True)
    if len(widths) < 10:
        return lines
    full = widths[len(widths) // 20] - 4  # the widest lines (not the single widest: a stray long one)
    joined: list[str] = []
    for line in lines:
        previous = joined[-1].rstrip() if joined else ""
        if (previous and line.strip() and _width(previous) >= full and previous[-1] not in _SENTENCE_END
                and not _NEW_ITEM.match(line)):
            joined[-1] = previous + line.strip()
        else:
            joined.append(line)
    return joined


@contextmanager
def _quiet_pypdf():
    """pypdf logs the repairs it makes to damaged files, in English, to the root logger's stderr."""
    logger = logging.getLogger("pypdf")
    handlers, propagate = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [logging.NullHandler()], False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = handlers, propagate


SAVE_AS_DOCX = "请在 Word 或 WPS 中打开,选择“另存为”→“Word 文档(*.docx)”后再导入"


def legacy_word_lines(data: bytes, name: str, *, soffice: str | None = None,
                      kind: tuple[str, str] = ("旧版 Word/WPS 文档(.doc/.wps)", ".doc")) -> list[str]:
    """A .doc/.wps (or RTF, web page) converted to .docx by LibreOffice when it is installed; else
    say how to save it as .docx."""
    label, suffix = kind
    label = f" {label}" if label[0].isascii() else label  # “a.doc”是 RTF 文档, as Latin words are set apart
    if suffix == ".mht":  # LibreOffice shows a single-file web page as its raw MIME text
        raise PlanParseError(f"“{name}”是{label},无法直接读取;{SAVE_AS_DOCX}")
    soffice = soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PlanParseError(f"“{name}”是{label},本机没有安装 LibreOffice,无法转换;{SAVE_AS_DOCX}")
    with tempfile.TemporaryDirectory(prefix="duchaban-doc-") as folder:
        source = Path(folder) / f"notice{suffix}"
        source.write_bytes(data)
        try:
            subprocess.run(
                # the filter named: a web page opens in Writer/Web, which has no default .docx export
                [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder, str(source)],
                check=False, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            raise PlanParseError(f"“{name}”是{label},用 LibreOffice 转换失败;{SAVE_AS_DOCX}") from None
        converted = Path(folder) / "notice.docx"
        if not converted.exists():
            raise PlanParseError(f"“{name}”是{label},无法用 LibreOffice 转换为 .docx;{SAVE_AS_DOCX}")
        return docx_lines(converted.read_bytes(), name)
