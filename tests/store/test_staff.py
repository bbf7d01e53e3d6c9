import pytest

from duchaban.core.errors import StoreError
from duchaban.store.staff import add_staff, check_password, list_staff, set_password, update_staff


def test_demo_staff(sample_db):
    assert [s["name"] for s in list_staff(sample_db)][:2] == ["王建国", "李秀梅"]


def test_password_is_checked_and_never_stored_plain(sample_db):
    staff = list_staff(sample_db)[0]["id"]
    assert check_password(sample_db, staff_id=staff, password="anything")
    set_password(sample_db, staff_id=staff, password="督查2021")
    assert check_password(sample_db, staff_id=staff, password="督查2021")
    assert not check_password(sample_db, staff_id=staff, password="wrong")
    dump = "\n".join(sample_db.conn.iterdump())
    assert "督查2021" not in dump
    set_password(sample_db, staff_id=staff, password=None)
    assert check_password(sample_db, staff_id=staff, password="")


def test_staff_edits(sample_db):
    new = add_staff(sample_db, name="周新", title="科员")
    assert update_staff(sample_db, staff_id=new, active=0) == {"active": 1}
    assert "周新" not in [s["name"] for s in list_staff(sample_db)]
    with pytest.raises(StoreError, match="已存在"):
        update_staff(sample_db, staff_id=new, name="王建国")
    with pytest.raises(StoreError, match="不能为空"):
        add_staff(sample_db, name="")


def test_a_name_that_is_two_people_a_post_or_a_unit_is_refused(sample_db):
    import pytest
    from helpers import logical_dump

    from duchaban.core.errors import StoreError
    from duchaban.store.staff import add_staff

    before = logical_dump(sample_db)
    for name, said in (("王建国 主任", "有空格或分隔符"), ("张伟、李娜", "有空格或分隔符"), ("主任", "是职务"),
                       ("区财政局", "是单位名录中的单位“区财政局”"), ("区经信委", "是单位名录中的单位“区经济信息委”")):
        with pytest.raises(StoreError, match=said):
            add_staff(sample_db, name=name)
    assert logical_dump(sample_db) == before
