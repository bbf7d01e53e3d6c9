"""Loading a directory file (the starter directory, a towns list) into the unit directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.unit_names import split_unit_list
from duchaban.store.unit_groups import set_group_members
from duchaban.store.units import add_unit, unit_ids_by_name

if TYPE_CHECKING:
    from sqlite_utils import Database


def load_directory_file(db: Database, path: str | Path, *, who: str | None = None) -> int:
    """Add the units of a directory file (kind, name, aliases, members); return how many were new.

    Two layouts are read: the starter directory (``kind<TAB>name<TAB>aliases<TAB>members``)
    and the towns list (``镇|乡|街道<TAB>name``). Units already present are left as they are.
    """
    town_words = {"镇", "乡", "街道"}
    rows = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t") + ["", "", ""]
        kind = "town" if cells[0].strip() in town_words else cells[0].strip()
        rows.append((kind, cells[1].strip(), split_unit_list(cells[2]), split_unit_list(cells[3])))
    known = unit_ids_by_name(db)
    added = 0
    with db.atomic():
        for kind, name, aliases, _ in rows:
            if name in known:
                continue
            known[name] = add_unit(db, name=name, kind=kind, aliases=aliases, who=who)
            added += 1
        for kind, name, _, members in rows:
            if members:
                missing = [m for m in members if m not in known]
                if missing:
                    raise StoreError(f"单位组“{name}”的成员不在名录中:{'、'.join(missing)}")
                set_group_members(db, group_id=known[name], member_ids=[known[m] for m in members], who=who)
    return added
