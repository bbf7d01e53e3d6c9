"""The demo database: the sample district's directory, its 2021 notice, the office staff, and two
quarters of ledger reports."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.assets import SAMPLE_PLAN, SAMPLE_TOWNS, SAMPLE_UNITS, resource_path
from duchaban.core.errors import DuchabanError
from duchaban.services.demo_inspections import fill_demo_inspections
from duchaban.services.demo_ledgers import fill_demo_ledgers
from duchaban.services.plan_import import commit_plan_import, preview_plan_file
from duchaban.store.database import open_database
from duchaban.store.plans import plan_count
from duchaban.store.settings import AS_OF, office_or_none, set_office, set_setting
from duchaban.store.sole_use import ensure_sole_use
from duchaban.store.staff import add_staff, list_staff
from duchaban.store.unit_directory_file import load_directory_file
from duchaban.store.units import unit_counts

if TYPE_CHECKING:
    from sqlite_utils import Database

DEMO_OPERATOR = "演示数据"
DEMO_AS_OF = "2021-07-15"
DEMO_OFFICE = "梁平区人民政府督查办公室"
DEMO_DISTRICT = "梁平区"
DEMO_STAFF = (
    ("王建国", "督查办主任"),
    ("李秀梅", "督查办副主任"),
    ("张伟", "督查专员"),
    ("陈静", "督查专员"),
    ("刘洋", "科员"),
)


def demo_refusal(db: Database) -> str | None:
    """Why the demo may not be written into this database, or None when it holds none of the user's own data.

    The demo renames the office and adds its directory, staff and records: written into a district's
    real database it would mix fake units and people into their directory, so it only fills an empty one.
    """
    held = []
    if office_or_none(db)[0]:
        held.append("本办名称")
    if unit_counts(db, active_only=False):
        held.append("单位名录")
    if list_staff(db, active_only=False):
        held.append("工作人员")
    if plan_count(db):
        held.append("分解方案")
    if not held:
        return None
    return ("本数据库已有本区自己的资料(" + "、".join(held) + "),示例数据只能载入空数据库,以免混入本区名录;"
            "如要熟悉软件,请另建一个数据库再载入示例数据(或运行 duchaban demo --db 演示.dcb)")


def fill_demo(db: Database) -> dict:
    """Fill an empty database with the demo content; return a summary of what it holds."""
    refusal = demo_refusal(db)
    if refusal:
        raise DuchabanError(refusal)
    load_directory_file(db, resource_path(SAMPLE_TOWNS), who=DEMO_OPERATOR)
    load_directory_file(db, resource_path(SAMPLE_UNITS), who=DEMO_OPERATOR)
    known_staff = {r["name"] for r in list_staff(db, active_only=False)}
    for name, title in DEMO_STAFF:
        if name not in known_staff:
            add_staff(db, name=name, title=title, who=DEMO_OPERATOR)
    set_office(db, name=DEMO_OFFICE, district=DEMO_DISTRICT, who=DEMO_OPERATOR)
    preview = preview_plan_file(db, resource_path(SAMPLE_PLAN))
    result = commit_plan_import(db, preview, who=DEMO_OPERATOR)
    ledgers = fill_demo_ledgers(db, plan_id=result.plan_id, who=DEMO_OPERATOR)
    inspections = fill_demo_inspections(db, plan_id=result.plan_id, who=DEMO_OPERATOR)
    # Statuses in the demo are measured mid-year 2021, when the sample plan was live.
    set_setting(db, AS_OF, DEMO_AS_OF, who=DEMO_OPERATOR)
    return {
        "plan_id": result.plan_id,
        "tasks": len(result.tasks_added),
        "units": sum(n for kind, n in unit_counts(db, active_only=False).items() if kind != "group"),
        "staff": len(DEMO_STAFF),
        "submissions": ledgers["submissions"],
        "inspections": inspections["inspections"],
        "findings": inspections["findings"],
    }


@dataclass(frozen=True)
class DemoSummary:
    """What a freshly built demo database holds."""
    path: Path
    tasks: int
    units: int
    staff: int
    submissions: int
    inspections: int
    findings: int

    def to_json(self) -> dict:
        """``{path, tasks, units, staff, submissions, inspections, findings}`` (counts)."""
        return {"path": str(self.path), "tasks": self.tasks, "units": self.units, "staff": self.staff,
                "submissions": self.submissions, "inspections": self.inspections, "findings": self.findings}

    def to_text(self) -> str:
        return (f"演示数据库已建立:{self.path}(任务 {self.tasks} 项,单位 {self.units} 个,工作人员 {self.staff} 人,"
                f"台账报送 {self.submissions} 份,督查 {self.inspections} 次,问题 {self.findings} 个)")


def build_demo(path: str | Path, *, replace: bool = False) -> DemoSummary:
    """Create the demo database at ``path``; return a summary of what it holds."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0 and not replace:
        raise DuchabanError(f"文件“{path}”已存在;如要重建演示数据库,请加 --force")
    ensure_sole_use(path, doing="重建演示数据库")
    # Built beside the target and moved into place at the end: a failure leaves no half demo.
    partial = path.with_name(path.name + ".partial")
    _remove_database(partial)
    db = open_database(partial)
    try:
        summary = fill_demo(db)
    except BaseException:
        db.close()
        _remove_database(partial)
        raise
    db.close()
    ensure_sole_use(path, doing="重建演示数据库")     # again: a window may have opened it meanwhile
    _remove_database(path)
    partial.replace(path)
    # Evidence files live beside the database and follow it.
    if Path(f"{partial}.files").exists():
        Path(f"{partial}.files").replace(f"{path}.files")
    return DemoSummary(path, **{k: v for k, v in summary.items() if k != "plan_id"})


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.files", ignore_errors=True)
