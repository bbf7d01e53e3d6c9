"""The text of a .docx, read from its XML so that nothing a Word user sees is dropped: paragraphs
and table rows in document order, with the text of fields, hyperlinks, content controls, smart
tags and text boxes, and the numbers of automatically numbered lists. A document with unaccepted
tracked changes is refused (reading it with or without the changes would be a guess), and so is
a damaged, foreign or inflated zip, in Chinese."""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from duchaban.core.plan import PlanParseError
from duchaban.core.plan_table import table_lines
from duchaban.formats.docx_numbering import ListNumbers
from duchaban.formats.workbook_probe import MAX_RATIO  # inflated / compressed, for parts over 1 MiB

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

# A real notice's document.xml is a few MB (3 million characters, where any notice is refused as
# too long, take 9 MB and more); a part that inflates beyond 32 MB is refused before it is parsed,
# because parsing time and memory grow with the inflated size (32 MB: about a second, 200 MB).
MAX_DOCUMENT_XML = 32 << 20

REVISIONS_MESSAGE = "中有尚未接受或拒绝的修订,请在 Word/WPS 中接受或拒绝全部修订后再导入"
SAVE_AGAIN = "请在 Word 或 WPS 中打开,选择“另存为”→“Word 文档(*.docx)”后再导入"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_REVISION_TAGS = {_w("ins"), _w("del"), _w("moveFrom"), _w("moveTo"), _w("cellIns"), _w("cellDel"),
                  _w("cellMerge")}
_CHARACTERS = {_w("tab"): "\t", _w("ptab"): "\t", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
# Property elements hold no visible text; mc:Fallback repeats the mc:Choice beside it (the same
# text box drawn for old Word versions); instrText is a field's code, not its result; rt is the
# small phonetic guide (拼音指南) printed above a character.
_SKIP = {_w("pPr"), _w("rPr"), _w("sdtPr"), _w("sdtEndPr"), _w("smartTagPr"), _w("customXmlPr"),
         _w("tblPr"), _w("trPr"), _w("tcPr"), _w("tblGrid"), _w("instrText"), _w("delText"), _w("rt"),
         f"{{{_MC}}}Fallback"}
_CONTAINERS = {_w("sdt"), _w("customXml"), _w("sdtContent"), _w("smartTag")}


def broken_zip_kind(data: bytes) -> str:
    """What a zip that cannot be opened was meant to be, from the part names in its local headers."""
    head = data[:1 << 20]
    if b"xl/workbook.xml" in head or b"xl/worksheets/" in head:
        return "Excel 工作簿(.xlsx)"
    return "Word 文档(.docx)"


def docx_lines(data: bytes, name: str) -> list[str]:
    """Paragraphs and table rows of a .docx in document order, one line each (a paragraph with
    soft line breaks gives several); PlanParseError with a Chinese reason when it cannot be read."""
    body, numbers = _document_body(data, name)
    revisions = [element for element in body.iter() if element.tag in _REVISION_TAGS]
    if revisions:
        raise PlanParseError(f"“{name}”{REVISIONS_MESSAGE}(共 {len(revisions)} 处修订{_where(revisions[0])})")
    if next(body.iter(_w("altChunk")), None) is not None:
        # Content pasted in from another file (HTML, RTF) that Word merges only when it saves.
        raise PlanParseError(f"“{name}”中有从其他文件嵌入的内容,无法直接读取;{SAVE_AGAIN}")
    return _block_lines(body, numbers)


def _where(element) -> str:
    """Where the first revision is, by the text of its paragraph as Word shows it with the change."""
    paragraph = next((p for p in element.iterancestors(_w("p"))), None)
    if paragraph is None:
        return ""
    text = "".join(t.text or "" for t in paragraph.iter(_w("t"), _w("delText"))).strip()
    return f",第一处在“{text[:20]}{'…' if len(text) > 20 else ''}”" if text else ""


def _document_body(data: bytes, name: str) -> tuple[etree._Element, ListNumbers]:
    damaged = (f"“{name}”不完整或已损坏(文件无法解压),无法作为 {broken_zip_kind(data)}读取;"
               "请重新获取原文件,或在 WPS/Office 中打开后另存再导入")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            part = _main_part(archive, names)
            if part is None:
                raise PlanParseError(_not_word(archive, names, name))
            folder = part.rpartition("/")[0] + "/" if "/" in part else ""
            parts = [_checked_read(archive, names, member, data, name)
                     for member in (part, folder + "numbering.xml", folder + "styles.xml")]
    except PlanParseError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # a cut or corrupt archive, an unknown compression method, an encrypted member
        raise PlanParseError(damaged) from None
    try:
        root = etree.fromstring(parts[0], _PARSER)
        numbers = ListNumbers(parts[1], parts[2], _PARSER)
    except (etree.XMLSyntaxError, ValueError, TypeError):
        raise PlanParseError(f"“{name}”的正文已损坏(文档内容不完整),无法读取;{SAVE_AGAIN}") from None
    body = root.find(_w("body"))
    if root.tag != _w("document") or body is None:
        raise PlanParseError(f"“{name}”不是 Word 文档(.docx),无法读取;{SAVE_AGAIN}")
    return body, numbers


def _checked_read(archive: zipfile.ZipFile, names: set[str], member: str, data: bytes, name: str) -> bytes | None:
    """A part's bytes, refused before inflating when it would be far larger than any notice."""
    if member not in names:
        return None
    info = archive.getinfo(member)
    if info.file_size > MAX_DOCUMENT_XML or (
            info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
        raise PlanParseError(
            f"“{name}”的正文解压后有 {info.file_size / 1024 / 1024:.0f} MB(文件本身只有 "
            f"{len(data) / 1024 / 1024:.1f} MB),远超一份分解方案的篇幅,未读取;请检查是否选错了文件")
    return archive.read(info)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The main document part named by the package relationships (word/document.xml as a rule)."""
    target = None
    if "_rels/.rels" in names:
        try:
            rels = etree.fromstring(archive.read("_rels/.rels"), _PARSER)
            for rel in rels.iter(f"{{{_RELS}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
        except etree.XMLSyntaxError:
            target = None
    for candidate in (target, "word/document.xml"):
        if candidate and candidate in names:
            return candidate
    return None


def _not_word(archive: zipfile.ZipFile, names: set[str], name: str) -> str:
    mimetype = archive.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    if "opendocument.text" in mimetype:
        return (f"“{name}”是 OpenDocument 文本(.odt),不是 Word 文档;请在 WPS、Word 或 LibreOffice 中打开,"
                "另存为“Word 文档(*.docx)”后再导入")
    if "opendocument.spreadsheet" in mimetype:
        return (f"“{name}”是 OpenDocument 表格(.ods);请在 WPS、Excel 或 LibreOffice 中打开,"
                "另存为“Excel 工作簿(*.xlsx)”后再导入")
    if any(n.startswith("ppt/") for n in names):
        return f"“{name}”是 PowerPoint 演示文稿,不是分解方案;请导入 Word 文档(.docx)"
    return (f"“{name}”是一个压缩包,不是 Word 文档;如果分解方案在压缩包里,请先解压,"
            "再导入其中的 .docx 文件")


# --- walking the document ------------------------------------------------------------------

def _block_lines(container, numbers: ListNumbers) -> list[str]:
    """Lines of the paragraphs and tables under ``container`` (the body, a cell, a text box)."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _w("p"):
            lines.extend(_paragraph_lines(child, numbers))
        elif tag == _w("tbl"):
            lines.extend(table_lines(_table_rows(child, numbers)))
        elif tag in _CONTAINERS and not _placeholder(child):
            lines.extend(_block_lines(child, numbers))
    return lines


def _placeholder(element) -> bool:
    """A content control still showing its prompt (单击或点击此处输入文字) holds no one's text."""
    return element.tag == _w("sdt") and element.find(f"{_w('sdtPr')}/{_w('showingPlcHdr')}") is not None


def _paragraph_lines(paragraph, numbers: ListNumbers) -> list[str]:
    parts: list[str] = [numbers.label(paragraph)]
    boxes: list = []
    _inline_text(paragraph, parts, boxes)
    own = "".join(parts).split("\n")
    box_lines = [line for box in boxes for line in _block_lines(box, numbers)]
    if box_lines and own == [""]:
        return box_lines  # the paragraph only anchors the text box: its text is the box's
    return own + box_lines


def _inline_text(element, parts: list[str], boxes: list) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _w("t") or tag == _MATH_TEXT:
            parts.append(child.text or "")
        elif tag == _w("br"):
            parts.append("\n" if child.get(_w("type"), "textWrapping") == "textWrapping" else "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == _w("txbxContent"):
            boxes.append(child)
        elif tag == _w("p"):  # a paragraph nested in a run only occurs in a text box, read above
            continue
        elif not _placeholder(child):
            _inline_text(child, parts, boxes)


def _table_rows(table, numbers: ListNumbers) -> list[list[str]]:
    """Every grid cell of every row, as python-docx gives them: a horizontally merged cell repeats
    its text across, a vertically merged one down; rows and cells inside content controls count."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for row in _members(table, _w("tr")):
        column = _int(row.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
        cells: list[str] = []
        for cell in _members(row, _w("tc")):
            properties = cell.find(_w("tcPr"))
            span = max(1, _int(None if properties is None else properties.find(_w("gridSpan")), 1))
            merge = None if properties is None else properties.find(_w("vMerge"))
            if merge is not None and merge.get(_w("val"), "continue") == "continue":
                text = above.get(column, "")
            else:
                text = "\n".join(_block_lines(cell, numbers))
            for offset in range(span):
                above[column + offset] = text
                cells.append(text)
            column += span
        rows.append(cells)
    return rows


def _members(element, tag: str):
    """Children named ``tag``, also those wrapped in content controls or custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS and not _placeholder(child):
            yield from _members(child, tag)


def _int(element, default: int) -> int:
    try:
        return int(element.get(_w("val")))
    except (AttributeError, TypeError, ValueError):
        return default
