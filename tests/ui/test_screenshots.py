"""Saved screenshots of the main window, the overview and the dialogs, for a person to look at.

The PNGs go to $DUCHABAN_SCREENSHOTS when set (e.g. ``DUCHABAN_SCREENSHOTS=shots xvfb-run -a
python -m pytest tests/ui/test_screenshots.py``), else to the test's temporary folder. Each test
checks the picture was written and is not blank; looking at it is the point.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("DUCHABAN_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget, folder: Path, name: str, size=(1400, 860)) -> Path:
    if size:
        widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() > 200 and image.height() > 150
    # Not one colour: something was drawn.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 3
    return path


def test_main_window(window, shots):
    window.select_task(52)
    save(window, shots, "main-window")


def test_search(window, shots):
    window.search_box.setText("信息")
    window.apply_filters()
    save(window, shots, "main-window-search")


def test_by_unit_view(window, shots):
    unit_id = window.db.execute("SELECT id FROM unit WHERE name = '区财政局'").fetchone()[0]
    window.show_unit(unit_id)
    save(window, shots, "main-window-by-unit")


def test_overview(window, shots):
    window.show_overview()
    save(window, shots, "overview")
    window.show_overview_full_screen()
    screen = window.overview_screen
    screen.showNormal()
    save(screen, shots, "overview-full-screen", size=(1600, 900))
    screen.close()


DIALOGS = ["charts_dialog", "bulletin_dialog", "assessment_dialog"]


@pytest.mark.parametrize("factory", DIALOGS)
def test_dialog(window, shots, factory):
    dialog = getattr(window, factory)()
    save(dialog, shots, factory.replace("_", "-"), size=None)
    dialog.close()
