"""Packaging check: no binary in the Linux bundle may need a newer glibc or libstdc++ than the
oldest desktop we support ships (Kylin V10 / UOS V20: glibc 2.28, GCC 8's libstdc++).

Every ELF file under the given paths (found by its magic bytes, whatever its name) is read for the
symbol versions it *needs* (.gnu.version_r): a library built on a newer system asks for e.g.
GLIBC_2.34 there and fails to load on the target with "GLIBC_2.34 not found".

Usage: python installer/check_glibc.py PATH... [--max-glibc 2.28] [--max-glibcxx 3.4.25]
Prints the highest version of each kind and the file that needs it, then every offending file;
exits 1 when any file needs more than the limits, 2 when nothing to check was found.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection

# GCC 8 (Kylin V10, UOS V20) ships libstdc++ with GLIBCXX_3.4.25 and CXXABI_1.3.11.
DEFAULT_LIMITS = {"GLIBC": "2.28", "GLIBCXX": "3.4.25", "CXXABI": "1.3.11"}


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def needed_versions(path: Path) -> dict[str, str]:
    """The highest version of each checked kind (GLIBC, GLIBCXX, CXXABI) that the file needs."""
    highest: dict[str, str] = {}
    with path.open("rb") as stream:
        elf = ELFFile(stream)
        for section in elf.iter_sections():
            if not isinstance(section, GNUVerNeedSection):
                continue
            for _needed, auxiliaries in section.iter_versions():
                for aux in auxiliaries:
                    kind, sep, version = aux.name.partition("_")
                    if not sep or kind not in DEFAULT_LIMITS or not version[:1].isdigit():
                        continue
                    try:
                        parsed = parse_version(version)
                    except ValueError:
                        continue
                    if kind not in highest or parsed > parse_version(highest[kind]):
                        highest[kind] = version
    return highest


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(paths: list[Path]) -> list[Path]:
    """Every regular ELF file under the paths; symlinks are skipped (their targets are listed)."""
    found = []
    for root in paths:
        if root.is_file():
            candidates = [root]
        else:
            candidates = sorted(Path(folder) / name for folder, _dirs, names in os.walk(root) for name in names)
        found += [p for p in candidates if (p == root or not p.is_symlink()) and p.is_file() and is_elf(p)]
    return found


def check(paths: list[Path], limits: dict[str, str]) -> tuple[dict[str, tuple[str, Path]], list[str], int]:
    """(highest version per kind with the file needing it, offending lines, number of ELF files)."""
    highest: dict[str, tuple[str, Path]] = {}
    offending = []
    files = elf_files(paths)
    for path in files:
        try:
            needs = needed_versions(path)
        except ELFError as error:
            offending.append(f"{path}: not a readable ELF file ({error})")
            continue
        too_new = []
        for kind, version in needs.items():
            if kind not in highest or parse_version(version) > parse_version(highest[kind][0]):
                highest[kind] = (version, path)
            if parse_version(version) > parse_version(limits[kind]):
                too_new.append(f"{kind}_{version}")
        if too_new:
            offending.append(f"{path}: needs {', '.join(too_new)}")
    return highest, offending, len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="bundle folders or single files")
    parser.add_argument("--max-glibc", default=DEFAULT_LIMITS["GLIBC"])
    parser.add_argument("--max-glibcxx", default=DEFAULT_LIMITS["GLIBCXX"])
    parser.add_argument("--max-cxxabi", default=DEFAULT_LIMITS["CXXABI"])
    args = parser.parse_args(argv)
    limits = {"GLIBC": args.max_glibc, "GLIBCXX": args.max_glibcxx, "CXXABI": args.max_cxxabi}
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path} does not exist")

    highest, offending, count = check(args.paths, limits)
    if count == 0:
        print("check_glibc: no ELF file found in " + " ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    print(f"check_glibc: {count} ELF files")
    for kind in limits:
        if kind in highest:
            version, path = highest[kind]
            print(f"highest {kind}_{version} (limit {kind}_{limits[kind]}), needed by {path}")
        else:
            print(f"highest {kind}: none needed")
    if offending:
        print(f"FAILED: {len(offending)} files need more than the target systems have:")
        for line in offending:
            print("  " + line)
        return 1
    print("OK: every binary runs with glibc " + limits["GLIBC"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
