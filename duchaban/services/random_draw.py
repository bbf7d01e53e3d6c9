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
class RandomDraw:
    """A draw of units (or tasks) and the inspectors drawn with it; the ids are None for a trial draw."""
    units: Draw
    inspectors: Draw | None
    unit_draw_id: int | None
    inspector_draw_id: int | None
    kind: str = "units"      # what was drawn: "units" or "tasks"

    def to_json(self) -> dict:
        """``{id, kind, seed, pool_sha256, pool_size, excluded, chosen, inspectors}``; inspectors is null or
        ``{id, chosen, passed_over: {name: reason}}``."""
        drawn, staff = self.units, self.inspectors
        return {"id": self.unit_draw_id, "kind": self.kind, "seed": drawn.seed, "pool_sha256": drawn.pool_sha256,
                "pool_size": len(drawn.pool), "excluded": list(drawn.excluded), "chosen": list(drawn.chosen),
                "inspectors": None if staff is None else {
                    "id": self.inspector_draw_id, "chosen": list(staff.chosen),
                    "passed_over": {a["item"]: a["reason"] for a in staff.attempts if not a["kept"]}}}

    def to_text(self) -> str:
        """What was drawn, from what (seed, pool size and checksum), who stood aside, and the record's number."""
        drawn, staff = self.units, self.inspectors
        lines = [f"随机抽取 {drawn.count} 个{'单位' if self.kind == 'units' else '任务'}(种子 {drawn.seed},"
                 f"候选 {len(drawn.pool)} 个,候选清单校验值 {drawn.pool_sha256[:16]}…):"]
        lines += [f"  {item}" for item in drawn.chosen]
        if staff is not None:
            lines.append(f"督查人员 {len(staff.chosen)} 名:{'、'.join(staff.chosen)}")
            lines += [f"  回避:{a['item']}({a['reason']})" for a in staff.attempts if not a["kept"]]
        if self.unit_draw_id is None:
            lines.append("(试抽,未记录)")
        else:
            lines.append(f"抽取记录编号:{self.unit_draw_id}" + (f"、{self.inspector_draw_id}" if staff else ""))
        return "\n".join(lines)


def unit_pool(db: Database, *, plan_id: int, unit_kind: str | None = None) -> list[str]:
    """Units with tasks in the plan, optionally of one kind: the usual pool of a spot check."""
    return [u["name"] for u in ledger_units(db, plan_id=plan_id) if unit_kind is None or u["kind"] == unit_kind]


def task_pool(db: Database, *, plan_id: int) -> list[str]:
    """The plan's task numbers, as a draw's pool names them."""
    return [str(n) for n in task_numbers(db, plan_id)]


def draw_pool(db: Database, *, plan_id: int, kind: str, unit_kind: str | None = None) -> list[str]:
    """The pool a draw of ``kind`` ("units" or "tasks") picks from in the plan."""
    return unit_pool(db, plan_id=plan_id, unit_kind=unit_kind) if kind == "units" else task_pool(db, plan_id=plan_id)


def inspector_pool(db: Database) -> list[str]:
    return [s["name"] for s in list_staff(db) if s["is_inspector"]]


def random_draw(db: Database, *, pool: list[str], count: int, inspectors: int = 0, seed: str | None = None,
                    exclude: list[str] = (), kind: str = "units", on: date | None = None, record: bool = True,
                    who: str | None = None) -> RandomDraw:
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
                raise ValueError("只有抽取单位时才能同时选派督查人员")
            refusals = inspector_refusals(db, units=units.chosen, on=on)
            staff = draw(inspector_pool(db), inspectors, f"{seed}|inspectors", refuse=refusals.get)
    except ValueError as error:
        raise DuchabanError(str(error)) from None
    if not record:
        return RandomDraw(units, staff, None, None, kind)
    with db.atomic():
        unit_id = record_draw(db, kind=kind, result=units, who=who)
        staff_id = None if staff is None else record_draw(
            db, kind="inspectors", result=staff, who=who, note=companion_note(unit_id))
    return RandomDraw(units, staff, unit_id, staff_id, kind)
