"""The list of exchange packages this database wrote or merged (field laptop <-> office)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from duchaban.core.periods import utc_now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


def record_package(db: Database, *, uuid: str, direction: str, machine: str | None, since: str | None,
                   file_name: str, summary: dict, created_at: str | None = None) -> None:
    """Remember a package written ('export') or merged ('import'); merging one twice is listed once."""
    db.execute("INSERT OR IGNORE INTO exchange_package (uuid, direction, machine, since, created_at, file_name,"
               " summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [uuid, direction, machine, since, created_at or utc_now_iso(), file_name,
                json.dumps(summary, ensure_ascii=False)])


def last_export_seq(db: Database) -> int:
    """This database's change number when it last wrote a package (0: never)."""
    found = 0
    for (summary,) in db.execute("SELECT summary FROM exchange_package WHERE direction = 'export'"):
        try:
            found = max(found, int(json.loads(summary).get("through_seq", 0)))
        except (ValueError, TypeError, AttributeError):
            continue    # a package written before change numbers existed
    return found


def last_export_time(db: Database) -> str | None:
    """When this database last wrote a package (UTC ISO), or None."""
    return db.execute("SELECT max(created_at) FROM exchange_package WHERE direction = 'export'").fetchone()[0]
