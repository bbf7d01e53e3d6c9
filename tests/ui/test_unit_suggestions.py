"""The plan import dialog preselects the best-ranked unit for a misspelt name instead of a new unit."""


def test_misspelt_alias_preselects_the_known_unit(window, qtbot, tmp_path):
    notice = tmp_path / "2022.txt"
    notice.write_text("2022年分解方案\n一、产业\n1.推进智能化改造。\n责任单位:区经信委会、区气象局\n",
                      encoding="utf-8")
    dialog = window.plan_import_dialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewReady, timeout=5000):
        dialog.set_notice(notice)
    rows = {dialog.names.item(r, 0).text(): dialog.names.cellWidget(r, 2).currentText()
            for r in range(dialog.names.rowCount())}
    assert rows["区经信委会"] == "区经济信息委"     # was "(新建单位)", one click from a duplicate
    assert rows["区气象局"] == "(新建单位)"          # nothing like it in the directory
    units_before = window.db.execute("SELECT count(*) FROM unit").fetchone()[0]
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        dialog.import_button.click()
    assert window.db.execute("SELECT count(*) FROM unit").fetchone()[0] == units_before + 1
    alias = window.db.execute("SELECT u.name FROM unit_alias a JOIN unit u ON u.id = a.unit_id"
                              " WHERE a.alias = '区经信委会'").fetchone()
    assert alias == ("区经济信息委",)
