"""Chinese full-text search over tasks (FTS5 trigram), with a LIKE fallback for short queries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from sqlite_utils import Database

TRIGRAM = 3


def reindex_tasks(db: Database, task_ids: Iterable[int]) -> None:
    """Refresh the search rows of these tasks (text and the names of their units)."""
    for task_id in task_ids:
        db.execute("DELETE FROM task_search WHERE rowid = ?", [task_id])
        row = db.execute(
            "SELECT t.text, coalesce(group_concat(u.name, ' '), '')"
            " FROM task t LEFT JOIN assignment a ON a.task_id = t.id LEFT JOIN unit u ON u.id = a.unit_id"
            " WHERE t.id = ? GROUP BY t.id",
            [task_id],
        ).fetchone()
        if row is not None:
            db.execute("INSERT INTO task_search (rowid, text, units) VALUES (?, ?, ?)", [task_id, row[0], row[1]])


def _fts_phrase(query: str) -> str:
    return '"' + query.replace('"', '""') + '"'


def search_task_ids(db: Database, query: str, *, plan_id: int | None = None) -> list[int]:
    """Ids of tasks whose text or unit names contain every word of ``query``, best first."""
    words = [w for w in query.split() if w]
    if not words:
        return []
    params: list = []
    if all(len(w) >= TRIGRAM for w in words):
        sql = ("SELECT s.rowid FROM task_search s JOIN task t ON t.id = s.rowid"
               " WHERE task_search MATCH ?")
        params.append(" AND ".join(_fts_phrase(w) for w in words))
        order = " ORDER BY s.rank, t.number"
    else:
        # Trigrams cannot match one or two characters; scan instead (fast enough for a plan).
        sql = "SELECT s.rowid FROM task_search s JOIN task t ON t.id = s.rowid WHERE 1"
        for w in words:
            sql += " AND (s.text LIKE ? ESCAPE '\\' OR s.units LIKE ? ESCAPE '\\')"
            pattern = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        order = " ORDER BY t.number"
    if plan_id is not None:
        sql += " AND t.plan_id = ?"
        params.append(plan_id)
    return [r[0] for r in db.execute(sql + order, params)]
