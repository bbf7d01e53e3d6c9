"""Reading notice files: encodings, .docx paragraphs and tables, and files that are not notices."""

import pytest
from docx import Document

from duchaban.core.plan import PlanParseError
from duchaban.core.plan_parser import parse_plan_lines
from duchaban.exchange.plan_source import read_plan_file

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
