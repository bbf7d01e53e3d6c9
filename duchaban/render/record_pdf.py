"""Laying out HTML records as A4 pages with Qt's text engine (QtGui only: no widgets, no database),
for a PDF written through QPdfWriter or a printer.

Qt embeds the (subset) fonts it draws with, so the PDF shows Chinese on any machine. Its text
layer, though, maps each glyph back to the lowest code point that shares it, and CJK fonts share
glyphs between radicals and ideographs: 人 would be copied out (and searched) as the radical ⼈.
``_fix_text_layer`` maps such radicals back to the ideograph in the PDF's ToUnicode tables.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPdfWriter, QRawFont, QTextDocument

from duchaban.core.errors import DuchabanError

MARGINS_MM = QMarginsF(20, 20, 20, 20)
RESOLUTION = 300


# Simplified-Chinese faces first: with a pan-CJK font chosen for Japanese, a Chinese locale swaps
# in variant glyphs that no code point maps to, and those characters drop out of the text layer.
PRINT_FAMILIES = ("Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Serif CJK SC",
                  "WenQuanYi Micro Hei", "PingFang SC")


def _print_families() -> list[str]:
    installed = set(QFontDatabase.families())
    return [f for f in PRINT_FAMILIES if f in installed]


def record_document(html: str) -> QTextDocument:
    """The record laid out in the print faces, 11 pt."""
    document = QTextDocument()
    font = QFont()
    families = _print_families()
    if families:
        font.setFamilies(families)
    font.setPointSize(11)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


_RADICALS = range(0x2E80, 0x2FE0)          # CJK Radicals Supplement and Kangxi Radicals
_IDEOGRAPHS = range(0x4E00, 0xA000)
_HEX = re.compile(rb"<(2[EF][0-9A-F]{2})>", re.IGNORECASE)


@lru_cache(maxsize=1)
def _radical_ideographs() -> dict[int, int]:
    """Radical code point -> the ideograph written with the same glyph (NFKC first, then the font)."""
    mapping = {}
    for code in _RADICALS:
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code) and len(folded) == 1:
            mapping[code] = ord(folded)
    families = _print_families() or QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    raw = QRawFont.fromFont(QFont(families[0])) if families else QRawFont()
    if raw.isValid():
        ideographs = "".join(chr(c) for c in _IDEOGRAPHS)
        first: dict[int, int] = {}
        for char, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs)):
            if glyph:
                first.setdefault(glyph, ord(char))
        radicals = "".join(chr(c) for c in _RADICALS)
        for char, glyph in zip(radicals, raw.glyphIndexesForString(radicals)):
            if glyph in first:
                mapping.setdefault(ord(char), first[glyph])
    return mapping


def _fix_text_layer(path: Path) -> None:
    """Rewrite radicals in the PDF's ToUnicode maps as the ideographs the text actually has."""
    from pypdf import PdfReader, PdfWriter

    mapping = _radical_ideographs()

    def replace(match: re.Match) -> bytes:
        code = int(match.group(1), 16)
        return b"<%04X>" % mapping.get(code, code)

    writer = PdfWriter(clone_from=PdfReader(str(path)))
    changed = False
    for page in writer.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            stream = font["/ToUnicode"].get_object()
            data = stream.get_data()
            fixed = _HEX.sub(replace, data)
            if fixed != data:
                stream.set_data(fixed)
                changed = True
    if changed:
        with open(path, "wb") as out:
            writer.write(out)


def print_fitted(document: QTextDocument, printer) -> None:
    """Print the document filling the printer's page inside its margins.

    Left unpaginated, QTextDocument.print_ adds margins of its own (2 cm) inside the printer's,
    which left the records in a narrow column down the middle of the page."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchX() if screen is not None else 96.0
    rect = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(rect.width() * dpi / 72.0, rect.height() * dpi / 72.0))
    document.print_(printer)


def html_to_pdf(html: str, path: str | Path, *, title: str = "") -> Path:
    """Write the HTML as an A4 PDF at ``path``."""
    path = Path(path)
    if not path.parent.is_dir():
        raise DuchabanError(f"文件夹不存在:{path.parent}")
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("督查办")
    print_fitted(record_document(html), writer)
    del writer          # the file is complete only once the writer is gone
    if not path.exists() or path.stat().st_size == 0:
        raise DuchabanError(f"无法写入“{path}”")
    _fix_text_layer(path)
    return path


def write_pdf_offscreen(html: str, path: str | Path, *, title: str = "") -> Path:
    """html_to_pdf from a program with no window (the command line): Qt's font machinery needs a
    QGuiApplication, not a screen."""
    import os

    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(["duchaban"])  # noqa: F841 - alive while printing
    return html_to_pdf(html, path, title=title)
