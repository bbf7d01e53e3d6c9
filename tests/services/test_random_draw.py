"""双随机: units and inspectors drawn together, recusals and recent visits respected, replayable."""

from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError, StoreError
from duchaban.services.random_draw import inspector_pool, random_draw, unit_pool
from duchaban.store.draws import replay_draw
from duchaban.store.recusals import add_recusal, inspector_refusals, list_recusals, remove_recusal

TOWNS_SEED = "2021-双随机-07"


def towns(db):
    return unit_pool(db, plan_id=1, unit_kind="town")


def test_same_seed_draws_the_same_units_and_inspectors(sample_db):
    a = random_draw(sample_db, pool=towns(sample_db), count=3, inspectors=2, seed=TOWNS_SEED, record=False)
    b = random_draw(sample_db, pool=list(reversed(towns(sample_db))), count=3, inspectors=2, seed=TOWNS_SEED,
                        record=False)
    assert a.units.chosen == b.units.chosen and a.inspectors.chosen == b.inspectors.chosen
    assert len(set(a.inspectors.chosen)) == 2 and set(a.inspectors.chosen) <= set(inspector_pool(sample_db))


def test_a_recused_inspector_is_passed_over_and_the_reason_kept(sample_db):
    plain = random_draw(sample_db, pool=towns(sample_db), count=3, inspectors=2, seed=TOWNS_SEED, record=False)
    first = plain.inspectors.chosen[0]
    add_recusal(sample_db, staff=first, unit=plain.units.chosen[0], reason="近亲属在该单位任职", who="王建国")
    result = random_draw(sample_db, pool=towns(sample_db), count=3, inspectors=2, seed=TOWNS_SEED, who="王建国")
    assert result.units.chosen == plain.units.chosen
    assert first not in result.inspectors.chosen
    refused = [a for a in result.inspectors.attempts if not a["kept"]]
    assert refused[0]["item"] == first and "近亲属在该单位任职" in refused[0]["reason"]
    # Both draws replay to the same result from what was stored.
    assert replay_draw(sample_db, result.unit_draw_id)[0]
    assert replay_draw(sample_db, result.inspector_draw_id)[0]


def test_inspectors_who_visited_a_drawn_unit_recently_stand_aside(sample_db):
    # 张伟 and 刘洋 inspected 竹山镇 on 2021-06-24.
    refusals = inspector_refusals(sample_db, units=["竹山镇"], on=date(2021, 7, 15))
    assert set(refusals) == {"张伟", "刘洋"} and "2021-06-24 已检查过竹山镇" in refusals["张伟"]
    assert inspector_refusals(sample_db, units=["竹山镇"], on=date(2021, 12, 31)) == {}


def test_too_few_inspectors_left_is_refused_and_nothing_recorded(sample_db):
    before = logical_dump(sample_db)
    with pytest.raises(DuchabanError, match="少于要抽取的 6 个"):
        random_draw(sample_db, pool=towns(sample_db), count=2, inspectors=6, seed="x")
    assert logical_dump(sample_db) == before


def test_recusals_are_listed_removed_and_refused_when_wrong(sample_db):
    add_recusal(sample_db, staff="陈静", unit="竹山镇", reason="曾在该镇工作")
    assert list_recusals(sample_db) == [{"staff": "陈静", "unit": "竹山镇", "reason": "曾在该镇工作"}]
    before = logical_dump(sample_db)
    for kwargs, message in ((dict(staff="陈静", unit="竹山镇", reason="重复"), "已登记"),
                            (dict(staff="无名氏", unit="竹山镇", reason="x"), "工作人员“无名氏”不存在"),
                            (dict(staff="陈静", unit="火星镇", reason="x"), "单位“火星镇”不存在"),
                            (dict(staff="陈静", unit="礼让镇", reason=" "), "请填写回避原因")):
        with pytest.raises(StoreError, match=message):
            add_recusal(sample_db, **kwargs)
    assert logical_dump(sample_db) == before
    remove_recusal(sample_db, staff="陈静", unit="竹山镇")
    assert list_recusals(sample_db) == []
