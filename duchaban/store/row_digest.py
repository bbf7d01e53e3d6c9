"""Digests of the audited tables' rows, so that `check` can tell whether the data is what its log says.

Every audit row carries, besides its before/after payload, a map ``"table:key" -> "digest label"``
for each audited row the change left behind (``null`` for a row it removed). The digest is the start
of the sha256 of the row's canonical JSON (its columns in table order) followed by a three-digit
checksum per column, so that a row changed outside the program can be named with the fields that
changed; the label names the row to a person even after it is gone (任务“2021年方案第47项任务”).
One string, not a pair: the baseline of a large file holds hundreds of thousands, and strings
parse twice as fast.

No write path has to remember this: temporary triggers on every connection the program opens note
each audited row it touches, ``record_change`` writes the digests of the rows touched so far into
its audit row, and a transaction that touched rows after its last audit row gets one more at
commit (``flush_touched``). A person's SQLite browser has no such triggers and writes no log, so
what it changes no longer agrees with the log.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from typing import Any, Iterable

from duchaban.core.draws import DRAW_KINDS
from duchaban.core.field_names import field_label, table_label
from duchaban.core.findings import INSPECTION_KINDS

ROW_HASH_CHARS = 16   # of the sha256, hex: what `check` compares
FIELD_CHARS = 3       # per column, hex: only to name the fields that changed

_TASK = ("(SELECT p.year || '年方案第' || t.number || '项任务' FROM task t JOIN plan p ON p.id = t.plan_id"
         " WHERE t.id = {})")
_UNIT = "(SELECT name FROM unit WHERE id = {})"
_STAFF = "(SELECT name FROM staff WHERE id = {})"
_PERIOD = "(SELECT code FROM reporting_period WHERE id = {})"
_KIND = "CASE {} " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in INSPECTION_KINDS.items()) + " ELSE {} END"
_INSPECTION = ("(SELECT coalesce(i.started_on, i.planned_on, substr(i.created_at, 1, 10)) || ' ' || "
               + _KIND.format("i.kind", "i.kind") + " || ' ' || i.title FROM inspection i WHERE i.id = {})")
_FINDING = "(SELECT substr(f.description, 1, 24) FROM finding f WHERE f.id = {})"
_DRAW_KIND = "CASE {} " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in DRAW_KINDS.items()) + " ELSE {} END"

# The audited tables: the office's records, whose every change the program logs. Not audited, and
# so not here: what is derived from them and rebuilt by the program (task_progress, the search
# index task_search, row_version and change_counter, reporting_period, which a period code
# determines), the log itself, local settings and bookkeeping (setting, exchange_package).
# table -> (key columns, label SQL over the row ``r``); its Chinese name is core.field_names'.
_AUDITED: dict[str, tuple[tuple[str, ...], str]] = {
    "staff": (("id",), "r.name"),
    "staff_alias": (("alias",), "r.alias || '(' || " + _STAFF.format("r.staff_id") + " || ')'"),
    "unit": (("id",), "r.name"),
    "unit_alias": (("alias",), "r.alias || '(' || " + _UNIT.format("r.unit_id") + " || ')'"),
    "unit_group_member": (("group_id", "member_id"),
                          _UNIT.format("r.group_id") + " || ' · ' || " + _UNIT.format("r.member_id")),
    "contact": (("id",), _UNIT.format("r.unit_id") + " || ' ' || r.name"),
    "plan": (("id",), "r.year || '年 ' || r.title"),
    "section": (("id",),
                "(SELECT year FROM plan WHERE id = r.plan_id) || '年方案 ' || r.numeral || r.title"),
    "task": (("id",), "(SELECT year FROM plan WHERE id = r.plan_id) || '年方案第' || r.number || '项任务'"),
    "indicator": (("id",), _TASK.format("r.task_id") + " || '的第' || r.ordinal || '个指标'"),
    "assignment": (("task_id", "unit_id", "role"),
                   _TASK.format("r.task_id") + " || ' · ' || " + _UNIT.format("r.unit_id")),
    "submission": (("id",),
                   _UNIT.format("r.unit_id") + " || ' ' || " + _PERIOD.format("r.period_id")
                   + " || ' ' || r.file_name"),
    "progress_entry": (("id",), _TASK.format("r.task_id") + " || ' · ' || " + _UNIT.format("r.unit_id")
                       + " || ' · ' || " + _PERIOD.format("r.period_id")),
    "inspection": (("id",), "coalesce(r.started_on, r.planned_on, substr(r.created_at, 1, 10)) || ' ' || "
                   + _KIND.format("r.kind", "r.kind") + " || ' ' || r.title"),
    "inspection_inspector": (("inspection_id", "staff_id"),
                             _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _STAFF.format("r.staff_id")),
    "inspection_unit": (("inspection_id", "unit_id"),
                        _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _UNIT.format("r.unit_id")),
    "inspection_task": (("inspection_id", "task_id"),
                        _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _TASK.format("r.task_id")),
    "finding": (("id",), _UNIT.format("r.unit_id") + " || ':' || substr(r.description, 1, 24)"),
    "finding_followup": (("id",), "r.on_date || ' ' || " + _FINDING.format("r.finding_id")),
    "evidence": (("id",), "r.file_name"),
    "evidence_link": (("evidence_id", "owner_kind", "owner_uuid"),
                      "(SELECT file_name FROM evidence WHERE id = r.evidence_id)"),
    "random_draw": (("id",), "substr(r.drawn_at, 1, 10) || ' 抽取' || " + _DRAW_KIND.format("r.kind", "r.kind")),
    "close_out": (("id",), "r.closed_on || ' ' || coalesce(" + _TASK.format("r.task_id") + ", "
                  + _FINDING.format("r.finding_id") + ")"),
    "reminder": (("id",), "r.sent_on || ' ' || " + _UNIT.format("r.unit_id")),
    "bulletin": (("id",), "r.year || '年第' || r.issue_no || '期通报'"),
    "assessment_rule_set": (("id",), "(SELECT year FROM plan WHERE id = r.plan_id) || '年 ' || r.name"),
    "assessment_score": (("rule_set_id", "unit_id"),
                         "(SELECT name FROM assessment_rule_set WHERE id = r.rule_set_id) || ' · ' || "
                         + _UNIT.format("r.unit_id")),
    "staff_recusal": (("staff_id", "unit_id"), _STAFF.format("r.staff_id") + " || ' · ' || "
                      + _UNIT.format("r.unit_id")),
}

# table -> (Chinese name, key columns, label SQL over the row ``r``).
AUDITED: dict[str, tuple[str, tuple[str, ...], str]] = {
    table: (table_label(table), keys, label) for table, (keys, label) in _AUDITED.items()}


def _key_sql(table: str, prefix: str) -> str:
    return " || '|' || ".join(f"{prefix}.{c}" for c in AUDITED[table][1])


def tracking_sql() -> str:
    """Temporary triggers (this connection only) that note every audited row written through it.

    ``rid`` is the row's rowid while it exists, NULL once it is gone; an update notes the old key
    first, so a changed key reads as the old row gone and the new one there."""
    parts = ["CREATE TEMP TABLE IF NOT EXISTS audit_touched (tbl TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER,"
             " PRIMARY KEY (tbl, key));"]
    upsert = "ON CONFLICT (tbl, key) DO UPDATE SET rid = excluded.rid;"
    for table in AUDITED:
        new, old = _key_sql(table, "NEW"), _key_sql(table, "OLD")
        parts.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_touch_{table}_i AFTER INSERT ON main.{table} BEGIN"
            f" INSERT INTO audit_touched VALUES ('{table}', {new}, NEW.rowid) {upsert} END;"
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_touch_{table}_u AFTER UPDATE ON main.{table} BEGIN"
            f" INSERT INTO audit_touched VALUES ('{table}', {old}, NULL) {upsert}"
            f" INSERT INTO audit_touched VALUES ('{table}', {new}, NEW.rowid) {upsert} END;"
            f"CREATE TEMP TRIGGER IF NOT EXISTS audit_touch_{table}_d AFTER DELETE ON main.{table} BEGIN"
            f" INSERT INTO audit_touched VALUES ('{table}', {old}, NULL) {upsert} END;")
    return "\n".join(parts)


def install_tracking(conn) -> None:
    """On a connection outside any transaction (executescript would commit one)."""
    conn.executescript(tracking_sql())


def row_digest(values: Iterable[Any], _crc=zlib.crc32, _sha=hashlib.sha256) -> str:
    """The digest of a row given its column values in table order: the start of the sha256 of the
    columns' reprs joined by NUL (repr never holds a raw NUL, and is the same text in every Python
    3 for the values SQLite returns), then each column's crc32, low 12 bits, so that a changed
    field can be named.

    Runs once per row a write touches (a ledger import: thousands): one encoding of the row serves
    both, and map keeps the per-column work out of the interpreter's loop."""
    values = tuple(values)
    data = "\x00".join(map(repr, values)).encode("utf-8", "surrogatepass")
    whole = _sha(data).hexdigest()[:ROW_HASH_CHARS]
    if not values:
        return whole
    checks = tuple(c & 0xFFF for c in map(_crc, data.split(b"\x00")))
    return whole + ("%03x" * len(checks)) % checks


def changed_fields(table: str, columns: list[str], recorded: str, current: str) -> list[str]:
    """The Chinese names of the columns whose checksums differ (empty when none can be told)."""
    def checks(digest: str) -> list[str]:
        body = digest[ROW_HASH_CHARS:]
        return [body[i:i + FIELD_CHARS] for i in range(0, len(body), FIELD_CHARS)]

    # A column a later schema step added is past the end of an older digest: not what changed.
    return [field_label(table, c) for c, a, b in zip(columns, checks(recorded), checks(current)) if a != b]


def table_columns(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])")]


def _key_of(row: tuple, key_index: list[int]) -> str:
    return "|".join(str(row[i]) for i in key_index)


def _table_exists(db, table: str) -> bool:
    found = db.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()
    return found is not None


def digests_of(db, table: str, where: str = "", params: Iterable[Any] = ()) -> dict[str, str]:
    """``"table:key" -> "digest label"`` for the table's rows (those ``where`` selects on ``r``)."""
    label = AUDITED[table][2]
    try:
        cursor = db.execute(f"SELECT r.*, coalesce({label}, '') FROM main.[{table}] r {where}", list(params))
    except sqlite3.OperationalError:
        if _table_exists(db, table):
            raise
        return {}       # a table that a later schema step brings: none of its rows yet
    # The columns as the query gives them: asking the schema (PRAGMA) cost a statement per call,
    # and a ledger import calls this twice per file.
    columns = [d[0] for d in cursor.description[:-1]]
    key_index = [columns.index(c) for c in AUDITED[table][1]]
    prefix = f"{table}:"
    if len(key_index) == 1:
        (at,) = key_index
        return {f"{prefix}{row[at]}": f"{row_digest(row[:-1])} {row[-1]}" for row in cursor}
    return {f"{prefix}{_key_of(row, key_index)}": f"{row_digest(row[:-1])} {row[-1]}" for row in cursor}


def take_touched(db) -> dict[str, str | None]:
    """The digests of the rows noted since the last call (None for a row now gone), and forget them."""
    try:
        touched = db.execute("SELECT tbl, key, rid FROM temp.audit_touched ORDER BY tbl, key").fetchall()
    except sqlite3.OperationalError:
        return {}       # a connection without the tracking triggers (install_tracking) notes nothing
    if not touched:
        return {}
    db.execute("DELETE FROM temp.audit_touched")
    found: dict[str, str | None] = {f"{t}:{k}": None for t, k, _ in touched}
    by_table: dict[str, list[int]] = {}
    for table, _key, rid in touched:
        if rid is not None:
            by_table.setdefault(table, []).append(rid)
    for table, rids in by_table.items():
        for start in range(0, len(rids), 500):
            chunk = rids[start:start + 500]
            rows = digests_of(db, table, f"WHERE r.rowid IN ({', '.join('?' * len(chunk))})", chunk)
            found.update(rows)
    return found


def current_digests(db, table: str) -> dict[str, str]:
    """``"table:key" -> digest`` (the compared part) for every row of ``table`` as it is now.

    The hot loop of `check` on a large file: one comprehension, no labels (they cost joins)."""
    columns = table_columns(db, table)
    if not columns:
        return {}
    key_index = [columns.index(c) for c in AUDITED[table][1]]
    sha256, nul = hashlib.sha256, "\x00"
    rows = db.execute(f"SELECT * FROM main.[{table}]")
    # The whole-row part of row_digest, inline.
    if len(key_index) == 1:
        (at,) = key_index
        return {f"{table}:{row[at]}": sha256(nul.join(map(repr, row)).encode("utf-8", "surrogatepass"))
                .hexdigest()[:ROW_HASH_CHARS] for row in rows}
    return {f"{table}:{_key_of(row, key_index)}":
            sha256(nul.join(map(repr, row)).encode("utf-8", "surrogatepass")).hexdigest()[:ROW_HASH_CHARS]
            for row in rows}


def all_digests(db) -> dict[str, str]:
    """Every audited row's digest and label: the baseline a database gets when it starts being checked."""
    out: dict[str, str] = {}
    for table in AUDITED:
        out.update(digests_of(db, table))
    return out
