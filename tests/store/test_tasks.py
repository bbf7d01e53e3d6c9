import pytest

from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store.audit import verify_audit_chain
from duchaban.store.tasks import get_task, replace_indicators, set_deadline, task_indicators, update_task


def task_id(db, number):
    return db.execute("SELECT id FROM task WHERE number = ?", [number]).fetchone()[0]


def test_deadline_from_wording_with_the_plan_year(sample_db):
    tid = task_id(sample_db, 52)
    old = set_deadline(sample_db, task_id=tid, text="9月底前", who="测试")
    assert old == {"deadline_text": None, "deadline_on": None}
    task = get_task(sample_db, tid)
    assert (task["deadline_text"], task["deadline_on"]) == ("9月底前", "2021-09-30")
    set_deadline(sample_db, task_id=tid, text="长期坚持")
    assert get_task(sample_db, tid)["deadline_on"] is None
    update_task(sample_db, task_id=tid, **old)
    assert get_task(sample_db, tid)["deadline_text"] is None
    assert verify_audit_chain(sample_db) is None


def test_bad_task_edits(sample_db):
    tid = task_id(sample_db, 1)
    with pytest.raises(StoreError, match="不是有效日期"):
        update_task(sample_db, task_id=tid, deadline_on="2021-02-30")
    with pytest.raises(StoreError, match="不能修改"):
        update_task(sample_db, task_id=tid, text="改写任务")
    with pytest.raises(StoreError, match="不存在"):
        set_deadline(sample_db, task_id=999999, text="年底")


def test_indicators_replace_and_restore(sample_db):
    tid = task_id(sample_db, 4)
    new = [Indicator("高新技术企业达到150家", 150, "家", ">=")]
    old = replace_indicators(sample_db, task_id=tid, indicators=new)
    assert [i.value for i in old] == [130, 20]
    assert task_indicators(sample_db, tid) == new
    replace_indicators(sample_db, task_id=tid, indicators=old)
    assert task_indicators(sample_db, tid) == old
    with pytest.raises(StoreError, match="不能为空"):
        replace_indicators(sample_db, task_id=tid, indicators=[Indicator("", 1, "家", ">=")])
