"""Evidence from the findings dialog: thumbnails, adding files, opening with the system viewer."""

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from duchaban.services.demo_inspections import demo_photo
from duchaban.ui.dialogs.evidence import PathRole
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


def closed_finding_evidence(window, qtbot):
    dialog = inspections.findings_dialog(window.context())
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
    assert findings.model.text(findings.table.current_row(), "evidence") == "3"


def test_a_missing_stored_copy_is_reported_not_opened(window, qtbot, viewer, message_boxes):
    from pathlib import Path

    _, evidence = closed_finding_evidence(window, qtbot)
    path = Path(evidence.files.item(0).data(PathRole))
    path.unlink()
    assert not evidence.open_file(str(path))
    assert "佐证文件缺失" in message_boxes[-1] and viewer.opened == []


def test_a_close_out_shows_its_evidence_in_the_task_detail(window, qtbot, tmp_path, viewer):
    from datetime import date

    from PySide6.QtCore import QUrl

    from duchaban.store.inspections import close_task

    photo = tmp_path / "验收照片.png"
    photo.write_bytes(demo_photo())
    report = tmp_path / "验收报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    task_id = window.db.execute("SELECT id FROM task WHERE number = 47").fetchone()[0]
    close_task(window.db, task_id=task_id, verifier_id=1, closed_on=date(2021, 7, 1), requested_by="张伟",
               evidence_paths=[photo, report], override_reason="验收报告已出具,台账尚未更新")  # ledger: 推进中
    window.select_task(47)
    html = window.detail.toHtml()
    assert "<img" in html and "验收报告.pdf" in window.detail.toPlainText()
    from pathlib import Path

    [stored] = Path(f"{window.db_path}.files").rglob("*.pdf")
    window.detail.anchorClicked.emit(QUrl.fromLocalFile(str(stored)))
    assert viewer.opened == [str(stored)]


def test_a_ledger_report_takes_evidence_from_the_task_detail(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QUrl

    from duchaban.ui.dialogs.evidence import EvidenceDialog

    window.select_task(47)
    assert "添加佐证" in window.detail.toPlainText() and "佐证 1 份" not in window.detail.toPlainText()
    uuid = window.db.execute("SELECT pe.uuid FROM progress_entry pe JOIN task t ON t.id = pe.task_id"
                             " WHERE t.number = 47 ORDER BY pe.id DESC LIMIT 1").fetchone()[0]
    assert f"entry:{uuid}" in window.detail.toHtml()
    opened = []
    monkeypatch.setattr(EvidenceDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window.detail.anchorClicked.emit(QUrl(f"entry:{uuid}"))      # the report's 添加佐证 link
    [dialog] = opened
    qtbot.addWidget(dialog)
    assert "任务 47" in dialog.windowTitle() and dialog.files.count() == 0
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(demo_photo())
    assert dialog.add_files([photo]) == 1
    assert dialog.files.count() == 1
    assert "佐证 1 份" in window.detail.toPlainText()       # the detail was refreshed
    assert window.current_task_id() is not None


def test_evidence_is_unlinked_kept_by_hash_and_audited(window, qtbot, tmp_path):
    import json
    from pathlib import Path

    from duchaban.store.evidence import evidence_for

    findings, evidence = closed_finding_evidence(window, qtbot)
    photo = tmp_path / "多拍的照片.png"
    photo.write_bytes(demo_photo(50, 40))
    evidence.add_files([photo])
    assert evidence.files.count() == 2
    evidence.files.setCurrentRow(1)
    stored = Path(evidence.files.item(1).data(PathRole))
    evidence.ask_remove()                   # the confirmation is answered yes
    assert [evidence.files.item(i).text() for i in range(evidence.files.count())] == ["整改佐证.png"]
    assert stored.exists()                  # kept by its hash; adding it again finds it
    assert len(evidence_for(window.db, owner_kind=evidence.owner_kind, owner_uuid=evidence.owner_uuid)) == 1
    assert window.db.execute("SELECT count(*) FROM evidence WHERE file_name = '多拍的照片.png'").fetchone()[0] == 1
    action, before = window.db.execute(
        "SELECT action, before FROM audit_log WHERE table_name = 'evidence_link' ORDER BY id DESC").fetchone()
    assert action == "delete" and json.loads(before)["file_name"] == "多拍的照片.png"
    assert findings.model.text(findings.table.current_row(), "evidence") == "1"
    evidence.add_files([photo])
    assert evidence.files.count() == 2


def test_the_only_evidence_of_a_closed_finding_cannot_be_removed(window, qtbot, message_boxes):
    from helpers import logical_dump

    from duchaban.ui.dialogs.evidence import EvidenceIdRole

    _, evidence = closed_finding_evidence(window, qtbot)
    before = logical_dump(window.db)
    assert not evidence.remove_file(evidence.files.item(0).data(EvidenceIdRole))
    assert "唯一佐证材料" in message_boxes[-1]
    assert evidence.files.count() == 1
    assert logical_dump(window.db) == before
