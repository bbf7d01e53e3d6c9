"""The directory workbook: exported from the demo, read back, edited as an office would, and refused when bad."""

import re

import pytest
from helpers import logical_dump
from openpyxl import Workbook, load_workbook

from duchaban.formats.directory_xlsx import (
    DirectoryFileError,
    export_directory,
    import_directory,
    write_blank_directory,
)
from duchaban.store.contacts import list_contacts
from duchaban.store.staff import list_staff
from duchaban.store.unit_edits import add_unit_contact
from duchaban.store.unit_groups import group_members
from duchaban.store.units import list_units, unit_id_by_name


def test_export_has_every_unit_contact_and_staff_member(sample_db, tmp_path):
    add_unit_contact(sample_db, unit_id=unit_id_by_name(sample_db, "区科技局"), name="赵敏", phone="13800000000")
    path = tmp_path / "名录.xlsx"
    counts = export_directory(sample_db, path)
    book = load_workbook(path)
    assert book.sheetnames == ["单位", "联系人", "工作人员"]
    assert book["单位"].max_row - 1 == counts["units"] == 80
    assert [c.value for c in book["联系人"][2]] == ["区科技局", "赵敏", "联络员", "13800000000", None, None]
    assert book["工作人员"]["A2"].value == "王建国"
    rows = {r[0].value: r for r in book["单位"].iter_rows(min_row=2)}
    assert rows["有关街道"][3].value == "梁山街道、双桂街道、仁贤街道、合兴街道、金带街道"
    assert rows["区经济信息委"][2].value == "区经信委、区经济信委"


def test_round_trip_into_an_empty_database(sample_db, fresh_db, tmp_path):
    path = tmp_path / "名录.xlsx"
    export_directory(sample_db, path)
    result = import_directory(fresh_db, path, who="测试")
    assert len(result.units_added) == 80 and result.staff_added == 5
    def summary(db):
        return [(u["name"], u["kind"], u["aliases"]) for u in list_units(db)]
    assert summary(fresh_db) == summary(sample_db)
    again = import_directory(fresh_db, path)
    assert again.units_added == [] and again.units_changed == [] and again.aliases_added == 0


def test_office_edits_merge_in(sample_db, tmp_path):
    path = tmp_path / "edited.xlsx"
    book = Workbook()
    units = book.active
    units.title = "单位"
    units.append(["单位名称", "类别", "别名", "单位组成员", "状态", "备注"])
    units.append(["区科技局", "部门", "区科委", "", "在用", ""])
    units.append(["区营商环境办", "部门", "", "", "在用", "2022年新设"])
    contacts = book.create_sheet("联系人")
    contacts.append(["单位名称", "姓名", "职务", "电话"])
    contacts.append(["区营商环境办", "孙丽", "联络员", 13912345678])
    book.create_sheet("工作人员").append(["姓名", "职务"])
    book.save(path)
    result = import_directory(sample_db, path)
    assert result.units_added == ["区营商环境办"] and result.aliases_added == 1
    new_unit = unit_id_by_name(sample_db, "区营商环境办")
    assert [(c["name"], c["phone"]) for c in list_contacts(sample_db, new_unit)] == [("孙丽", "13912345678")]


def bad_book(path, units=(), contacts=(), staff=None, sheet_names=("单位", "联系人")):
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_names[0]
    sheet.append(["单位名称", "类别", "别名", "单位组成员", "状态"])
    for row in units:
        sheet.append(list(row))
    if len(sheet_names) > 1:
        c = book.create_sheet(sheet_names[1])
        c.append(["单位名称", "姓名", "职务", "电话"])
        for row in contacts:
            c.append(list(row))
    book.save(path)
    return path

def refused(db, path, *messages):
    """Importing ``path`` is refused saying each of ``messages`` and leaves the database as it was."""
    before = logical_dump(db)
    with pytest.raises(DirectoryFileError) as error:
        import_directory(db, path)
    assert all(message in str(error.value) for message in messages), str(error.value)
    assert logical_dump(db) == before



@pytest.mark.parametrize(
    "units, contacts, messages",
    [
        ([("区新局", "公司")], [], ["单位表第 2 行:类别“公司”无法识别"]),
        ([("", "部门")], [], ["单位表第 2 行:单位名称为空"]),
        ([("各新区", "单位组", "", "不存在的镇")], [], ["单位组成员“不存在的镇”不在名录中"]),
        ([("区新局", "部门", "", "", "撤销")], [], ["状态应为"]),
        ([], [("不存在的单位", "张三")], ["联系人表第 2 行:单位“不存在的单位”不在名录中"]),
        ([("区新局", "部门", "区财政局")], [], ["正式名称"]),
        ([("区新局", "公司"), ("区新局2", "企业")], [], ["第 2 行", "第 3 行"]),
    ],
)
def test_bad_rows_reject_the_whole_file(sample_db, tmp_path, units, contacts, messages):
    path = bad_book(tmp_path / "bad.xlsx", units, contacts)
    refused(sample_db, path, *messages)


@pytest.mark.parametrize("kind", ["foreign", "damaged", "missing"])
def test_files_that_are_not_directories(sample_db, tmp_path, kind):
    path = tmp_path / "x.xlsx"
    if kind == "foreign":
        book = Workbook()
        book.active.title = "Sheet1"
        book.save(path)
    elif kind == "damaged":
        path.write_bytes(b"PK\x03\x04 not really a workbook")
    before = logical_dump(sample_db)
    with pytest.raises(DirectoryFileError, match="不是名录文件|无法作为 Excel|找不到文件"):
        import_directory(sample_db, path)
    assert logical_dump(sample_db) == before


def test_export_never_writes_a_formula(sample_db, tmp_path):
    add_unit_contact(sample_db, unit_id=unit_id_by_name(sample_db, "区科技局"), name="=HYPERLINK(\"x\")",
                     phone="+86 23")
    path = tmp_path / "名录.xlsx"
    export_directory(sample_db, path)
    row = next(r for r in load_workbook(path)["联系人"].iter_rows(min_row=2, values_only=True))
    assert row[1] == "'=HYPERLINK(\"x\")" and row[3] == "'+86 23"
    assert [p["name"] for p in list_staff(sample_db)][0] == "王建国"


@pytest.mark.parametrize("units, message", [
    # The second row filling 状态/备注 once crashed with KeyError 'active'.
    ([("区财政局", "部门"), ("区财政局", "其他单位", "", "", "停用")],
     "单位表第 3 行:“区财政局”与第 2 行重复,同一单位只能写一行"),
    ([("区新局", "部门"), ("区新局", "其他单位")], "单位表第 3 行:“区新局”与第 2 行重复"),
])
def test_the_same_unit_twice_in_one_file_is_refused(fresh_db, tmp_path, units, message):
    path = bad_book(tmp_path / "twice.xlsx", units)
    refused(fresh_db, path, message)


@pytest.mark.parametrize("name, content, message", [
    ("empty.xlsx", b"", "“empty.xlsx”是空文件"),
    ("text.xlsx", "区财政局\n".encode(), "文件已损坏,或其实不是 Excel 文件"),
    ("名录.csv", "单位名称,类别\n区财政局,部门\n".encode(), "不是 Excel 工作簿(应为 .xlsx"),
    ("missing.xlsx", None, "找不到文件"),
])
def test_unreadable_workbooks_are_refused_in_chinese_only(fresh_db, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError) as error:
        import_directory(fresh_db, path)
    assert message in str(error.value)
    # Calamine's English ("invalid Zip archive", "Cannot detect file format") must not reach the user.
    words = re.sub(r"Excel|WPS|xlsx|xls|ods|CSV", "", str(error.value).replace(str(tmp_path), "").replace(name, ""))
    assert not re.search(r"[A-Za-z]{2,}", words)
    assert logical_dump(fresh_db) == before


@pytest.mark.parametrize("write", [export_directory, lambda db, path: write_blank_directory(path)])
def test_writing_into_a_missing_folder_says_so(sample_db, tmp_path, write):
    with pytest.raises(DirectoryFileError, match="文件夹“.*nowhere”不存在,无法保存“名录.xlsx”"):
        write(sample_db, tmp_path / "nowhere" / "名录.xlsx")


@pytest.mark.parametrize("units, messages", [
    ([("区发展改革委", "部门"), ("区 财政局", "部门"), ("区教委。", "部门"), ("区科技局\u200b", "部门")],
     ["单位表第 3 行的“区 财政局”与已有单位“区财政局”只差空格或标点,不能新建同名单位;如确是另一个单位,请改用不同的名称",
      "单位表第 4 行的“区教委。”与已有单位“区教委”", "单位表第 5 行的“区科技局\u200b”与已有单位“区科技局”"]),
    ([("区人社局", "部门")], ["单位表第 2 行的“区人社局”是已有单位“区人力社保局”的别名,不能新建同名单位"]),
    ([("区新局", "部门"), ("区 新局", "部门")], ["单位表第 3 行的“区 新局”与第 2 行的“区新局”只差空格或标点"]),
    ([("区发展改革委", "部门", "区 财政局")],
     ["单位表第 2 行:别名“区 财政局”是另一个单位“区财政局”的正式名称,不能作为“区发展改革委”的别名"]),
    ([("区甲局", "部门", "区乙局"), ("区乙局", "部门")],
     ["单位表第 2 行:别名“区乙局”是另一个单位“区乙局”的正式名称,不能作为“区甲局”的别名"]),
    ([("区甲局", "部门", "甲乙"), ("区乙局", "部门", "甲乙")], ["单位表第 3 行:别名“甲乙”在第 2 行已是“区甲局”的别名"]),
])
def test_names_that_are_another_units_but_for_spaces_are_refused_with_their_rows(sample_db, tmp_path, units, messages):
    path = bad_book(tmp_path / "near.xlsx", units)
    refused(sample_db, path, *messages)


def test_changes_to_units_in_use_are_named(sample_db, tmp_path):
    path = bad_book(tmp_path / "changes.xlsx", [("区财政局", "乡镇(街道)", "", "", "停用"), ("有关街道", "部门"),
                                                ("梁山街道", "部门")])
    result = import_directory(sample_db, path)
    assert result.changes == ["区财政局(类别 部门→乡镇(街道),停用,承担 16 项任务)",
                              "有关街道(类别 单位组→部门,承担 1 项任务)", "梁山街道(类别 乡镇(街道)→部门)"]
    assert "修改的单位:区财政局(类别 部门→乡镇(街道),停用,承担 16 项任务)、有关街道" in result.to_text()


def test_a_group_row_adds_members_and_keeps_the_others(sample_db, tmp_path):
    # Import only adds and changes: members the row does not list stay, and the user is told.
    path = bad_book(tmp_path / "group.xlsx", [("有关街道", "单位组", "", "梁山街道、竹山镇")])
    result = import_directory(sample_db, path)
    assert group_members(sample_db, unit_id_by_name(sample_db, "有关街道")) == [
        "梁山街道", "双桂街道", "仁贤街道", "合兴街道", "金带街道", "竹山镇"]
    assert result.notes == ["单位组“有关街道”:文件未列出的原有成员 双桂街道、仁贤街道、合兴街道、金带街道 已保留"
                            "(导入只增改,不删除;如需去掉请在名录中修改)"]
    assert "提示:单位组“有关街道”:文件未列出的原有成员" in result.to_text()


@pytest.mark.parametrize("units, message", [
    ([("区新局", "部门", "", "梁山街道")],
     "单位表第 2 行:“区新局”是部门,不是单位组,不能填写单位组成员;如是单位组,请把类别改为“单位组”"),
    ([("重点单位", "单位组", "", "梁山街道、有关街道")],
     "单位表第 2 行:单位组成员“有关街道”本身是单位组,成员只能是具体单位"),
    ([("重点单位", "单位组", "", "梁山街道、重点单位")], "单位表第 2 行:单位组“重点单位”不能以自己为成员"),
    ([("重点单位", "单位组", "", "区发改委")], "单位表第 2 行:单位组成员“区发改委”是“区发展改革委”的别名,请写正式名称"),
])
def test_bad_group_members_are_refused_with_their_row(sample_db, tmp_path, units, message):
    path = bad_book(tmp_path / "members.xlsx", units)
    refused(sample_db, path, message)


def test_formulas_without_a_saved_value_are_named_by_row(fresh_db, tmp_path):
    # openpyxl, like most programs but unlike Excel or WPS, saves a formula without its result.
    path = bad_book(tmp_path / "formulas.xlsx", [("区财政局", "部门"), ("城东街道", '=IF(1,"乡镇(街道)","")'),
                                                 ('="区教委"', "")])
    before = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError) as error:
        import_directory(fresh_db, path)
    assert ("单位表第 3 行:“类别”是公式,文件中没有保存计算结果;请在 Excel 或 WPS 中打开并保存后再导入,或改填文字"
            in str(error.value))
    assert "单位表第 4 行:“单位名称”是公式" in str(error.value)
    assert logical_dump(fresh_db) == before


def test_the_same_person_twice_on_the_staff_sheet_is_refused_with_both_rows(fresh_db, tmp_path):
    path = bad_book(tmp_path / "staff.xlsx", [("区财政局", "部门")])
    book = load_workbook(path)
    staff = book.create_sheet("工作人员")
    for row in (["姓名", "职务"], ["王建国", "主任"], ["王建国", "副主任"]):
        staff.append(row)
    book.save(path)
    before = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError, match="工作人员表第 3 行:“王建国”与第 2 行重复,同一人只能写一行"):
        import_directory(fresh_db, path)
    assert logical_dump(fresh_db) == before


def test_a_unit_named_like_a_group_but_given_another_kind_is_noted(fresh_db, tmp_path):
    result = import_directory(fresh_db, bad_book(tmp_path / "x.xlsx", [("有关部门", "部门")]))
    assert result.notes == ["“有关部门”的写法像单位组(如“有关部门”“各乡镇(街道)”),却写为部门,已按所写类别加入,请核对"]


def test_numbers_as_unit_names_or_aliases_are_refused(fresh_db, tmp_path):
    path = bad_book(tmp_path / "numbers.xlsx", [(110, "部门"), (3.5, ""), ("区财政局", "部门", 12345)])
    before = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError) as error:
        import_directory(fresh_db, path)
    for message in ("单位表第 2 行:单位名称“110”只有数字或符号,不像单位名称,请核对", "单位表第 3 行:单位名称“3.5”",
                    "单位表第 4 行:别名“12345”只有数字或符号,不像单位的别名,请核对"):
        assert message in str(error.value)
    assert logical_dump(fresh_db) == before


def test_a_merged_kind_cell_over_several_rows_is_refused(fresh_db, tmp_path):
    path = bad_book(tmp_path / "merged.xlsx", [("区财政局", "部门"), ("区教委", ""), ("人民医院", ""),
                                               ("城东街道", "乡镇(街道)", "", "", "")])
    book = load_workbook(path)
    book["单位"].merge_cells("B2:B4")
    book["单位"].merge_cells("E2:E5")   # empty: nothing is lost, no complaint
    book.save(path)
    before = logical_dump(fresh_db)
    with pytest.raises(DirectoryFileError) as error:
        import_directory(fresh_db, path)
    assert str(error.value).endswith(
        "单位表第 2–4 行:“类别”是合并单元格,只有第一行读得到内容;请取消合并、逐行填写后再导入")
    assert logical_dump(fresh_db) == before
