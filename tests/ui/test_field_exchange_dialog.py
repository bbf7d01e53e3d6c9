"""The field exchange dialog: export on the laptop, merge at the office choosing per conflict."""

import shutil
import time
from datetime import date

from duchaban.core.periods import utc_now_iso
from duchaban.store.database import open_database
from duchaban.store.inspections import follow_up
from duchaban.ui.operations import database


def test_export_then_merge_with_a_conflict_decided_in_the_table(window, qtbot, tmp_path):
    laptop_path = tmp_path / "field.sqlite"
    shutil.copyfile(window.db_path, laptop_path)
    shutil.copytree(f"{window.db_path}.files", f"{laptop_path}.files")
    time.sleep(1.1)
    since = utc_now_iso()
    time.sleep(1.1)
    uuid_ = window.db.execute("SELECT uuid FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
    laptop = open_database(laptop_path)
    for db, status in ((window.db, "rectifying"), (laptop, "rectified")):
        finding_id = db.execute("SELECT id FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0]
        follow_up(db, finding_id=finding_id, text=status, on_date=date(2021, 7, 18), status=status)
    laptop.close()

    from duchaban.ui.dialogs.field_exchange import FieldExchangeDialog

    field = FieldExchangeDialog(laptop_path, operator="陈静", folder=tmp_path)
    qtbot.addWidget(field)
    field.export_path.setText(str(tmp_path / "外勤.dcbx"))
    field.mode_since_time.setChecked(True)
    field.since_iso = lambda: since     # the moment the laptop copy was taken (the older way)
    with qtbot.waitSignal(field.exported, timeout=20000) as exported:
        field.export()
    assert exported.args[0]["counts"]["findings"] == 1

    dialog = database.field_exchange_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.conflicts.isVisible() and "交换包" in dialog.summary.text()   # no empty grid before a package
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.files_dropped([tmp_path / "外勤.dcbx"])
    assert dialog.tabs.currentIndex() == 1 and dialog.conflicts.rowCount() == 1
    assert dialog.conflicts.isVisible()
    header = dialog.conflicts.horizontalHeader()
    title = dialog.conflicts.horizontalHeaderItem(0).text()
    assert header.fontMetrics().horizontalAdvance(title) < header.sectionSize(0)     # the header is not clipped
    assert "冲突 1 处" in dialog.summary.text() and not dialog.import_button.isEnabled()
    assert "整改状态:整改中 / 已整改待核验" in dialog.conflicts.item(0, 1).text()
    dialog.conflicts.cellWidget(0, 2).setCurrentIndex(2)   # 采用交换包
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.import_button.click()
    assert window.db.execute("SELECT status FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0] == "rectified"
    assert "已合并" in dialog.summary.text()


def test_a_file_that_is_not_a_package_is_explained(window, qtbot, tmp_path, message_boxes):
    bogus = tmp_path / "照片.dcbx"
    bogus.write_bytes(b"\x89PNG not a package")
    dialog = database.field_exchange_dialog(window.context())
    qtbot.addWidget(dialog)
    job = dialog.preview(bogus)
    with qtbot.waitSignal(job.failed, timeout=10000):
        pass
    assert "不是督查办交换包" in message_boxes[-1] and not dialog.import_button.isEnabled()


def test_the_next_export_starts_where_the_last_one_ended(window, qtbot, tmp_path):
    dialog = database.field_exchange_dialog(window.context())
    qtbot.addWidget(dialog)
    first_since = dialog.since_iso()
    dialog.export_path.setText(str(tmp_path / "a.dcbx"))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as exported:
        dialog.export()
    again = database.field_exchange_dialog(window.context())
    qtbot.addWidget(again)
    assert again.since_iso() == exported.args[0]["created_at"] and again.since_iso() > first_since
