"""Adding aliases and people, and merging two records of one person, by the names a user types;
each call returns what it recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from duchaban.core.staff_list import StaffLine
from duchaban.services.recorded import Recorded

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_unit_alias_by_name(db: Database, *, unit: str, alias: str, who: str | None = None) -> Recorded:
    """Give the unit named ``unit`` the alias; unchanged when it already has it."""
    from duchaban.core.errors import StoreError
    from duchaban.store.unit_edits import add_unit_alias
    from duchaban.store.units import same_name_owner, unit_id_by_name

    with db.atomic():
        try:
            unit_id = unit_id_by_name(db, unit)
        except StoreError:
            owner = same_name_owner(db, unit)
            if owner is None:
                raise
            said = "的别名" if owner[0] == "alias" else "只差空格或标点"
            raise StoreError(f"单位名录中没有“{unit}”:它是“{owner[1]}”{said},请写单位的正式名称“{owner[1]}”") from None
        added = bool(add_unit_alias(db, unit_id=unit_id, alias=alias, who=who))
    text = f"已添加别名:{alias} → {unit}" if added else f"“{alias}”已是“{unit}”的别名"
    return Recorded("unit_alias", unit_id, text, added)


def add_staff_member(db: Database, *, name: str, title: str | None = None, phone: str | None = None,
                     is_inspector: bool = True, aliases: Sequence[str] = (), who: str | None = None) -> Recorded:
    """Add a person to the staff list with their aliases, in one transaction."""
    from duchaban.store.staff import add_staff, add_staff_alias

    with db.atomic():
        staff_id = add_staff(db, name=name, title=title, phone=phone, is_inspector=is_inspector, who=who)
        for alias in aliases:
            add_staff_alias(db, staff_id=staff_id, alias=alias, who=who)
    named = f"(别名:{'、'.join(aliases)})" if aliases else ""
    return Recorded("staff", staff_id, f"已添加工作人员 {name.strip()}{named}")


def add_staff_alias_by_name(db: Database, *, name: str, alias: str, who: str | None = None) -> Recorded:
    """Give the person named ``name`` (or by an alias) another alias; unchanged when they already have it."""
    from duchaban.store.staff import add_staff_alias, resolve_staff

    person = resolve_staff(db, name, role="工作人员")
    added = add_staff_alias(db, staff_id=person["id"], alias=alias, who=who)
    alias = alias.strip()
    text = f"已为{person['name']}添加别名“{alias}”" if added else f"“{alias}”已是{person['name']}的别名"
    return Recorded("staff_alias", person["id"], text, added)


def merge_staff_by_name(db: Database, *, name: str, into: str, who: str | None = None) -> Recorded:
    """Move everything recorded under ``name`` to ``into``; ``name`` becomes one of ``into``'s aliases."""
    from duchaban.store.staff import resolve_staff
    from duchaban.store.staff_merge import merge_staff

    gone = resolve_staff(db, name, role="要合并的工作人员")
    kept = resolve_staff(db, into, role="工作人员")
    moved = merge_staff(db, staff_id=gone["id"], into_id=kept["id"], who=who)
    text = f"已将“{gone['name']}”并入“{kept['name']}”:{moved} 处记录改为{kept['name']},“{gone['name']}”记为其别名"
    return Recorded("staff_merged", kept["id"], text)


@dataclass(frozen=True)
class StaffListAdded:
    """People added from a pasted list, and those left out because the staff list already had them."""
    added: tuple[str, ...]
    already: tuple[str, ...]

    def to_json(self) -> dict:
        """``{added: [name], already: [name]}``."""
        return {"added": list(self.added), "already": list(self.already)}

    def to_text(self) -> str:
        parts = [f"新增工作人员 {len(self.added)} 人"]
        if self.already:
            parts.append(f"已在名单中 {len(self.already)} 人:{'、'.join(self.already)}")
        return ";".join(parts)


def add_staff_list(db: Database, people: Sequence[StaffLine], *, who: str | None = None) -> StaffListAdded:
    """Add everyone in ``people`` the staff list does not know yet (by name or alias), in one transaction."""
    from duchaban.store.staff import add_staff, find_staff

    added, already = [], []
    with db.atomic():
        for person in people:
            if find_staff(db, person.name) is not None:
                already.append(person.name)
                continue
            add_staff(db, name=person.name, title=person.title, who=who)
            added.append(person.name)
    return StaffListAdded(tuple(added), tuple(already))
