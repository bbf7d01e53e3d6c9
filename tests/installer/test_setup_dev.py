"""installer/setup-dev.sh's checks before it installs anything: the Python version, and Debian's
separately packaged ensurepip (python3.X-venv). Run on a copy of the script, with stand-in
interpreters (small shell scripts) for the Pythons this machine does not have."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "installer" / "setup-dev.sh"


def run_setup(tmp_path: Path, python: str, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "installer").mkdir(exist_ok=True)
    shutil.copy(SETUP, tmp_path / "installer" / "setup-dev.sh")
    return subprocess.run(["bash", str(tmp_path / "installer" / "setup-dev.sh"), *args], cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "PYTHON": python}, capture_output=True, text=True,
                          timeout=120)


def stand_in_python(tmp_path: Path, version: str, *, ensurepip: bool) -> str:
    """An interpreter that answers the script's two questions as a Python ``version`` would."""
    path = tmp_path / f"python{version}"
    path.write_text("#!/bin/sh\ncase \"$2\" in\n"
                    f"  *ensurepip*) exit {0 if ensurepip else 1};;\n"
                    f"  *version_info*) echo {version};;\n"
                    "  *) exit 2;;\nesac\n")
    path.chmod(0o755)
    return str(path)


def test_too_old_python_is_refused_in_chinese_before_anything_is_installed(tmp_path):
    result = run_setup(tmp_path, stand_in_python(tmp_path, "3.10", ensurepip=True))
    assert result.returncode == 1
    assert "督查办需要 Python 3.11 或更新版本" in result.stderr and "Python 3.10" in result.stderr
    assert "PYTHON=python3.11" in result.stderr
    assert "Installing" not in result.stdout and not (tmp_path / ".venv").exists()


def test_missing_python_is_named(tmp_path):
    result = run_setup(tmp_path, str(tmp_path / "no-such-python"))
    assert result.returncode == 1 and "找不到 Python" in result.stderr and "3.11" in result.stderr


def test_debian_python_without_ensurepip_gets_its_venv_package(tmp_path):
    result = run_setup(tmp_path, stand_in_python(tmp_path, "3.11", ensurepip=False), "--list-packages")
    assert result.returncode == 0, result.stderr
    packages = result.stdout.split()
    assert "python3.11-venv" in packages and "fonts-noto-cjk" in packages


def test_python_with_ensurepip_needs_no_venv_package(tmp_path):
    result = run_setup(tmp_path, sys.executable, "--list-packages")
    assert result.returncode == 0, result.stderr
    assert not [p for p in result.stdout.split() if p.endswith("-venv")]
