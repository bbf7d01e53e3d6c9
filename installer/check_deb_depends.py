"""Packaging check: every library the bundle loads from the system is named in the .deb's Depends.

The bundle leaves the system's own libraries (X11/xcb, GL, fontconfig, GLib...) to the target
(duchaban.spec). For each shared library a bundled binary needs (DT_NEEDED) and the bundle does not
carry, the Debian package that holds it on the build machine (dpkg -S) must appear in the Depends
line, else the .deb installs on a desktop without it and the window fails to start.
Binaries of optional Qt plugins (Wayland, EGLFS, GTK theme, CUPS...) may need more: Qt skips a
plugin whose libraries are missing; they are listed with --optional and reported, not failed.

Usage: python installer/check_deb_depends.py BUNDLE --depends "a, b | c" [--optional GLOB]...
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import subprocess
import sys
from pathlib import Path

from check_glibc import elf_files
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile


def needed_libraries(path: Path) -> list[str]:
    with path.open("rb") as stream:
        for section in ELFFile(stream).iter_sections():
            if isinstance(section, DynamicSection):
                return [tag.needed for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]
    return []


def package_names(depends: str) -> set[str]:
    """Every package named in a Depends value, alternatives included, versions dropped."""
    return {re.sub(r"\s*\(.*?\)", "", alt).strip().split(":")[0]
            for item in depends.split(",") for alt in item.split("|") if alt.strip()}


def owning_package(soname: str) -> str | None:
    """The build machine's package holding the library (any architecture qualifier dropped)."""
    result = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        package = line.split(":", 1)[0].split(",")[0].strip()
        if package and "diversion" not in line:
            return package
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--depends", required=True, help="the Depends value of the control file")
    parser.add_argument("--optional", action="append", default=[],
                        help="glob (relative to the bundle) of binaries whose libraries may be missing")
    args = parser.parse_args(argv)

    files = elf_files([args.bundle])
    carried = {p.name for p in args.bundle.rglob("*")}
    wanted: dict[str, list[str]] = {}
    for path in files:
        relative = str(path.relative_to(args.bundle))
        optional = any(fnmatch.fnmatch(relative, pattern) for pattern in args.optional)
        for soname in needed_libraries(path):
            if soname not in carried:
                wanted.setdefault(soname, []).append(("(optional) " if optional else "") + relative)

    named = package_names(args.depends)
    missing, optional_missing, unknown = [], [], []
    for soname, users in sorted(wanted.items()):
        package = owning_package(soname)
        required = any(not user.startswith("(optional)") for user in users)
        if package is None:
            (unknown if required else optional_missing).append(f"{soname}: no package holds it here ({users[0]})")
        elif package not in named:
            more = f" and {len(users) - 1} more" if len(users) > 1 else ""
            line = f"{soname} ({package}), needed by {users[0]}{more}"
            (missing if required else optional_missing).append(line)
    print(f"check_deb_depends: {len(wanted)} system libraries needed by {len(files)} ELF files")
    for line in optional_missing:
        print(f"  optional plugin library, not in Depends: {line}")
    if missing or unknown:
        print("FAILED: add these packages to the Depends line:")
        for line in missing + unknown:
            print("  " + line)
        return 1
    print("OK: every library needed from the system is in Depends")
    return 0


if __name__ == "__main__":
    sys.exit(main())
