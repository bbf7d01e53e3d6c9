"""Turning a notice file (.txt in UTF-8/GB18030, or .docx) into numbered lines for the parser."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from duchaban.core.plan import PlanParseError

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF"
# The longest real notices are a few hundred KB of text; anything far beyond is another kind of
# file, refused before it is decoded and parsed (a 50 MB file would otherwise take a minute).
MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 3_000_000

# Table header words -> the label the parser reads (or the task number / text columns).
_COLUMN_LABELS = {
    "序号": "#", "编号": "#",
    "目标任务": "text", "任务内容": "text", "工作任务": "text", "重点任务": "text", "工作内容": "text",
    "任务": "text", "主要任务": "text", "具体任务": "text",
    "牵头单位": "牵头单位", "牵头部门": "牵头单位",
    "责任单位": "责任单位", "责任部门": "责任单位",
    "配合单位": "配合单位", "配合部门": "配合单位", "协办单位": "配合单位",
    "完成时限": "完成时限", "完成时间": "完成时限", "时间节点": "完成时限",
    "责任领导": "责任领导", "牵头领导": "责任领导",
}


@dataclass(frozen=True)
class PlanSource:
    """A notice read from disk: its lines, and what identifies the file."""

    name: str
    sha256: str
    lines: list[str]
    kind: str  # 'text' or 'docx'
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
    except OSError as exc:
        raise PlanParseError(f"无法读取文件“{path.name}”:{exc.strerror}") from None
    return read_plan_bytes(data, path.name)


def read_plan_bytes(data: bytes, name: str) -> PlanSource:
    """Read a notice from bytes, deciding the format from the content rather than the name."""
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP_MAGIC):
        return PlanSource(name, digest, _checked_size(docx_lines(data, name), name), "docx")
    if data.startswith(_OLE_MAGIC):
        raise PlanParseError(f"“{name}”是旧版 Word(.doc)或 Excel 文件,请在 Word/WPS 中另存为 .docx 后再导入")
    if data.startswith(_PDF_MAGIC):
        raise PlanParseError(f"“{name}”是 PDF 文件,请先转换为文本(.txt)或 Word(.docx)后再导入")
    if len(data) > MAX_TEXT_BYTES:
        raise PlanParseError(_too_big(name, len(data)))
    text, encoding = decode_text(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return PlanSource(name, digest, lines, "text", encoding)


def _too_big(name: str, size: int) -> str:
    return (f"“{name}”有 {size / 1024 / 1024:.1f} MB,远超一份分解方案的篇幅(一般不到 1 MB),"
            "不像分解方案;请检查是否选错了文件")


def _checked_size(lines: list[str], name: str) -> list[str]:
    chars = sum(len(line) for line in lines)
    if chars > MAX_TEXT_CHARS:
        raise PlanParseError(_too_big(name, chars * 3))
    return lines


def decode_text(data: bytes, name: str = "文件") -> tuple[str, str]:
    """(text, encoding) for UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 bytes."""
    if not data.strip():
        raise PlanParseError(f"“{name}”是空文件,没有任何内容")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        raise PlanParseError(f"“{name}”不是文本文件(含有二进制内容),请选择 .txt 或 .docx 格式的分解方案")
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


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    odd = sum(1 for ch in text if 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd")
    return (controls + odd) <= max(2, len(text) // 200)


def docx_lines(data: bytes, name: str) -> list[str]:
    """Paragraphs and table rows of a .docx in document order, one line each."""
    from docx import Document  # imported here: only needed for .docx notices
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanParseError(f"“{name}”不是有效的 .docx 文件或已损坏({type(exc).__name__})") from None
    except Exception as exc:  # python-docx raises several kinds for foreign zip files
        raise PlanParseError(f"“{name}”无法作为 Word 文档打开:{exc}") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(block, document).text.split("\n"))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document)))
    return lines


def _cell_texts(row) -> list[str]:
    texts, previous = [], None
    for cell in row.cells:
        # Merged cells repeat the same cell object; keep one copy.
        if cell._tc is previous:
            continue
        previous = cell._tc
        texts.append(" ".join(cell.text.split()))
    return texts


def _table_lines(table) -> list[str]:
    """A plan table (序号 | 任务 | 牵头单位 | 配合单位 …) as the text layout the parser reads."""
    lines: list[str] = []
    columns: list[str] | None = None
    for row in table.rows:
        cells = _cell_texts(row)
        mapped = [_COLUMN_LABELS.get(c.replace(" ", "")) for c in cells]
        if columns is None and "text" in mapped and sum(1 for m in mapped if m) >= 2:
            columns = [m or "" for m in mapped]
            continue
        distinct = [c for c in dict.fromkeys(cells) if c]
        if columns is None or len(distinct) <= 1:
            # A heading row spanning the table (一、…), or a table the parser reads as text.
            lines.append(" ".join(distinct))
            continue
        values = dict(zip(columns, cells))
        number = values.get("#", "").rstrip(".、．")
        text = values.get("text", "")
        lines.append(f"{number}.{text}" if number else text)
        for label in ("牵头单位", "责任单位", "配合单位", "责任领导", "完成时限"):
            if values.get(label):
                lines.append(f"{label}:{values[label]}")
    return lines
