"""Random draws in the database: what was drawn, from which pool, with which seed, by whom."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from duchaban.core.draws import Draw, draw
from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.store.audit import insert_audited

if TYPE_CHECKING:
    from sqlite_utils import Database


def companion_note(draw_id: int) -> str:
    """The note of the inspectors' draw made for the units of draw ``draw_id``."""
    return f"随抽取记录 {draw_id} 的单位选派督查人员"


def record_draw(db: Database, *, kind: str, result: Draw, who: str | None = None, note: str | None = None) -> int:
    """Store a draw with its whole pool, every attempt and the result, so it can be replayed."""
    row = {"uuid": str(uuid.uuid4()), "kind": kind,
           "pool": json.dumps({"items": list(result.pool), "excluded": list(result.excluded)}, ensure_ascii=False),
           "pool_sha256": result.pool_sha256, "count": result.count, "seed": result.seed,
           "attempts": json.dumps(list(result.attempts), ensure_ascii=False),
           "result": json.dumps(list(result.chosen), ensure_ascii=False), "drawn_by": who,
           "drawn_at": utc_now_iso(), "note": note}
    with db.atomic():
        draw_id = insert_audited(db, "random_draw", row, who=who)
    return draw_id


def replay_draw(db: Database, draw_id: int) -> tuple[bool, Draw]:
    """Draw again from the stored pool and seed; (same result as recorded, the new draw)."""
    row = next(iter(db.query("SELECT * FROM random_draw WHERE id = ?", [draw_id])), None)
    if row is None:
        raise StoreError("抽取记录不存在")
    pool = json.loads(row["pool"])
    refused = {a["item"]: a["reason"] for a in json.loads(row["attempts"]) if not a["kept"]}
    again = draw(pool["items"], row["count"], row["seed"], refuse=refused.get)
    return list(again.chosen) == json.loads(row["result"]) and again.pool_sha256 == row["pool_sha256"], again
