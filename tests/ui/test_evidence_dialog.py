"""Evidence from the findings dialog: thumbnails, adding files, opening with the system viewer."""

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from duchaban.services.demo_inspections import demo_photo
from duchaban.ui.dialogs.evidence import PathRole


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


def closed_finding_evidence(window, qtbot):
    dialog = window.findings_dialog()
    qtbot.addWidget(dialog)
    row = next(r for r, f in enumerate(dialog.rows) if f["status"] == "closed")
    dialog.table.selectRow(row)
    evidence = dialog.evidence_dialog()
    qtbot.addWidget(evidence)
    return dialog, evidence


def test_a_photo_shows_as_a_thumbnail_and_opens_in_the_viewer(window, qtbot, viewer):
    _, evidence = closed_finding_evidence(window, qtbot)
    assert evidence.files.count() == 1
    item = evidence.files.item(0)
    assert item.text() == "整改佐证.png"
    pixmap = item.icon().pixmap(evidence.files.iconSize())
    assert not pixmap.isNull() and pixmap.width() > 100      # the photo itself, scaled up to the thumbnail box
    assert evidence.open_file(item.data(PathRole))
    assert viewer.opened and viewer.opened[0].endswith(".png") and ".files" in viewer.opened[0]


def test_added_documents_appear_and_update_the_count(window, qtbot, tmp_path):
    findings, evidence = closed_finding_evidence(window, qtbot)
    photo = tmp_path / "现场.png"
    photo.write_bytes(demo_photo(40, 30))
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    assert evidence.add_files([photo, report]) == 2
    assert [evidence.files.item(i).text() for i in range(evidence.files.count())] == [
        "整改佐证.png", "现场.png", "整改报告.pdf"]
    row = findings.table.currentRow()
    assert findings.table.item(row, 7).text() == "3"


def test_a_missing_stored_copy_is_reported_not_opened(window, qtbot, viewer, message_boxes):
    from pathlib import Path

    _, evidence = closed_finding_evidence(window, qtbot)
    path = Path(evidence.files.item(0).data(PathRole))
    path.unlink()
    assert not evidence.open_file(str(path))
    assert "佐证文件缺失" in message_boxes[-1] and viewer.opened == []
