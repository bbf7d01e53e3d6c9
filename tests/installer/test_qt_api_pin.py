"""The app stays within the Qt API of the PySide6 the Linux bundle pins (installer/qt_api.py).

The development set-up runs a newer PySide6 than the bundle; these tests are the cheap CI gate
(seconds, no second Qt install) that a name only the newer Qt has does not reach the bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_API = ROOT / "installer" / "qt_api.py"
PINS = ROOT / "installer" / "bundle-pins.txt"

# A newer Qt's stub, as the check reads it: the pinned 6.9 has no endFilterChange.
NEWER_STUB = """
import enum
class QObject: ...
class QAbstractItemModel(PySide6.QtCore.QObject): ...
class QSortFilterProxyModel(PySide6.QtCore.QAbstractItemModel):
    class Direction(enum.Flag):
        Rows = 0x1
    def endFilterChange(self, /, directions: int = ...) -> None: ...
    def invalidateRowsFilter(self, /) -> None: ...
"""


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(QT_API), *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def write(folder: Path, text: str) -> Path:
    path = folder / "module.py"
    path.write_text(text, encoding="utf-8")
    return path


def newer_qt(tmp_path: Path) -> Path:
    folder = tmp_path / "PySide6-newer"
    folder.mkdir()
    (folder / "QtCore.pyi").write_text(NEWER_STUB, encoding="utf-8")
    return folder


def test_the_app_uses_only_the_pinned_qt_api():
    result = run("check", ROOT / "duchaban", ROOT / "installer" / "launch.py")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files checked against qt-api-6.9.3.txt.gz" in result.stdout


def test_the_manifest_is_the_version_the_bundle_pins():
    assert "PySide6-Essentials==6.9.3" in PINS.read_text(encoding="utf-8")
    assert (ROOT / "installer" / "qt-api-6.9.3.txt.gz").exists()


def test_classes_enums_and_inherited_members_of_the_pinned_qt_pass(tmp_path):
    module = write(tmp_path, (
        "from PySide6.QtCore import Qt, QSortFilterProxyModel\n"
        "from PySide6.QtWidgets import QTreeView, QHeaderView\n"
        "a = Qt.AlignmentFlag.AlignLeft.value\n"
        "b = QHeaderView.ResizeMode.Stretch\n"
        "c = QTreeView.setModel\n"                       # defined on QAbstractItemView
        "d = QSortFilterProxyModel.invalidateRowsFilter\n"))
    result = run("check", module, "--current", newer_qt(tmp_path))
    assert result.returncode == 0, result.stdout


def test_names_missing_from_the_pinned_qt_are_reported_with_their_line(tmp_path):
    module = write(tmp_path, (
        "from PySide6.QtCore import QSortFilterProxyModel, QNoSuchClass\n"
        "from PySide6.QtWidgets import QTreeView\n"
        "x = QSortFilterProxyModel.Direction.Rows\n"
        "y = QTreeView.noSuchMethod\n"))
    result = run("check", module, "--current", newer_qt(tmp_path))
    assert result.returncode == 1
    assert f"{module}:1: QtCore.QNoSuchClass does not exist in the pinned PySide6" in result.stdout
    assert f"{module}:3: QtCore.QSortFilterProxyModel.Direction does not exist" in result.stdout
    assert f"{module}:4: QtWidgets.QTreeView.noSuchMethod does not exist" in result.stdout


def test_a_method_only_the_newer_qt_has_is_caught_on_an_instance(tmp_path):
    module = write(tmp_path, (
        "from PySide6.QtCore import QSortFilterProxyModel\n"
        "class Proxy(QSortFilterProxyModel):\n"
        "    def refilter(self):\n"
        "        self.endFilterChange()\n"))
    result = run("check", module, "--current", newer_qt(tmp_path))
    assert result.returncode == 1
    assert f"{module}:4: .endFilterChange exists only in PySide6 newer than the pin" in result.stdout


def test_a_line_guarded_for_the_newer_qt_is_not_reported(tmp_path):
    module = write(tmp_path, (
        "from PySide6.QtCore import QSortFilterProxyModel\n"
        "NEW = hasattr(QSortFilterProxyModel, 'endFilterChange')\n"
        "class Proxy(QSortFilterProxyModel):\n"
        "    def refilter(self):\n"
        "        if NEW:\n"
        "            self.endFilterChange()  # qt-api: guarded\n"
        "        else:\n"
        "            self.invalidateRowsFilter()\n"))
    result = run("check", module, "--current", newer_qt(tmp_path))
    assert result.returncode == 0, result.stdout


def test_a_name_the_app_defines_itself_is_not_taken_for_the_newer_qts(tmp_path):
    module = write(tmp_path, (
        "from PySide6.QtCore import QObject\n"
        "class Batch(QObject):\n"
        "    def endFilterChange(self): ...\n"
        "Batch().endFilterChange()\n"))
    result = run("check", module, "--current", newer_qt(tmp_path))
    assert result.returncode == 0, result.stdout
