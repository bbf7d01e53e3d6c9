"""The bundle's glibc check (installer/check_glibc.py), run as the build script runs it, on real
ELF files of this system, against objdump's reading of the same files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "installer" / "check_glibc.py"
LS = Path(shutil.which("ls") or "/bin/ls").resolve()


def run_check(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def objdump_highest(path: Path, kind: str) -> str:
    """The highest KIND_x.y symbol version objdump lists as undefined (needed) in the file."""
    if not shutil.which("objdump"):
        pytest.skip("objdump (binutils) is not installed")
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    versions = [m.group(1) for line in out.splitlines() if "*UND*" in line
                for m in [re.search(rf"\b{kind}_([0-9][0-9.]*)\b", line)] if m]
    assert versions, f"{path} needs no {kind} version"
    return max(versions, key=lambda v: tuple(map(int, v.split("."))))


def below(version: str) -> str:
    major, minor = version.split(".")[:2]
    return f"{major}.{int(minor) - 1}"


def test_reports_the_highest_glibc_of_ls_and_passes_at_that_limit():
    highest = objdump_highest(LS, "GLIBC")
    result = run_check(LS, "--max-glibc", highest)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"highest GLIBC_{highest} (limit GLIBC_{highest}), needed by {LS}" in result.stdout


def test_fails_on_a_limit_below_what_ls_needs_and_names_it():
    highest = objdump_highest(LS, "GLIBC")
    result = run_check(LS, "--max-glibc", below(highest))
    assert result.returncode == 1
    assert f"{LS}: needs GLIBC_{highest}" in result.stdout
    assert "FAILED: 1 files" in result.stdout


def test_a_bundle_folder_is_searched_by_content_not_by_name(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "lib").mkdir(parents=True)
    shutil.copy(LS, bundle / "lib" / "plugin.dat")        # ELF without an ELF-looking name
    (bundle / "readme.so").write_text("not a binary")       # an .so name that is no ELF file
    (bundle / "link").symlink_to(bundle / "lib" / "plugin.dat")
    highest = objdump_highest(LS, "GLIBC")
    result = run_check(bundle, "--max-glibc", below(highest))
    assert result.returncode == 1
    assert "check_glibc: 1 ELF files" in result.stdout
    assert f"{bundle / 'lib' / 'plugin.dat'}: needs GLIBC_{highest}" in result.stdout


def test_glibcxx_of_a_real_cxx_library_is_checked():
    # Qt is C++: its core library needs libstdc++'s GLIBCXX_ versions.
    import PySide6

    core = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libQt6Core.so.*"))
    highest = objdump_highest(core, "GLIBCXX")
    passed = run_check(core, "--max-glibc", "9.99", "--max-cxxabi", "9.99", "--max-glibcxx", highest)
    assert passed.returncode == 0, passed.stdout
    assert f"highest GLIBCXX_{highest} (limit GLIBCXX_{highest})" in passed.stdout
    lower = highest.rsplit(".", 1)[0] + "." + str(int(highest.rsplit(".", 1)[1]) - 1)
    failed = run_check(core, "--max-glibc", "9.99", "--max-cxxabi", "9.99", "--max-glibcxx", lower)
    assert failed.returncode == 1
    assert f"{core}: needs GLIBCXX_{highest}" in failed.stdout


def test_no_elf_file_is_an_error_not_a_pass(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing to check")
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert "no ELF file found" in result.stderr
