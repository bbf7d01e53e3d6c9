"""Bulletins on the demo database: the .docx checked with python-docx, the annex read back with
openpyxl, the figures against the database, frozen issues written again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt
from helpers import logical_dump
from openpyxl import load_workbook

from duchaban.core.errors import DuchabanError
from duchaban.formats.official_fonts import ROLE_FONTS, choose_fonts
from duchaban.services.bulletin import annex_path, draft_bulletin, issue_bulletin, reissue_bulletin
from duchaban.store.browse import task_rows, task_verdict
from duchaban.store.bulletins import list_bulletins
from duchaban.store.inspections import close_task

# The office machine has none of the standard fonts: the standard names stay in the file.
NO_FONTS = choose_fonts(set())
CONFIDENTIAL_FINDING = "背街小巷垃圾清运不及时"   # found by the demo's 暗访 of 2021-06-29


def issue(db, tmp_path, period="2021Q2", name="通报.docx", **kwargs):
    draft = draft_bulletin(db, plan_id=1, period_code=period, **{k: v for k, v in kwargs.items()
                                                                  if k == "include_confidential"})
    draft.replace = kwargs.get("replace", False)
    return draft, issue_bulletin(db, draft, docx=tmp_path / name, who="张伟", fonts=kwargs.get("fonts", NO_FONTS))


def document_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            for paragraph in footer.paragraphs:
                yield from paragraph.runs


def test_page_is_a4_with_the_gbt9704_text_block(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    section = Document(str(issued.docx)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm) == 225


def test_22_lines_of_28_characters(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    document = Document(str(issued.docx))
    normal = document.styles["Normal"]
    pitch = normal.paragraph_format.line_spacing
    assert normal.font.size == Pt(16)
    assert 22 * pitch <= Mm(225) < 23 * pitch
    spacing = normal.element.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}spacing")
    char_pitch = 16 + int(spacing.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")) / 20
    assert int(Mm(156).pt // char_pitch) == 28


def test_every_run_names_its_east_asian_font_and_title_and_body_sizes(sample_db, tmp_path):
    draft, issued = issue(sample_db, tmp_path)
    document = Document(str(issued.docx))
    standard = {candidates[0][0] for candidates in ROLE_FONTS.values()}
    runs = [r for r in all_runs(document) if r.text.strip()]
    assert runs
    for run in runs:
        east_asian = run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        assert east_asian in standard, run.text
    title = next(p for p in document.paragraphs if p.text == draft.wording["title"])
    assert {(r.font.size, r.font.name) for r in title.runs} == {(Pt(22), "方正小标宋简体")}
    opening = next(p for p in document.paragraphs if p.text.startswith("为推动"))
    assert {(r.font.size, r.font.name) for r in opening.runs} == {(Pt(16), "仿宋_GB2312")}


STANDARD = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}


@pytest.mark.parametrize("installed", [set(), {"FangSong", "SimHei", "Noto Serif CJK SC"},
                                       {"Noto Serif CJK SC", "Noto Sans CJK SC"},
                                       {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"}])
def test_the_docx_names_the_gbt9704_fonts_whatever_this_machine_has(sample_db, tmp_path, installed):
    fonts = choose_fonts(installed)
    assert set(fonts.fonts.values()) == STANDARD
    _, issued = issue(sample_db, tmp_path, fonts=fonts)
    document = Document(str(issued.docx))
    names = {r.font.name for r in all_runs(document) if r.text.strip()}
    east_asian = {r._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") for r in all_runs(document)
        if r.text.strip()}
    assert names <= STANDARD and east_asian <= STANDARD
    assert "方正小标宋简体" in names and "仿宋_GB2312" in names and "黑体" in names


def test_substitutes_are_only_for_what_is_rendered_here_and_the_notes_say_so(sample_db, tmp_path):
    fonts = choose_fonts({"FangSong", "SimHei", "Noto Serif CJK SC"})
    assert fonts.substitutes == {"title": "Noto Serif CJK SC", "body": "仿宋", "subheading": "Noto Serif CJK SC",
                                 "number": "Noto Serif CJK SC"}
    note = next(n for n in fonts.notes if n.startswith("正文字体"))
    assert "通报文件仍标明“仿宋_GB2312”" in note and "仅本机生成的 PDF 改用“仿宋”" in note
    assert not any(n.startswith("一级标题") for n in fonts.notes)      # 黑体 is installed
    _, issued = issue(sample_db, tmp_path, fonts=fonts)
    assert issued.notes == list(fonts.notes)
    frozen = sample_db.execute("SELECT snapshot FROM bulletin").fetchone()[0]
    assert "仅本机生成的 PDF 改用“仿宋”" in frozen


def test_the_colophon_sits_at_the_foot_of_the_last_page(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    document = Document(str(issued.docx))
    last = document.paragraphs[-1]
    assert last.text.endswith("印发")
    frame = last._element.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}framePr")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert frame is not None
    assert (frame.get(w + "vAnchor"), frame.get(w + "yAlign"), frame.get(w + "wrap")) == (
        "margin", "bottom", "notBeside")
    assert int(frame.get(w + "w")) == round(Mm(156).pt * 20)


def test_the_pdf_made_here_puts_the_colophon_at_the_bottom_and_keeps_the_docx_standard(sample_db, tmp_path):
    from pypdf import PdfReader

    from duchaban.formats.pdf_convert import libreoffice_program
    from duchaban.services.bulletin import bulletin_pdf

    if libreoffice_program() is None:
        pytest.skip("LibreOffice is not installed")
    _, issued = issue(sample_db, tmp_path, fonts=choose_fonts({"Noto Serif CJK SC"}))
    before = issued.docx.read_bytes()
    pdf = bulletin_pdf(issued)
    assert pdf == issued.docx.with_suffix(".pdf") and issued.docx.read_bytes() == before
    last = PdfReader(str(pdf)).pages[-1]
    heights = []

    def visit(text, cm, tm, _font, _size):
        if "印" in text:       # 印 and 发 may come as runs of their own
            heights.append(cm[5] + tm[5] * cm[3])
    last.extract_text(visitor_text=visit)
    # The text block ends 35 mm above the bottom edge (297 - 37 - 225): the 版记 sits just above it.
    assert heights and min(heights) < Mm(35 + 20).pt


def test_page_numbers_alternate_on_the_outside_edge(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    document = Document(str(issued.docx))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert "PAGE" in paragraph._element.xml
    assert (odd.alignment, even.alignment) == (2, 0)   # right, left


def test_issue_number_office_and_figures_match_the_database(sample_db, tmp_path):
    draft, issued = issue(sample_db, tmp_path)
    text = document_text(issued.docx)
    assert "第1期" in text and "梁平区人民政府督查办公室" in text and "2021年7月15日" in text
    # The status of every task on 2021-06-30, counted the way the window counts it.
    counts: dict[str, int] = {}
    for row in task_rows(sample_db, plan_id=1):
        code = task_verdict(row, date(2021, 6, 30)).label
        counts[code] = counts.get(code, 0) + 1
    assert f"{sum(counts.values())} 项重点任务中" in text
    for label, n in counts.items():
        assert f"{label} {n} 项" in text
    # Three units sent nothing for Q2; the planning bureau also leads two lagging tasks.
    assert "未报送 3 个" in text
    assert "区规划自然资源局:牵头任务滞后 2 项、未报送本期工作台账" in text


def test_confidential_findings_are_absent_unless_included(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    assert CONFIDENTIAL_FINDING not in document_text(issued.docx)
    annex = load_workbook(issued.xlsx)
    assert CONFIDENTIAL_FINDING not in str([c.value for row in annex["督查问题"].iter_rows() for c in row])
    assert "暗访检查" not in document_text(issued.docx)
    _, included = issue(sample_db, tmp_path, name="含暗访.docx", include_confidential=True, replace=True)
    assert CONFIDENTIAL_FINDING in document_text(included.docx)
    assert list_bulletins(sample_db)[0]["include_confidential"] == 1


def test_the_annex_has_one_row_per_task_of_the_plan(sample_db, tmp_path):
    _, issued = issue(sample_db, tmp_path)
    assert issued.xlsx == annex_path(issued.docx) and issued.xlsx.name == "通报-附件.xlsx"
    sheet = load_workbook(issued.xlsx)["任务明细"]
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert numbers == [r[0] for r in sample_db.execute("SELECT number FROM task WHERE plan_id = 1 ORDER BY number")]
    assert sheet.cell(2, 4).value == "任务内容" and sheet.freeze_panes == "A3"
    assert "附件:2021年第二季度重点任务推进情况明细表" in document_text(issued.docx)


def test_a_frozen_bulletin_is_written_again_identically_after_the_data_changed(sample_db, tmp_path, data_dir):
    _, first = issue(sample_db, tmp_path)
    before = document_text(first.docx)
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    close_task(sample_db, task_id=1, verifier_id=1, closed_on=date(2021, 6, 1), requested_by="张伟",
               evidence_paths=[evidence])
    again = reissue_bulletin(sample_db, bulletin_id=first.bulletin_id, docx=tmp_path / "重印.docx")
    assert document_text(again.docx) == before
    sheet = lambda path: [list(r) for r in load_workbook(path)["任务明细"].iter_rows(values_only=True)]  # noqa: E731
    assert sheet(again.xlsx) == sheet(first.xlsx)
    # A new draft sees the close-out and takes the next number.
    draft = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    assert draft.snapshot["issue_no"] == 2 and "已销号 1 项" in draft.wording["overview"]


def test_the_next_period_is_numbered_n_plus_1_and_names_repeat_offenders(sample_db, tmp_path):
    issue(sample_db, tmp_path, period="2021Q1", name="一季度.docx")
    draft, issued = issue(sample_db, tmp_path, period="2021Q2", name="二季度.docx")
    assert draft.snapshot["issue_no"] == 2 and "第2期" in document_text(issued.docx)
    assert draft.snapshot["previous"]["issue_no"] == 1
    # The development and reform commission leads two lagging tasks in both quarters.
    assert draft.snapshot["previous"]["criticized"] == ["区发展改革委"]
    assert "区发展改革委在第1期通报中已被通报批评" in draft.wording["criticism"]


def test_edited_wording_is_what_gets_issued_and_frozen(sample_db, tmp_path):
    draft = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    draft.wording["demands"] = "请各单位于7月20日前报送整改情况。"
    issued = issue_bulletin(sample_db, draft, docx=tmp_path / "改.docx", fonts=NO_FONTS)
    assert "请各单位于7月20日前报送整改情况。" in document_text(issued.docx)
    again = reissue_bulletin(sample_db, bulletin_id=issued.bulletin_id, docx=tmp_path / "改2.docx")
    assert "请各单位于7月20日前报送整改情况。" in document_text(again.docx)


@pytest.mark.parametrize("name, message", [
    ("通报.doc", "应以 .docx 结尾"),
    ("没有的文件夹/通报.docx", "文件夹不存在"),
])
def test_a_bad_output_path_is_refused_and_nothing_is_recorded(sample_db, tmp_path, name, message):
    before = logical_dump(sample_db)
    draft = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    with pytest.raises(DuchabanError, match=message):
        issue_bulletin(sample_db, draft, docx=tmp_path / name, fonts=NO_FONTS)
    assert logical_dump(sample_db) == before
    assert not list(tmp_path.glob("*.partial"))


def test_an_empty_title_and_a_period_not_yet_begun_are_refused(sample_db, tmp_path):
    before = logical_dump(sample_db)
    draft = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    draft.wording["title"] = "  "
    with pytest.raises(DuchabanError, match="标题不能为空"):
        issue_bulletin(sample_db, draft, docx=tmp_path / "x.docx", fonts=NO_FONTS)
    with pytest.raises(DuchabanError, match="尚未开始"):
        draft_bulletin(sample_db, plan_id=1, period_code="2021Q4")
    assert logical_dump(sample_db) == before and not list(tmp_path.glob("x*"))


def test_two_drafts_racing_for_one_number_leave_one_bulletin(sample_db, tmp_path):
    # Two periods drafted side by side both take 第1期; the second to be issued must be drafted again.
    first = draft_bulletin(sample_db, plan_id=1, period_code="2021Q2")
    second = draft_bulletin(sample_db, plan_id=1, period_code="2021Q1")
    assert first.snapshot["issue_no"] == second.snapshot["issue_no"] == 1
    issue_bulletin(sample_db, first, docx=tmp_path / "a.docx", fonts=NO_FONTS)
    with pytest.raises(DuchabanError, match="第1期通报已存在"):
        issue_bulletin(sample_db, second, docx=tmp_path / "b.docx", fonts=NO_FONTS)
    assert not (tmp_path / "b.docx").exists() and len(list_bulletins(sample_db)) == 1


def test_close_outs_over_an_unfinished_ledger_are_listed_in_the_annex_with_their_reasons(sample_db, tmp_path):
    report = tmp_path / "验收.pdf"
    report.write_bytes(b"%PDF-1.4")
    task3 = sample_db.execute("SELECT id FROM task WHERE number = 3").fetchone()[0]
    close_task(sample_db, task_id=task3, verifier_id=4, closed_on=date(2021, 6, 1), requested_by="张伟",
               evidence_paths=[report], override_reason="区政府常务会议决定提前销号")
    close_task(sample_db, task_id=1, verifier_id=4, closed_on=date(2021, 6, 1), requested_by="张伟",
               evidence_paths=[report])  # its ledger says done: no reason, not listed
    _, issued = issue(sample_db, tmp_path)
    rows = list(load_workbook(issued.xlsx)["销号说明"].iter_rows(min_row=3, values_only=True))
    assert rows == [("任务", "任务 3", sample_db.execute("SELECT text FROM task WHERE id = ?", [task3]).fetchone()[0],
                     "2021-06-01", "陈静", "区政府常务会议决定提前销号")]


def test_a_recomputed_log_is_caught_by_the_code_printed_on_an_earlier_bulletin(sample_db, tmp_path):
    import json

    from duchaban.store.audit import GENESIS, _row_hash, verify_audit_chain, verify_code
    from duchaban.store.check import check_database
    from duchaban.store.row_digest import digests_of

    _, issued = issue(sample_db, tmp_path)
    colophon = Document(str(issued.docx)).paragraphs[-1].text
    code = colophon.split("数据校验码:")[1].split()[0]
    assert verify_code(sample_db, code) is None and check_database(sample_db).ok
    # Someone with a SQLite browser: drops the log's guards, edits a task, logs the edit, writes the
    # edited row's digest where the log recorded the task, and recomputes the whole chain so that it
    # verifies again.
    sample_db.execute("DROP TRIGGER audit_log_no_update")
    sample_db.execute("DROP TRIGGER audit_log_no_delete")
    sample_db.execute("UPDATE task SET text = '改过的任务' WHERE number = 47")
    sample_db.execute("UPDATE audit_log SET after = '{\"text\": \"改过的任务\"}' WHERE id = 3")
    forged = digests_of(sample_db, "task", "WHERE r.number = 47")
    (key, _), = forged.items()
    log_id, digests = sample_db.execute("SELECT id, digests FROM audit_log WHERE digests LIKE ? ORDER BY id DESC"
                                        " LIMIT 1", [f'%"{key}":%']).fetchone()
    sample_db.execute("UPDATE audit_log SET digests = ? WHERE id = ?",
                      [json.dumps({**json.loads(digests), **forged}, ensure_ascii=False), log_id])
    prev = GENESIS
    for row in sample_db.execute("SELECT id, at, who, action, table_name, row_key, before, after, who_uuid, digests"
                                 " FROM audit_log ORDER BY id").fetchall():
        digest = _row_hash(prev, *row[1:])        # as the program hashes them
        sample_db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, digest, row[0]])
        prev = digest
    assert verify_audit_chain(sample_db) is None        # the file alone looks sound
    problems = check_database(sample_db).problems
    assert not any("任务“" in p for p in problems), problems   # the data agrees with the forged log
    assert any(f"第{issued.snapshot['issue_no']}期通报" in p and f"数据校验码 {code}" in p for p in problems), problems
    assert "整体重算过" in verify_code(sample_db, code)


def test_the_code_is_checked_from_the_command_line(sample_db_path, tmp_path, capsys):
    from duchaban.cli import main
    from duchaban.store.database import opened_database

    with opened_database(sample_db_path) as db:
        _, issued = issue(db, tmp_path)
    code = Document(str(issued.docx)).paragraphs[-1].text.split("数据校验码:")[1].split()[0]
    assert main(["check", "--db", str(sample_db_path), "--code", code]) == 0
    assert "有效" in capsys.readouterr().out
    assert main(["check", "--db", str(sample_db_path), "--code", "1-0000-0000-0000"]) == 1
    assert "不符" in capsys.readouterr().err
    assert main(["check", "--db", str(sample_db_path), "--code", "不是校验码"]) == 1
