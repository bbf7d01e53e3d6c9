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
