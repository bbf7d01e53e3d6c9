"""The ledger template as a unit opens it in Excel or WPS."""

from openpyxl import load_workbook

from duchaban.core.ledger import INPUT_COLUMNS, KEY_HEADER, TASK_COLUMNS
from duchaban.formats.ledger_template import IDENTITY_SHEET, NOTES_SHEET, export_templates
from duchaban.store.ledgers import ledger_units, unit_ledger_tasks
from duchaban.store.units import unit_id_by_name


def export(db, tmp_path, period="2021Q2", **kwargs):
    plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
    return export_templates(db, plan_id=plan_id, period_code=period, out_dir=tmp_path / "out", **kwargs)


def test_one_template_per_unit_with_tasks(sample_db, tmp_path):
    paths = export(sample_db, tmp_path)
    units = ledger_units(sample_db, plan_id=1)
    assert len(paths) == len(units) == 75
    assert sorted(p.name for p in paths)[0].startswith("2021Q2-")
    assert all(p.name.endswith("-工作台账.xlsx") for p in paths)


def test_template_layout(sample_db, tmp_path):
    unit = unit_id_by_name(sample_db, "区发展改革委")
    [path] = export(sample_db, tmp_path, unit_ids=[unit])
    assert path.name == "2021Q2-区发展改革委-工作台账.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["工作台账", NOTES_SHEET, IDENTITY_SHEET]
    assert book[IDENTITY_SHEET].sheet_state == "veryHidden"
    sheet = book["工作台账"]
    assert sheet["A1"].value == "区发展改革委 2021年第二季度工作台账"
    headers = [c.value for c in sheet[3]]
    assert headers == [h for _, h in TASK_COLUMNS] + [h for _, h in INPUT_COLUMNS] + [KEY_HEADER]
    tasks = unit_ledger_tasks(sample_db, plan_id=1, unit_id=unit)
    assert sheet.max_row == 3 + len(tasks)
    assert [sheet.cell(r, 1).value for r in range(4, 8)] == [t["number"] for t in tasks[:4]]
    # Task columns locked, input columns open, the sheet protected; key column hidden.
    assert sheet.protection.sheet
    assert sheet["B4"].protection.locked and not sheet["G4"].protection.locked
    assert sheet.column_dimensions["M"].hidden
    # Dropdown for the status, 0-100 for the percentage.
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations["H4"].type == "list" and "已完成" in validations["H4"].formula1
    assert validations["I4"].type == "decimal" and validations["I4"].formula2 == "100"
    # Frozen header, printed A4 landscape with the header repeated.
    assert sheet.freeze_panes == "C4"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$3:$3"
    assert "填报说明" in book[NOTES_SHEET]["A1"].value


def test_group_tasks_reach_their_members(sample_db, tmp_path):
    town = unit_id_by_name(sample_db, "竹山镇")
    tasks = {t["number"]: t for t in unit_ledger_tasks(sample_db, plan_id=1, unit_id=town)}
    assert tasks[52]["role"] == "cooperating" and tasks[52]["via"] == "各乡镇(街道)"
    assert tasks[154]["role"] == "responsible" and tasks[154]["via"] == "各乡镇(街道)"
    [path] = export(sample_db, tmp_path, unit_ids=[town])
    sheet = load_workbook(path)["工作台账"]
    row = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value == 52)
    assert sheet.cell(row, 4).value == "配合(各乡镇(街道))"


def test_printed_rows_wrap_their_text_and_the_width_fits_a4_landscape(sample_db, tmp_path):
    from openpyxl.utils import get_column_letter

    unit = unit_id_by_name(sample_db, "区发展改革委")
    [path] = export(sample_db, tmp_path, unit_ids=[unit])
    sheet = load_workbook(path)["工作台账"]
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    visible = sum(sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column)
                  if not sheet.column_dimensions[get_column_letter(c)].hidden)
    # A4 landscape holds about 150 units at 100%: the whole row prints at about 80%, not tiny.
    assert visible <= 190
    assert all(sheet.cell(r, 2).alignment.wrap_text for r in range(4, sheet.max_row + 1))
    for r in range(4, sheet.max_row + 1):
        text = sheet.cell(r, 2).value
        width = sheet.column_dimensions["B"].width
        # A task text of n characters (each two units wide) needs about 2n / width lines.
        assert sheet.row_dimensions[r].height >= 15 * min(len(text) * 2 // width, 27), (r, text)
    longest = max(range(4, sheet.max_row + 1), key=lambda r: len(sheet.cell(r, 2).value))
    assert sheet.row_dimensions[longest].height > 30
