"""Recording an inspection with two findings through the real dialog, then seeing them in the window."""

from PySide6.QtWidgets import QDialogButtonBox

from duchaban.store.units import unit_id_by_name
from duchaban.ui.operations import inspections


def check(widget, names):
    from PySide6.QtCore import Qt

    for i in range(widget.count()):
        if widget.item(i).text() in names:
            widget.item(i).setCheckState(Qt.CheckState.Checked)


def test_record_inspection_with_two_findings(window, qtbot):
    window.select_task(52)
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    assert dialog.tasks.text() == "52"
    dialog.kind.setCurrentIndex(dialog.kind.findData("scheduled"))
    dialog.title.setText("三季度高新区创建定期督查")
    check(dialog.inspectors, {"张伟", "陈静"})
    check(dialog.unit_list, {"工业园区管委会", "区经济信息委"})
    dialog.add_finding_row("工业园区管委会", "52", "国家高新区创建材料准备滞后", "10日内完成申报材料", "2021-07-31")
    dialog.add_finding_row("区经济信息委", "52", "智能化改造项目储备不足", "补充项目库", "2021-08-15")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1 and dialog.inspection_id

    text = window.detail.toPlainText()
    assert "三季度高新区创建定期督查" in text
    assert "国家高新区创建材料准备滞后" in text and "智能化改造项目储备不足" in text
    assert text.count("待整改") == 2

    window.show_unit(unit_id_by_name(window.db, "工业园区管委会"))
    unit_text = window.detail.toPlainText()
    assert "督查发现的问题" in unit_text and "任务 52:国家高新区创建材料准备滞后(待整改)" in unit_text


def test_unannounced_is_confidential_and_marked(window, qtbot, message_boxes):
    window.select_task(89)
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("unannounced"))
    assert dialog.confidential.isChecked()
    dialog.title.setText("夜间暗访")
    check(dialog.unit_list, {"区城市管理局"})
    dialog.add_finding_row("区城市管理局", "89", "路灯损坏未修复")
    dialog.accept()
    # The demo's 暗访 of 2021-06-29 already covered task 89: the user is asked before a repeat visit.
    assert "区城市管理局的任务 89 已于 2021-06-29 督查过" in message_boxes[0]
    assert "路灯损坏未修复" in window.detail.toPlainText()
    assert "暗访,保密" in window.detail.toPlainText()


def test_a_bad_finding_refuses_the_whole_inspection(window, qtbot, message_boxes):
    before = window.db.execute("SELECT count(*) FROM inspection").fetchone()[0]
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.title.setText("面上督查")
    dialog.add_finding_row("不存在的单位", "", "某问题")
    dialog.accept()
    assert dialog.result() == 0 and "不存在的单位" in message_boxes[0]
    assert window.db.execute("SELECT count(*) FROM inspection").fetchone()[0] == before


def test_closed_task_shows_its_close_out(window, tmp_path):
    from datetime import date

    from duchaban.store.inspections import close_task

    report = tmp_path / "验收.pdf"
    report.write_bytes(b"%PDF-1.4")
    task_id = window.db.execute("SELECT id FROM task WHERE number = 59").fetchone()[0]
    close_task(window.db, task_id=task_id, verifier_id=4, closed_on=date(2021, 7, 10), requested_by="张伟",
               opinion="企业数量达标", evidence_paths=[report])
    window.refresh()
    window.select_task(59)
    text = window.detail.toPlainText()
    assert "● 已销号" in text and "2021-07-10 销号,核验人 陈静,申请人 张伟;意见:企业数量达标" in text
    assert "销号理由" not in text


def test_a_close_out_over_an_unfinished_ledger_shows_its_reason_in_the_detail(window, tmp_path):
    from datetime import date

    from duchaban.store.inspections import close_task

    report = tmp_path / "验收.pdf"
    report.write_bytes(b"%PDF-1.4")
    task_id = window.db.execute("SELECT id FROM task WHERE number = 3").fetchone()[0]
    close_task(window.db, task_id=task_id, verifier_id=4, closed_on=date(2021, 7, 10), requested_by="张伟",
               evidence_paths=[report], override_reason="区政府决定提前销号")
    window.refresh()
    window.select_task(3)
    assert "台账未报完成,销号理由:区政府决定提前销号" in window.detail.toPlainText()


def _staff_id(db, name: str) -> int:
    return db.execute("SELECT id FROM staff WHERE name = ?", [name]).fetchone()[0]


def _close_dialog_for(dialog, qtbot, unit: str):
    dialog.table.selectRow(next(r for r, f in enumerate(dialog.rows) if f["unit_name"] == unit))
    close = dialog.close_dialog()
    qtbot.addWidget(close)
    return close


def test_follow_a_finding_to_close_out_in_the_findings_dialog(window, qtbot, tmp_path, message_boxes, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QFileDialog

    dialog = inspections.findings_dialog(window.context())
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 6
    # On the demo's as-of date (2021-07-15) three findings are past their deadline and not rectified.
    dialog.overdue_only.setChecked(True)
    assert [f["unit_name"] for f in dialog.rows] == ["竹山镇", "工业园区管委会", "区城市管理局"]
    assert dialog.model.text(0, "status") == "待整改(逾期)"
    finding = dialog.rows[0]
    assert dialog.follow(finding["id"], "已建立台账初稿", "rectified")
    assert "竹山镇" not in [f["unit_name"] for f in dialog.rows]  # rectified: no longer overdue
    dialog.overdue_only.setChecked(False)
    close = _close_dialog_for(dialog, qtbot, "竹山镇")
    # Nothing chosen yet: every missing condition is shown, and OK is not offered.
    assert not close.ok_button.isEnabled()
    assert "✗ 请选择核验人" in close.checks.text() and "✗ 销号需要至少一份佐证材料" in close.checks.text()
    assert "✓ 已报完成" in close.checks.text() and not close.override.isEnabled()
    close.verifier.setCurrentIndex(close.verifier.findData(_staff_id(window.db, "张伟")))  # 张伟 reported it
    assert "✗ 核验人不能是问题的发现人(张伟)" in close.checks.text()
    close.verifier.setCurrentIndex(close.verifier.findData(_staff_id(window.db, "陈静")))
    assert "✓ 核验人 陈静,不是问题的发现人" in close.checks.text() and not close.ok_button.isEnabled()
    photo, wrong = tmp_path / "台账.jpg", tmp_path / "无关.docx"
    photo.write_bytes(b"\xff\xd8\xff photo")
    wrong.write_bytes(b"PK not this one")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo), str(wrong)], ""))
    qtbot.mouseClick(close.add_button, Qt.MouseButton.LeftButton)
    assert [close.evidence.item(i).text() for i in range(close.evidence.count())] == ["台账.jpg", "无关.docx"]
    close.evidence.setCurrentRow(1)
    qtbot.mouseClick(close.remove_button, Qt.MouseButton.LeftButton)
    assert close.pending_paths() == [photo] and "✓ 佐证材料 1 份" in close.checks.text()
    assert close.ok_button.isEnabled()
    close.opinion.insert("整改到位")  # keyClicks types ASCII only
    qtbot.mouseClick(close.ok_button, Qt.MouseButton.LeftButton)
    assert close.result() == QDialog.DialogCode.Accepted and message_boxes == []
    finding = next(f for f in dialog.rows if f["unit_name"] == "竹山镇")
    assert finding["status"] == "closed" and finding["evidence_count"] == 1
    row = window.db.execute("SELECT verifier, verifier_id, opinion, override_reason FROM close_out"
                            " WHERE finding_id = ?", [finding["id"]]).fetchone()
    assert row == ("陈静", _staff_id(window.db, "陈静"), "整改到位", None)


def test_closing_a_finding_not_reported_rectified_asks_for_a_reason_that_the_task_detail_shows(
        window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    dialog = inspections.findings_dialog(window.context())
    qtbot.addWidget(dialog)
    close = _close_dialog_for(dialog, qtbot, "工业园区管委会")
    finding = close.db.execute("SELECT status, task_id FROM finding WHERE id = ?", [close.finding_id]).fetchone()
    assert finding[0] == "rectifying" and close.override.isEnabled()
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8 photo")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    qtbot.mouseClick(close.add_button, Qt.MouseButton.LeftButton)
    close.verifier.setCurrentIndex(close.verifier.findData(_staff_id(window.db, "刘洋")))
    assert "✗ 问题状态为“整改中”,尚未报整改完成,销号需要填写理由" in close.checks.text()
    assert not close.ok_button.isEnabled()
    close.override.insert("现场复核已整改,单位未报")
    assert close.ok_button.isEnabled()
    qtbot.mouseClick(close.ok_button, Qt.MouseButton.LeftButton)
    closed = next(f for f in dialog.rows if f["id"] == close.finding_id)
    assert closed["status"] == "closed" and closed["override_reason"] == "现场复核已整改,单位未报"
    number = window.db.execute("SELECT number FROM task WHERE id = ?", [finding[1]]).fetchone()[0]
    window.refresh()
    window.select_task(number)
    assert "未报整改完成,销号理由:现场复核已整改,单位未报" in window.detail.toPlainText()


def test_finding_deadlines_in_working_days_or_days(window, qtbot, message_boxes):
    from PySide6.QtCore import QDate

    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.title.setText("中秋前专项督查")
    dialog.day.setDate(QDate(2021, 9, 15))
    check(dialog.inspectors, {"张伟"})
    check(dialog.unit_list, {"区水利局"})
    dialog.add_finding_row("区水利局", "", "防汛物资台账不全", "补齐台账", "7个工作日")
    dialog.add_finding_row("区水利局", "", "值班表未公示", "公示值班表", "15日内")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 1, message_boxes
    due = dict(window.db.execute("SELECT description, deadline_on FROM finding WHERE description IN"
                                 " ('防汛物资台账不全', '值班表未公示')").fetchall())
    # 中秋 (19–21 Sept) is skipped and the make-up working days (Sat 18, Sun 26 Sept) count.
    assert due == {"防汛物资台账不全": "2021-09-26", "值班表未公示": "2021-09-30"}


def test_an_unreadable_deadline_names_the_finding_and_the_field(window, qtbot, message_boxes):
    from helpers import logical_dump

    before = logical_dump(window.db)
    dialog = inspections.inspection_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.title.setText("督查")
    check(dialog.inspectors, {"张伟"})
    check(dialog.unit_list, {"区水利局"})
    dialog.add_finding_row("区水利局", "", "问题一", "", "2021-07-31")
    dialog.add_finding_row("区水利局", "", "问题二", "", "下周")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != 1
    assert "第 2 个问题:整改期限“下周”无法识别" in message_boxes[-1] and "7个工作日" in message_boxes[-1]
    assert logical_dump(window.db) == before
