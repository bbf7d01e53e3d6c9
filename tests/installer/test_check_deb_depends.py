"""The .deb's Depends check (installer/check_deb_depends.py) on a small real bundle: a copy of ls,
which loads libselinux and libc from the system."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "installer" / "check_deb_depends.py"
LS = Path(shutil.which("ls") or "/bin/ls").resolve()

pytestmark = pytest.mark.skipif(not (shutil.which("dpkg") and shutil.which("readelf")),
                                reason="needs dpkg and readelf (a Debian-like system with binutils)")


@pytest.fixture
def bundle(tmp_path) -> Path:
    needed = subprocess.run(["readelf", "-d", str(LS)], capture_output=True, text=True).stdout
    if "libselinux.so.1" not in needed:
        pytest.skip("this system's ls does not load libselinux")
    folder = tmp_path / "bundle"
    (folder / "bin").mkdir(parents=True)
    shutil.copy(LS, folder / "bin" / "ls")
    return folder


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_a_system_library_missing_from_depends_fails_with_its_package(bundle):
    result = run(bundle, "--depends", "libc6 (>= 2.28), fonts-noto-cjk | fonts-wqy-microhei")
    assert result.returncode == 1
    assert "libselinux.so.1 (libselinux1), needed by bin/ls" in result.stdout
    assert "libc.so.6" not in result.stdout


def test_every_library_named_passes_and_alternatives_count(bundle):
    result = run(bundle, "--depends", "libc6 (>= 2.28), libselinux1t64 | libselinux1")
    assert result.returncode == 0, result.stdout
    assert "OK: every library needed from the system is in Depends" in result.stdout


def test_a_library_the_bundle_carries_needs_no_package(bundle):
    selinux = subprocess.run(["dpkg", "-L", "libselinux1"], capture_output=True, text=True).stdout.split()
    shutil.copy(next(p for p in selinux if p.endswith("/libselinux.so.1")), bundle / "bin")
    result = run(bundle, "--depends", "libc6")
    # The carried copy's own needs (libpcre2) must be in Depends now, ls's libselinux need not.
    assert "libselinux.so.1 (" not in result.stdout
    assert "libpcre2-8.so.0 (libpcre2-8-0), needed by bin/libselinux.so.1" in result.stdout


def test_an_optional_plugin_is_reported_not_failed(bundle):
    result = run(bundle, "--depends", "libc6", "--optional", "bin/*")
    assert result.returncode == 0, result.stdout
    assert "optional plugin library, not in Depends: libselinux.so.1 (libselinux1)" in result.stdout
