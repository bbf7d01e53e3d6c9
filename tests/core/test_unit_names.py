import pytest

from duchaban.core.unit_names import (
    group_member_kind,
    guess_kind,
    is_group_token,
    normalize_name,
    split_unit_list,
)


def test_normalize_full_width_and_spaces():
    assert normalize_name(" 各乡镇（街道）。") == "各乡镇(街道)"
    assert normalize_name("区 科技局") == "区科技局"


def test_split_keeps_brackets_whole_and_drops_repeats():
    assert split_unit_list("区科技局、各乡镇(街道、园区),区科技局;区教委等。") == [
        "区科技局", "各乡镇(街道、园区)", "区教委"]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("区发展改革委", "department"), ("区人武部", "department"), ("区供销合作社", "department"),
        ("竹山镇", "town"), ("龙胜乡", "town"), ("梁山街道", "town"),
        ("工业园区管委会", "committee"), ("双桂新城管委", "committee"),
        ("各乡镇(街道)", "group"), ("区政府有关部门", "group"), ("有关街道", "group"),
        ("国网梁平供电公司", "other"),
    ],
)
def test_guess_kind(name, kind):
    assert guess_kind(name) == kind


@pytest.mark.parametrize(
    "token, member_kind",
    [("各乡镇(街道)", "town"), ("有关街道", "town"), ("区政府各部门", "department"), ("有关单位", None)],
)
def test_group_member_kind(token, member_kind):
    assert is_group_token(token)
    assert group_member_kind(token) == member_kind


def test_plain_unit_is_not_a_group():
    assert not is_group_token("区政府办公室")
