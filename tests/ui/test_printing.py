"""Printable records rendered to PDF through Qt, read back with pypdf: Chinese text, embedded fonts."""

import pytest
from pypdf import PdfReader

from duchaban.cli import main
from duchaban.services.printable_records import printable_record
from duchaban.services.random_draw import random_draw, unit_pool
from duchaban.store.recusals import add_recusal
from duchaban.ui.print_document import html_to_pdf, preview


def pdf_text(path) -> str:
    """The PDF's text with line breaks taken out: table cells wrap wherever the width ends."""
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\n", "")


def embedded_fonts(path) -> set[str]:
    fonts = set()
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    fonts.add(str(font["/BaseFont"]))
    return fonts


def no_radicals(text: str) -> bool:
    return not any(0x2E80 <= ord(c) < 0x2FE0 for c in text)


def test_inspection_record_pdf_has_its_title_and_findings(qapp, sample_db, tmp_path):
    title, html = printable_record(sample_db, "inspection", 2)
    path = html_to_pdf(html, tmp_path / "记录.pdf", title=title)
    text = pdf_text(path)
    for expected in ("督查记录表", "二季度重点项目定期督查", "工业园区管委会", "部分项目开工滞后",
                     "数字文创小镇前期手续推进缓慢", "梁平区人民政府督查办公室", "督查人员(签字)"):
        assert expected in text
    assert no_radicals(text)
    assert embedded_fonts(path)


def test_rectification_notice_names_the_unit_the_problem_and_the_deadline(qapp, sample_db, tmp_path):
    title, html = printable_record(sample_db, "notice", 3)
    text = pdf_text(html_to_pdf(html, tmp_path / "通知.pdf", title=title))
    for expected in ("整改通知书", "督改〔2021〕3号", "工业园区管委会", "部分项目开工滞后", "倒排工期,加快建设",
                     "2021年7月10日前", "签收回执"):
        assert expected in text


def test_draw_record_shows_seed_result_and_who_stood_aside(qapp, sample_db, tmp_path):
    pool = unit_pool(sample_db, plan_id=1, unit_kind="town")
    plain = random_draw(sample_db, pool=pool, count=2, inspectors=2, seed="记录-01", record=False)
    add_recusal(sample_db, staff=plain.inspectors.chosen[0], unit=plain.units.chosen[0], reason="曾在该镇工作")
    result = random_draw(sample_db, pool=pool, count=2, inspectors=2, seed="记录-01")
    _, html = printable_record(sample_db, "draw", result.unit_draw_id)
    text = pdf_text(html_to_pdf(html, tmp_path / "抽取.pdf"))
    assert "随机抽取记录" in text and "记录-01" in text and result.units.pool_sha256[:20] in text
    for unit in result.units.chosen:
        assert unit in text
    assert "曾在该镇工作" in text and "监督人(签字)" in text


def test_print_preview_paints_the_record(qapp, qtbot, sample_db):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    title, html = printable_record(sample_db, "inspection", 1)
    dialog = preview(html, parent, title=title)
    painted = []
    dialog.paintRequested.connect(lambda printer: painted.append(printer))
    dialog.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=5000)
    assert dialog.windowTitle() == title
    dialog.close()


@pytest.mark.parametrize("argv, message", [
    (["inspection", "999"], "督查记录不存在"),
    (["notice", "999"], "问题不存在"),
    (["draw", "999"], "抽取记录不存在"),
])
def test_cli_print_refuses_unknown_records(capsys, sample_db_path, tmp_path, argv, message):
    code = main(["print", "--db", str(sample_db_path), *argv, "--out", str(tmp_path / "x.pdf")])
    assert code == 1 and message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_print_writes_the_pdf(capsys, sample_db_path, tmp_path):
    assert main(["print", "--db", str(sample_db_path), "notice", "1", "--out", str(tmp_path / "n.pdf")]) == 0
    assert "工作台账未按月更新" in pdf_text(tmp_path / "n.pdf")


def _text_lines(path) -> list[tuple[float, str]]:
    """(x, text) of each text run on the first page, x in points from the left edge."""
    runs = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            runs.append((cm[4] + tm[4] * cm[0], text))
    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_draw_record_fills_the_page_in_chinese_with_the_date_line_whole(qapp, sample_db, tmp_path):
    pool = unit_pool(sample_db, plan_id=1, unit_kind="town")
    result = random_draw(sample_db, pool=pool, count=2, inspectors=2, seed="记录-02")
    _, html = printable_record(sample_db, "draw", result.unit_draw_id)
    assert "|inspectors" not in html and "inspectors" not in html
    assert "由上述随机种子派生" in html
    path = html_to_pdf(html, tmp_path / "抽取.pdf")
    page_width = float(PdfReader(str(path)).pages[0].mediabox.width)
    xs = [x for x, _ in _text_lines(path)]
    # Content from the left margin (20 mm = 57 pt) across most of the page, not a column in its middle.
    assert min(xs) < 80 and max(xs) > page_width * 0.55
    lines = pdf_text(path)
    assert "日期:______年____月____日" in lines


def test_a_printed_record_carries_the_logs_verification_code(sample_db):
    from duchaban.services.printable_records import printable_record
    from duchaban.store.audit import chain_code, verify_code

    inspection = sample_db.execute("SELECT id FROM inspection WHERE state = 'recorded' ORDER BY id").fetchone()[0]
    _, html = printable_record(sample_db, "inspection", inspection)
    code = chain_code(sample_db)
    assert f"数据校验码:{code}" in html and verify_code(sample_db, code) is None
