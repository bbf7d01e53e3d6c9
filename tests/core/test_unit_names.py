import pytest
from hypothesis import given
from hypothesis import strategies as st

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


PLACES = ("区", "县", "市", "梁平区", "城口县", "万州区", "重庆市", "石柱土家族自治县", "鄂托克旗", "重庆市梁平区")
DEPARTMENTS = ("财政局", "经济和信息化委员会", "发展改革委", "人力资源和社会保障局", "政府办公室", "人武部",
               "供销合作社", "融媒体中心", "人民法院", "公安局交通巡逻警察支队", "应急管理局")
TOWNS = ("葛城街道", "巴山镇", "龙胜乡", "梁山街道办事处")
OTHERS = ("供电公司", "第一中学", "邮政分公司")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("body", DEPARTMENTS)
def test_department_named_with_its_place_is_a_department(place, body):
    assert guess_kind(place + body) == "department"


@pytest.mark.parametrize("place", PLACES)
def test_the_place_prefix_does_not_change_other_kinds(place):
    assert [guess_kind(place + t) for t in TOWNS] == ["town"] * len(TOWNS)
    assert [guess_kind(place + o) for o in OTHERS] == ["other"] * len(OTHERS)
    assert guess_kind(place + "工业园区管委会") == "committee"


@pytest.mark.parametrize("name", ["城口县经济和信息化委员会", "梁平区财政局", "城口县财政局"])
def test_reviewers_full_formal_names(name):
    assert guess_kind(name) == "department"


@pytest.mark.parametrize("name", ["梁平区", "城口县", "国网梁平供电公司", "财政局", "梁平日报社"])
def test_a_place_alone_or_no_place_is_no_department(name):
    assert guess_kind(name) == "other"


@given(stem=st.text(alphabet="梁平城口万州石柱巫溪秀山开", min_size=1, max_size=6),
       level=st.sampled_from(("区", "县", "市", "自治县", "旗")), body=st.sampled_from(DEPARTMENTS + TOWNS))
def test_any_place_name_classifies_by_the_suffix(stem, level, body):
    """Whatever the district is called, its prefix leaves the kind to the rest of the name."""
    assert guess_kind(stem + level + body) == guess_kind("区" + body)
