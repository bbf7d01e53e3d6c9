"""The window syncs with the office hub: from the menu, quietly after a change, and says so below."""

from datetime import date

from PySide6.QtCore import QSettings

from duchaban.hub.connection import split_password, with_password
from duchaban.services.office_hub import clone_from_hub, init_hub, sync_with_hub
from duchaban.store.database import open_database, opened_database
from duchaban.store.inspections import record_inspection_with_findings
from duchaban.ui.hub_sync import HubAddressDialog
from duchaban.ui.main_window import MainWindow


def test_the_address_is_remembered_without_its_password():
    assert split_password("postgresql://陈静:p%40ss@office:5432/hub") == ("postgresql://陈静@office:5432/hub", "p@ss")
    assert with_password("postgresql://陈静@office:5432/hub", "p@ss") == "postgresql://%E9%99%88%E9%9D%99:p%40ss@office:5432/hub"


def test_the_window_syncs_and_shows_what_waits(qtbot, laptops, hub_url, tmp_path, message_boxes):
    office_path, folder = laptops
    with opened_database(office_path) as office:
        init_hub(office, hub_url)
    clone_from_hub(hub_url, folder / "a.dcb")
    clone_from_hub(hub_url, folder / "b.dcb")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("hub/url", hub_url)
    db = open_database(folder / "a.dcb")
    window = MainWindow(db, folder / "a.dcb", settings, operator="陈静")
    qtbot.addWidget(window)
    window.show()
    job = window.hub_sync.sync(interactive=True)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    assert window.hub_sync.label.text().startswith("办公室同步:上次")
    assert "已同步" in message_boxes[-1]
    # Another laptop records an inspection and syncs; a change here sends ours and brings theirs.
    with opened_database(folder / "b.dcb") as other:
        record_inspection_with_findings(other, kind="open", title="乙笔记本的督查", started_on=date(2021, 7, 20),
                                        plan_id=1, inspectors=["刘洋"], units=["区水利局"], findings=[])
        sync_with_hub(other, hub_url)
    record_inspection_with_findings(window.db, kind="open", title="甲笔记本的督查", started_on=date(2021, 7, 21),
                                    plan_id=1, inspectors=["陈静"], units=["区水利局"], findings=[])
    window.hub_sync._timer.setInterval(10)
    window.refresh()
    assert "待发送" in window.hub_sync.label.text()
    qtbot.waitUntil(lambda: window.db.execute("SELECT count(*) FROM inspection WHERE title = '乙笔记本的督查'")
                    .fetchone()[0] == 1, timeout=30000)
    qtbot.waitUntil(lambda: "待发送" not in window.hub_sync.label.text() and "正在" not in window.hub_sync.label.text(),
                    timeout=30000)


def test_an_unreachable_hub_is_a_quiet_line_in_the_status_bar(qtbot, laptops, tmp_path, message_boxes):
    office_path, _ = laptops
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("hub/url", "postgresql://nobody@127.0.0.1:1/none")
    db = open_database(office_path)
    window = MainWindow(db, office_path, settings, operator="王建国")
    qtbot.addWidget(window)
    job = window.hub_sync.sync(interactive=False)
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    assert "未连接" in window.hub_sync.label.text() and message_boxes == []


def test_the_address_dialog_reads_chinese(qtbot):
    dialog = HubAddressDialog("postgresql://陈静@office/hub")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "与办公室同步" and dialog.address.text() == "postgresql://陈静@office/hub"
