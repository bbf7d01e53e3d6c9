"""The look inside a workbook before the reader: the quick scan and the cell-by-cell walk agree,
and cells written without their position are still counted."""

import zipfile

import pytest
from ledger_files import fill, template_for

from duchaban.formats import workbook_probe
from duchaban.formats.ledger_template import export_templates
from duchaban.formats.workbook_probe import HostileWorkbook
from duchaban.store.units import unit_id_by_name


def test_quick_scan_and_walk_agree_on_a_filled_template(sample_db, tmp_path):
    export_templates(sample_db, plan_id=1, period_code="2021Q2", out_dir=tmp_path,
                     unit_ids=[unit_id_by_name(sample_db, "双桂新城管委会")])

    def edit(sheet):
        sheet["I4"].value, sheet["I4"].number_format = 1, "0%"
        sheet["G5"] = "=G4"

    path = fill(template_for(tmp_path, "双桂新城管委会"), tmp_path / "a.xlsx", edit=edit)
    with zipfile.ZipFile(path) as book:
        data = book.read("xl/worksheets/sheet1.xml")
        styles = workbook_probe._percent_styles(book, set(book.namelist()))
    quick = workbook_probe._scan_sheet(data, "工作台账", styles)
    walked = workbook_probe._scan_sheet_slow(data, "工作台账", styles)
    assert quick.percent_cells == walked.percent_cells == {(3, 8)}
    assert quick.formulas_without_value == walked.formulas_without_value == {(4, 6)}


@pytest.mark.parametrize("xml, far", [
    # No position on the cell: it follows its row.
    (b'<sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>'
     b'<row r="1048576"><c t="inlineStr"><is><t> </t></is></c></row></sheetData>', "A1048576"),
    # A namespace prefix, as some generators write.
    (b'<x:sheetData><x:row r="1"><x:c r="XFD1" t="inlineStr"><x:is><x:t> </x:t></x:is></x:c></x:row>'
     b'</x:sheetData>', "XFD1"),
    # The quick scan: a position on every cell.
    (b'<sheetData><row r="2"><c r="B2"><v>1</v></c><c r="ZZ2" t="inlineStr"><is><t> </t></is></c></row>'
     b'</sheetData>', "ZZ2"),
    # Lower-case positions, and more than three letters: the reader takes both.
    (b'<sheetData><row r="2"><c r="B2"><v>1</v></c><c r="xfd1048576" t="inlineStr"><is><t> </t></is></c></row>'
     b'</sheetData>', "XFD1048576"),
    (b'<sheetData><row r="2"><c r="b2"><v>1</v></c><c r="g40000"><v>1</v></c></row></sheetData>', "G40000"),
    (b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="aaaa1"><v>1</v></c></row></sheetData>', "AAAA1"),
    (b'<sheetData><row r="1"><c t="n"><v>1</v></c><c r="Xfd7"><v>1</v></c></row></sheetData>', "XFD7"),
])
def test_a_far_cell_is_refused_however_it_is_written(xml, far):
    with pytest.raises(HostileWorkbook, match=f"的 {far} 单元格有内容"):
        workbook_probe._scan_sheet(xml, "工作台账", set())


@pytest.mark.parametrize("empty", [b'<c r="XFD1" s="3"/>', b'<c r="XFD1048576" s="3"></c>', b'<c r="Z9"><v></v></c>'])
def test_formatted_empty_cells_far_out_do_not_count(empty):
    xml = b'<sheetData><row r="1"><c r="A1"><v>1</v></c>' + empty + b"</row></sheetData>"
    assert workbook_probe._scan_sheet(xml, "工作台账", set()).percent_cells == set()


@pytest.mark.parametrize("position", [b"$A$1", b"A", b"1", b" B2", b"B2:C3"])
def test_a_position_the_probe_cannot_read_refuses_the_file(position):
    # What the probe cannot place it cannot bound: the reader is not given it.
    xml = b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="' + position + b'"><v>1</v></c></row></sheetData>'
    with pytest.raises(HostileWorkbook, match="无法识别"):
        workbook_probe._scan_sheet(xml, "工作台账", set())


def test_lower_case_positions_are_read_like_upper_case_ones():
    upper = (b'<sheetData><row r="4"><c r="I4" s="1"><v>1</v></c><c r="G5"><f>G4</f><v></v></c></row>'
             b'</sheetData>')
    for xml in (upper, upper.replace(b'r="I4"', b'r="i4"').replace(b'r="G5"', b'r="g5"')):
        quick = workbook_probe._scan_sheet(xml, "工作台账", {1})
        walked = workbook_probe._scan_sheet_slow(xml, "工作台账", {1})
        assert quick.percent_cells == walked.percent_cells == {(3, 8)}
        assert quick.formulas_without_value == walked.formulas_without_value == {(4, 6)}


def test_error_values_are_found_by_the_quick_scan_and_the_walk_alike():
    xml = (b'<sheetData><row r="4"><c r="I4" t="e"><v>#N/A</v></c><c r="G4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
           b'<c r="H4" t="n"><v>5</v></c></row></sheetData>')
    quick = workbook_probe._scan_sheet(xml, "工作台账", set())
    walked = workbook_probe._scan_sheet_slow(xml, "工作台账", set())
    assert quick.error_cells == walked.error_cells == {(3, 8): "#N/A", (3, 6): "#DIV/0!"}
