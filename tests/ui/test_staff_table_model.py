"""The staff list's model on the demo database, without a window."""

from PySide6.QtCore import Qt

from duchaban.store.staff import list_staff
from duchaban.ui.models.staff_table import StaffTableModel


def test_people_read_with_password_state_recusals_and_aliases(qtmodeltester, sample_db):
    people = list_staff(sample_db, active_only=False)
    rows = [{**p, "recusals": "竹山镇(曾在该镇工作)" if p["name"] == "陈静" else "", "aliases": ""} for p in people]
    rows[0] = {**rows[0], "active": 0, "password_hash": "x", "title": None}
    model = StaffTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(people) > 1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "姓名", "职务", "密码", "状态", "回避单位", "别名"]
    assert (model.text(0, "title"), model.text(0, "password"), model.text(0, "state")) == ("", "已设置", "已停用")
    chen = model.find("name", "陈静")
    assert model.text(chen, "recusals") == "竹山镇(曾在该镇工作)" and model.text(chen, "state") == "在职"
    # By pinyin: 已停用 (yi) before 在职 (zai).
    model.sort(model.column("state"), Qt.SortOrder.AscendingOrder)
    assert model.text(0, "state") == "已停用"
    model.sort(model.column("state"), Qt.SortOrder.DescendingOrder)
    assert model.text(model.rowCount() - 1, "state") == "已停用"
