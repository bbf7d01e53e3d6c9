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

# The audited tables: the office's records, whose every change the program logs. Not audited, and
# so not here: what is derived from them and rebuilt by the program (task_progress, the search
# index task_search, row_version and change_counter, reporting_period, which a period code
# determines), the log itself, local settings and bookkeeping (setting, exchange_package).
# table -> (Chinese name, key columns, label SQL over the row ``r``).
AUDITED: dict[str, tuple[str, tuple[str, ...], str]] = {
    "staff": ("工作人员", ("id",), "r.name"),
    "staff_alias": ("工作人员别名", ("alias",), "r.alias || '(' || " + _STAFF.format("r.staff_id") + " || ')'"),
    "unit": ("单位", ("id",), "r.name"),
    "unit_alias": ("单位别名", ("alias",), "r.alias || '(' || " + _UNIT.format("r.unit_id") + " || ')'"),
    "unit_group_member": ("单位组成员", ("group_id", "member_id"),
                          _UNIT.format("r.group_id") + " || ' · ' || " + _UNIT.format("r.member_id")),
    "contact": ("联系人", ("id",), _UNIT.format("r.unit_id") + " || ' ' || r.name"),
    "plan": ("分解方案", ("id",), "r.year || '年 ' || r.title"),
    "section": ("部分/子部分", ("id",),
                "(SELECT year FROM plan WHERE id = r.plan_id) || '年方案 ' || r.numeral || r.title"),
    "task": ("任务", ("id",), "(SELECT year FROM plan WHERE id = r.plan_id) || '年方案第' || r.number || '项任务'"),
    "indicator": ("量化指标", ("id",), _TASK.format("r.task_id") + " || '的第' || r.ordinal || '个指标'"),
    "assignment": ("任务分工", ("task_id", "unit_id", "role"),
                   _TASK.format("r.task_id") + " || ' · ' || " + _UNIT.format("r.unit_id")),
    "submission": ("台账报送", ("id",),
                   _UNIT.format("r.unit_id") + " || ' ' || " + _PERIOD.format("r.period_id")
                   + " || ' ' || r.file_name"),
    "progress_entry": ("进展记录", ("id",), _TASK.format("r.task_id") + " || ' · ' || " + _UNIT.format("r.unit_id")
                       + " || ' · ' || " + _PERIOD.format("r.period_id")),
    "inspection": ("督查记录", ("id",), "coalesce(r.started_on, r.planned_on, substr(r.created_at, 1, 10)) || ' ' || "
                   + _KIND.format("r.kind", "r.kind") + " || ' ' || r.title"),
    "inspection_inspector": ("督查人员", ("inspection_id", "staff_id"),
                             _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _STAFF.format("r.staff_id")),
    "inspection_unit": ("被督查单位", ("inspection_id", "unit_id"),
                        _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _UNIT.format("r.unit_id")),
    "inspection_task": ("督查任务", ("inspection_id", "task_id"),
                        _INSPECTION.format("r.inspection_id") + " || ' · ' || " + _TASK.format("r.task_id")),
    "finding": ("督查问题", ("id",), _UNIT.format("r.unit_id") + " || ':' || substr(r.description, 1, 24)"),
    "finding_followup": ("问题跟进", ("id",), "r.on_date || ' ' || " + _FINDING.format("r.finding_id")),
    "evidence": ("佐证材料", ("id",), "r.file_name"),
    "evidence_link": ("佐证材料关联", ("evidence_id", "owner_kind", "owner_uuid"),
                      "(SELECT file_name FROM evidence WHERE id = r.evidence_id)"),
    "random_draw": ("随机抽取", ("id",), "substr(r.drawn_at, 1, 10) || ' ' || r.kind"),
    "close_out": ("销号记录", ("id",), "r.closed_on || ' ' || coalesce(" + _TASK.format("r.task_id") + ", "
                  + _FINDING.format("r.finding_id") + ")"),
    "reminder": ("催办", ("id",), "r.sent_on || ' ' || " + _UNIT.format("r.unit_id")),
    "bulletin": ("通报", ("id",), "r.year || '年第' || r.issue_no || '期通报'"),
    "assessment_rule_set": ("考核规则", ("id",), "(SELECT year FROM plan WHERE id = r.plan_id) || '年 ' || r.name"),
    "assessment_score": ("考核得分", ("rule_set_id", "unit_id"),
                         "(SELECT name FROM assessment_rule_set WHERE id = r.rule_set_id) || ' · ' || "
                         + _UNIT.format("r.unit_id")),
    "staff_recusal": ("回避", ("staff_id", "unit_id"), _STAFF.format("r.staff_id") + " || ' · ' || "
                      + _UNIT.format("r.unit_id")),
}

# Column names as a person reads them; a table's own meaning of a shared name comes first.
_FIELDS = {
    "uuid": "唯一标识", "name": "名称", "title": "标题", "phone": "电话", "note": "备注", "kind": "类别",
    "created_at": "创建时间", "updated_at": "修改时间", "created_by": "录入人", "created_by_id": "录入人",
    "active": "是否启用", "sort_order": "排序", "member_kind": "成员类别", "is_inspector": "是否督查人员",
    "password_hash": "密码", "origin": "来源", "alias": "别名", "unit_id": "单位", "staff_id": "工作人员",
    "group_id": "单位组", "member_id": "成员单位", "role": "职责", "email": "电子邮箱", "year": "年度",
    "doc_number": "文号", "notice_title": "通知标题", "issuer": "发文单位", "issued_on": "发文日期",
    "source_name": "来源文件", "source_sha256": "来源文件校验值", "imported_at": "导入时间", "imported_by": "导入人",
    "plan_id": "分解方案", "parent_id": "上级部分", "level": "层级", "path_key": "编号", "numeral": "序号",
    "section_id": "所属部分", "number": "任务序号", "text": "内容", "leaders": "牵头领导",
    "deadline_text": "完成时限", "deadline_on": "截止日期", "source_line": "原文行号", "task_id": "任务",
    "ordinal": "顺序", "clause": "指标原文", "value": "指标值", "measure": "计量", "comparator": "比较方式",
    "period_id": "报送期间", "file_name": "文件名", "sha256": "文件校验值", "verdict": "审核结论",
    "messages": "审核意见", "submission_id": "台账报送", "status": "状态", "percent": "完成百分比",
    "progress_text": "进展情况", "problems": "存在问题", "next_steps": "下步打算", "evidence_text": "佐证说明",
    "reported_at": "报送时间", "state": "状态", "planned_on": "计划日期", "started_on": "开始日期",
    "ended_on": "结束日期", "method": "方式", "summary": "情况摘要", "confidential": "是否保密",
    "draw_id": "随机抽取", "inspection_id": "督查", "description": "问题描述", "severity": "严重程度",
    "demand": "整改要求", "responsible_person": "责任人", "reported_by": "发现人", "reported_by_id": "发现人",
    "finding_id": "问题", "on_date": "日期", "status_after": "跟进后状态", "recorded_by": "记录人",
    "recorded_at": "记录时间", "media_type": "文件类型", "size": "大小", "added_at": "添加时间",
    "added_by": "添加人", "evidence_id": "佐证材料", "owner_kind": "所属类别", "owner_uuid": "所属记录",
    "pool": "抽取范围", "pool_sha256": "抽取范围校验值", "count": "抽取数量", "seed": "随机种子",
    "attempts": "抽取过程",
    "result": "抽取结果", "drawn_by": "抽取人", "drawn_at": "抽取时间", "verifier": "核验人",
    "verifier_id": "核验人", "closed_on": "销号日期", "opinion": "核验意见", "reopened_at": "重新打开时间",
    "reopened_by": "重新打开人", "reopened_by_id": "重新打开人", "reopen_reason": "重新打开原因",
    "override_reason": "例外理由", "sent_on": "发出日期", "sent_by": "发出人", "generated_at": "印发时间",
    "generated_by": "印发人", "include_confidential": "含保密内容", "snapshot": "通报数据",
    "docx_name": "Word 文件名", "xlsx_name": "Excel 文件名", "topic": "专题", "replaces": "替代的通报",
    "replaced_at": "被替代时间", "check_code": "数据校验码", "issue_no": "期号", "period_code": "期间",
    "rules": "规则", "rule_set_id": "考核规则", "points": "得分", "detail": "得分明细", "computed_at": "计算时间",
    "reason": "原因", "id": "编号",
}
_TABLE_FIELDS = {("task", "text"): "任务内容", ("finding_followup", "text"): "跟进内容",
                 ("reminder", "text"): "催办内容", ("task", "note"): "备注",
                 ("unit", "name"): "单位名称", ("staff", "name"): "姓名",
                 ("contact", "name"): "姓名", ("close_out", "created_by"): "销号人"}


def field_label(table: str, column: str) -> str:
    return _TABLE_FIELDS.get((table, column)) or _FIELDS.get(column, column)


def table_label(table: str) -> str:
    return AUDITED[table][0]


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
