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


def _units_by_pinyin(db: Database, word: str) -> list[int]:
    """Ids of the units whose pinyin initials (or full pinyin) a typed Latin word finds: fgw -> 区发展改革委."""
    from duchaban.core.pinyin_search import matches_text

    # Lower case only: GDP or PM2.5 typed in capitals are words of the text, not pinyin.
    if not (word.isascii() and word.isalpha() and word.islower()):
        return []
    return [uid for uid, name in db.execute("SELECT id, name FROM unit WHERE active = 1")
            if matches_text(word, name)]


def search_task_ids(db: Database, query: str, *, plan_id: int | None = None) -> list[int]:
    """Ids of tasks whose text or unit names contain every word of ``query``, best first.

    A Latin word also finds the tasks of the units it spells in pinyin (fgw: 区发展改革委's tasks).
    """
    words = [w for w in query.split() if w]
    if not words:
        return []
    params: list = []
    by_pinyin = {w: _units_by_pinyin(db, w) for w in words}
    if all(len(w) >= TRIGRAM for w in words) and not any(by_pinyin.values()):
        sql = ("SELECT s.rowid FROM task_search s JOIN task t ON t.id = s.rowid"
               " WHERE task_search MATCH ?")
        params.append(" AND ".join(_fts_phrase(w) for w in words))
        order = " ORDER BY s.rank, t.number"
    else:
        # Trigrams cannot match one or two characters; scan instead (fast enough for a plan).
        sql = "SELECT s.rowid FROM task_search s JOIN task t ON t.id = s.rowid WHERE 1"
        for w in words:
            pattern = "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
            units = by_pinyin[w]
            in_units = ""
            if units:
                in_units = (" OR s.rowid IN (SELECT task_id FROM assignment WHERE unit_id IN ("
                            + ",".join("?" * len(units)) + "))")
                params += units
            sql += f" AND (s.text LIKE ? ESCAPE '\\' OR s.units LIKE ? ESCAPE '\\'{in_units})"
        order = " ORDER BY t.number"
    if plan_id is not None:
        sql += " AND t.plan_id = ?"
        params.append(plan_id)
    return [r[0] for r in db.execute(sql + order, params)]
