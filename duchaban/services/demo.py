"""The demo database: the sample district's directory, its 2021 notice, and the office staff."""

from __future__ import annotations

from pathlib import Path

from duchaban.assets import SAMPLE_PLAN, SAMPLE_TOWNS, SAMPLE_UNITS, resource_path
from duchaban.core.errors import DuchabanError
from duchaban.services.plan_import import commit_plan_import, preview_plan_file
from duchaban.store.database import open_database
from duchaban.store.staff import add_staff
from duchaban.store.units import load_directory_file

DEMO_OPERATOR = "演示数据"
DEMO_STAFF = (
    ("王建国", "督查办主任"),
    ("李秀梅", "督查办副主任"),
    ("张伟", "督查专员"),
    ("陈静", "督查专员"),
    ("刘洋", "科员"),
)


def build_demo(path: str | Path, *, replace: bool = False) -> dict:
    """Create the demo database at ``path``; return a summary of what it holds."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        if not replace:
            raise DuchabanError(f"文件“{path}”已存在;如要重建演示数据库,请加 --force")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    try:
        load_directory_file(db, resource_path(SAMPLE_TOWNS), who=DEMO_OPERATOR)
        load_directory_file(db, resource_path(SAMPLE_UNITS), who=DEMO_OPERATOR)
        for name, title in DEMO_STAFF:
            add_staff(db, name=name, title=title, who=DEMO_OPERATOR)
        preview = preview_plan_file(db, resource_path(SAMPLE_PLAN))
        result = commit_plan_import(db, preview, who=DEMO_OPERATOR)
        return {
            "plan_id": result.plan_id,
            "tasks": len(result.tasks_added),
            "units": db.execute("SELECT count(*) FROM unit WHERE kind != 'group'").fetchone()[0],
            "staff": len(DEMO_STAFF),
        }
    finally:
        db.close()
