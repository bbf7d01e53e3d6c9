"""core, store, exchange and services never import Qt: the window is only a view on them."""

import subprocess
import sys
from pathlib import Path

import duchaban

PACKAGE = Path(duchaban.__file__).parent


def test_no_qt_below_the_ui():
    modules = sorted(
        "duchaban." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("core", "store", "exchange", "hub", "services")
        for p in (PACKAGE / layer).glob("*.py")
        if p.name != "__init__.py"
    )
    assert len(modules) > 10
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "qt = sorted(m for m in sys.modules if m.startswith('PySide6'))\nprint(qt)\nassert not qt, qt\n")
    result = subprocess.run([sys.executable, "-c", code + "import duchaban.cli"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_what_the_window_needs_before_its_first_paint_leaves_out_the_database_layer():
    # ui/startup.py paints the window before opening the database; importing sqlite-utils, the
    # store's queries or the file formats before then would put their import time back in front.
    code = ("import sys\nimport duchaban.cli, duchaban.ui.app, duchaban.ui.main_window, duchaban.ui.startup\n"
            "print(' '.join(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "duchaban.ui.main_window" in loaded and "PySide6.QtWidgets" in loaded
    for module in ("sqlite_utils", "platformdirs", "openpyxl", "docx", "python_calamine",
                   "duchaban.store.browse", "duchaban.store.plans", "duchaban.store.backup", "duchaban.services.demo"):
        assert module not in loaded, module
