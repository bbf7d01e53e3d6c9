"""Integrity check of a database file and a summary of what it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchaban.core.field_names import table_label
from duchaban.store.audit import verify_audit_chain, verify_code
from duchaban.store.backup import database_file
from duchaban.store.data_check import outside_change_messages
from duchaban.store.evidence import absent_evidence, stored_path, synced_with_hub
from duchaban.store.migrations import LATEST_VERSION, schema_version
from duchaban.store.progress import stale_task_progress
from duchaban.store.settings import MACHINE_ID
from duchaban.store.staff import typed_name_staff

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables counted in the summary, with their Chinese names for the report.
COUNTED_TABLES = {
    "plan": "分解方案", "section": "部分/子部分", "task": "目标任务", "assignment": "任务分工",
    "unit": "单位(含单位组)", "unit_alias": "单位别名", "staff": "工作人员", "submission": "台账报送",
    "progress_entry": "进展记录", "inspection": "督查", "finding": "问题", "close_out": "销号",
    "random_draw": "随机抽取", "bulletin": "通报", "audit_log": "操作日志",
}


@dataclass
class CheckReport:
    """Problems found (empty when the file is sound) and row counts per table."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    schema_version: int = 0
    journal_mode: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"ok": self.ok, "problems": self.problems, "notes": self.notes, "counts": self.counts,
                "schema_version": self.schema_version, "journal_mode": self.journal_mode}


# Evidence links name their owner by uuid (owners of several kinds, so no foreign key can).
EVIDENCE_OWNERS = {kind: table_label(kind) for kind in ("inspection", "finding", "progress_entry", "close_out")}


def orphan_evidence_links(db: Database) -> list[str]:
    """One problem per evidence link whose owner row is gone."""
    problems = []
    for kind, label in EVIDENCE_OWNERS.items():
        for file_name, owner in db.execute(
                f"SELECT e.file_name, l.owner_uuid FROM evidence_link l JOIN evidence e ON e.id = l.evidence_id"
                f" WHERE l.owner_kind = ? AND NOT EXISTS (SELECT 1 FROM [{kind}] o WHERE o.uuid = l.owner_uuid)"
                f" ORDER BY e.id", [kind]):
            problems.append(f"佐证材料“{file_name}”所属的{label}({owner})已不存在")
    return problems


def absent_evidence_files(db: Database, report: CheckReport) -> None:
    """Evidence whose file is not on this machine: on one that syncs with the office hub it waits
    there to be fetched when first opened (a note); elsewhere the file is lost (a problem)."""
    if database_file(db) is None:
        return
    absent = absent_evidence(db)
    if not absent:
        return
    names = "、".join(name for _, name in absent[:5]) + ("等" if len(absent) > 5 else "")
    if synced_with_hub(db):
        report.notes.append(f"{len(absent)} 个佐证文件尚未从办公室数据库取回(首次打开时取回,"
                            f"外出前可用 duchaban evidence fetch --all 全部取回):{names}")
    else:
        report.problems.extend(f"佐证文件缺失:“{name}”({stored_path(db, sha, name)})" for sha, name in absent)


def bulletin_code_problems(db: Database) -> list[str]:
    """Each issued bulletin's 数据校验码 must still name the log's history as it was then: a log
    recomputed after the bulletin went out on paper no longer does."""
    problems = []
    # Only this machine's own: a bulletin issued on another machine names that machine's log (checked
    # at the office hub: duchaban check --hub).
    for year, issue_no, issued, code in db.execute(
            "SELECT year, issue_no, generated_at, check_code FROM bulletin WHERE check_code IS NOT NULL"
            " AND (origin IS NULL OR origin = (SELECT value FROM setting WHERE key = ?)) ORDER BY id", [MACHINE_ID]):
        why = verify_code(db, code)
        if why is not None:
            problems.append(f"{year}年第{issue_no}期通报({issued[:10]}印发)上的{why}")
    return problems


def check_database(db: Database) -> CheckReport:
    """Run SQLite's integrity and foreign-key checks, verify the audit chain and that every audited row is
    what the chain says it last became, count rows."""
    report = CheckReport()
    report.schema_version = schema_version(db.conn)
    report.journal_mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    if report.schema_version != LATEST_VERSION:
        report.problems.append(f"结构版本为 {report.schema_version},应为 {LATEST_VERSION}")
    if report.journal_mode.lower() not in ("wal", "memory"):  # memory: an in-memory database
        report.problems.append(f"日志模式为 {report.journal_mode},应为 WAL")
    if not db.execute("PRAGMA foreign_keys").fetchone()[0]:
        report.problems.append("外键约束未开启")
    for (message,) in db.execute("PRAGMA integrity_check"):
        if message != "ok":
            report.problems.append(f"完整性检查:{message}")
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
        report.problems.append(f"外键错误:{table} 第 {rowid} 行引用的 {parent} 不存在")
    stale = stale_task_progress(db)
    if stale:
        report.problems.append(f"{len(stale)} 项任务的最新进展缓存与台账不符(如任务 id {stale[0]}),请重建")
    report.problems.extend(orphan_evidence_links(db))
    absent_evidence_files(db, report)
    report.problems.extend(bulletin_code_problems(db))
    broken = verify_audit_chain(db)
    if broken is not None:
        report.problems.append(f"操作日志第 {broken} 条的校验值不符,日志可能被改动")
    report.problems.extend(outside_change_messages(db))
    created = typed_name_staff(db)
    if created:
        report.notes.append("升级时按手填姓名新建的工作人员(请核对;是已有人员的另一写法时用 staff merge 合并):"
                            + "、".join(r["name"] for r in created))
    for table in COUNTED_TABLES:
        report.counts[table] = db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    return report
