"""Take the user guide's screenshots (resources/guide/images) from the demo database.

Run from the repository root, offscreen or under Xvfb:
    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/guide-screenshots.py [OUT_DIR]
Each picture is kept under 150 KB (reduced to 256 colours when a full-colour PNG is larger).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duchaban.services.demo import build_demo  # noqa: E402
from duchaban.store.database import open_database  # noqa: E402
from duchaban.ui.app import create_application  # noqa: E402

LIMIT = 150 * 1024
WIDTH = 880          # what the guide viewer's page shows without scrolling sideways


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def wait(app: QApplication, seconds: float) -> None:
    """Let a dialog's background job (parsing, checking, drafting) finish and show its result."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)


def save(widget: QWidget, path: Path, app: QApplication) -> int:
    widget.show()
    settle(app)
    image = widget.grab().toImage()
    image.save(str(path), "PNG", 0)
    # The guide shows pictures at their own size (the viewer does not smooth what it scales).
    if image.width() > WIDTH:
        image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
        image.save(str(path), "PNG", 0)
    # Fewer colours first (a window has a hundred or so), then a little smaller until it fits.
    while path.stat().st_size > LIMIT:
        image.convertToFormat(QImage.Format.Format_Indexed8).save(str(path), "PNG", 0)
        if path.stat().st_size > LIMIT:
            image = image.scaledToWidth(int(image.width() * 0.95), Qt.TransformationMode.SmoothTransformation)
    print(f"{path.name}: {image.width()}×{image.height()}, {path.stat().st_size // 1024} KB")
    return path.stat().st_size


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(["duchaban"])
    # A plain folder name: the paths in the pictures are read by the guide's readers.
    work = Path(tempfile.gettempdir()) / "督查办示例"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db_path = work / "演示.sqlite"
    build_demo(db_path)
    db = open_database(db_path)

    from duchaban.assets import SAMPLE_PLAN, resource_path
    from duchaban.formats.ledger_template import export_templates
    from duchaban.store.settings import as_of_date
    from duchaban.store.units import unit_id_by_name
    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog
    from duchaban.ui.dialogs.submission_status import SubmissionStatusDialog
    from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
    from duchaban.ui.main_window import MainWindow

    window = MainWindow(db, db_path, QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat),
                        operator="陈静")
    window.resize(1024, 640)
    window.show()
    settle(app)
    window.select_task(52)
    save(window, out / "main-window.png", app)

    dialogs = {
        "plan-import.png": lambda: window.plan_import_dialog(),
        "unit-directory.png": lambda: UnitDirectoryDialog(window.db, window.history, window.operator, window),
        "ledger-export.png": lambda: LedgerExportDialog(window.period_codes(), work / "台账模板", None, window),
        "submission-import.png": lambda: window.submission_import_dialog(),
        "submission-status.png": lambda: SubmissionStatusDialog(window.db, window.plan_id, window.period_codes(),
                                                                 as_of_date(window.db), window.operator, work,
                                                                 window),
        "inspection.png": lambda: window.inspection_dialog(),
        "findings.png": lambda: window.findings_dialog(),
        "bulletin.png": lambda: window.bulletin_dialog(),
        "assessment.png": lambda: window.assessment_dialog(),
    }
    prepare = {
        "plan-import.png": lambda d: d.set_notice(notice),
        "ledger-export.png": lambda d: d.resize(640, d.height()),
        "submission-import.png": lambda d: d.add_paths([templates]),
        "bulletin.png": lambda d: d.make_draft(),
        "assessment.png": lambda d: None,           # the scores are summed in the background
    }
    notice = work / "2021年目标任务分解方案.txt"
    shutil.copyfile(resource_path(SAMPLE_PLAN), notice)
    templates = work / "交回的台账"
    export_templates(db, plan_id=window.plan_id, period_code="2021Q3", out_dir=templates,
                     unit_ids=[unit_id_by_name(db, n) for n in ("区科技局", "竹山镇", "区商务委")])
    for name, make in dialogs.items():
        dialog = make()
        # As small as the dialog allows, so the picture needs little or no shrinking.
        dialog.resize(min(dialog.width(), WIDTH), min(dialog.height(), 600))
        dialog.show()
        if name in prepare:
            prepare[name](dialog)
            wait(app, 4)
        save(dialog, out / name, app)
        dialog.close()
    popup = window.legend.show_rules()
    save(popup, out / "status-rules.png", app)
    popup.close()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "guide" / "images"))
