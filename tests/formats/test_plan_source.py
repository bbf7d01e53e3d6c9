"""Reading notice files: encodings, .docx paragraphs and tables, and files that are not notices."""

import shutil
import subprocess

import pytest
from docx import Document

from duchaban.core.plan import PlanParseError
from duchaban.core.plan_parser import parse_plan_lines
from duchaban.formats.plan_source import read_plan_file

NOTICE = "2021年任务分解方案\n一、发展\n(一)产业\n1.建成园区。\n责任单位:区经济信息委;配合单位:区科技局。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode(encoding))
    source = read_plan_file(path)
    plan = parse_plan_lines(source.lines)
    assert plan.tasks[0].responsible == ["区经济信息委"]
    assert plan.title == "2021年任务分解方案"


def test_sample_file_hash_and_encoding(sample_plan_path):
    source = read_plan_file(sample_plan_path)
    assert source.kind == "text" and source.encoding == "utf-8"
    assert len(source.sha256) == 64


def test_docx_paragraphs(tmp_path):
    doc = Document()
    for line in NOTICE.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "notice.docx"
    doc.save(path)
    source = read_plan_file(path)
    assert source.kind == "docx"
    plan = parse_plan_lines(source.lines)
    assert [t.number for t in plan.tasks] == [1]
    assert plan.tasks[0].cooperating == ["区科技局"]


def test_docx_table_layout(tmp_path):
    doc = Document()
    doc.add_paragraph("2022年区政府工作报告重点任务分解表")
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "目标任务", "牵头单位", "配合单位", "完成时限"]):
        cell.text = text
    heading = table.add_row().cells
    heading[0].merge(heading[4]).text = "一、产业发展"
    for row in (["1", "建成数字经济产业园。", "区科技局", "区经济信息委、区大数据发展局", "2022年12月底"],
                ["2", "规上工业企业新增20家。", "区经济信息委", "各乡镇(街道)", "年底前"]):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    path = tmp_path / "table.docx"
    doc.save(path)
    plan = parse_plan_lines(read_plan_file(path).lines)
    assert [s.title for s in plan.sections] == ["产业发展"]
    first, second = plan.tasks
    assert first.lead == "区科技局"
    assert first.cooperating == ["区经济信息委", "区大数据发展局"]
    assert str(first.deadline) == "2022-12-31"
    assert second.indicators[0].value == 20
    assert plan.warnings == []


def test_docx_of_another_layout_has_no_tasks(tmp_path):
    doc = Document()
    doc.add_paragraph("会议纪要")
    doc.add_paragraph("一、会议听取了汇报。")
    path = tmp_path / "minutes.docx"
    doc.save(path)
    with pytest.raises(PlanParseError, match="没有找到任何编号任务"):
        parse_plan_lines(read_plan_file(path).lines)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "空文件"),
        (b"\x00\x01\x02binary\x00data" * 20, "二进制"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Word"),
        (b"PK\x03\x04truncated zip", "docx"),
        (bytes(range(128, 256)) * 30, "不是可识别的文本文件"),
    ],
)
def test_files_that_are_not_notices(tmp_path, content, message):
    path = tmp_path / "notice.txt"
    path.write_bytes(content)
    with pytest.raises(PlanParseError, match=message):
        read_plan_file(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(PlanParseError, match="找不到文件"):
        read_plan_file(tmp_path / "nope.txt")
    with pytest.raises(PlanParseError, match="文件夹"):
        read_plan_file(tmp_path)


def test_a_50_mb_text_is_refused_in_seconds(tmp_path, sample_plan_path):
    import time

    from duchaban.services.plan_import import read_and_parse

    path = tmp_path / "huge.txt"
    one = sample_plan_path.read_bytes()
    path.write_bytes(one * (50 * 1024 * 1024 // len(one) + 1))
    start = time.perf_counter()
    with pytest.raises(PlanParseError, match="远超一份分解方案的篇幅"):
        read_and_parse(path)
    assert time.perf_counter() - start < 30  # today's refusal takes well under a second


def test_docx_with_too_much_text_is_refused(tmp_path):
    doc = Document()
    doc.add_paragraph("一、" + "甲" * 3_100_000)
    path = tmp_path / "huge.docx"
    doc.save(path)
    with pytest.raises(PlanParseError, match="远超"):
        read_plan_file(path)


# --- layouts of other districts: tables, attachments, PDF, legacy Word ---------------------------

def test_docx_table_whose_merged_cell_holds_its_text_twice(tmp_path):
    # Word keeps both cells' paragraphs when two cells are merged: the lead of tasks 1 and 2 reads
    # "区住房城乡建委" twice in one cell, spanning both rows.
    doc = Document()
    doc.add_paragraph("附件")
    doc.add_paragraph("2023年区政府工作报告重点任务分解表")
    table = doc.add_table(rows=4, cols=6)
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "责任领导", "完成时限"],
            ["一、城乡建设", "", "", "", "", ""],
            ["1", "完成城镇老旧小区改造30个。", "区住房城乡建委", "区财政局\n各街道", "刘洋", "10月底前"],
            ["2", "新建停车位2000个", "区住房城乡建委", "区城市管理局", "刘洋", "持续推进"]]
    for row, texts in zip(table.rows, rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    heading = table.rows[1].cells
    heading[0].merge(heading[5])
    table.cell(2, 2).merge(table.cell(3, 2))
    path = tmp_path / "table.docx"
    doc.save(path)
    plan = parse_plan_lines(read_plan_file(path).lines)
    assert [s.title for s in plan.sections] == ["城乡建设"]
    first, second = plan.tasks
    assert first.lead == second.lead == "区住房城乡建委"
    assert first.cooperating == ["区财政局", "各街道"] and first.leaders == ["刘洋"]
    assert first.deadline_text == "10月底前" and str(first.deadline) == "2023-10-31"
    assert second.deadline_ongoing and second.cooperating == ["区城市管理局"]
    assert plan.warnings == []


def _attachment_rows():
    return [
        ["附件1", None, None, None, None, None, None],
        ["2024年县政府工作报告目标任务分解表", None, None, None, None, None, None],
        ["序号", "工作任务", "牵头单位", "责任单位", "配合单位", "牵头领导", "完成时限"],
        ["一、产业发展", None, None, None, None, None, None],
        [1, "建成农产品冷链物流中心。", "县商务局", "县供销社", "县交通局\n县财政局", "陈刚", "2024年9月"],
        [2, "新增规上工业企业15家", "县经济信息局", "县科技局", "各乡镇(街道)", "陈刚\n林芳", "年底前"],
    ]


def test_xlsx_attachment_with_merged_and_multi_line_cells(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本表由县政府办公室编制"
    sheet = book.create_sheet("任务分解表")
    for row in _attachment_rows():
        sheet.append(row)
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("A2:G2")
    sheet.merge_cells("A4:G4")
    sheet["D6"] = None
    sheet.merge_cells("D5:D6")  # one 责任单位 for both tasks, written once in the merged cell
    path = tmp_path / "分解表.xlsx"
    book.save(path)
    source = read_plan_file(path)
    assert source.kind == "xlsx"
    plan = parse_plan_lines(source.lines)
    assert plan.year == 2024 and plan.title == "2024年县政府工作报告目标任务分解表"
    assert [s.title for s in plan.sections] == ["产业发展"]
    cold, firms = plan.tasks
    assert cold.lead == "县商务局" and cold.responsible == ["县商务局", "县供销社"]
    assert cold.cooperating == ["县交通局", "县财政局"] and str(cold.deadline) == "2024-09-30"
    assert firms.responsible == ["县经济信息局", "县供销社"] and firms.cooperating == ["各乡镇(街道)"]
    assert str(firms.deadline) == "2024-12-31"
    assert cold.leaders == ["陈刚"] and firms.leaders == ["陈刚", "林芳"]


def test_xls_attachment_from_wps(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(_attachment_rows()):
        for c, value in enumerate(row):
            if value is not None and not (r == 3 and c > 0):
                sheet.write(r, c, value)
    sheet.merge(3, 3, 0, 6)
    path = tmp_path / "分解表.xls"
    book.save(str(path))
    source = read_plan_file(path)
    assert source.kind == "xls"
    plan = parse_plan_lines(source.lines)
    cold, firms = plan.tasks
    assert cold.cooperating == ["县交通局", "县财政局"] and firms.lead == "县经济信息局"
    assert firms.leaders == ["陈刚", "林芳"] and str(cold.deadline) == "2024-09-30"
    assert [s.title for s in plan.sections] == ["产业发展"]


def test_workbook_without_a_task_table_says_so(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "单位"
    book.active["B1"] = "联系人"
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    with pytest.raises(PlanParseError, match="没有找到任务表的表头"):
        read_plan_file(path)


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def _convert(path, target: str):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{path.parent}/lo-profile", "--headless",
                    "--convert-to", target, "--outdir", str(path.parent), str(path)],
                   check=True, capture_output=True, timeout=180)
    return path.with_suffix(f".{target}")


def _notice_docx(tmp_path):
    doc = Document()
    for line in ["南岭区人民政府办公室", "关于印发2025年重点任务分工方案的通知", "南岭府办发〔2025〕4号",
                 "2025年重点任务分工方案", "一、优化营商环境", "1.推行企业开办一网通办,6月底前实现全程网办。",
                 "牵头单位:区市场监管局", "配合单位:区政务服务办、区税务局", "责任领导:黄磊",
                 "2.完善中小企业服务体系。", "责任单位:区经济信息委", "完成时限:长期坚持"]:
        doc.add_paragraph(line)
    path = tmp_path / "notice.docx"
    doc.save(path)
    return path


def _check_converted_notice(plan):
    assert plan.doc_number == "南岭府办发〔2025〕4号"
    first, second = plan.tasks
    assert first.lead == "区市场监管局" and first.cooperating == ["区政务服务办", "区税务局"]
    assert str(first.deadline) == "2025-06-30" and first.leaders == ["黄磊"]
    assert second.responsible == ["区经济信息委"] and second.deadline_ongoing


@needs_soffice
def test_pdf_with_a_text_layer(tmp_path):
    pdf = _convert(_notice_docx(tmp_path), "pdf")
    source = read_plan_file(pdf)
    assert source.kind == "pdf"
    _check_converted_notice(parse_plan_lines(source.lines))


@needs_soffice
def test_legacy_doc_through_libreoffice(tmp_path):
    doc = _convert(_notice_docx(tmp_path), "doc")
    source = read_plan_file(doc)
    assert source.kind == "doc"
    _check_converted_notice(parse_plan_lines(source.lines))


def test_legacy_doc_without_libreoffice_says_how_to_save_as_docx(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    path = tmp_path / "notice.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(PlanParseError, match="没有安装 LibreOffice.*另存为"):
        read_plan_file(path)


def test_scanned_pdf_is_refused_with_a_reason(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    with pytest.raises(PlanParseError, match="扫描件"):
        read_plan_file(path)


def test_docx_whose_notice_sits_in_one_layout_cell(tmp_path):
    # Web pages saved as Word keep the page's layout table: the whole notice in one cell.
    doc = Document()
    table = doc.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "首页 > 政务公开"
    table.cell(1, 0).text = NOTICE.strip()
    path = tmp_path / "page.docx"
    doc.save(path)
    plan = parse_plan_lines(read_plan_file(path).lines)
    assert plan.title == "2021年任务分解方案"
    assert plan.tasks[0].responsible == ["区经济信息委"] and plan.tasks[0].cooperating == ["区科技局"]


@pytest.mark.parametrize("far_cell", ["G1048576", "XFD1048576"])
def test_attachment_with_a_stray_cell_far_away_is_refused_at_once(tmp_path, far_cell):
    # One space in XFD1048576 made the reader ask for 512 GB and abort the process.
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位"])
    book.active.append([1, "建成园区。", "区科技局"])
    book.active[far_cell] = " "
    path = tmp_path / "far.xlsx"
    book.save(path)
    with pytest.raises(PlanParseError, match="范围过大"):
        read_plan_file(path)


# --- files Word opens that are not .docx: RTF and web pages exported by office systems ----------

@needs_soffice
def test_rtf_notice_through_libreoffice(tmp_path):
    source = read_plan_file(_convert(_notice_docx(tmp_path), "rtf"))
    assert source.kind == "doc"
    _check_converted_notice(parse_plan_lines(source.lines))


@needs_soffice
def test_web_page_named_doc_through_libreoffice(tmp_path):
    # A notice downloaded from a government site and saved as .doc: an HTML page in GB2312, with its
    # task table as an HTML table.
    cells = [("序号", "工作任务", "牵头单位"), ("1", "建成园区。", "区科技局"), ("2", "建设厂房。", "区经济信息委")]
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in cells)
    page = ("<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            f"</head><body><p>2021年任务分解方案</p><table>{rows}</table></body></html>")
    path = tmp_path / "notice.doc"
    path.write_bytes(page.encode("gb18030"))
    source = read_plan_file(path)
    assert source.kind == "doc"
    plan = parse_plan_lines(source.lines)
    assert [(t.number, t.lead) for t in plan.tasks] == [(1, "区科技局"), (2, "区经济信息委")]


def test_single_file_web_page_and_rtf_without_libreoffice_say_how_to_save_as_docx(tmp_path, monkeypatch):
    mht = tmp_path / "notice.mht"
    mht.write_bytes(b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n")
    with pytest.raises(PlanParseError, match=r"“notice.mht”是单个文件网页\(.mht\),无法直接读取;请在 Word 或 WPS"):
        read_plan_file(mht)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the path
    rtf = tmp_path / "notice.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi 1.\\'bd\\'a8 }")
    with pytest.raises(PlanParseError, match="“notice.doc”是 RTF 文档,本机没有安装 LibreOffice.*另存为"):
        read_plan_file(rtf)


def test_password_protected_docx_is_refused_with_its_reason(tmp_path):
    # Office keeps an encrypted .docx/.xlsx as an OLE container whose stream EncryptedPackage holds
    # the zip; without this it was sent to LibreOffice and called an old .doc it could not convert.
    path = tmp_path / "notice.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptionInfo".encode("utf-16-le")
                     + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(path)
    assert str(refused.value).startswith("“notice.docx”设有打开密码(文件已加密),无法读取;请在 Word/WPS 中打开")


def test_a_file_the_system_cannot_read_is_refused_in_chinese(tmp_path):
    with pytest.raises(PlanParseError) as refused:
        read_plan_file(tmp_path / ("长" * 200 + ".docx"))  # over the system's limit for a name
    assert str(refused.value).endswith("”:文件名或路径过长,请改短后再导入")
    assert "File name" not in str(refused.value)
