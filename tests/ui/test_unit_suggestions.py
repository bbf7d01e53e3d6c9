"""The plan import dialog preselects the best-ranked unit for a misspelt name instead of a new unit."""

from duchaban.ui.operations import plans


def test_misspelt_alias_suggests_the_known_unit_and_waits_for_a_yes(window, qtbot, tmp_path):
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、产业\n1.推进智能化改造。\n责任单位:区经信委会、区气象局\n",
                      encoding="utf-8")
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(notice)
    combos = {dialog.names.item(r, 0).text(): dialog.names.cellWidget(r, 2) for r in range(dialog.names.rowCount())}
    # Suggested, never "(新建单位)" one click from a duplicate, and never taken without a yes.
    assert "区经济信息委" in combos["区经信委会"].placeholderText() and combos["区经信委会"].currentIndex() == -1
    assert combos["区气象局"].currentText() == "(新建单位)"          # nothing like it in the directory
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.accept_suggestions.click()
    units_before = window.db.execute("SELECT count(*) FROM unit").fetchone()[0]
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert window.db.execute("SELECT count(*) FROM unit").fetchone()[0] == units_before + 1
    alias = window.db.execute("SELECT u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id"
                              " WHERE a.alias = '区经信委会'").fetchone()
    assert alias == ("区经济信息委",)


def test_a_new_name_like_a_known_unit_waits_for_a_choice(window, qtbot, tmp_path):
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、文旅\n1.办好乡村旅游节。\n责任单位:区文旅局\n", encoding="utf-8")
    dialog = plans.plan_import_dialog(window.context())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(notice)
    [row] = [r for r in range(dialog.names.rowCount()) if dialog.names.item(r, 0).text() == "区文旅局"]
    combo = dialog.names.cellWidget(row, 2)
    # Nothing is preselected: 新建 would make a second 文旅 unit beside 区文化旅游委.
    assert combo.currentIndex() == -1 and combo.itemText(0) == "区文化旅游委"
    assert not dialog.import_button.isEnabled() and "“区文旅局”与名录中的单位相近" in dialog.summary.text()
    units_before = window.db.execute("SELECT count(*) FROM unit").fetchone()[0]
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.decide("区文旅局", "区文化旅游委")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert window.db.execute("SELECT count(*) FROM unit").fetchone()[0] == units_before
