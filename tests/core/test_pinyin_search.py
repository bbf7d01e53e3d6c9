"""Finding units by what an office types: characters, pinyin initials, full pinyin."""

import pytest

from duchaban.core.pinyin_search import match_rank, matches_text, pinyin_keys


@pytest.mark.parametrize("query, name", [
    ("fgw", "区发展改革委"),     # 发改委, the way offices say it
    ("FGW", "区发展改革委"),
    ("qfzggw", "区发展改革委"),
    ("fazhan", "区发展改革委"),
    ("gaige", "区发展改革委"),
    ("发展", "区发展改革委"),
    ("jxw", "区经济信息委"),
    ("xcb", "区委宣传部"),
    ("lsjd", "梁山街道"),
    ("gyyq", "工业园区管委会"),
    ("", "区财政局"),
])
def test_found(query, name):
    assert matches_text(query, name)


@pytest.mark.parametrize("query, name", [
    ("gw", "区发展改革委"),      # initials must start where the name or its stem starts
    ("cz", "区发展改革委"),
    ("教育", "区发展改革委"),
    ("fgwx", "区发展改革委"),
    ("gy", "区农业农村委"),      # nong|ye: full pinyin is read from the start of a syllable
])
def test_not_found(query, name):
    assert not matches_text(query, name)


def test_keys_and_ranking():
    assert pinyin_keys("区财政局") == ("qczj", "qucaizhengju")
    assert match_rank("czj", "区财政局") == 1
    assert match_rank("财政", "区财政局") == 0
    assert match_rank("fgw", "区发展改革委") == 3
    assert match_rank("xyz", "区财政局") is None


def test_order_key_sorts_chinese_by_pinyin_and_numbers_by_value():
    from duchaban.core.pinyin_search import pinyin_order_key

    names = ["龙门镇", "区财政局", "安胜镇", "金带街道", "第10条", "第2条", "碧山镇", "重庆市", "中心", ""]
    assert sorted(names, key=pinyin_order_key) == [
        "", "安胜镇", "碧山镇", "重庆市", "第2条", "第10条", "金带街道", "龙门镇", "区财政局", "中心"]
    # By character code 龙 (U+9F99) would come after 区 (U+533A); by pinyin long < qu.
    assert pinyin_order_key("龙门镇") < pinyin_order_key("区财政局")
    # ba before bai whatever the tones (八 ba1, 把 ba3, 白 bai2); a key is a string, so Qt can
    # compare it in C++ as a tree's sort role.
    assert sorted(["白", "把", "八"], key=pinyin_order_key) == ["八", "把", "白"]
    assert isinstance(pinyin_order_key("区财政局"), str)
