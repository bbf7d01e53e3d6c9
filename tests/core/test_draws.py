import pytest

from duchaban.core.draws import draw, pool_hash

TOWNS = [f"镇{i:02d}" for i in range(33)]


def test_same_pool_and_seed_give_the_same_draw_whatever_the_order():
    a = draw(TOWNS, 5, "2021-随机-01")
    b = draw(list(reversed(TOWNS)), 5, "2021-随机-01")
    assert a.chosen == b.chosen and a.pool_sha256 == b.pool_sha256
    assert len(set(a.chosen)) == 5


def test_a_changed_pool_changes_its_hash_and_another_seed_the_draw():
    assert pool_hash(TOWNS) != pool_hash(TOWNS[:-1])
    assert draw(TOWNS, 5, "a").chosen != draw(TOWNS, 5, "b").chosen


def test_exclusions_and_refusals_are_recorded():
    result = draw(TOWNS, 3, "seed", exclude=["镇00", "镇01"], refuse=lambda t: "回避" if t.endswith("5") else None)
    assert not {"镇00", "镇01"} & set(result.chosen)
    assert all(not c.endswith("5") for c in result.chosen)
    assert result.excluded == ("镇00", "镇01")
    assert sum(a["kept"] for a in result.attempts) == 3
    assert all(a["reason"] == "回避" for a in result.attempts if not a["kept"])


def test_too_few_candidates():
    with pytest.raises(ValueError, match="只有 2 个"):
        draw(["甲", "乙"], 3, "s")
    with pytest.raises(ValueError, match="大于 0"):
        draw(["甲"], 0, "s")
