"""The window's evidence dialog on a laptop cloned from the office hub: a file not yet fetched is
fetched in a worker when opened, then shown; off the office network the dialog says where it is."""

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from duchaban.services.office_hub import clone_from_hub, init_hub
from duchaban.store.database import open_database, opened_database
from duchaban.ui.dialogs.evidence import PathRole
from duchaban.ui.main_window import MainWindow
from duchaban.ui.operations import inspections


class Viewer(QObject):
    """Stands in for the system's viewer: Qt hands it the file URLs it would have opened."""

    def __init__(self):
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url.toLocalFile())


@pytest.fixture
def viewer():
    handler = Viewer()
    QDesktopServices.setUrlHandler("file", handler, "show")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def _window(qtbot, laptops, hub_url, tmp_path, address: str) -> MainWindow:
    office_path, folder = laptops
    with opened_database(office_path) as office:
        init_hub(office, hub_url)
    clone_from_hub(hub_url, folder / "a.dcb")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("hub/url", address)
    window = MainWindow(open_database(folder / "a.dcb"), folder / "a.dcb", settings, operator="陈静")
    window.hub_sync.stop()      # no sync of its own while the test opens a file
    qtbot.addWidget(window)
    return window


def _closed_finding_evidence(window, qtbot):
    dialog = inspections.findings_dialog(window.context())
    qtbot.addWidget(dialog)
    dialog.table.selectRow(next(r for r, f in enumerate(dialog.rows) if f["status"] == "closed"))
    evidence = dialog.evidence_dialog()
    qtbot.addWidget(evidence)
    return evidence


def test_opening_a_file_not_yet_fetched_fetches_it_and_shows_it(qtbot, laptops, hub_url, tmp_path, viewer,
                                                                  message_boxes):
    window = _window(qtbot, laptops, hub_url, tmp_path, hub_url)
    evidence = _closed_finding_evidence(window, qtbot)
    item = evidence.files.item(0)
    path = Path(item.data(PathRole))
    assert not path.exists() and "首次打开时取回" in item.toolTip()
    job = evidence.open_item(item)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    qtbot.waitUntil(lambda: bool(viewer.opened), timeout=5000)
    assert path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
    assert viewer.opened == [str(path)] and message_boxes == []
    assert "首次打开时取回" not in evidence.files.item(0).toolTip()      # the list was shown again, with the file


def test_off_the_office_network_the_dialog_says_where_the_file_is(qtbot, laptops, hub_url, tmp_path, viewer,
                                                                   message_boxes):
    window = _window(qtbot, laptops, hub_url, tmp_path, "postgresql://nobody@127.0.0.1:1/none")
    evidence = _closed_finding_evidence(window, qtbot)
    item = evidence.files.item(0)
    job = evidence.open_item(item)
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=5000)
    assert "保存在办公室数据库中" in message_boxes[-1] and "连接办公室网络后即可打开" in message_boxes[-1]
    assert "Traceback" not in message_boxes[-1] and "内部错误" not in message_boxes[-1]
    assert viewer.opened == [] and not Path(item.data(PathRole)).exists()
    assert not Path(f"{window.db_path}.files").exists()


def test_an_evidence_link_in_the_task_pane_is_fetched_when_clicked(qtbot, laptops, hub_url, tmp_path, viewer,
                                                                   message_boxes):
    from duchaban.store.evidence import stored_path

    window = _window(qtbot, laptops, hub_url, tmp_path, hub_url)
    # The pane links a close-out's files by their stored path (ui/views/task_detail.py evidence_html).
    sha, name = window.db.execute("SELECT sha256, file_name FROM evidence ORDER BY id LIMIT 1").fetchone()
    path = stored_path(window.db, sha, name)
    assert not path.exists()
    window.detail.anchorClicked.emit(QUrl.fromLocalFile(str(path)))
    qtbot.waitUntil(lambda: bool(viewer.opened), timeout=30000)
    assert viewer.opened == [str(path)] and path.exists() and message_boxes == []
