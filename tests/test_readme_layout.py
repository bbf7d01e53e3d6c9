"""The README's layout table is how a reader finds a concept by its folder: it names every package
folder, and names no folder that is gone."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout_rows() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", table, flags=re.M))


def test_every_package_folder_is_in_the_layout_table():
    folders = {f"duchaban/{p.name}/" for p in (ROOT / "duchaban").iterdir()
               if p.is_dir() and (p / "__init__.py").exists()}
    assert folders, "the package folders were not found"
    assert folders - _layout_rows() == set()


def test_the_layout_table_names_only_what_exists():
    assert all((ROOT / row.rstrip("/")).exists() for row in _layout_rows())
