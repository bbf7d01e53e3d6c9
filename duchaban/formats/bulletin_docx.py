"""The bulletin (督查通报) as a .docx in the official-document format of GB/T 9704.

A4 with a 156 mm × 225 mm text block (top margin 37 mm, left 28 mm), 22 lines of 28 characters,
title in 二号小标宋, body in 三号仿宋, headings in 黑体, page numbers “— N —” in 四号宋体 on the
outside edge (odd pages right, even pages left). Every run names its East-Asian font, so Word
and WPS do not fall back to a Latin font's Chinese companion.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from duchaban.core.bulletin_figures import behind_tasks, by_lead_unit, by_section
from duchaban.core.periods import chinese_date
from duchaban.formats.official_fonts import FontChoice

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT, BLOCK_WIDTH, BLOCK_HEIGHT = Mm(37), Mm(28), Mm(156), Mm(225)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# Sizes by their Chinese names: 初号 42, 二号 22, 三号 16, 四号 14, 小四 12 points.
SIZE_BANNER, SIZE_TITLE, SIZE_BODY, SIZE_NUMBER, SIZE_TABLE = Pt(42), Pt(22), Pt(16), Pt(14), Pt(12)
LINE_PITCH = Pt(28.95)            # 225 mm / 22 lines, rounded down so 22 lines fit
# 28 characters of 三号 need 15.79 pt each in 156 mm: narrow every character by a quarter point.
# (Run spacing, unlike a character grid, is honoured alike by Word, WPS and LibreOffice.)
CHAR_SPACING = Pt(-0.25)
INDENT = Pt(32)                   # two characters of 三号
RED = RGBColor(0xFF, 0x00, 0x00)
TASK_TEXT_LIMIT = 60              # characters of a task's text in the bulletin's tables; the annex has all


# “（一）压实工作责任。” at the start of a paragraph.
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。]{1,30}。")


class _Writer:
    """Adds runs and paragraphs with the document's fonts."""

    def __init__(self, document, fonts: FontChoice):
        self.document = document
        self.fonts = fonts.fonts

    def run(self, paragraph, text: str, *, role: str = "body", size=SIZE_BODY, bold=False, color=None):
        run = paragraph.add_run(text)
        name = self.fonts[role]
        run.font.name = name
        run.font.size = size
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        rpr = run._element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)
        return run

    def paragraph(self, text: str = "", *, role: str = "body", size=SIZE_BODY, align=None, indent=True,
                  bold=False, color=None, container=None):
        paragraph = (container or self.document).add_paragraph()
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        if align is None:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = INDENT if indent and align is None else None
        if text:
            self.run(paragraph, text, role=role, size=size, bold=bold, color=color)
        return paragraph

    def passage(self, text: str) -> None:
        """Paragraphs, one per line; a leading “（一）……。” is a second-level heading, set in 楷体."""
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            head = _SUBHEADING.match(line)
            if head is None:
                self.paragraph(line)
                continue
            paragraph = self.paragraph()
            self.run(paragraph, head.group(0), role="subheading")
            if line[head.end():]:
                self.run(paragraph, line[head.end():])

    def heading(self, text: str) -> None:
        self.paragraph(text, role="heading")

    def caption(self, text: str) -> None:
        self.paragraph(text, role="heading", size=SIZE_NUMBER, align=WD_ALIGN_PARAGRAPH.CENTER)

    def table(self, headers: tuple[str, ...], rows: list[tuple], widths_mm: tuple[int, ...]) -> None:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for _ in rows:
            table.add_row()
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        # The header row repeats on every page the table runs onto.
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        wide = widths_mm.index(max(widths_mm))
        for r, values in enumerate((headers, *rows)):
            for c, value in enumerate(values):
                cell = table.rows[r].cells[c]
                cell.width = Mm(widths_mm[c])
                paragraph = cell.paragraphs[0]
                fmt = paragraph.paragraph_format
                fmt.first_line_indent = None
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or c != wide else WD_ALIGN_PARAGRAPH.LEFT
                self.run(paragraph, "" if value is None else str(value), role="heading" if r == 0 else "body",
                         size=SIZE_TABLE)


def _border(paragraph, edge: str, color: str, size: int) -> None:
    ppr = paragraph._element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        line.set(qn(key), value)
    borders.append(line)


def _at_foot_of_page(paragraph) -> None:
    """版记 sits at the foot of the last page's text block (GB/T 9704 §10.3), not after the signature:
    a frame the width of the block anchored to the bottom margin of the page it falls on, with no
    text beside it. Word, WPS and LibreOffice all place such frames alike."""
    frame = OxmlElement("w:framePr")
    for key, value in (("w:w", str(round(BLOCK_WIDTH.pt * 20))), ("w:wrap", "notBeside"),
                       ("w:hAnchor", "margin"), ("w:vAnchor", "margin"),
                       ("w:xAlign", "center"), ("w:yAlign", "bottom")):
        frame.set(qn(key), value)
    ppr = paragraph._element.get_or_add_pPr()
    # framePr comes first among a paragraph's properties except the style (CT_PPr's order).
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(1 if style is not None else 0, frame)


def _page_number(writer: _Writer, footer, align, indent_side: str) -> None:
    """“— N —” with a PAGE field, one character in from the outside edge."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = None
    setattr(fmt, f"{indent_side}_indent", Pt(14))
    writer.run(paragraph, "— ", role="number", size=SIZE_NUMBER)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = writer.run(paragraph, "", role="number", size=SIZE_NUMBER)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text
    writer.run(paragraph, " —", role="number", size=SIZE_NUMBER)


def _setup_page(document, writer: _Writer) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = PAGE_WIDTH - LEFT - BLOCK_WIDTH
    section.bottom_margin = PAGE_HEIGHT - TOP - BLOCK_HEIGHT
    # The page number's rule sits 7 mm below the text block.
    section.footer_distance = section.bottom_margin - Mm(7) - Mm(5)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    normal = document.styles["Normal"]
    normal.font.name = writer.fonts["body"]
    normal.font.size = SIZE_BODY
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), writer.fonts["body"])
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(round(CHAR_SPACING.pt * 20)))
    rpr.append(spacing)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(writer, section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number(writer, section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")


def _banner(writer: _Writer, snapshot: dict) -> None:
    """版头: the red masthead, the issue number, the office and date over a red rule."""
    writer.paragraph("督查通报", role="title", size=SIZE_BANNER, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    writer.paragraph(f"第{snapshot['issue_no']}期", align=WD_ALIGN_PARAGRAPH.CENTER)
    line = writer.paragraph(align=WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.tab_stops.add_tab_stop(BLOCK_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    writer.run(line, f"{snapshot['office']}\t{chinese_date(date.fromisoformat(snapshot['issued_on']))}")
    _border(line, "bottom", "FF0000", 18)
    writer.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)


def _short(text: str) -> str:
    return text if len(text) <= TASK_TEXT_LIMIT else text[:TASK_TEXT_LIMIT] + "……"


def _tables(writer: _Writer, snapshot: dict, passage: str) -> None:
    tasks = snapshot["tasks"]
    if passage == "sections":
        writer.caption("表1  分领域推进情况")
        writer.table(("领域", "任务数", "已完成", "正常推进", "滞后", "逾期", "平均进度"),
                     [(("" if t.level == 1 else "  ") + t.name, t.total, t.done, t.counts["on_track"],
                       t.counts["lagging"], t.counts["overdue"], f"{t.mean_percent:g}%") for t in by_section(tasks)],
                     (52, 17, 17, 21, 14, 14, 21))
    elif passage == "lagging" and behind_tasks(tasks):
        writer.caption("表2  滞后任务清单")
        writer.table(("序号", "任务内容", "牵头单位", "进度", "状态"),
                     [(t["number"], _short(t["text"]), t["lead"] or "", "—" if t["percent"] is None
                       else f"{t['percent']:g}%", t["status_label"]) for t in behind_tasks(tasks)],
                     (13, 79, 30, 17, 17))
    elif passage == "units":
        ledger = {u["name"]: u["submission"] for u in snapshot["units"]}
        words = {"on_time": "按时", "late": "逾期", "missing": "未报送"}
        writer.caption("表3  各牵头单位推进情况")
        writer.table(("牵头单位", "牵头任务", "已完成", "滞后逾期", "平均进度", "台账报送"),
                     [(t.name, t.total, t.done, t.behind, f"{t.mean_percent:g}%", words.get(ledger.get(t.name), "—"))
                      for t in by_lead_unit(tasks)],
                     (55, 21, 17, 21, 21, 21))
    elif passage == "findings" and snapshot["findings"]:
        writer.caption("表4  督查发现问题整改情况")
        writer.table(("责任单位", "问题", "督查方式", "整改时限", "整改状态"),
                     [(f["unit"], f["description"], f["kind_label"], f["deadline_on"] or "—",
                       f["status_label"] + ("(逾期)" if f["overdue"] else "")) for f in snapshot["findings"]],
                     (30, 54, 22, 25, 25))


# Numbered headings and the passages under each.
_OUTLINE = (
    ("一、总体情况", ("overview", "sections")),
    ("二、滞后任务", ("lagging",)),
    ("三、各单位推进情况", ("units",)),
    ("四、督查发现问题及整改情况", ("findings",)),
    ("五、通报表扬和批评", ("praise", "criticism")),
    ("六、下步工作要求", ("demands",)),
)


def annex_title(snapshot: dict) -> str:
    """What the bulletin calls its .xlsx annex."""
    return f"{snapshot['period']['label']}重点任务推进情况明细表"


def write_bulletin_docx(path: str | Path, *, snapshot: dict, wording: dict[str, str], fonts: FontChoice) -> None:
    """Write the bulletin to ``path``; the same snapshot, wording and fonts always give the same document."""
    document = Document()
    writer = _Writer(document, fonts)
    _setup_page(document, writer)
    _banner(writer, snapshot)
    writer.paragraph(wording["title"], role="title", size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.passage(wording["opening"])
    for heading, passages in _OUTLINE:
        writer.heading(heading)
        for passage in passages:
            writer.passage(wording[passage])
            _tables(writer, snapshot, passage)
    writer.paragraph()
    writer.paragraph(f"附件:{annex_title(snapshot)}")
    issued = chinese_date(date.fromisoformat(snapshot["issued_on"]))
    writer.paragraph()
    for text in (snapshot["office"], issued):
        signature = writer.paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        signature.paragraph_format.right_indent = INDENT
    colophon = writer.paragraph(align=WD_ALIGN_PARAGRAPH.LEFT, size=SIZE_NUMBER)
    colophon.paragraph_format.tab_stops.add_tab_stop(BLOCK_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    if snapshot.get("check_code"):     # bulletins frozen before codes existed are written again without one
        writer.run(colophon, f"数据校验码:{snapshot['check_code']}\n", size=SIZE_NUMBER)
    writer.run(colophon, f"{snapshot['office']}\t{issued}印发", size=SIZE_NUMBER)
    _border(colophon, "top", "000000", 8)
    _border(colophon, "bottom", "000000", 8)
    _at_foot_of_page(colophon)
    props = document.core_properties
    props.title = wording["title"]
    props.author = props.last_modified_by = snapshot["office"]
    props.created = props.modified = datetime.fromisoformat(snapshot["issued_on"]).replace(tzinfo=timezone.utc)
    props.revision = 1
    document.save(str(path))
