"""core, store, exchange and services never import Qt: the window is only a view on them."""

import subprocess
import sys
from pathlib import Path

import duchaban

PACKAGE = Path(duchaban.__file__).parent


def test_no_qt_below_the_ui():
    modules = sorted(
        "duchaban." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("core", "store", "exchange", "services")
        for p in (PACKAGE / layer).glob("*.py")
        if p.name != "__init__.py"
    )
    assert len(modules) > 10
    code = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
            "qt = sorted(m for m in sys.modules if m.startswith('PySide6'))\nprint(qt)\nassert not qt, qt\n")
    result = subprocess.run([sys.executable, "-c", code + "import duchaban.cli"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
