import pytest

from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store.audit import verify_audit_chain
from duchaban.store.task_edits import change_task, change_task_indicators
from duchaban.store.tasks import deadline_fields, get_task, task_indicators
from duchaban.store.undo import undo_change


def task_id(db, number):
    return db.execute("SELECT id FROM task WHERE number = ?", [number]).fetchone()[0]


def test_deadline_from_wording_with_the_plan_year(sample_db):
    tid = task_id(sample_db, 52)
    change = change_task(sample_db, task_id=tid, who="测试", **deadline_fields(sample_db, task_id=tid, text="9月底前"))
    assert change.rows[0].before == {"deadline_text": None, "deadline_on": None}
    task = get_task(sample_db, tid)
    assert (task["deadline_text"], task["deadline_on"]) == ("9月底前", "2021-09-30")
    ongoing = change_task(sample_db, task_id=tid, **deadline_fields(sample_db, task_id=tid, text="长期坚持"))
    assert get_task(sample_db, tid)["deadline_on"] is None
    undo_change(sample_db, ongoing)
    undo_change(sample_db, change)
    assert get_task(sample_db, tid)["deadline_text"] is None
    assert verify_audit_chain(sample_db) is None


def test_bad_task_edits(sample_db):
    tid = task_id(sample_db, 1)
    with pytest.raises(StoreError, match="不是有效日期"):
        change_task(sample_db, task_id=tid, deadline_on="2021-02-30")
    with pytest.raises(StoreError, match="不能修改"):
        change_task(sample_db, task_id=tid, text="改写任务")
    with pytest.raises(StoreError, match="不存在"):
        deadline_fields(sample_db, task_id=999999, text="年底")


def test_indicators_replace_and_restore(sample_db):
    tid = task_id(sample_db, 4)
    new = [Indicator("高新技术企业达到150家", 150, "家", ">=")]
    old = task_indicators(sample_db, tid)
    change = change_task_indicators(sample_db, task_id=tid, indicators=new)
    assert [i["value"] for i in change.rows[0].before["indicators"]] == [130, 20]
    assert task_indicators(sample_db, tid) == new
    undo_change(sample_db, change)
    assert task_indicators(sample_db, tid) == old
    with pytest.raises(StoreError, match="不能为空"):
        change_task_indicators(sample_db, task_id=tid, indicators=[Indicator("", 1, "家", ">=")])
