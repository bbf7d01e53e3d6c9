"""Plans in the database: importing a parsed notice (new or revised), listing plans."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.core.plan import ParsedPlan, Task
from duchaban.store.audit import record_change
from duchaban.store.connection import driver_errors
from duchaban.store.progress import refresh_task_progress
from duchaban.store.search import reindex_tasks
from duchaban.store.unit_edits import add_unit_alias, create_unit
from duchaban.store.units import unit_ids_by_name

if TYPE_CHECKING:
    from sqlite_utils import Database

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
EMPTIES_PLAN_MESSAGE = ("新版方案中没有读到任何责任单位,导入会清空已有方案的全部任务分工,已拒绝导入;"
                        "请检查文件是否完整(如“责任单位:”行是否被删去)")


@dataclass
class PlanImportResult:
    """What an import did: the plan's id, and what it added, changed or removed."""

    plan_id: int
    status: str
    tasks_added: list[int] = field(default_factory=list)
    tasks_changed: list[int] = field(default_factory=list)
    tasks_removed: list[int] = field(default_factory=list)
    units_added: list[str] = field(default_factory=list)
    aliases_added: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PlanRemovals:
    """What a revised notice would take away from the plan already stored under its number."""

    tasks: list[tuple[int, str]] = field(default_factory=list)  # (number, text)
    assignments: list[tuple[int, str, str]] = field(default_factory=list)  # (task number, unit, role)
    units: list[str] = field(default_factory=list)  # units left with no task in the plan
    empties_plan: bool = False  # the notice names no unit at all, the stored plan has some
    # Removed tasks that have ledger reports or close-outs: they cannot go (number -> why).
    blocked: dict[int, str] = field(default_factory=dict)
    # What else goes with a removed task: inspection links, reminders, findings' link (number -> what).
    collateral: dict[int, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.tasks or self.assignments or self.units or self.empties_plan)

    def lines(self) -> list[str]:
        """One Chinese line per removal, for the preview and the confirmation question."""
        out = []
        for n, text in self.tasks:
            also = f"(一并{self.collateral[n]})" if n in self.collateral else ""
            out.append(f"删除任务 {n}:{_clip(text)}{also}")
        out += [f"任务 {n} 去掉{_ROLE_WORDS[role]}:{unit}" for n, unit, role in self.assignments]
        out += [f"单位不再承担本方案任何任务:{unit}" for unit in self.units]
        return out

    def summary(self) -> str:
        return (f"将删除任务 {len(self.tasks)} 项、任务分工 {len(self.assignments)} 条,"
                f"{len(self.units)} 个单位不再承担任何任务")


_ROLE_WORDS = {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}


class PlanRemovalsUnconfirmed(StoreError):
    """A revised notice would remove tasks, assignments or units and nobody confirmed it."""


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def find_plan(db: Database, *, sha256: str | None = None, year: int | None = None,
              doc_number: str | None = None) -> dict | None:
    """The plan with this source hash, or with this year and document number."""
    if sha256 is not None:
        rows = db.query("SELECT * FROM plan WHERE source_sha256 = ?", [sha256])
    else:
        rows = db.query("SELECT * FROM plan WHERE year = ? AND doc_number = ?", [year, doc_number or ""])
    return next(iter(rows), None)


def other_plans_of_year(db: Database, *, year: int, doc_number: str, sha256: str) -> list[dict]:
    """The plans of ``year`` filed under another document number (or none) than ``doc_number``,
    with their task counts: a notice of the same year under another number is either another
    plan or the same plan copied without (or with a mistyped) number, which only a person can tell."""
    return list(db.query(
        "SELECT p.id, p.title, p.doc_number, (SELECT count(*) FROM task t WHERE t.plan_id = p.id) AS tasks"
        " FROM plan p WHERE p.year = ? AND p.doc_number != ? AND p.source_sha256 != ? ORDER BY p.id",
        [year, doc_number or "", sha256]))


def plan_year(db: Database, plan_id: int) -> int:
    """The year of a plan; StoreError when there is no such plan."""
    row = db.execute("SELECT year FROM plan WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise StoreError("分解方案不存在")
    return row[0]


def plan_count(db: Database) -> int:
    """How many plans the database holds."""
    return db.execute("SELECT count(*) FROM plan").fetchone()[0]


def get_plan(db: Database, plan_id: int) -> dict:
    """The plan's row; StoreError when there is no such plan."""
    row = next(iter(db.query("SELECT * FROM plan WHERE id = ?", [plan_id])), None)
    if row is None:
        raise StoreError("分解方案不存在")
    return row


def _assignments(task: Task, names: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """(canonical unit, role, ordinal) rows for a task: the first responsible unit leads.

    Two spellings of one unit in the same task become one assignment, in its first role.
    """
    written = [(n, "lead" if i == 0 else "responsible") for i, n in enumerate(task.responsible)]
    written += [(n, "cooperating") for n in task.cooperating]
    rows: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for name, role in written:
        unit = names[name]
        if unit not in seen:
            seen.add(unit)
            rows.append((unit, role, len(rows)))
    return rows


def plan_removals(db: Database, *, parsed: ParsedPlan, source_sha256: str,
                  names: Mapping[str, str]) -> PlanRemovals:
    """What importing ``parsed`` would remove from the stored plan of the same year and number.

    ``names`` maps written unit names to canonical ones (unmapped names stand for themselves).
    Nothing is removed when the file itself was imported before, or when there is no such plan.
    """
    removals = PlanRemovals()
    if parsed.year is None or find_plan(db, sha256=source_sha256) is not None:
        return removals
    existing = find_plan(db, year=parsed.year, doc_number=parsed.doc_number)
    if existing is None:
        return removals
    old_tasks = {n: text for n, text in db.execute(
        "SELECT number, text FROM task WHERE plan_id = ? ORDER BY number", [existing["id"]])}
    old_rows = db.execute(
        "SELECT t.number, u.name, a.role FROM assignment a JOIN task t ON t.id = a.task_id"
        " JOIN unit u ON u.id = a.unit_id WHERE t.plan_id = ? ORDER BY t.number, a.ordinal",
        [existing["id"]]).fetchall()
    new_pairs: set[tuple[int, str]] = set()
    new_units: set[str] = set()
    for task in parsed.tasks:
        for written in task.unit_names():
            unit = names.get(written, written)
            new_pairs.add((task.number, unit))
            new_units.add(unit)
    new_numbers = {t.number for t in parsed.tasks}
    removals.tasks = [(n, text) for n, text in old_tasks.items() if n not in new_numbers]
    removals.assignments = [(n, unit, role) for n, unit, role in old_rows
                            if n in new_numbers and (n, unit) not in new_pairs]
    removals.units = sorted({unit for _, unit, _ in old_rows} - new_units)
    removals.empties_plan = bool(old_rows) and not new_units
    for number, _ in removals.tasks:
        _describe_links(db, existing["id"], number, removals)
    return removals


# (table, what a row is called, blocks the removal?) for rows that point at a task.
_TASK_LINKS = (
    ("progress_entry", "台账报告 {n} 条", True),
    ("close_out", "销号记录 {n} 条", True),
    ("inspection_task", "去掉 {n} 次督查与它的关联", False),
    ("reminder", "删除催办 {n} 条", False),
    ("finding", "{n} 个问题不再关联任务", False),
)


def _describe_links(db: Database, plan_id: int, number: int, removals: PlanRemovals) -> None:
    task_id = db.execute("SELECT id FROM task WHERE plan_id = ? AND number = ?", [plan_id, number]).fetchone()[0]
    blocking, collateral = [], []
    for table, words, blocks in _TASK_LINKS:
        count = db.execute(f"SELECT count(*) FROM [{table}] WHERE task_id = ?", [task_id]).fetchone()[0]
        if count:
            (blocking if blocks else collateral).append(words.format(n=count))
    if blocking:
        removals.blocked[number] = (f"新版方案中没有任务 {number},但它已有{'、'.join(blocking)},不能删除;"
                                    "请核对方案后再导入")
    if collateral:
        removals.collateral[number] = "、".join(collateral)


def import_plan(
    db: Database,
    *,
    parsed: ParsedPlan,
    source_name: str,
    source_sha256: str,
    names: Mapping[str, str],
    new_units: Sequence[tuple[str, str]] = (),
    aliases: Sequence[tuple[str, str]] = (),
    who: str | None = None,
    confirm_removals: bool = False,
) -> PlanImportResult:
    """Write a parsed notice in one transaction and return what changed.

    ``names`` maps every written unit name to its canonical name; ``new_units`` are
    (name, kind) to create first, ``aliases`` (written, canonical) to record. The same
    file twice changes nothing; a revised notice (same year and document number)
    updates the plan in place, keeping task ids so ledgers stay attached.

    A revision that removes tasks, assignments or units raises PlanRemovalsUnconfirmed unless
    ``confirm_removals``; one that names no unit at all never replaces a plan that has some.
    """
    if parsed.errors:
        raise StoreError("方案中有错误,不能导入:" + ";".join(f"第{e.line}行 {e.message}" for e in parsed.errors))
    if parsed.year is None:
        raise StoreError("无法从文件中确定方案年度,请指定年度")
    same = find_plan(db, sha256=source_sha256)
    if same is not None:
        return PlanImportResult(same["id"], UNCHANGED)
    removals = plan_removals(db, parsed=parsed, source_sha256=source_sha256, names=names)
    if removals.empties_plan:
        raise StoreError(EMPTIES_PLAN_MESSAGE)
    if removals and not confirm_removals:
        raise PlanRemovalsUnconfirmed(
            f"新版方案{removals.summary()},需要确认后才能导入:" + ";".join(removals.lines()[:20])
            + ("……" if len(removals.lines()) > 20 else ""))
    try:
        with db.atomic():
            return _write_plan(db, parsed, source_name, source_sha256, names, new_units, aliases, who)
    except driver_errors("IntegrityError") as exc:
        raise StoreError(f"导入失败,数据库未作任何修改:{_integrity_words(str(exc))}") from None


def _integrity_words(error: str) -> str:
    """What a refused write of a plan means, in the office's words (SQLite's own are English)."""
    if "section." in error:
        return "方案中有两个部分或子部分的编号相同(例如缺了第一部分的“一、”标题),请核对各部分的标题和编号"
    if "task." in error:
        return "方案中有两项任务的编号相同,请核对任务编号"
    if "unit" in error:
        return "单位名称与名录中已有的单位或别名冲突,请在单位名录中核对"
    return "方案的内容与数据库中已有的记录冲突,请核对后再导入"


def _write_plan(db, parsed, source_name, source_sha256, names, new_units, aliases, who) -> PlanImportResult:
    now = utc_now_iso()
    existing = find_plan(db, year=parsed.year, doc_number=parsed.doc_number)
    plan_row = {
        "year": parsed.year,
        "doc_number": parsed.doc_number,
        "title": parsed.title or f"{parsed.year}年目标任务分解方案",
        "notice_title": parsed.notice_title,
        "issuer": parsed.issuer,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
        "source_name": source_name,
        "source_sha256": source_sha256,
        "imported_at": now,
        "imported_by": who,
    }
    if existing is None:
        plan_row["uuid"] = str(uuid.uuid4())
        plan_id = db["plan"].insert(plan_row).last_pk
        result = PlanImportResult(plan_id, CREATED)
        record_change(db, who=who, action="insert", table="plan", key=plan_row["uuid"], after=plan_row)
    else:
        plan_id = existing["id"]
        db["plan"].update(plan_id, plan_row)
        result = PlanImportResult(plan_id, UPDATED)
        record_change(db, who=who, action="update", table="plan", key=existing["uuid"],
                      before=existing, after=plan_row)

    known = unit_ids_by_name(db)
    for name, kind in new_units:
        if name not in known:
            known[name] = create_unit(db, name=name, kind=kind, who=who).created
            result.units_added.append(name)
    for written, canonical in aliases:
        if add_unit_alias(db, unit_id=known[canonical], alias=written, who=who):
            result.aliases_added.append((written, canonical))

    section_ids = _write_sections(db, plan_id, parsed)
    _write_tasks(db, plan_id, parsed, section_ids, names, known, who, result)
    return result


def _write_sections(db: Database, plan_id: int, parsed: ParsedPlan) -> dict[tuple[int, ...], int]:
    existing = {r["path_key"]: r for r in db.query("SELECT * FROM section WHERE plan_id = ?", [plan_id])}
    ids: dict[tuple[int, ...], int] = {}
    for section in sorted(parsed.sections, key=lambda s: s.level):
        parent = ids.get(section.path[:-1]) if section.level > 1 else None
        row = {"plan_id": plan_id, "parent_id": parent, "level": section.level, "path_key": section.path_key,
               "numeral": section.numeral, "title": section.title}
        old = existing.pop(section.path_key, None)
        if old is None:
            row["uuid"] = str(uuid.uuid4())
            ids[section.path] = db["section"].insert(row).last_pk
        else:
            # Only a section that changed is written: each write is a new revision sent to the office hub.
            if any(old[k] != v for k, v in row.items()):
                db["section"].update(old["id"], row)
            ids[section.path] = old["id"]
    for old in sorted(existing.values(), key=lambda r: -r["level"]):
        db.execute("DELETE FROM section WHERE id = ?", [old["id"]])
    return ids


def _write_tasks(db, plan_id, parsed, section_ids, names, unit_ids, who, result) -> None:
    existing = {r["number"]: r for r in db.query("SELECT * FROM task WHERE plan_id = ?", [plan_id])}
    touched: list[int] = []
    for task in parsed.tasks:
        row = {
            "plan_id": plan_id,
            "section_id": section_ids.get(task.section_path),
            "number": task.number,
            "text": task.text,
            "leaders": "、".join(task.leaders) or None,
            "deadline_text": task.deadline_text,
            "deadline_on": task.deadline.isoformat() if task.deadline else None,
            "source_line": task.line,
        }
        assignments = _assignments(task, names)
        old = existing.pop(task.number, None)
        if old is None:
            row["uuid"] = str(uuid.uuid4())
            task_id = db["task"].insert(row).last_pk
            result.tasks_added.append(task.number)
            log = {"action": "insert", "key": row["uuid"], "after": {**row, "units": assignments}}
        else:
            task_id = old["id"]
            old_assignments = [tuple(r) for r in db.execute(
                "SELECT u.name, a.role, a.ordinal FROM assignment a JOIN unit u ON u.id = a.unit_id"
                " WHERE a.task_id = ? ORDER BY a.role, a.ordinal", [task_id])]
            comparable = {k: old[k] for k in row}
            if comparable == row and sorted(old_assignments) == sorted(assignments):
                continue
            db["task"].update(task_id, row)
            result.tasks_changed.append(task.number)
            log = {"action": "update", "key": old["uuid"], "before": {**comparable, "units": old_assignments},
                   "after": {**row, "units": assignments}}
        touched.append(task_id)
        db.execute("DELETE FROM assignment WHERE task_id = ?", [task_id])
        for unit, role, ordinal in assignments:
            db.execute("INSERT INTO assignment (task_id, unit_id, role, ordinal) VALUES (?, ?, ?, ?)",
                       [task_id, unit_ids[unit], role, ordinal])
        db.execute("DELETE FROM indicator WHERE task_id = ?", [task_id])
        for ordinal, ind in enumerate(task.indicators):
            db.execute("INSERT INTO indicator (task_id, ordinal, clause, value, measure, comparator)"
                       " VALUES (?, ?, ?, ?, ?, ?)", [task_id, ordinal, ind.clause, ind.value, ind.measure,
                                                      ind.comparator])
        # Logged after the task's assignments and indicators: its audit row carries their digests too.
        record_change(db, who=who, table="task", **log)
    for number, old in existing.items():
        try:
            db.execute("DELETE FROM task WHERE id = ?", [old["id"]])
        except driver_errors("IntegrityError"):
            raise StoreError(
                f"新版方案中没有任务 {number},但它已有台账或销号记录,不能删除;请核对方案后再导入") from None
        db.execute("DELETE FROM task_search WHERE rowid = ?", [old["id"]])
        result.tasks_removed.append(number)
        record_change(db, who=who, action="delete", table="task", key=old["uuid"], before=old)
    reindex_tasks(db, touched)
    # The latest report of a task prefers its lead unit's: new roles can change which one it is.
    refresh_task_progress(db, touched)
