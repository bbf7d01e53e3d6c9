import pytest

from duchaban.core.unit_matching import (
    ALIAS,
    AMBIGUOUS,
    KNOWN,
    NEAR,
    NEAR_SCORE,
    NEW,
    SUGGEST_SCORE,
    USER,
    UnitDirectory,
    is_near_miss,
    name_similarity,
    name_stem,
    rank_candidates,
    resolve_names,
)


def directory():
    d = UnitDirectory()
    d.add("区经济信息委", "department", aliases=["区经信委"])
    d.add("双桂新城管委会", "committee")
    d.add("工业园区管委会", "committee")
    d.add("各乡镇(街道)", "group")
    return d


def test_exact_alias_and_full_width_forms_resolve_silently():
    m = resolve_names(["区经济信息委", "区经信委", "各乡镇（街道）"], directory())
    assert (m["区经济信息委"].status, m["区经济信息委"].canonical) == (KNOWN, "区经济信息委")
    assert (m["区经信委"].status, m["区经信委"].canonical) == (ALIAS, "区经济信息委")
    assert m["各乡镇（街道）"].canonical == "各乡镇(街道)"


def test_near_misses_resolve_to_the_one_candidate_and_are_reported():
    m = resolve_names(["区经济信委", "双桂新城管委", "新城管委会"], directory())
    assert {n: (x.status, x.canonical) for n, x in m.items()} == {
        "区经济信委": (NEAR, "区经济信息委"),
        "双桂新城管委": (NEAR, "双桂新城管委会"),
        "新城管委会": (NEAR, "双桂新城管委会"),
    }
    assert all(x.needs_review for x in m.values())


def test_near_miss_among_names_new_to_the_directory_prefers_the_common_spelling():
    names = ["区农业农村委"] * 5 + ["区农业农委"]
    m = resolve_names(names, UnitDirectory())
    assert (m["区农业农村委"].status, m["区农业农村委"].canonical) == (NEW, "区农业农村委")
    assert (m["区农业农委"].status, m["区农业农委"].canonical) == (NEAR, "区农业农村委")


def test_two_candidates_is_ambiguous_and_unresolved():
    d = UnitDirectory()
    d.add("区城市管理局", "department")
    d.add("区城乡管理局", "department")
    m = resolve_names(["区城管理局"], d)["区城管理局"]
    assert m.status == AMBIGUOUS
    assert not m.resolved
    assert set(m.candidates) == {"区城市管理局", "区城乡管理局"}
    assert "请指定" in m.describe()


def test_user_decision_wins():
    d = directory()
    m = resolve_names(["新城管委会", "区某某中心"], d, {"新城管委会": "工业园区管委会", "区某某中心": "区某某中心"})
    assert (m["新城管委会"].status, m["新城管委会"].canonical) == (USER, "工业园区管委会")
    assert (m["区某某中心"].status, m["区某某中心"].canonical) == (USER, "区某某中心")


def test_unknown_group_token_is_new_never_fuzzy():
    m = resolve_names(["有关街道"], directory())["有关街道"]
    assert (m.status, m.canonical) == (NEW, "有关街道")


def test_near_miss_needs_same_kind_and_enough_length():
    assert not is_near_miss("区委", "区委宣传部")
    assert not is_near_miss("竹山镇", "竹山镇人民政府办公室")
    assert not is_near_miss("区教委", "区教育局")
    assert is_near_miss("区发展和改革委", "区发展改革委")


def test_a_misspelt_alias_is_suggested_not_created():
    # The case: 区经信委会 was offered as a new unit beside 区经济信息委 (alias 区经信委).
    m = resolve_names(["区经信委会"], directory())["区经信委会"]
    assert (m.status, m.canonical, m.suggested) == (NEAR, "区经济信息委", "区经济信息委")
    assert m.candidates[0] == "区经济信息委" and m.scores[0] == 100.0
    assert "按近似名称匹配为“区经济信息委”" in m.describe()


def test_a_new_name_carries_its_weaker_candidates_and_no_default():
    d = directory()
    d.add("区文化旅游委", "department", aliases=["区文旅委"])
    m = resolve_names(["区旅游局"], d)["区旅游局"]
    assert m.status == NEW and m.suggested is None
    assert m.candidates[0] == "区文化旅游委" and SUGGEST_SCORE <= m.scores[0] < NEAR_SCORE
    assert "相近的有:区文化旅游委" in m.describe()


def test_unrelated_names_have_no_candidates():
    m = resolve_names(["区气象局"], directory())["区气象局"]
    assert (m.status, m.candidates) == (NEW, ())


@pytest.mark.parametrize("name, stem", [
    ("区经信委会", "经信委"),
    ("区经济信息委员会", "经济信息委"),
    ("双桂新城管委", "双桂新城管委会"),
    ("工业园区管理委员会", "工业园区管委会"),
    ("梁山街道办事处", "梁山街道"),
    ("区委宣传部", "区委宣传部"),
    ("仁贤镇人民政府", "仁贤镇"),
])
def test_name_stem_understands_prefix_and_kind_suffix(name, stem):
    assert name_stem(name) == stem


def test_rank_candidates_best_first_and_across_kinds_never():
    d = directory()
    d.add("区城市管理局", "department", aliases=["区城管局"])
    d.add("区市场监管局", "department")
    ranked = rank_candidates("区城市管局", d)
    assert ranked[0][0] == "区城市管理局" and [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert name_similarity("竹山镇", "竹山镇人民政府办公室") == 0.0


def test_new_names_differing_only_in_punctuation_width_are_one_new_unit():
    from duchaban.core.unit_matching import NEW, UnitDirectory, resolve_names

    matches = resolve_names(["各乡镇(街道)", "各乡镇(街道)", "各乡镇（街道）", "县教育局"], UnitDirectory())
    assert {m.status for m in matches.values()} == {NEW}
    assert matches["各乡镇（街道）"].canonical == matches["各乡镇(街道)"].canonical == "各乡镇(街道)"
    assert "只差空格或标点" in matches["各乡镇（街道）"].describe()
