"""The assessment dialog: change a rule, see who moves before saving, save, export."""

from openpyxl import load_workbook

from duchaban.ui.operations import reports


def opened(window, qtbot):
    dialog = reports.assessment_dialog(window.context())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20000)
    return dialog


def row_of(dialog, unit):
    row = dialog.scores_model.find("unit", unit)
    assert row >= 0
    return row


def test_a_changed_rule_previews_the_moves_before_saving(window, qtbot):
    dialog = opened(window, qtbot)
    assert dialog.scores_model.rowCount() == 75
    assert "与现行规则相比,0 个单位的得分有变化" in dialog.summary.text()
    dialog.spins["ledger_missing"].setValue(-10)
    # Three units sent nothing for Q2: exactly they move, by 7 points each.
    assert "3 个单位的得分有变化" in dialog.summary.text()
    row = row_of(dialog, "区财政局")
    assert dialog.scores_model.text(row, "delta") == "-7"
    dialog.scores_table.select(row)
    detail = dialog.detail_model
    rules = [detail.text(r, "rule") for r in range(detail.rowCount())]
    assert "未报送工作台账(每期)" in rules and rules[0] == "基础分"
    points = sum(float(detail.text(r, "points")) for r in range(detail.rowCount()))
    assert round(points, 2) == float(dialog.scores_model.text(row, "after"))
    # Nothing is stored until the user saves.
    assert window.db.execute("SELECT count(*) FROM assessment_rule_set").fetchone()[0] == 0
    assert dialog.save()
    assert "0 个单位的得分有变化" in dialog.summary.text()
    assert window.db.execute("SELECT count(*) FROM assessment_score").fetchone()[0] == 75


def test_restore_brings_back_the_saved_rules(window, qtbot):
    dialog = opened(window, qtbot)
    dialog.spins["lead_done"].setValue(9)
    dialog.base_spin.setValue(80)
    assert "0 个单位" not in dialog.summary.text()
    dialog.set_rules(dialog.saved)
    assert dialog.spins["lead_done"].value() == 2 and dialog.base_spin.value() == 100
    assert "0 个单位的得分有变化" in dialog.summary.text()


def test_export_writes_the_previewed_scores(window, qtbot, tmp_path):
    dialog = opened(window, qtbot)
    dialog.spins["lead_behind"].setValue(-5)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export(tmp_path / "考核.xlsx")
    book = load_workbook(tmp_path / "考核.xlsx")
    assert book["考核规则"]["C4"].value == -5
    first = next(book["得分汇总"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert (first[1], first[9]) == (dialog.scores_model.text(0, "unit"), float(dialog.scores_model.text(0, "after")))


def test_every_column_shows_whole_without_scrolling_on_a_laptop_screen(window, qtbot):
    from PySide6.QtWidgets import QApplication

    dialog = opened(window, qtbot)
    dialog.show()
    QApplication.processEvents()
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width()                       # sized within the screen it is on
    assert dialog.rules_table.horizontalScrollBar().maximum() == 0   # the rules keep their width
    # On a 1366 × 768 laptop the dialog is as wide as its tables: no column cut off, no scrolling.
    assert dialog.wanted_width() <= 1366 - 40
    dialog.resize(dialog.wanted_width(), 720)
    QApplication.processEvents()
    for table in (dialog.rules_table, dialog.scores_table):
        assert table.horizontalScrollBar().maximum() == 0
        header = table.horizontalHeader()
        for column in range(header.count()):
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
    model, view = dialog.scores_model, dialog.scores_table
    for key in ("ledger", "finding", "bulletin"):
        column = model.column(key)
        assert view.columnViewportPosition(column) + view.columnWidth(column) <= view.viewport().width(), key
