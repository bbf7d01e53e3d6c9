"""Setting up a district in the store: the office's name, and directory files loaded in any order."""

import pytest
from helpers import logical_dump

from duchaban.assets import resource_path
from duchaban.core.errors import DuchabanError, StoreError
from duchaban.store.bulletins import bulletin_snapshot
from duchaban.store.settings import OfficeNotSet, office_name, office_or_none, set_office
from duchaban.store.unit_directory_file import load_directory_file, load_directory_lines
from duchaban.store.unit_groups import group_members
from duchaban.store.units import list_units, unit_id_by_name

UNITS = resource_path("units-liangping.tsv")
TOWNS = resource_path("liangping-towns-2021.txt")


def test_office_unset_refuses_a_masthead_then_set_and_undo(fresh_db):
    with pytest.raises(OfficeNotSet, match="office set"):
        office_name(fresh_db)
    before = set_office(fresh_db, name=None, district="巫溪县", who="测试")
    assert before == (None, None)
    assert office_name(fresh_db) == "巫溪县人民政府督查办公室"
    assert office_or_none(fresh_db) == ("巫溪县人民政府督查办公室", "巫溪县")
    audit = fresh_db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'setting'").fetchone()[0]
    assert audit == 2


def test_bad_office_name_leaves_the_database_unchanged(fresh_db):
    set_office(fresh_db, name="梁平区人民政府督查办公室", who="测试")
    dump = logical_dump(fresh_db)
    with pytest.raises(DuchabanError, match="缺少区县名"):
        set_office(fresh_db, name="区人民政府督查办公室", who="测试")
    assert logical_dump(fresh_db) == dump


def test_bulletin_of_an_unnamed_office_is_refused(sample_db):
    sample_db.execute("DELETE FROM setting WHERE key = 'office'")
    with pytest.raises(OfficeNotSet):
        bulletin_snapshot(sample_db, plan_id=1, period_code="2021Q2")


@pytest.mark.parametrize("order", [(UNITS, TOWNS), (TOWNS, UNITS)])
def test_directory_loads_in_any_order(fresh_db_path, tmp_path, order):
    from duchaban.store.database import open_database

    db = open_database(fresh_db_path)
    first = load_directory_file(db, order[0], who="测试")
    second = load_directory_file(db, order[1], who="测试")
    streets = group_members(db, unit_id_by_name(db, "有关街道"))
    assert sorted(streets) == sorted(["梁山街道", "双桂街道", "仁贤街道", "合兴街道", "金带街道"])
    kinds = {r["name"]: r["kind"] for r in list_units(db)}
    assert kinds["梁山街道"] == "town" and kinds["区发展改革委"] == "department"
    assert sum(1 for k in kinds.values() if k == "town") == 33
    if order[0] == UNITS:
        assert len(first.notes) == 5 and all("已按名称作为乡镇(街道)加入" in n for n in first.notes)
        assert "梁山街道" not in second.added
    else:
        assert first.notes == [] and second.notes == []
    # Loading a file again adds nothing.
    assert load_directory_file(db, order[0], who="测试").added == []
    db.close()


def test_pasted_list_guesses_kinds_and_keeps_order(fresh_db):
    loaded = load_directory_lines(fresh_db, ["区发展改革委", "", "  梁山街道 ", "工业园区管委会", "区财政局",
                                             "各乡镇(街道)", "区融媒体中心"], who="测试")
    assert loaded.added == ["区发展改革委", "梁山街道", "工业园区管委会", "区财政局", "各乡镇(街道)", "区融媒体中心"]
    rows = [(r["kind"], r["name"]) for r in list_units(fresh_db)]
    # Official order: departments, towns, committees, other units, groups; each in the order entered.
    assert rows == [("department", "区发展改革委"), ("department", "区财政局"), ("department", "区融媒体中心"),
                    ("town", "梁山街道"), ("committee", "工业园区管委会"), ("group", "各乡镇(街道)")]


@pytest.mark.parametrize("lines, message", [
    (["部委\t区财政局"], "第 1 行:未知的单位类别“部委”"),
    (["department\t区财政局", "department\t"], "第 2 行:缺少单位名称"),
])
def test_bad_directory_lines_change_nothing(fresh_db, lines, message):
    dump = logical_dump(fresh_db)
    with pytest.raises(StoreError, match=message):
        load_directory_lines(fresh_db, lines, who="测试")
    assert logical_dump(fresh_db) == dump


def test_a_unit_already_present_gains_the_files_aliases(fresh_db):
    load_directory_lines(fresh_db, ["区经济信息委", "区科技局"], who="测试")
    loaded = load_directory_lines(fresh_db, ["department\t区经济信息委\t区经济信委、区经信委",
                                             "department\t区科技局\t区经信委、区科委"], who="测试")
    assert loaded.added == []
    aliases = {r["name"]: r["aliases"] for r in list_units(fresh_db)}
    assert aliases == {"区经济信息委": ["区经信委", "区经济信委"], "区科技局": ["区科委"]}
    # 区经信委 belongs to another unit: reported, not moved, and the rest of the file still loads.
    assert loaded.notes == ["“区科技局”的别名未加入:“区经信委”已是“区经济信息委”的别名"]


@pytest.mark.parametrize("content, message", [
    ("部门\t区财政局\n".encode("utf-16-le"), "编码无法识别(可能是不带 BOM 的 UTF-16"),
    (b"PK\x03\x04\x14\x00\x00\x00", "是 Excel 工作簿,不是文本名录;Excel 名录请用 duchaban units import 导入"),
    ("部委\t区财政局\n".encode(),
     "第 1 行:未知的单位类别“部委”(应为 部门、乡镇(街道)、管委会、其他单位、单位组、镇、乡、街道 之一)"),
])
def test_unreadable_directory_files_are_refused_in_chinese(fresh_db, tmp_path, content, message):
    path = tmp_path / "名录.txt"
    path.write_bytes(content)
    dump = logical_dump(fresh_db)
    with pytest.raises(StoreError) as error:
        load_directory_file(fresh_db, path, who="测试")
    assert message in str(error.value)
    assert logical_dump(fresh_db) == dump


def test_a_utf16_file_with_bom_loads(fresh_db, tmp_path):
    path = tmp_path / "名录.txt"
    path.write_text("部门\t区财政局\n乡镇(街道)\t梁山街道\n", encoding="utf-16")
    assert load_directory_file(fresh_db, path, who="测试").added == ["区财政局", "梁山街道"]


@pytest.mark.parametrize("lines, messages", [
    (["department\t区 财政局", "区教委。", "department\t区科技局\u200b", "group\t各乡镇（街道）"],
     ["第 1 行的“区 财政局”与已有单位“区财政局”只差空格或标点,不能新建同名单位;如确是另一个单位,请改用不同的名称",
      "第 3 行的“区科技局\u200b”与已有单位“区科技局”", "第 4 行的“各乡镇（街道）”与已有单位“各乡镇(街道)”"]),
    (["区发改委", "department\t区府办"], ["第 1 行的“区发改委”是已有单位“区发展改革委”的别名",
                                          "第 2 行的“区府办”是已有单位“区政府办公室”的别名"]),
    (["department\t区新局", "other\t区新局"], ["第 2 行:“区新局”与第 1 行重复,同一单位只能写一行"]),
    (["department\t区甲局\t区乙局", "department\t区乙局"],
     ["第 1 行:别名“区乙局”是另一个单位“区乙局”的正式名称,不能作为“区甲局”的别名"]),
    (["group\t有关局\t\t区 财政局"], ["第 1 行:单位组“有关局”的成员“区 财政局”与已有单位“区财政局”只差空格或标点"]),
])
def test_directory_lines_naming_existing_units_but_for_spaces_are_refused(sample_db, lines, messages):
    dump = logical_dump(sample_db)
    with pytest.raises(StoreError) as error:
        load_directory_lines(sample_db, lines, who="测试")
    for message in messages:
        assert message in str(error.value)
    assert logical_dump(sample_db) == dump


@pytest.mark.parametrize("line", ["部门 区财政局", "乡镇（街道）    城东街道", "department 区科技局"])
def test_a_kind_and_name_separated_by_spaces_is_refused(fresh_db, line):
    dump = logical_dump(fresh_db)
    with pytest.raises(StoreError) as error:
        load_directory_lines(fresh_db, ["区发展改革委", line], who="测试")
    assert f"第 2 行:“{line}”的类别和名称之间是空格,分不清哪些是名称;请用制表符(Tab)分隔类别和名称" in str(error.value)
    assert logical_dump(fresh_db) == dump


def test_loading_names_without_kinds_lists_the_kinds_guessed(fresh_db, tmp_path):
    path = tmp_path / "名录.txt"
    path.write_text("区融媒体中心\n有关单位\n区政府\n部门\t区财政局\n", encoding="utf-8")
    loaded = load_directory_file(fresh_db, path, who="测试")
    assert loaded.kinds_guessed == ["区融媒体中心(部门)", "有关单位(单位组)", "区政府(其他单位)"]
    assert ("提示:以下单位未写类别,已按名称判断,请核对:区融媒体中心(部门)、有关单位(单位组)、区政府(其他单位)"
            in loaded.to_text())


def test_loading_a_different_kind_for_a_unit_says_it_was_kept(sample_db):
    loaded = load_directory_lines(sample_db, ["乡镇(街道)\t区财政局", "部门\t区科技局"], who="测试")
    assert loaded.notes == ["第 1 行:“区财政局”已在名录中,类别为部门,文件写作乡镇(街道),未修改;如需修改请在名录中改"]
    assert {u["name"]: u["kind"] for u in list_units(sample_db)}["区财政局"] == "department"


def test_loading_a_group_keeps_members_the_file_does_not_list(sample_db):
    loaded = load_directory_lines(sample_db, ["单位组\t有关街道\t\t梁山街道"], who="测试")
    assert group_members(sample_db, unit_id_by_name(sample_db, "有关街道")) == [
        "梁山街道", "双桂街道", "仁贤街道", "合兴街道", "金带街道"]
    assert loaded.notes == ["单位组“有关街道”:文件未列出的原有成员 双桂街道、仁贤街道、合兴街道、金带街道 已保留"
                            "(导入只增改,不删除;如需去掉请在名录中修改)"]


@pytest.mark.parametrize("lines, message", [
    (["部门\t区新局\t\t梁山街道"], "第 1 行:“区新局”是部门,不是单位组,不能填写单位组成员"),
    (["单位组\t重点单位\t\t梁山街道、有关街道"],
     "第 1 行:单位组“重点单位”的成员“有关街道”本身是单位组,成员只能是具体单位"),
    (["单位组\t重点单位\t\t重点单位"], "第 1 行:单位组“重点单位”不能以自己为成员"),
    (["部门\t区甲局\t甲乙", "部门\t区乙局\t甲乙"], "第 2 行:别名“甲乙”在第 1 行已是“区甲局”的别名,不能两个单位共用"),
])
def test_bad_group_members_and_shared_aliases_are_refused_with_their_line(sample_db, lines, message):
    dump = logical_dump(sample_db)
    with pytest.raises(StoreError) as error:
        load_directory_lines(sample_db, lines, who="测试")
    assert message in str(error.value)
    assert logical_dump(sample_db) == dump


def test_a_stray_tab_after_a_name_alone_is_one_name(fresh_db):
    loaded = load_directory_lines(fresh_db, ["区财政局\t", "城东街道"], who="测试")
    assert loaded.added == ["区财政局", "城东街道"]
    with pytest.raises(StoreError, match="第 1 行:缺少单位名称"):
        load_directory_lines(fresh_db, ["部门\t"], who="测试")


def test_a_new_group_member_one_character_from_a_unit_is_a_question(sample_db):
    dump = logical_dump(sample_db)
    with pytest.raises(StoreError, match="第 1 行:单位组“有关街道”的成员“梁山街到”不在名录中,与“梁山街道”只差一个字;"
                                         "如是同一单位请改正,如确是新单位请先单独写一行加入"):
        load_directory_lines(sample_db, ["单位组\t有关街道\t\t梁山街到、双桂街道"], who="测试")
    assert logical_dump(sample_db) == dump


def test_an_alias_for_a_unit_present_that_is_another_units_name_is_noted(sample_db):
    loaded = load_directory_lines(sample_db, ["部门\t区发展改革委\t区 财政局"], who="测试")
    assert loaded.notes == ["“区发展改革委”的别名未加入:“区 财政局”是另一个单位的正式名称(与“区财政局”只差空格或标点),"
                            "不能作为“区发展改革委”的别名"]


def test_a_line_that_is_only_a_number_is_refused(fresh_db):
    dump = logical_dump(fresh_db)
    with pytest.raises(StoreError, match="第 2 行:单位名称“110”只有数字或符号,不像单位名称,请核对"):
        load_directory_lines(fresh_db, ["区财政局", "110"], who="测试")
    assert logical_dump(fresh_db) == dump
