"""Where the shipped files are: inside the wheel (duchaban/_data) or the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(relative: str) -> Path:
    for base in (_PACKAGE / "_data", _PACKAGE.parent):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"duchaban is missing its bundled file {relative}")


def schema_path() -> Path:
    return _locate("db/schema.sql")


def resource_path(name: str) -> Path:
    """A file in resources/ (sample plan, starter directory, styles, translations)."""
    return _locate(f"resources/{name}")


SAMPLE_PLAN = "liangping-2021-plan.txt"
SAMPLE_UNITS = "units-liangping.tsv"
SAMPLE_TOWNS = "liangping-towns-2021.txt"
