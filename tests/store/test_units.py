import re

import pytest
from helpers import logical_dump

from duchaban.core.errors import StoreError
from duchaban.store.unit_edits import add_unit_alias, create_unit
from duchaban.store.unit_groups import group_members
from duchaban.store.units import load_directory


def unit_id(db, name):
    return db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()[0]


def test_starter_directory_loaded_in_demo(sample_db):
    d = load_directory(sample_db)
    assert d.lookup("区经济信委") == ("区经济信息委", "alias")
    assert d.lookup("新城管委会") == ("双桂新城管委会", "alias")
    assert d.kinds["梁山街道"] == "town"
    assert sum(1 for k in d.kinds.values() if k == "town") == 33


def test_group_members_by_kind_and_explicit(sample_db):
    towns = group_members(sample_db, unit_id(sample_db, "各乡镇(街道)"))
    assert len(towns) == 33 and "竹山镇" in towns
    assert group_members(sample_db, unit_id(sample_db, "有关街道")) == [
        "梁山街道", "双桂街道", "仁贤街道", "合兴街道", "金带街道"]
    departments = group_members(sample_db, unit_id(sample_db, "区政府各部门"))
    assert "区财政局" in departments and "竹山镇" not in departments


def test_alias_added_is_used_by_the_next_match(sample_db):
    with sample_db.atomic():
        assert add_unit_alias(sample_db, unit_id=unit_id(sample_db, "区财政局"), alias="区财政", who="测试")
    assert load_directory(sample_db).lookup("区 财政") == ("区财政局", "alias")


@pytest.mark.parametrize(
    "alias, message",
    [("区科技局", "正式名称"), ("区经信委", "已是“区经济信息委”的别名"), ("  ", "不能为空")],
)
def test_bad_aliases(sample_db, alias, message):
    with pytest.raises(StoreError, match=message):
        add_unit_alias(sample_db, unit_id=unit_id(sample_db, "区财政局"), alias=alias)


def test_duplicate_unit_and_bad_kind(sample_db):
    with pytest.raises(StoreError, match="已存在"):
        create_unit(sample_db, name="区财政局", kind="department")
    with pytest.raises(StoreError, match="未知的单位类别"):
        create_unit(sample_db, name="某单位", kind="company")


@pytest.mark.parametrize("name, message", [
    ("区 财政局", "“区 财政局”与已有单位“区财政局”只差空格或标点,不能新建同名单位;如确是另一个单位,请改用不同的名称"),
    ("区财政局\u200b", "与已有单位“区财政局”只差空格或标点"),
    ("区教委。", "“区教委。”与已有单位“区教委”只差空格或标点"),
    ("各乡镇（街道）", "与已有单位“各乡镇(街道)”只差空格或标点"),
    ("区发改委", "“区发改委”是已有单位“区发展改革委”的别名,不能新建同名单位"),
])
def test_a_new_unit_named_like_an_existing_one_is_refused(sample_db, name, message):
    # Plan matching would otherwise send the real unit's tasks to the near-duplicate.
    before = logical_dump(sample_db)
    with pytest.raises(StoreError) as error:
        create_unit(sample_db, name=name, kind="department")
    assert message in str(error.value)
    assert logical_dump(sample_db) == before


def test_an_alias_that_is_another_units_name_but_for_spaces_is_refused(sample_db):
    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match=re.escape("“区 财政局”是另一个单位的正式名称(与“区财政局”只差空格或标点)")):
        add_unit_alias(sample_db, unit_id=unit_id(sample_db, "区发展改革委"), alias="区 财政局")
    assert logical_dump(sample_db) == before


def test_a_refused_name_is_free_again_after_a_rolled_back_insert(fresh_db):
    # The cache of cleaned names must not keep a unit whose insert was rolled back.
    with pytest.raises(RuntimeError), fresh_db.atomic():
        create_unit(fresh_db, name="区财政局", kind="department")
        raise RuntimeError
    assert create_unit(fresh_db, name="区 财政局", kind="department").created


def test_renaming_a_unit_to_another_units_name_but_for_a_space_is_refused(sample_db):
    from duchaban.store.unit_edits import change_unit

    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match="“区 财政局”与已有单位“区财政局”只差空格或标点,不能改为这个名称"):
        change_unit(sample_db, unit_id=unit_id(sample_db, "区科技局"), name="区 财政局")
    assert logical_dump(sample_db) == before
    # Its own name differently punctuated is no other unit's.
    assert change_unit(sample_db, unit_id=unit_id(sample_db, "区科技局"), name="区科技局。")


def test_a_unit_added_by_another_connection_is_seen(fresh_db_path):
    from duchaban.store.database import open_database

    first, second = open_database(fresh_db_path), open_database(fresh_db_path)
    try:
        create_unit(first, name="区科技局", kind="department")   # fills the first connection's cache
        create_unit(second, name="区财政局", kind="department")
        with pytest.raises(StoreError, match="与已有单位“区财政局”只差空格或标点"):
            create_unit(first, name="区 财政局", kind="department")
    finally:
        first.close()
        second.close()
