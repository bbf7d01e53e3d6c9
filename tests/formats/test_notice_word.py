"""Reading a Word notice in full: text in fields, hyperlinks, content controls, smart tags and text
boxes is read; tracked changes, damaged or foreign files and zip bombs are refused in Chinese, and
the database stays as it was."""

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from helpers import logical_dump

from duchaban.core.plan import PlanParseError
from duchaban.core.plan_parser import parse_plan_lines
from duchaban.formats.plan_source import read_plan_file
from duchaban.store.database import opened_database

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
HEAD = ["2021年任务分解方案", "一、发展", "(一)产业"]


def _run(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def _docx(tmp_path: Path, paragraphs: list[str], name: str = "notice.docx") -> Path:
    """A .docx whose body holds HEAD then ``paragraphs``, each raw WordprocessingML (a w:p, w:sdt, w:tbl)."""
    doc = Document()
    for line in HEAD:
        doc.add_paragraph(line)
    body = doc.element.body
    for xml in paragraphs:
        body.sectPr.addprevious(parse_xml(_with_ns(xml)))
    path = tmp_path / name
    doc.save(path)
    return path


def _with_ns(xml: str) -> str:
    """Declare the namespaces on the outermost element of an XML fragment."""
    tag_end = re.match(r"<[\w:]+", xml).end()
    return xml[:tag_end] + " " + NS + xml[tag_end:]


def _p(*inline: str) -> str:
    return "<w:p>" + "".join(inline) + "</w:p>"


def _units(path: Path):
    plan = parse_plan_lines(read_plan_file(path).lines)
    return {t.number: (t.responsible, t.cooperating) for t in plan.tasks}, plan.warnings


def test_fields_hyperlinks_smart_tags_and_run_content_controls_are_read(tmp_path):
    path = _docx(tmp_path, [
        _p(_run("1.建成园区。")),
        _p(_run("责任单位:"), '<w:hyperlink w:anchor="x">' + _run("区经济信息委") + "</w:hyperlink>",
           _run(";配合单位:"), '<w:fldSimple w:instr=" MERGEFIELD unit ">' + _run("区科技局") + "</w:fldSimple>",
           _run("、"), '<w:smartTag w:uri="u" w:element="e">' + _run("区财政局") + "</w:smartTag>",
           _run("、"), "<w:sdt><w:sdtPr><w:alias w:val=\"单位\"/></w:sdtPr><w:sdtContent>"
           + _run("区商务委") + "</w:sdtContent></w:sdt>", _run("、"),
           # a complex field: its code (instrText) is not text, its result is
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF unit2 </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _run("区审计局")
           + '<w:r><w:fldChar w:fldCharType="end"/></w:r>', _run("。")),
    ])
    units, warnings = _units(path)
    assert units == {1: (["区经济信息委"], ["区科技局", "区财政局", "区商务委", "区审计局"])}
    assert warnings == []


def test_block_content_controls_and_custom_xml_keep_their_paragraphs_in_order(tmp_path):
    path = _docx(tmp_path, [
        _p(_run("1.建成园区。")), _p(_run("责任单位:区经济信息委。")),
        "<w:sdt><w:sdtPr><w:alias w:val=\"任务\"/></w:sdtPr><w:sdtContent>"
        + _p(_run("2.建设厂房。")) + '<w:customXml w:element="x">' + _p(_run("责任单位:区科技局。"))
        + "</w:customXml></w:sdtContent></w:sdt>",
        _p(_run("3.引进企业。")), _p(_run("责任单位:区招商投资局。")),
        # a content control still showing its prompt holds nobody's text
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + _p(_run("单击或点击此处输入文字。")) + "</w:sdtContent></w:sdt>",
    ])
    units, warnings = _units(path)
    assert units == {1: (["区经济信息委"], []), 2: (["区科技局"], []), 3: (["区招商投资局"], [])}
    assert warnings == []
    assert not any("单击" in line for line in read_plan_file(path).lines)


def _vml_box(*paragraphs: str) -> str:
    return ('<w:r><w:pict><v:shape style="width:400pt;height:40pt"><v:textbox><w:txbxContent>'
            + "".join(paragraphs) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")


def _drawing_box_with_fallback(*paragraphs: str) -> str:
    # What Word 2010+ writes: the DrawingML shape, then the same box again in VML for old readers.
    box = "<w:txbxContent>" + "".join(paragraphs) + "</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f'</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
            "</mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_are_read_once_where_they_are_anchored(tmp_path):
    path = _docx(tmp_path, [
        _p(_run("1.建成园区。")), _p(_run("责任单位:区经济信息委。")),
        _p(_vml_box(_p(_run("2.建设厂房。")), _p(_run("责任单位:区科技局。")))),
        _p(_drawing_box_with_fallback(_p(_run("3.引进企业。")), _p(_run("责任单位:区招商投资局。")))),
        _p(_run("4.培育企业。"), _drawing_box_with_fallback(_p(_run("责任单位:区市场监管局。")))),
    ])
    lines = read_plan_file(path).lines
    assert lines[len(HEAD):] == ["1.建成园区。", "责任单位:区经济信息委。", "2.建设厂房。", "责任单位:区科技局。",
                                 "3.引进企业。", "责任单位:区招商投资局。", "4.培育企业。", "责任单位:区市场监管局。"]
    units, warnings = _units(path)
    assert units[4] == (["区市场监管局"], []) and warnings == []


def test_table_rows_in_content_controls_and_nested_tables_are_read(tmp_path):
    def row(*cells):
        return "<w:tr>" + "".join(f"<w:tc>{_p(_run(c))}</w:tc>" for c in cells) + "</w:tr>"

    inner = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
             + row("序号", "工作任务", "牵头单位") + row("1", "建成园区。", "区科技局")
             + "<w:sdt><w:sdtContent>" + row("2", "建设厂房。", "区经济信息委") + "</w:sdtContent></w:sdt>"
             + "</w:tbl>")
    # the task table sits in a one-cell layout table, as in web pages saved as Word
    outer = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{inner}{_p('')}</w:tc></w:tr></w:tbl>"
    units, warnings = _units(_docx(tmp_path, [outer]))
    assert units == {1: (["区科技局"], []), 2: (["区经济信息委"], [])}


_STAMP = 'w:id="1" w:author="王" w:date="2021-03-10T00:00:00Z"'


@pytest.mark.parametrize("revision, revised", [
    (f"<w:ins {_STAMP}>" + _run("区商务委") + "</w:ins>", "区商务委"),
    (f"<w:del {_STAMP}><w:r><w:delText>区审计局</w:delText></w:r></w:del>", "区审计局"),
    (f"<w:moveFrom {_STAMP}>" + _run("区商务委") + "</w:moveFrom>", "区商务委"),
    (f"<w:moveTo {_STAMP}>" + _run("区商务委") + "</w:moveTo>", "区商务委"),
], ids=["ins", "del", "moveFrom", "moveTo"])
def test_unaccepted_tracked_changes_are_refused(tmp_path, revision, revised):
    path = _docx(tmp_path, [_p(_run("1.建成园区。")), _p(_run("责任单位:区经济信息委、"), revision, _run("。"))])
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(path)
    assert str(refused.value) == ("“notice.docx”中有尚未接受或拒绝的修订,请在 Word/WPS 中接受或拒绝全部修订后再导入"
                                  f"(共 1 处修订,第一处在“责任单位:区经济信息委、{revised}。”)")


def test_a_tracked_change_inside_a_text_box_is_refused_too(tmp_path):
    box = _vml_box(_p(_run("责任单位:"), '<w:ins w:id="1" w:author="王">' + _run("区科技局") + "</w:ins>"))
    path = _docx(tmp_path, [_p(_run("1.建成园区。")), _p(box)])
    with pytest.raises(PlanParseError, match="修订"):
        read_plan_file(path)


# --- files that cannot be read: a Chinese reason, no English, the database unchanged --------------

def _sample_docx(tmp_path) -> bytes:
    return _docx(tmp_path, [_p(_run("1.建成园区。")), _p(_run("责任单位:区经济信息委。"))], "sample.docx").read_bytes()


def _zip(members: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rewrite(data: bytes, part: str, edit) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members[part] = edit(members[part])
    return _zip(members)


def _pdf(password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位"])
    book.active.append([1, "建成园区。", "区科技局"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BROKEN = {
    "truncated.docx": (lambda tmp: _sample_docx(tmp)[:len(_sample_docx(tmp)) // 2],
                       "不完整或已损坏(文件无法解压),无法作为 Word 文档(.docx)读取"),
    "zip.docx": (lambda tmp: _zip({"readme.txt": "hello"}), "是一个压缩包,不是 Word 文档"),
    "odt.docx": (lambda tmp: _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                                   "content.xml": "<x/>"}, zipfile.ZIP_STORED),
                 "是 OpenDocument 文本(.odt),不是 Word 文档;请在 WPS、Word 或 LibreOffice 中打开,另存为"),
    "bad-xml.docx": (lambda tmp: _rewrite(_sample_docx(tmp), "word/document.xml", lambda xml: xml[:-200]),
                     "的正文已损坏(文档内容不完整),无法读取;请在 Word 或 WPS 中打开"),
    "password.pdf": (lambda tmp: _pdf("secret"), "是设有密码的 PDF 文件,无法读取"),
    "truncated.pdf": (lambda tmp: _pdf()[:-40], "不是完整的 PDF 文件(可能没有下载完或已损坏)"),
    # head and tail kept, the middle gone: pypdf tries to repair it and logs English while it does
    "holed.pdf": (lambda tmp: _pdf()[:30] + _pdf()[-60:], "已损坏,无法作为 PDF 读取"),
    "truncated.xlsx": (lambda tmp: _xlsx()[:len(_xlsx()) // 2],
                       "不完整或已损坏(文件无法解压),无法作为 Excel 工作簿(.xlsx)读取"),
}


def _corrupt_member(data: bytes, member: str) -> bytes:
    """The archive intact, but the compressed bytes of one member overwritten (a bad disk, a bad copy)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + 2:start + 40] = b"\xff" * 38
    return bytes(damaged)


BROKEN["corrupt-member.docx"] = (lambda tmp: _corrupt_member(_sample_docx(tmp), "word/document.xml"),
                                 "不完整或已损坏(文件无法解压),无法作为 Word 文档(.docx)读取")
BROKEN["corrupt-member.xlsx"] = (lambda tmp: _corrupt_member(_xlsx(), "xl/worksheets/sheet1.xml"),
                                 "不完整或已损坏(文件无法解压),无法作为 Excel 工作簿(.xlsx)读取")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_damaged_and_foreign_files_are_refused_in_chinese(tmp_path, name):
    make, message = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(path)
    assert f"“{name}”{message}" in str(refused.value)
    words = set(re.findall(r"[A-Za-z]{2,}", str(refused.value).replace(name, "")))
    assert words <= {"Word", "WPS", "PDF", "Office", "LibreOffice", "OpenDocument", "Excel", "docx", "xlsx", "odt"}


@pytest.mark.parametrize("name", ["truncated.docx", "odt.docx", "bad-xml.docx", "password.pdf", "holed.pdf",
                                  "truncated.xlsx", "corrupt-member.xlsx"])
def test_the_command_prints_one_chinese_line_and_changes_nothing(tmp_path, sample_db_path, name):
    make, message = BROKEN[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with opened_database(sample_db_path) as db:
        before = logical_dump(db)
    command = [sys.executable, "-m", "duchaban", "plan", "import", str(path), "--db", str(sample_db_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"错误:“{name}”" + result.stderr.split(f"“{name}”", 1)[1].strip()]
    assert message in result.stderr and "Error" not in result.stderr and "EOF" not in result.stderr
    with opened_database(sample_db_path) as db:
        assert logical_dump(db) == before


def test_a_docx_that_inflates_to_90_mb_is_refused_in_a_second(tmp_path):
    # 0.5 MB on disk, 90 MB of XML once inflated: reading it took 8 s and 400 MB before it was refused.
    data = _sample_docx(tmp_path)
    paragraph = _p(_run("推进重点工作" * 10)).encode()

    def inflate(xml: bytes) -> bytes:
        cut = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:cut] + paragraph * 400_000 + xml[cut:]

    path = tmp_path / "bomb.docx"
    path.write_bytes(_rewrite(data, "word/document.xml", inflate))
    assert path.stat().st_size < 1 << 20
    start = time.perf_counter()
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(path)
    assert time.perf_counter() - start < 1
    assert str(refused.value).startswith(
        "“bomb.docx”的正文解压后有 89 MB(文件本身只有 0.5 MB),远超一份分解方案的篇幅,未读取")


def test_a_highly_compressed_document_is_refused_before_it_is_read(tmp_path):
    # 6 MB of one repeated paragraph packs into a few KB: no notice compresses 200 times over.
    data = _sample_docx(tmp_path)
    paragraph = _p(_run("甲" * 50)).encode()
    path = tmp_path / "packed.docx"
    path.write_bytes(_rewrite(data, "word/document.xml",
                              lambda xml: xml.replace(b"<w:body>", b"<w:body>" + paragraph * 30_000, 1)))
    assert path.stat().st_size < 100_000
    with pytest.raises(PlanParseError, match=r"“packed.docx”的正文解压后有 \d MB"):
        read_plan_file(path)


# --- automatic numbering: the numbers Word draws are part of what the user reads ---------------

def test_tasks_numbered_by_a_word_list_keep_their_numbers(tmp_path):
    doc = Document()
    for line in HEAD:
        doc.add_paragraph(line)
    for text, units in (("建成园区。", "区经济信息委"), ("建设厂房。", "区科技局")):
        doc.add_paragraph(text, style="List Number")
        doc.add_paragraph(f"责任单位:{units}。")
    doc.add_paragraph("(二)民生")  # the list goes on after a heading, as Word numbers it
    doc.add_paragraph("办好学校。", style="List Number")
    doc.add_paragraph("责任单位:区教委。")
    path = tmp_path / "numbered.docx"
    doc.save(path)
    units, warnings = _units(path)
    assert units == {1: (["区经济信息委"], []), 2: (["区科技局"], []), 3: (["区教委"], [])}
    assert warnings == []


def test_multi_level_chinese_numbering_is_drawn_as_word_draws_it(tmp_path):
    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(_with_ns(
        '<w:abstractNum w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>")))
    numbering.append(parse_xml(_with_ns('<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>')))
    numbering.append(parse_xml(_with_ns('<w:num w:numId="91"><w:abstractNumId w:val="90"/>'
                                        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="11"/></w:lvlOverride>'
                                        "</w:num>")))
    body = doc.element.body
    for num, level, text in [("90", 0, "发展"), ("90", 1, "产业"), ("90", 2, "建成园区。"), ("90", 2, "建设厂房。"),
                             ("90", 3, "要点"), ("90", 1, "就业"), ("90", 2, "稳岗。"), ("90", 0, "民生"),
                             ("91", 0, "另起"), ("0", 0, "不编号")]:
        body.sectPr.addprevious(parse_xml(_with_ns(
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
            f"{_run(text)}</w:p>")))
    path = tmp_path / "levels.docx"
    doc.save(path)
    assert read_plan_file(path).lines == ["一、发展", "(一)产业", "1.建成园区。", "2.建设厂房。", "要点", "(二)就业",
                                          "1.稳岗。", "二、民生", "十一、另起", "不编号"]


@pytest.mark.parametrize("number, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"),
                                          (100, "一百"), (105, "一百零五"), (110, "一百一十"), (156, "一百五十六")])
def test_chinese_counting(number, text):
    from duchaban.formats.docx_numbering import format_number

    assert format_number(number, "chineseCountingThousand") == text
    if number < 100:
        assert format_number(number, "chineseCounting") == text


# --- PDF: lines wrapped at the page width are joined back ------------------------------------

def test_pdf_lines_cut_at_the_page_width_are_joined_back():
    from duchaban.formats.plan_source import join_wrapped_lines

    full = "责任单位:区科技局、工业园区管委会;配合单位:区发展改革委、区经济信息委、区大数据"
    filler = [f"{n}.完成第{n}项工作。" for n in range(1, 12)]
    lines = filler + [
        full, "发展局。",                                       # a unit name cut in two: joined
        "3.壮大产业" + full[5:], "等战略性新兴产业。",                   # task text cut mid-sentence: joined
        full[:-3] + "工作落实。", "责任单位:区商务委。",         # full line ending a sentence: kept
        full, "4.下一项任务。",                                 # the next line starts a task: kept
        full, "(三)下一部分", full, "- 3 -", "",               # a heading, a page number: kept
    ]
    assert join_wrapped_lines(lines) == filler + [
        full + "发展局。", "3.壮大产业" + full[5:] + "等战略性新兴产业。",
        full[:-3] + "工作落实。", "责任单位:区商务委。",
        full, "4.下一项任务。", full, "(三)下一部分", full, "- 3 -", ""]


def test_content_embedded_from_another_file_is_refused(tmp_path):
    # Some office systems write the notice as an HTML chunk that only Word merges, when it saves.
    path = _docx(tmp_path, [_p(_run("1.建成园区。")), '<w:altChunk r:id="rId99" '
                 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'])
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(path)
    assert str(refused.value) == ("“notice.docx”中有从其他文件嵌入的内容,无法直接读取;请在 Word 或 WPS 中打开,"
                                  "选择“另存为”→“Word 文档(*.docx)”后再导入")


def test_text_of_an_equation_is_read(tmp_path):
    math = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
            "<m:r><m:t>≥8%</m:t></m:r></m:oMath>")
    path = _docx(tmp_path, [_p(_run("1.GDP增长"), math, _run("。"))])
    assert read_plan_file(path).lines[-1] == "1.GDP增长≥8%。"


def test_a_list_style_numbers_its_paragraphs_through_the_style_definition(tmp_path):
    # A multi-level list saved as a list style (定义新的多级列表样式): the numbers used by the paragraphs
    # point at the style, whose own list holds the levels.
    doc = Document()
    numbering = doc.part.numbering_part.element
    for xml in ('<w:abstractNum w:abstractNumId="80"><w:numStyleLink w:val="TaskList"/></w:abstractNum>',
                '<w:abstractNum w:abstractNumId="81"><w:styleLink w:val="TaskList"/><w:lvl w:ilvl="0">'
                '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'):
        numbering.insert(0, parse_xml(_with_ns(xml)))
    for xml in ('<w:num w:numId="80"><w:abstractNumId w:val="80"/></w:num>',
                '<w:num w:numId="81"><w:abstractNumId w:val="81"/></w:num>'):
        numbering.append(parse_xml(_with_ns(xml)))
    doc.styles.element.append(parse_xml(_with_ns(
        '<w:style w:type="numbering" w:styleId="TaskList"><w:name w:val="TaskList"/>'
        '<w:pPr><w:numPr><w:numId w:val="81"/></w:numPr></w:pPr></w:style>')))
    body = doc.element.body
    for text in ("建成园区。", "建设厂房。"):
        body.sectPr.addprevious(parse_xml(_with_ns(
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="80"/></w:numPr></w:pPr>{_run(text)}</w:p>')))
    path = tmp_path / "style.docx"
    doc.save(path)
    assert read_plan_file(path).lines == ["1.建成园区。", "2.建设厂房。"]


def test_a_phonetic_guide_is_not_read_into_the_name(tmp_path):
    ruby = ("<w:r><w:ruby><w:rubyPr/><w:rt>" + _run("tóng") + "</w:rt><w:rubyBase>" + _run("潼")
            + "</w:rubyBase></w:ruby></w:r>")
    path = _docx(tmp_path, [_p(_run("责任单位:区"), ruby, _run("南街道。"))])
    assert read_plan_file(path).lines[-1] == "责任单位:区潼南街道。"


def test_a_task_table_whose_number_column_is_an_automatic_list(tmp_path):
    doc = Document()
    doc.add_paragraph("2021年任务分解表")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位"]):
        cell.text = text
    for text, unit in (("建成园区。", "区科技局"), ("建设厂房。", "区经济信息委")):
        number, task, lead = table.add_row().cells
        number.paragraphs[0].style = "List Number"  # the 序号 cell shows 1. 2. drawn by Word
        task.text, lead.text = text, unit
    path = tmp_path / "table.docx"
    doc.save(path)
    units, warnings = _units(path)
    assert units == {1: (["区科技局"], []), 2: (["区经济信息委"], [])} and warnings == []
