"""The first run on a new database, driven through the real wizard: office, directory, notice."""

from docx import Document
from helpers import logical_dump
from openpyxl import load_workbook
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWizard
from test_main_window import visible_tasks

from duchaban.formats.directory_xlsx import UNITS
from duchaban.store.settings import office_or_none
from duchaban.store.staff import list_staff
from duchaban.store.units import list_units
from duchaban.ui.main_window import MainWindow
from duchaban.ui.operations import directory, reports
from duchaban.ui.startup import WindowStartup


def type_chinese(edit, text):
    """Chinese arrives from the input method as a committed string (QTest types ASCII keys only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def wizard_on(window, qtbot):
    wizard = window.start_first_run()
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    return wizard


def next_page(wizard):
    wizard.button(QWizard.WizardButton.NextButton).click()


def test_a_new_database_starts_with_the_wizard(qtbot, fresh_db_path, settings):
    window = MainWindow(None, fresh_db_path, settings)
    qtbot.addWidget(window)
    startup = WindowStartup(window, settings, operator="张三")
    with qtbot.waitSignal(startup.opened, timeout=5000):
        window.show()
    wizard = window.first_run_wizard
    qtbot.addWidget(wizard)
    assert wizard.isVisible() and wizard.currentPage() is wizard.office_page
    wizard.reject()
    window.close()
    window.db.close()


def test_the_demo_database_does_not_start_the_wizard(qtbot, sample_db_path, settings):
    window = MainWindow(None, sample_db_path, settings)
    qtbot.addWidget(window)
    startup = WindowStartup(window, settings, operator="张三")
    with qtbot.waitSignal(startup.opened, timeout=5000):
        window.show()
    assert getattr(window, "first_run_wizard", None) is None
    window.close()
    window.db.close()


def test_office_name_follows_the_district_and_a_name_without_one_is_refused(empty_window, qtbot):
    wizard = wizard_on(empty_window, qtbot)
    page = wizard.office_page
    type_chinese(page.district_edit, "巫溪县")
    assert page.name_edit.text() == "巫溪县人民政府督查办公室"
    page.district_edit.clear()
    page.name_edit.setText("区人民政府督查办公室")
    page._name_edited("")
    dump = logical_dump(empty_window.db)
    next_page(wizard)
    assert wizard.currentPage() is page
    assert "缺少区县名" in page.error.text()
    assert logical_dump(empty_window.db) == dump
    page.name_edit.clear()
    type_chinese(page.name_edit, "巫溪县人民政府督查办公室")
    next_page(wizard)
    assert wizard.currentPage() is wizard.directory_page
    assert office_or_none(empty_window.db) == ("巫溪县人民政府督查办公室", "巫溪县")
    assert "巫溪县人民政府督查办公室" in empty_window.as_of_label.text()


def test_pasted_list_with_kinds_guessed(empty_window, qtbot):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "巫溪县")
    next_page(wizard)
    page = wizard.directory_page
    page.paste_edit.setPlainText("区发展改革委\n区财政局\n\n梁山街道\n工业园区管委会\n")
    assert page.paste_radio.isChecked()
    assert "部门 2 个、乡镇(街道) 1 个、管委会 1 个" in page.status.text()
    assert "区发展改革委(部门)、区财政局(部门)、梁山街道(乡镇(街道))、工业园区管委会(管委会)" in page.status.text()
    next_page(wizard)
    assert wizard.currentPage() is wizard.staff_page
    next_page(wizard)   # no staff yet: may be left for later
    assert wizard.currentPage() is wizard.notice_page
    assert [(u["kind"], u["name"]) for u in list_units(empty_window.db)] == [
        ("department", "区发展改革委"), ("department", "区财政局"), ("town", "梁山街道"),
        ("committee", "工业园区管委会")]
    assert "部门 2 个" in wizard.notice_page.directory_label.text()


def test_the_blank_workbook_is_saved_filled_and_imported(empty_window, qtbot, tmp_path):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "巫溪县")
    next_page(wizard)
    page = wizard.directory_page
    next_page(wizard)   # nothing imported yet
    assert wizard.currentPage() is page and "请先保存空白表格" in page.status.text()
    blank = tmp_path / "名录.xlsx"
    page.save_blank(blank)
    assert "已保存“名录.xlsx”" in page.status.text()
    book = load_workbook(blank)
    book[UNITS].append(("区发展改革委", "部门", "区发改委"))
    book[UNITS].append(("柏杨街道", None))
    book.save(blank)
    assert page.import_filled(blank)
    assert "新增单位 2 个" in page.status.text() and "柏杨街道(乡镇(街道))" in page.status.text()
    next_page(wizard)
    assert wizard.currentPage() is wizard.staff_page


def test_a_bad_workbook_is_explained_and_the_page_stays(empty_window, qtbot, tmp_path):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "巫溪县")
    next_page(wizard)
    page = wizard.directory_page
    blank = page.save_blank(tmp_path / "名录.xlsx") or tmp_path / "名录.xlsx"
    book = load_workbook(blank)
    book[UNITS].append(("区财政局", "委办"))
    book.save(blank)
    dump = logical_dump(empty_window.db)
    assert not page.import_filled(blank)
    assert "类别“委办”无法识别" in page.status.text()
    assert logical_dump(empty_window.db) == dump
    next_page(wizard)
    assert wizard.currentPage() is page


def test_sample_directory_then_the_notice_then_a_bulletin_headed_by_the_office(empty_window, qtbot, sample_plan_path,
                                                                               tmp_path):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "梁平区")
    next_page(wizard)
    wizard.directory_page.sample_radio.setChecked(True)
    next_page(wizard)
    wizard.staff_page.edit.setPlainText("王建国 主任\n李明\n")
    next_page(wizard)
    assert [p["name"] for p in list_staff(empty_window.db)] == ["王建国", "李明"]
    page = wizard.notice_page
    assert "部门" in page.directory_label.text() and "乡镇(街道) 33 个" in page.directory_label.text()
    dialog = page.open_plan_import()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=10000):
        dialog.set_notice(sample_plan_path)
    assert "156 项任务" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
    assert "新增任务 156 项" in page.result_label.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert not wizard.isVisible()
    assert empty_window.stack.currentWidget() is empty_window.splitter
    assert len(visible_tasks(empty_window.section_view)) == 156
    assert "梁平区人民政府督查办公室" in empty_window.as_of_label.text()
    # On to the first bulletin, in the window, with no demo involved.
    dialog = reports.bulletin_dialog(empty_window.context())
    qtbot.addWidget(dialog)
    dialog.period_combo.setEditText("2021Q1")
    with qtbot.waitSignal(dialog.drafted, timeout=20000):
        dialog.make_draft()
    target = tmp_path / "第1期.docx"
    dialog.out_edit.setText(str(target))
    with qtbot.waitSignal(dialog.issued, timeout=30000):
        dialog.issue_button.click()
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert next(p for p in paragraphs if "\t" in p).startswith("梁平区人民政府督查办公室\t")


def test_the_wizard_opened_again_shows_what_was_set(window, qtbot):
    wizard = wizard_on(window, qtbot)
    assert wizard.office_page.name_edit.text() == "梁平区人民政府督查办公室"
    assert wizard.office_page.district_edit.text() == "梁平区"
    next_page(wizard)
    assert wizard.directory_page.later_radio.isChecked()
    assert "保留现有名录" in wizard.directory_page.later_radio.text()


def test_blank_workbook_from_the_directory_menu(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "空白.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    action = next(a for menu in window.menuBar().actions() if menu.menu()
                  for a in menu.menu().actions() if a.text().startswith("保存空白名录表格"))
    action.trigger()
    assert load_workbook(target).sheetnames[0] == UNITS
    assert "已保存空白名录表格" in window.statusBar().currentMessage()


def test_a_directory_text_file_from_the_directory_menu(empty_window, tmp_path, monkeypatch, message_boxes):
    from PySide6.QtWidgets import QFileDialog

    source = tmp_path / "单位.txt"
    source.write_text("group\t有关街道\t\t梁山街道、双桂街道\n区发展改革委\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(source), ""))
    directory.import_directory_file(empty_window.context())
    assert {u["name"] for u in list_units(empty_window.db)} == {"有关街道", "梁山街道", "双桂街道", "区发展改革委"}
    assert "加入 4 个单位" in empty_window.statusBar().currentMessage()
    assert "单位组“有关街道”的成员“梁山街道”原不在名录中" in message_boxes[-1]


def test_a_bad_directory_text_file_is_explained_and_changes_nothing(empty_window, tmp_path, monkeypatch,
                                                                     message_boxes):
    from PySide6.QtWidgets import QFileDialog

    source = tmp_path / "单位.tsv"
    source.write_text("部委\t区财政局\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(source), ""))
    dump = logical_dump(empty_window.db)
    directory.import_directory_file(empty_window.context())
    assert "第 1 行:未知的单位类别“部委”" in message_boxes[-1]
    assert logical_dump(empty_window.db) == dump


def test_empty_or_bad_pasted_list_keeps_the_page(empty_window, qtbot):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "巫溪县")
    next_page(wizard)
    page = wizard.directory_page
    page.paste_radio.setChecked(True)
    next_page(wizard)
    assert wizard.currentPage() is page and "请粘贴单位名称" in page.status.text()
    page.paste_edit.setPlainText("区财政局\n部委\t区审计局\n")
    dump = logical_dump(empty_window.db)
    next_page(wizard)
    assert wizard.currentPage() is page and "第 2 行:未知的单位类别“部委”" in page.status.text()
    assert logical_dump(empty_window.db) == dump


def test_staff_pasted_in_the_wizard_are_added_and_a_bad_line_keeps_the_page(empty_window, qtbot):
    wizard = wizard_on(empty_window, qtbot)
    type_chinese(wizard.office_page.district_edit, "巫溪县")
    next_page(wizard)
    wizard.directory_page.paste_radio.setChecked(True)
    wizard.directory_page.paste_edit.setPlainText("区财政局\n")
    next_page(wizard)
    page = wizard.staff_page
    assert wizard.currentPage() is page and "名单还是空的" in page.existing_label.text()
    page.edit.setPlainText("王建国 主任\n李明 副主任 督查科\n王建国\n")
    assert "第 2 行“李明 副主任 督查科”不是“姓名 职务”" in page.status.text()
    assert "第 3 行的“王建国”与第 1 行重复" in page.status.text()
    dump = logical_dump(empty_window.db)
    next_page(wizard)
    assert wizard.currentPage() is page
    assert logical_dump(empty_window.db) == dump
    page.edit.setPlainText("王建国 主任\n李明\n")
    assert page.status.text() == "共 2 人"
    next_page(wizard)
    assert wizard.currentPage() is wizard.notice_page
    assert [(p["name"], p["title"]) for p in list_staff(empty_window.db)] == [("王建国", "主任"), ("李明", None)]
    wizard.back()
    assert "名单中已有 2 人:王建国、李明" in page.existing_label.text()
    page.edit.setPlainText("王建国\n赵丽\n")
    next_page(wizard)
    assert [p["name"] for p in list_staff(empty_window.db)] == ["王建国", "李明", "赵丽"]
