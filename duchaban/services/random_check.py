"""双随机 spot checks: draw units (or tasks) from a pool, then inspectors from the inspector list,
passing over any inspector who must stand aside from a drawn unit. Both draws are recorded and
can be replayed; the pair is what the printable draw record shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from duchaban.core.draws import Draw, draw, new_seed
from duchaban.core.errors import DuchabanError
from duchaban.store.draws import companion_note, record_draw
from duchaban.store.ledgers import ledger_units
from duchaban.store.recusals import inspector_refusals
from duchaban.store.settings import as_of_date
from duchaban.store.staff import list_staff
from duchaban.store.tasks import task_numbers

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class SpotCheckDraw:
    units: Draw
    inspectors: Draw | None
    unit_draw_id: int | None
    inspector_draw_id: int | None


def unit_pool(db: Database, *, plan_id: int, unit_kind: str | None = None) -> list[str]:
    """Units with tasks in the plan, optionally of one kind: the usual pool of a spot check."""
    return [u["name"] for u in ledger_units(db, plan_id=plan_id) if unit_kind is None or u["kind"] == unit_kind]


def task_pool(db: Database, *, plan_id: int) -> list[str]:
    """The plan's task numbers, as a draw's pool names them."""
    return [str(n) for n in task_numbers(db, plan_id)]


def inspector_pool(db: Database) -> list[str]:
    return [s["name"] for s in list_staff(db) if s["is_inspector"]]


def draw_spot_check(db: Database, *, pool: list[str], count: int, inspectors: int = 0, seed: str | None = None,
                    exclude: list[str] = (), kind: str = "units", on: date | None = None, record: bool = True,
                    who: str | None = None) -> SpotCheckDraw:
    """Draw ``count`` units (or task numbers, ``kind`` "tasks") from ``pool``, and ``inspectors``
    inspectors for the drawn units (none when 0).

    The inspectors' draw uses the same seed with “|inspectors” appended, so one seed on the record
    reproduces both."""
    seed = (seed or "").strip() or new_seed()
    on = on or as_of_date(db)
    try:
        units = draw(pool, count, seed, exclude=exclude)
        staff = None
        if inspectors:
            if kind != "units":
                raise ValueError("只有抽取单位时才能同时选派检查人员")
            refusals = inspector_refusals(db, units=units.chosen, on=on)
            staff = draw(inspector_pool(db), inspectors, f"{seed}|inspectors", refuse=refusals.get)
    except ValueError as error:
        raise DuchabanError(str(error)) from None
    if not record:
        return SpotCheckDraw(units, staff, None, None)
    with db.atomic():
        unit_id = record_draw(db, kind=kind, result=units, who=who)
        staff_id = None if staff is None else record_draw(
            db, kind="inspectors", result=staff, who=who, note=companion_note(unit_id))
    return SpotCheckDraw(units, staff, unit_id, staff_id)
