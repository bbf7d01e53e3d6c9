"""The blank directory workbook a new office downloads, fills in and imports back."""

import pytest
from helpers import logical_dump
from openpyxl import load_workbook

from duchaban.formats.directory_xlsx import (
    CONTACTS,
    GUIDE,
    STAFF,
    UNIT_HEADERS,
    UNITS,
    DirectoryFileError,
    import_directory,
    write_blank_directory,
)
from duchaban.store.unit_groups import group_members
from duchaban.store.units import list_units, unit_id_by_name


def fill(path, rows):
    book = load_workbook(path)
    for row in rows:
        book[UNITS].append(row)
    book.save(path)


def test_blank_workbook_has_headers_kinds_and_a_guide(tmp_path):
    path = write_blank_directory(tmp_path / "名录.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == [UNITS, CONTACTS, STAFF, GUIDE]
    assert tuple(c.value for c in book[UNITS][1]) == UNIT_HEADERS
    assert book[UNITS].max_row == 1
    validations = book[UNITS].data_validations.dataValidation
    assert any("乡镇(街道)" in (v.formula1 or "") for v in validations)
    guide = "\n".join(str(c.value) for row in book[GUIDE].iter_rows() for c in row if c.value)
    assert "单位组成员" in guide and "duchaban units import" in guide


def test_filled_blank_workbook_imports_with_guessed_kinds_reported(fresh_db, tmp_path):
    path = write_blank_directory(tmp_path / "名录.xlsx")
    fill(path, [
        ("有关街道", "单位组", "", "梁山街道、双桂街道"),   # a group before its members
        ("区发展改革委", "部门", "区发改委"),
        ("梁山街道", ""),
        ("双桂街道", "乡镇(街道)"),
        ("工业园区管委会", None),
    ])
    result = import_directory(fresh_db, path, who="测试")
    assert result.units_added == ["有关街道", "区发展改革委", "梁山街道", "双桂街道", "工业园区管委会"]
    assert result.kinds_guessed == ["梁山街道(乡镇(街道))", "工业园区管委会(管委会)"]
    kinds = {u["name"]: u["kind"] for u in list_units(fresh_db)}
    assert kinds == {"有关街道": "group", "区发展改革委": "department", "梁山街道": "town", "双桂街道": "town",
                     "工业园区管委会": "committee"}
    assert group_members(fresh_db, unit_id_by_name(fresh_db, "有关街道")) == ["梁山街道", "双桂街道"]


def test_bad_kind_in_the_blank_workbook_names_the_row_and_changes_nothing(fresh_db, tmp_path):
    path = write_blank_directory(tmp_path / "名录.xlsx")
    fill(path, [("区发展改革委", "部门"), ("区财政局", "委办")])
    dump = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError, match="单位表第 3 行:类别“委办”无法识别"):
        import_directory(fresh_db, path, who="测试")
    assert logical_dump(fresh_db) == dump
