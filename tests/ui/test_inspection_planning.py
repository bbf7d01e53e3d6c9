"""Planning rounds on the calendar, recording them, the burden table, 双随机 draws and printing
records — through the real dialogs."""

from duchaban.store.inspections import planned_inspections
from duchaban.store.recusals import add_recusal
from duchaban.ui.operations import inspections


def test_calendar_marks_planned_and_recorded_days(window, qtbot):
    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    titles = [dialog.model.text(r, "title") for r in range(dialog.model.rowCount())]
    assert "三季度定期督查(计划)" in titles and "城市管理暗访检查" not in titles   # 暗访 hidden by default
    from PySide6.QtCore import QDate
    assert dialog.calendar.dateTextFormat(QDate(2021, 9, 15)).fontWeight() == 700
    assert dialog.calendar.dateTextFormat(QDate(2021, 6, 17)).fontWeight() == 700
    assert "计划中的督查 1 次" in dialog.upcoming.text()
    dialog.show_confidential.setChecked(True)
    assert dialog.model.find("title", "城市管理暗访检查") >= 0


def test_calendar_marks_holidays_adjusted_working_days_and_inspection_days_apart(window, qtbot):
    from PySide6.QtCore import QDate

    from duchaban.ui.dialogs.inspections import DAY_MARKS

    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)

    def mark(y, m, d):
        fmt = dialog.calendar.dateTextFormat(QDate(y, m, d))
        return fmt.background().color().name(), fmt.toolTip()

    assert mark(2021, 6, 14) == (DAY_MARKS["holiday"][1], "端午(法定节假日)")
    assert mark(2021, 9, 18) == (DAY_MARKS["adjusted_workday"][1], "中秋调休上班")
    assert mark(2021, 6, 17) == (DAY_MARKS["recorded"][1], "已开展:二季度重点项目定期督查")
    assert mark(2021, 9, 15)[0] == DAY_MARKS["planned"][1]
    assert mark(2021, 6, 16) == ("#000000", "")          # an ordinary working day stays plain
    assert len({DAY_MARKS[k][1] for k in ("holiday", "adjusted_workday", "recorded", "planned")}) == 4
    assert "法定节假日" in dialog.legend.text() and "调休上班" in dialog.legend.text()


def test_a_planned_round_is_recorded_through_the_inspection_dialog(window, qtbot):
    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    row = dialog.model.find("title", "三季度定期督查(计划)")
    dialog.table.selectRow(row)
    dialog.record_selected()
    editor = dialog.editor
    qtbot.addWidget(editor)
    assert editor.title.text() == "三季度定期督查(计划)" and not editor.kind.isEnabled()
    editor.add_finding_row("区教委", "", "课后服务覆盖不足")
    editor.accept()
    assert planned_inspections(window.db, plan_id=1) == []
    row = dialog.model.find("title", "三季度定期督查(计划)")
    assert dialog.model.text(row, "state") == "已开展" and dialog.model.text(row, "findings") == "1"


def test_plan_a_new_round_and_cancel_it(window, qtbot, message_boxes):
    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.plan_requested.emit()
    editor = dialog.editor
    qtbot.addWidget(editor)
    assert editor.kind.currentData() == "scheduled" and not editor.findings.isEnabled()
    editor.title.setText("四季度定期督查")
    editor.accept()
    [later] = [p for p in planned_inspections(window.db, plan_id=1) if p["title"] == "四季度定期督查"]
    row = dialog.model.find("title", "四季度定期督查")
    dialog.table.selectRow(row)
    assert not dialog.cancel(later["id"], "")
    assert "请说明取消原因" in message_boxes[-1]
    assert window.undo_stack.count() == 1        # planning the round is a step that can be undone
    assert dialog.cancel(later["id"], "与防汛检查合并")
    assert dialog.model.text(row, "state") == "已取消"
    assert window.undo_stack.count() == 1        # the cancellation is kept on record, not a step
    window.undo_action.trigger()                 # the round changed since it was planned: refused
    assert "登记后又有改动" in message_boxes[-1]
    assert [p["state"] for p in window.db.query("SELECT state FROM inspection WHERE id = ?", [later["id"]])] == [
        "cancelled"]


def test_burden_table_counts_each_units_inspections(window, qtbot):
    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.burden_period.setEditText("2021Q2")
    burden = dialog.burden_model
    units = {burden.text(r, "unit"): burden.text(r, "total") for r in range(burden.rowCount())}
    # Every demo inspection took place in Q2, one visit per unit; the confidential 暗访 only when shown.
    assert units["工业园区管委会"] == "1" and units["区发展改革委"] == "1" and len(units) == 6
    assert "区城市管理局" not in units
    assert "6 个单位接受过督查;0 个单位达到 3 次及以上" in dialog.burden_note.text()
    dialog.show_confidential.setChecked(True)
    assert burden.rowCount() == 7
    assert "7 个单位接受过督查;0 个单位达到 3 次及以上" in dialog.burden_note.text()
    dialog.burden_period.setEditText("2021Q1")
    assert burden.rowCount() == 0


def test_random_draw_records_and_prints(window, qtbot, tmp_path):
    dialog = inspections.random_draw_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.pool_kind.setCurrentIndex(dialog.pool_kind.findText("单位:乡镇(街道)"))
    assert dialog.pool_size.text() == "候选 33 个"
    dialog.seed.setText("会议摇号-0715")
    trial = dialog.run(record=False)
    assert "(试抽,未记录)" in dialog.outcome.toPlainText() and not dialog.print_button.isEnabled()
    add_recusal(window.db, staff=trial.inspectors.chosen[0], unit=trial.units.chosen[0], reason="近亲属任职")
    result = dialog.run(record=True)
    assert result.units.chosen == trial.units.chosen and trial.inspectors.chosen[0] not in result.inspectors.chosen
    assert "回避:" in dialog.outcome.toPlainText() and dialog.print_button.isEnabled()
    preview = dialog.record_dialog()
    qtbot.addWidget(preview)
    assert preview.windowTitle() == f"随机抽取记录-{result.unit_draw_id}"
    assert preview.save_pdf_action.text() == "保存为 PDF…"


def test_findings_dialog_opens_the_notice_and_the_record(window, qtbot):
    dialog = inspections.findings_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    finding = dialog.current()
    notice = dialog.record_dialog("notice")
    qtbot.addWidget(notice)
    assert notice.windowTitle() == f"整改通知书-{finding['unit_name']}-{finding['id']}"
    record = dialog.record_dialog("inspection")
    qtbot.addWidget(record)
    assert record.windowTitle().startswith("督查记录表-")


def test_staff_dialog_records_and_lifts_recusals(window, qtbot, message_boxes):
    from duchaban.ui.dialogs.staff import StaffDialog

    dialog = StaffDialog(window.db, "王建国", window)
    qtbot.addWidget(dialog)
    assert dialog.recuse("陈静", "竹山镇", "曾在该镇工作")
    row = dialog.model.find("name", "陈静")
    assert dialog.model.text(row, "recusals") == "竹山镇(曾在该镇工作)"
    assert not dialog.recuse("陈静", "竹山镇", "again")
    assert "已登记" in message_boxes[-1]
    assert dialog.unrecuse("陈静", "竹山镇")
    assert dialog.model.text(row, "recusals") == ""


def test_staff_dialog_records_aliases_and_refuses_one_that_names_someone_else(window, qtbot, message_boxes):
    from duchaban.store.staff import resolve_staff
    from duchaban.ui.dialogs.staff import StaffDialog

    dialog = StaffDialog(window.db, "王建国", window)
    qtbot.addWidget(dialog)
    row = dialog.model.find("name", "陈静")
    chen = dialog.model.row(row)["id"]
    assert dialog.add_alias(chen, "小陈")
    assert dialog.model.text(row, "aliases") == "小陈"
    assert resolve_staff(window.db, "小陈", role="核验人")["name"] == "陈静"
    assert not dialog.add_alias(chen, "张伟")
    assert "“张伟”已是工作人员“张伟”的姓名或别名" in message_boxes[-1]
    assert dialog.model.text(row, "aliases") == "小陈"


def test_photos_are_attached_to_an_inspection_from_the_list(window, qtbot, tmp_path):
    from duchaban.services.demo_inspections import demo_photo
    from duchaban.store.evidence import evidence_for

    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    row = dialog.model.find("title", "乡镇(街道)随机抽查")
    assert row >= 0
    dialog.table.selectRow(row)
    evidence = dialog.evidence_dialog()
    qtbot.addWidget(evidence)
    photo = tmp_path / "现场.png"
    photo.write_bytes(demo_photo())
    assert evidence.add_files([photo]) == 1 and evidence.files.count() == 1
    assert [e["file_name"] for e in evidence_for(window.db, owner_kind="inspection",
                                                  owner_uuid=dialog.current()["uuid"])] == ["现场.png"]


def test_inspected_units_show_whole_at_the_dialogs_size(window, qtbot):
    from PySide6.QtWidgets import QApplication

    dialog = inspections.inspections_dialog(window.context())
    qtbot.addWidget(dialog)
    assert dialog.width() <= dialog.screen().availableGeometry().width()
    dialog.resize(1100, 680)              # its size on a laptop's 1366 × 768 screen
    dialog.show()
    QApplication.processEvents()
    table, model = dialog.table, dialog.model
    assert any("区卫生健康委" in model.text(r, "units") for r in range(model.rowCount()))
    assert table.horizontalScrollBar().maximum() == 0
    for key in ("day", "kind", "units", "state", "findings"):
        column = model.column(key)
        assert table.columnWidth(column) >= table.sizeHintForColumn(column), key
