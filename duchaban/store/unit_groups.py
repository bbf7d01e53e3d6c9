"""Unit groups (各乡镇(街道), 区政府各部门 ...): their members, explicit or by kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from duchaban.core.errors import StoreError
from duchaban.store.audit import record_change

if TYPE_CHECKING:
    from sqlite_utils import Database


def explicit_member_ids(db: Database, group_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT member_id FROM unit_group_member WHERE group_id = ? ORDER BY member_id", [group_id])]


def _set_group_members(db: Database, *, group_id: int, member_ids: Iterable[int], who: str | None = None) -> list[int]:
    """Give a group an explicit member list (an empty list: back to "every unit of its kind").

    Returns the previous explicit list; passing it back undoes the change.
    """
    before = explicit_member_ids(db, group_id)
    wanted = set(member_ids)
    known = {r[0] for r in db.execute("SELECT id FROM unit WHERE kind != 'group'")}
    if not wanted <= known:
        raise StoreError(f"单位组成员中有 {len(wanted - known)} 个单位不在名录中(可能已被删除或合并),请重新选择")
    after = sorted(wanted)
    if before == after:
        return before
    with db.atomic():
        db.execute("DELETE FROM unit_group_member WHERE group_id = ?", [group_id])
        for member in after:
            db.execute("INSERT INTO unit_group_member (group_id, member_id) VALUES (?, ?)", [group_id, member])
        record_change(db, who=who, action="update", table="unit_group_member", key=group_id,
                      before={"members": before}, after={"members": after})
    return before


def explicit_members_by_group(db: Database) -> dict[int, list[str]]:
    """Every group's explicit member list (names in directory order, inactive units included), by group id."""
    members: dict[int, list[str]] = {}
    for group_id, name in db.execute(
            "SELECT m.group_id, u.name FROM unit_group_member m JOIN unit u ON u.id = m.member_id"
            " ORDER BY u.sort_order"):
        members.setdefault(group_id, []).append(name)
    return members


def group_members(db: Database, group_id: int) -> list[str]:
    """Names of the units a group stands for: its explicit list, else every active unit of its kind."""
    explicit = [r[0] for r in db.execute(
        "SELECT u.name FROM unit_group_member m JOIN unit u ON u.id = m.member_id"
        " WHERE m.group_id = ? AND u.active = 1 ORDER BY u.sort_order", [group_id])]
    if explicit:
        return explicit
    row = db.execute("SELECT member_kind FROM unit WHERE id = ?", [group_id]).fetchone()
    if row is None:
        return []
    if row[0] is None:
        sql, params = "SELECT name FROM unit WHERE kind != 'group' AND active = 1 ORDER BY sort_order", []
    else:
        sql, params = "SELECT name FROM unit WHERE kind = ? AND active = 1 ORDER BY sort_order", [row[0]]
    return [r[0] for r in db.execute(sql, params)]
