"""The import dialog on a revised notice: what it removes is listed and needs an explicit yes."""

from helpers import logical_dump
from PySide6.QtWidgets import QMessageBox

from duchaban.store.check import check_database
from duchaban.ui.operations import plans


def import_dialog(window, qtbot, path):
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(path)
    return dialog


def revised_notice(sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    path = tmp_path / "revised.txt"
    path.write_text(text.replace("责任单位:区科技局;配合单位:区经济信息委、区人力社保局。", "责任单位:区科技局。", 1),
                    encoding="utf-8")
    return path


def test_removals_are_listed_and_no_keeps_the_database(window, qtbot, sample_plan_path, tmp_path):
    dialog = import_dialog(window, qtbot, revised_notice(sample_plan_path, tmp_path))
    assert "任务分工 2 条" in dialog.summary.text()
    before = logical_dump(window.db)
    dialog.import_button.click()
    box = dialog.removal_box
    assert box is not None and "任务 1 去掉配合单位:区人力社保局" in box.informativeText()
    box.button(QMessageBox.StandardButton.No).click()
    assert dialog.removal_box is None and dialog.import_button.isEnabled()
    assert logical_dump(window.db) == before


def test_yes_imports_the_revision(window, qtbot, sample_plan_path, tmp_path):
    dialog = import_dialog(window, qtbot, revised_notice(sample_plan_path, tmp_path))
    dialog.import_button.click()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.removal_box.button(QMessageBox.StandardButton.Yes).click()
    assert dialog.result.tasks_changed == [1]
    assert check_database(window.db).ok


def test_notice_without_units_cannot_be_imported(window, qtbot, sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    path = tmp_path / "no-units.txt"
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("责任单位")), encoding="utf-8")
    dialog = import_dialog(window, qtbot, path)
    assert not dialog.import_button.isEnabled()
    messages = [dialog.messages_model.text(r, "message") for r in range(dialog.messages_model.rowCount())]
    assert any("没有读到任何责任单位" in m for m in messages)


def test_preview_shows_deadlines_and_leaders(window, qtbot, tmp_path):
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、城市\n1.6月底前建成环城绿道。\n责任单位:区城市管理局\n责任领导:王明\n"
                      "2.管好城市。\n责任单位:区城市管理局\n完成时限:长期坚持\n", encoding="utf-8")
    dialog = import_dialog(window, qtbot, notice)
    assert dialog.tree.topLevelItemCount() == 1, dialog.summary.text()
    part = dialog.tree.topLevelItem(0)
    first, second = part.child(0), part.child(1)
    assert first.text(2) == "6月底前 → 2022-06-30" and first.text(3) == "王明"
    assert second.text(2) == "长期坚持(长期)"


UNKNOWN_LAYOUT = """\
2025年民生实事项目安排
一、新建社区食堂20个。
承办单位:区民政局
协助单位:各街道
办结时间:10月底前
二、改造农贸市场5个。
承办单位:区商务委
协助单位:区市场监管局
办结时间:持续推进
"""


def test_guided_import_when_nothing_parses(window, qtbot, tmp_path):
    notice = tmp_path / "实事.txt"
    notice.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.outlineReady, timeout=5000):
        dialog.set_notice(notice)
    assert "没有找到任何编号任务" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert "手动指定" in dialog.summary.text()
    assert dialog.side.currentWidget() is dialog.guide
    assert [dialog.label_table.item(r, 0).text() for r in range(dialog.label_table.rowCount())] == \
        ["承办单位", "协助单位", "办结时间"]
    assert "一、二、三、(共 2 行)" in [dialog.numbering.itemText(i) for i in range(dialog.numbering.count())]
    assert "   2  一、新建社区食堂20个。" in dialog.source_text.toPlainText()
    # The user marks the numbering and the labels, and previews again.
    dialog.numbering.setCurrentIndex(dialog.numbering.findData("part"))
    dialog.set_label_meaning("承办单位", "lead")
    dialog.set_label_meaning("协助单位", "cooperating")
    dialog.set_label_meaning("办结时间", "deadline")
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.guide_button.click()
    assert "2 项任务" in dialog.summary.text()
    part = dialog.tree.topLevelItem(0)
    assert part.text(0) == "1. 新建社区食堂20个。" and part.text(1) == "区民政局"
    assert part.text(2) == "10月底前 → 2025-10-31"
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    units = window.db.execute(
        "SELECT u.name, a.role FROM assignment a JOIN unit u ON u.id = a.unit_id JOIN task t ON t.id = a.task_id"
        " JOIN plan p ON p.id = t.plan_id WHERE p.year = 2025 AND t.number = 1 ORDER BY a.ordinal").fetchall()
    assert units == [("区民政局", "lead"), ("各街道", "cooperating")]
    assert check_database(window.db).ok


def test_a_close_spelling_waits_for_the_office_and_one_click_confirms_it(window, qtbot, tmp_path):
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、城市\n1.建成环城绿道。\n责任单位:区科学技术局\n", encoding="utf-8")
    dialog = import_dialog(window, qtbot, notice)
    assert "“区科学技术局”" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert dialog.accept_suggestions.isVisibleTo(dialog)
    combo = dialog.names.cellWidget(0, 2)
    assert combo.currentIndex() == -1 and "区科技局" in combo.placeholderText()
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.accept_suggestions.click()
    assert dialog.decisions == {"区科学技术局": "区科技局"} and dialog.import_button.isEnabled()


def test_a_second_notice_of_the_year_needs_the_office_to_say_it_is_another_plan(window, qtbot, sample_plan_path,
                                                                                 tmp_path):
    path = tmp_path / "30号.txt"
    path.write_text(sample_plan_path.read_text(encoding="utf-8").replace("〔2021〕12号", "〔2021〕30号"),
                    encoding="utf-8")
    dialog = import_dialog(window, qtbot, path)
    assert not dialog.import_button.isEnabled() and dialog.another_plan_box.isVisibleTo(dialog)
    messages = [dialog.messages_model.text(r, "message") for r in range(dialog.messages_model.rowCount())]
    assert any("数据库中已有2021年的《" in m for m in messages)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.another_plan_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert window.db.execute("SELECT count(*) FROM plan WHERE year = 2021").fetchone()[0] == 2
