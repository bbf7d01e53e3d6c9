"""Inspections, findings to rectification and close-out, random draws in the store."""

from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.draws import draw
from duchaban.core.errors import StoreError
from duchaban.store.draws import record_draw, replay_draw
from duchaban.store.evidence import add_evidence, evidence_for, stored_path
from duchaban.store.inspections import (
    add_finding,
    close_finding,
    follow_up,
    get_finding,
    list_inspections,
    overdue_counts_by_unit,
    record_inspection,
    reopen_finding,
    task_findings,
)


def staff_id(db, name: str) -> int:
    return db.execute("SELECT id FROM staff WHERE name = ?", [name]).fetchone()[0]


@pytest.fixture
def inspection(sample_db):
    return record_inspection(sample_db, kind="open", title="二季度面上督查", started_on=date(2021, 6, 10), plan_id=1,
                             inspectors=["张伟", "陈静"], units=["区科技局"], task_numbers=[2], who="张伟").created


def test_record_and_list(sample_db, inspection):
    secret = record_inspection(sample_db, kind="unannounced", title="夜间暗访", started_on=date(2021, 6, 20),
                               units=["竹山镇"]).created
    visible = {r["id"]: r for r in list_inspections(sample_db)}
    assert inspection in visible and secret not in visible
    assert visible[inspection]["inspectors"] == "张伟、陈静" and visible[inspection]["kind_label"] == "面上督查"
    assert all(not r["confidential"] for r in visible.values())
    everything = {r["id"]: r for r in list_inspections(sample_db, include_confidential=True)}
    assert everything[secret]["confidential"] == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [({"kind": "party"}, "未知的督查方式"), ({"title": " "}, "需要标题"),
     ({"units": ["不存在的局"]}, "单位“不存在的局”不在单位名录中"),
     ({"inspectors": ["路人"]}, "“路人”不在工作人员名单中,不能作为督查人员。工作人员:王建国、李秀梅"),
     ({"task_numbers": [999]}, "任务“999”不存在"), ({"started_on": None}, "请填写督查日期")],
)
def test_bad_inspections_change_nothing(sample_db, kwargs, message):
    fields = {"kind": "open", "title": "督查", "started_on": date(2021, 6, 1), "plan_id": 1, **kwargs}
    before = "\n".join(sample_db.conn.iterdump())
    with pytest.raises(StoreError, match=message):
        record_inspection(sample_db, **fields)
    assert "\n".join(sample_db.conn.iterdump()) == before


def test_finding_to_close_out(sample_db, inspection, tmp_path):
    finding = add_finding(sample_db, inspection_id=inspection, unit="区科技局", task_number=2,
                          description="台账资料不完整", demand="一周内补齐", deadline_on=date(2021, 6, 30),
                          reported_by="张伟").created
    follow_up(sample_db, finding_id=finding, text="已安排专人整理", on_date=date(2021, 6, 15), status="rectifying")
    follow_up(sample_db, finding_id=finding, text="资料已补齐", on_date=date(2021, 6, 25), status="rectified")
    with pytest.raises(StoreError, match="佐证材料"):
        close_finding(sample_db, finding_id=finding, verifier_id=staff_id(sample_db, "陈静"),
                      closed_on=date(2021, 6, 28))
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg")
    uuid_ = get_finding(sample_db, finding)["uuid"]
    add_evidence(sample_db, path=photo, owner_kind="finding", owner_uuid=uuid_)
    with pytest.raises(StoreError, match="核验人不能是问题的发现人"):
        close_finding(sample_db, finding_id=finding, verifier_id=staff_id(sample_db, "张伟"),
                      closed_on=date(2021, 6, 28))
    close_finding(sample_db, finding_id=finding, verifier_id=staff_id(sample_db, "陈静"),
                      closed_on=date(2021, 6, 28), opinion="同意销号")
    assert get_finding(sample_db, finding)["status"] == "closed"
    [evidence] = evidence_for(sample_db, owner_kind="finding", owner_uuid=uuid_)
    assert stored_path(sample_db, evidence["sha256"], evidence["file_name"]).read_bytes() == photo.read_bytes()
    reopen_finding(sample_db, finding_id=finding, reason="复查发现资料不实")
    assert get_finding(sample_db, finding)["status"] == "reopened"
    assert sample_db.execute("SELECT reopen_reason FROM close_out WHERE finding_id = ?",
                             [finding]).fetchone()[0] == "复查发现资料不实"
    [row] = task_findings(sample_db, sample_db.execute("SELECT id FROM task WHERE number = 2").fetchone()[0])
    assert row["status_label"] == "重新整改"


def test_status_rules(sample_db, inspection):
    finding = add_finding(sample_db, inspection_id=inspection, unit="区科技局", description="进度滞后").created
    with pytest.raises(StoreError, match="销号请使用"):
        follow_up(sample_db, finding_id=finding, text="x", on_date=date(2021, 6, 1), status="closed")
    with pytest.raises(StoreError, match="不能从“待整改”改为“重新整改”"):
        follow_up(sample_db, finding_id=finding, text="x", on_date=date(2021, 6, 1), status="reopened")
    with pytest.raises(StoreError, match="不能从"):
        reopen_finding(sample_db, finding_id=finding, reason="x")


def test_overdue_findings_are_counted_per_unit(sample_db, inspection):
    before = overdue_counts_by_unit(sample_db, today=date(2021, 7, 15))
    add_finding(sample_db, inspection_id=inspection, unit="区科技局", description="a", deadline_on=date(2021, 6, 30))
    add_finding(sample_db, inspection_id=inspection, unit="区科技局", description="b", deadline_on=date(2021, 7, 30))
    add_finding(sample_db, inspection_id=inspection, unit="竹山镇", description="c", deadline_on=date(2021, 6, 1))
    after = overdue_counts_by_unit(sample_db, today=date(2021, 7, 15))
    added = {unit: after[unit] - before.get(unit, 0) for unit in after if after[unit] != before.get(unit, 0)}
    assert added == {"区科技局": 1, "竹山镇": 1}
    assert before["竹山镇"] == 1  # the demo's own overdue finding (deadline 2021-07-05, still open)


def test_deadline_in_working_days(sample_db, inspection):
    finding = add_finding(sample_db, inspection_id=inspection, unit="区科技局", description="a",
                          deadline_working_days=5).created
    assert get_finding(sample_db, finding)["deadline_on"] > date.today().isoformat()


def test_draw_recorded_and_replayed(sample_db):
    towns = [r[0] for r in sample_db.execute("SELECT name FROM unit WHERE kind = 'town'")]
    result = draw(towns, 3, "2021-第1次", refuse=lambda t: "回避" if t == "梁山街道" else None)
    draw_id = record_draw(sample_db, kind="units", result=result, who="王建国")
    same, again = replay_draw(sample_db, draw_id)
    assert same and again.chosen == result.chosen
    sample_db.execute("UPDATE random_draw SET seed = 'tampered' WHERE id = ?", [draw_id])
    assert replay_draw(sample_db, draw_id)[0] is False


def test_burden_and_recent_inspection_warning(sample_db, inspection):
    from duchaban.store.inspections import inspection_burden, recent_inspections

    burden = {b["name"]: b for b in inspection_burden(sample_db, starts_on=date(2021, 4, 1), ends_on=date(2021, 6, 30),
                                                      include_confidential=True)}
    assert burden["区科技局"]["open"] == 1 and burden["区科技局"]["total"] == 1
    assert burden["工业园区管委会"]["scheduled"] == 1
    assert burden["区城市管理局"]["unannounced"] == 1  # the 暗访 of 2021-06-29
    unless_asked = inspection_burden(sample_db, starts_on=date(2021, 4, 1), ends_on=date(2021, 6, 30))
    assert "区城市管理局" not in {b["name"] for b in unless_asked}   # a confidential 暗访 is named only when asked
    later = inspection_burden(sample_db, starts_on=date(2021, 7, 1), ends_on=date(2021, 9, 30))
    assert "区城市管理局" not in {b["name"] for b in later}
    warnings = recent_inspections(sample_db, units=["区科技局", "竹山镇"], task_numbers=[2, 3], plan_id=1,
                                  on=date(2021, 6, 25))
    assert warnings == ["区科技局的任务 2 已于 2021-06-10 督查过(“二季度面上督查”)",
                        "竹山镇的任务 3 已于 2021-06-24 督查过(“乡镇(街道)随机抽查”)"]  # the demo's spot check
    assert recent_inspections(sample_db, units=["区科技局"], task_numbers=[2], plan_id=1, on=date(2021, 8, 25)) == []


def test_a_planned_round_is_carried_out_on_the_same_row_with_findings(sample_db):
    from duchaban.store.inspections import carry_out_planned, planned_inspections

    [planned] = planned_inspections(sample_db, plan_id=1)
    assert planned["title"] == "三季度定期督查(计划)" and planned["planned_on"] == "2021-09-15"
    carry_out_planned(sample_db, inspection_id=planned["id"], started_on=date(2021, 9, 16), inspectors=["张伟"],
                      units=["区教委"], task_numbers=[120], summary="按计划开展",
                      findings=[{"unit": "区教委", "description": "学位建设进度滞后", "task_number": 120}],
                      who="张伟")
    row = sample_db.execute("SELECT state, started_on, planned_on FROM inspection WHERE id = ?",
                            [planned["id"]]).fetchone()
    assert row == ("recorded", "2021-09-16", "2021-09-15")
    assert planned_inspections(sample_db, plan_id=1) == []
    assert sample_db.execute("SELECT count(*) FROM finding WHERE inspection_id = ?", [planned["id"]]).fetchone()[0] == 1


def test_carrying_out_twice_or_with_a_bad_finding_changes_nothing(sample_db):
    from duchaban.store.inspections import cancel_planned, carry_out_planned, planned_inspections

    [planned] = planned_inspections(sample_db, plan_id=1)
    before = logical_dump(sample_db)
    with pytest.raises(StoreError, match="单位“火星局”不在单位名录中"):
        carry_out_planned(sample_db, inspection_id=planned["id"], started_on=date(2021, 9, 16), units=["区教委"],
                          findings=[{"unit": "火星局", "description": "x"}])
    assert logical_dump(sample_db) == before
    with pytest.raises(StoreError, match="不是计划中的督查"):
        carry_out_planned(sample_db, inspection_id=1, started_on=date(2021, 9, 16))
    with pytest.raises(StoreError, match="请说明取消原因"):
        cancel_planned(sample_db, inspection_id=planned["id"], reason=" ")
    assert logical_dump(sample_db) == before
    cancel_planned(sample_db, inspection_id=planned["id"], reason="防汛工作冲突", who="王建国")
    assert planned_inspections(sample_db, plan_id=1) == []
