"""The plan as it travels through the office hub: each plan row, its sections, and each task with
its indicators and assignments (one record, named by the task's uuid), merged by the field-exchange
rules. Only the office head's login may send them (the hub's row-level security).

Tasks name their units by uuid: a unit this machine does not know stops the merge with a message.
Two tasks of one number in one plan are never kept side by side: a task that moves to a number
another task here still holds is refused, naming both, unless that other task moves away in the
same pull (a renumbering re-import). The search index and task_progress are derived and rebuilt
for the tasks written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from duchaban.core.errors import StoreError
from duchaban.store.progress import refresh_task_progress
from duchaban.store.revisions import changed_since_sql
from duchaban.store.search import reindex_tasks

if TYPE_CHECKING:
    from sqlite_utils import Database

# When and by whom a notice was imported is bookkeeping: the same notice imported twice is one plan.
PLAN_FIELDS = ("year", "doc_number", "title", "notice_title", "issuer", "issued_on", "source_name", "source_sha256")
SECTION_FIELDS = ("plan_uuid", "parent_uuid", "level", "path_key", "numeral", "title")
TASK_FIELDS = ("plan_uuid", "section_uuid", "number", "text", "leaders", "deadline_text", "deadline_on", "note",
               "source_line", "indicators", "assignments")
PLAN_KINDS = (("plans", "plan"), ("sections", "section"), ("tasks", "task"))

_PLAN_SELECT = ("SELECT p.uuid, p.year, p.doc_number, p.title, p.notice_title, p.issuer, p.issued_on, p.source_name,"
                " p.source_sha256, p.imported_at, p.imported_by FROM plan p")
_SECTION_SELECT = ("SELECT s.uuid, p.uuid AS plan_uuid, ps.uuid AS parent_uuid, s.level, s.path_key, s.numeral,"
                   " s.title FROM section s JOIN plan p ON p.id = s.plan_id"
                   " LEFT JOIN section ps ON ps.id = s.parent_id")
_TASK_SELECT = ("SELECT t.id, t.uuid, p.uuid AS plan_uuid, p.year AS plan_year, s.uuid AS section_uuid, t.number,"
                " t.text, t.leaders, t.deadline_text, t.deadline_on, t.note, t.source_line FROM task t"
                " JOIN plan p ON p.id = t.plan_id LEFT JOIN section s ON s.id = t.section_id")


def _tasks(db: Database, where: str, params: list) -> list[dict]:
    rows = list(db.query(f"{_TASK_SELECT} WHERE {where} ORDER BY t.id", params))
    for row in rows:
        task_id = row.pop("id")
        row["indicators"] = [list(r) for r in db.execute(
            "SELECT ordinal, clause, value, measure, comparator FROM indicator WHERE task_id = ? ORDER BY ordinal",
            [task_id])]
        row["assignments"] = [list(r) for r in db.execute(
            "SELECT u.uuid, a.role, a.ordinal, u.name FROM assignment a JOIN unit u ON u.id = a.unit_id"
            " WHERE a.task_id = ? ORDER BY a.role, a.ordinal, u.uuid", [task_id])]
    return rows


def _assignments(row: dict) -> list[list]:
    """Compared by unit uuid, role and order (the unit's name only helps a person read a message)."""
    return [a[:3] for a in row["assignments"]]


def collect_plan_changes(db: Database, since_seq: int, with_versions: Callable) -> dict:
    """Plans, sections and tasks changed here after change number ``since_seq``, with their revisions."""
    plans = list(db.query(f"{_PLAN_SELECT} WHERE {changed_since_sql('plan', 'p')} ORDER BY p.id",
                          [since_seq]))
    sections = list(db.query(f"{_SECTION_SELECT} WHERE {changed_since_sql('section', 's')}"
                             " ORDER BY s.level, s.id", [since_seq]))
    tasks = _tasks(db, changed_since_sql("task", "t"), [since_seq])
    return {"plans": with_versions(db, "plan", plans), "sections": with_versions(db, "section", sections),
            "tasks": with_versions(db, "task", tasks)}


def _local_id(db: Database, table: str, uuid_value: str, missing: str) -> int:
    """This machine's id of the record a pulled row names by uuid; StoreError(``missing``) without it."""
    row = db.execute(f"SELECT id FROM [{table}] WHERE uuid = ?", [uuid_value]).fetchone()
    if row is None:
        raise StoreError(missing)
    return row[0]


def _plan_id(db: Database, plan_uuid: str, what: str) -> int:
    return _local_id(db, "plan", plan_uuid, f"{what}所属的分解方案不在本机数据库中:请在办公室核对后再同步")


def _write_plan(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        clash = db.execute("SELECT title FROM plan WHERE year = ? AND doc_number = ? AND uuid != ?",
                           [row["year"], row["doc_number"], row["uuid"]]).fetchone()
        if clash is not None:
            doc = row["doc_number"] or "无文号"
            raise StoreError(f"办公室数据库中的分解方案“{row['title']}”({row['year']}年 {doc})"
                             f"与本机的“{clash[0]}”是同一年度、同一文号的两份方案:两台电脑分别导入了同一份方案?"
                             "请由办公室负责人在一台电脑上导入后,其他电脑从办公室数据库取得")
        values = {k: row[k] for k in (*PLAN_FIELDS, "imported_at", "imported_by")}
        upsert(db, "plan", row, action, values, who, "分解方案")
    return write


def _write_section(upsert: Callable) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        label = f"部分“{row['numeral']}{row['title']}”"
        plan_id = _plan_id(db, row["plan_uuid"], label)
        parent = None if not row["parent_uuid"] else _local_id(
            db, "section", row["parent_uuid"], f"{label}的上级部分不在本机数据库中:请在办公室核对后再同步")
        clash = db.execute("SELECT numeral || title FROM section WHERE plan_id = ? AND path_key = ? AND uuid != ?",
                           [plan_id, row["path_key"], row["uuid"]]).fetchone()
        if clash is not None:
            raise StoreError(f"办公室数据库中的{label}与本机的部分“{clash[0]}”编号相同,不是同一条记录:"
                             "请在办公室核对后再同步")
        values = {"plan_id": plan_id, "parent_id": parent,
                  **{k: row[k] for k in ("level", "path_key", "numeral", "title")}}
        upsert(db, "section", row, action, values, who, "部分")
    return write


def _clip(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def _write_task(upsert: Callable, moving: dict[str, int], written: set[int]) -> Callable:
    def write(db: Database, row: dict, action: str, who: str | None) -> None:
        label = f"{row.get('plan_year', '')}年方案第 {row['number']} 项任务“{_clip(row['text'])}”"
        plan_id = _plan_id(db, row["plan_uuid"], label)
        section = None if not row["section_uuid"] else _local_id(
            db, "section", row["section_uuid"], f"{label}所在的部分不在本机数据库中:请在办公室核对后再同步")
        units = []
        for unit_uuid, role, ordinal in row["assignments"]:
            found = db.execute("SELECT id FROM unit WHERE uuid = ?", [unit_uuid]).fetchone()
            if found is None:
                name = row.get("unit_names", {}).get(unit_uuid)
                shown = f"“{name}”" if name else f"({unit_uuid[:8]})"
                raise StoreError(f"{label}的责任单位{shown}不在本机数据库中,无法同步这项任务:"
                                 "请先同步单位名录(或在办公室核对两边的单位是否相同)")
            units.append((found[0], role, ordinal))
        holder = db.execute("SELECT id, uuid, text FROM task WHERE plan_id = ? AND number = ? AND uuid != ?",
                            [plan_id, row["number"], row["uuid"]]).fetchone()
        if holder is not None:
            if moving.get(holder[1], row["number"]) == row["number"]:
                raise StoreError(f"同步后本方案将有两项第 {row['number']} 项任务:办公室数据库中的“{_clip(row['text'])}”"
                                 f"与本机的“{_clip(holder[2])}”。请由办公室负责人核对方案编号后再同步")
            # That task takes its own new number later in this pull; until then it waits aside.
            db.execute("UPDATE task SET number = ? WHERE id = ?", [-holder[0], holder[0]])
        values = {"plan_id": plan_id, "section_id": section,
                  **{k: row[k] for k in ("number", "text", "leaders", "deadline_text", "deadline_on", "note",
                                         "source_line")}}
        task_id = upsert(db, "task", row, action, values, who, "任务")
        here = [list(r) for r in db.execute("SELECT unit_id, role, ordinal FROM assignment WHERE task_id = ?"
                                            " ORDER BY unit_id, role", [task_id])]
        if here != sorted([list(u) for u in units]):
            db.execute("DELETE FROM assignment WHERE task_id = ?", [task_id])
            db.conn.executemany("INSERT INTO assignment (task_id, unit_id, role, ordinal) VALUES (?, ?, ?, ?)",
                                [(task_id, *u) for u in units])
        indicators = [list(r) for r in db.execute("SELECT ordinal, clause, value, measure, comparator FROM indicator"
                                                  " WHERE task_id = ? ORDER BY ordinal", [task_id])]
        if indicators != [list(i) for i in row["indicators"]]:
            db.execute("DELETE FROM indicator WHERE task_id = ?", [task_id])
            db.conn.executemany("INSERT INTO indicator (task_id, ordinal, clause, value, measure, comparator)"
                                " VALUES (?, ?, ?, ?, ?, ?)", [(task_id, *i) for i in row["indicators"]])
        written.add(task_id)
    return write


def _adopt_plan(db: Database, row: dict) -> None:
    """The same notice imported on two machines: when and by whom as the hub has it."""
    db.execute("UPDATE plan SET imported_at = ?, imported_by = ? WHERE uuid = ?"
               " AND (imported_at IS NOT ? OR imported_by IS NOT ?)",
               [row["imported_at"], row["imported_by"], row["uuid"], row["imported_at"], row["imported_by"]])


def merge_plans(db: Database, records: dict, merge: Callable, upsert: Callable) -> set[int]:
    """Plans, then sections (parts before sub-sections), then tasks; return the ids of the tasks written."""
    for row in records.get("plans", []):
        local = next(iter(db.query(f"{_PLAN_SELECT} WHERE p.uuid = ?", [row["uuid"]])), None)
        merge("plan", row, local, PLAN_FIELDS, f"分解方案“{row['title']}”", _write_plan(upsert), _adopt_plan)
    for row in sorted(records.get("sections", []), key=lambda r: r["level"]):
        local = next(iter(db.query(f"{_SECTION_SELECT} WHERE s.uuid = ?", [row["uuid"]])), None)
        merge("section", row, local, SECTION_FIELDS, f"部分“{row['numeral']}{row['title']}”", _write_section(upsert),
              None)
    tasks = records.get("tasks", [])
    moving = {row["uuid"]: row["number"] for row in tasks}
    written: set[int] = set()
    for row in tasks:
        local = next(iter(_tasks(db, "t.uuid = ?", [row["uuid"]])), None)
        if local is not None:
            local["assignments"] = _assignments(local)
        compared = {**row, "assignments": _assignments(row),
                    "unit_names": {a[0]: a[3] for a in row["assignments"] if len(a) > 3}}
        merge("task", compared, local, TASK_FIELDS,
              f"{row.get('plan_year', '')}年方案第 {row['number']} 项任务“{_clip(row['text'])}”",
              _write_task(upsert, moving, written), None)
    _refuse_parked(db, tasks)
    return written


def _refuse_parked(db: Database, tasks: list[dict]) -> None:
    """A task set aside for a renumbering whose own new number was not taken (a conflict kept it):
    two tasks of one number, named both."""
    numbers = {r["uuid"]: r["number"] for r in tasks}
    for uuid_value, text, plan_id in db.execute("SELECT uuid, text, plan_id FROM task WHERE number < 0").fetchall():
        other = db.execute("SELECT text FROM task WHERE plan_id = ? AND number = ?",
                           [plan_id, numbers.get(uuid_value)]).fetchone()
        raise StoreError(f"同步后本方案将有两项第 {numbers.get(uuid_value)} 项任务:“{_clip(other[0] if other else '')}”"
                         f"与“{_clip(text)}”。请由办公室负责人核对方案编号后再同步")


def refresh_tasks(db: Database, task_ids: set[int]) -> None:
    """The derived tables after a pull: search rows of the tasks written (and none of the tasks
    gone), and their progress (a new lead unit can change which report is the latest)."""
    db.execute("DELETE FROM task_search WHERE rowid NOT IN (SELECT id FROM task)")
    if task_ids:
        reindex_tasks(db, sorted(task_ids))
        refresh_task_progress(db, task_ids)
