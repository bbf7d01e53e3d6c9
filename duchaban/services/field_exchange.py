"""Field-laptop exchange: export what changed here since the last package as one file, and merge a
package into this database by UUID and revision — idempotent, with conflicts left to the user."""

from __future__ import annotations

import platform
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.core.periods import parse_time, utc_iso, utc_now_iso
from duchaban.formats.field_package import Package, read_package, write_package
from duchaban.store.audit import chain_code
from duchaban.store.evidence import synced_with_hub
from duchaban.store.field_packages import last_export_seq, record_package
from duchaban.store.field_sync import MergeReport, collect_changes, merge_changes
from duchaban.store.revisions import current_seq
from duchaban.store.settings import machine_id

if TYPE_CHECKING:
    from sqlite_utils import Database


def _since_iso(since: str) -> str:
    """A time as the window shows it (2021-07-01 08:00, local), a date, or ISO (2021-07-01T08:00:00Z),
    in the stored UTC form."""
    try:
        return utc_iso(parse_time(since))
    except ValueError as exc:
        raise DuchabanError(str(exc)) from None


def _refuse_files_not_fetched(db: Database, evidence: list[dict]) -> None:
    """A package carries its evidence files: on a laptop that meets the office hub, files never
    opened here are still at the hub, and the user is told how to bring them first."""
    absent = [row["file_name"] for row in evidence if not Path(row["path"]).exists()]
    if absent and synced_with_hub(db):
        raise DuchabanError(f"{len(absent)} 个佐证文件还在办公室数据库中,本机尚未取回(如“{absent[0]}”):"
                            "请在办公室网络中先运行 duchaban evidence fetch --all,再导出交换包")


def export_field_package(db: Database, *, out: str | Path, since: str | None = None, everything: bool = False,
                         include_confidential: bool = False, who: str | None = None) -> dict:
    """Write the package; return its manifest (with counts). Records the export in the database.

    By default the package holds everything changed here since the last package this database
    wrote (by change number, not by clock); ``everything``: every record; ``since`` (a date or UTC
    time): what was created or changed from then on, by the records' own times (the older way)."""
    through = current_seq(db)
    if since is not None:
        since_iso, since_seq = _since_iso(since), None
        records = collect_changes(db, since=since_iso, include_confidential=include_confidential)
    else:
        since_iso, since_seq = None, 0 if everything else last_export_seq(db)
        records = collect_changes(db, since_seq=since_seq, include_confidential=include_confidential)
    _refuse_files_not_fetched(db, records["evidence"])
    counts = {key: len(rows) for key, rows in records.items()}
    manifest = {"uuid": str(uuid.uuid4()), "machine": platform.node(), "machine_id": machine_id(db),
                "check_code": chain_code(db),      # this machine's log as the package left it
                "operator": who, "since": since_iso, "since_seq": since_seq, "through_seq": through,
                "created_at": utc_now_iso(), "include_confidential": include_confidential, "counts": counts}
    path = write_package(out, manifest=manifest, records=records)
    with db.atomic():
        record_package(db, uuid=manifest["uuid"], direction="export", machine=manifest["machine"], since=since_iso,
                       created_at=manifest["created_at"], file_name=path.name,
                       summary={**counts, "through_seq": through})
    return manifest


def preview_field_package(db: Database, path: str | Path) -> tuple[Package, MergeReport]:
    """What merging the package would do, conflicts included; nothing is written."""
    package = read_package(path)
    with _malformed_refused(path):
        report = merge_changes(db, package.records, since=package.manifest.get("since"),
                               evidence_files=package.files, dry_run=True)
    return package, report


@contextmanager
def _malformed_refused(path: str | Path):
    """A record the program could not have written (a field missing, a value of the wrong type or
    outside its codes) stops the merge, and its transaction with it, in the office's words."""
    try:
        yield
    except DuchabanError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, sqlite3.Error):
        raise DuchabanError(f"“{Path(path).name}”中的记录不完整或有误(缺少字段、类型或取值不对),不像本程序导出的"
                            "交换包,未导入,数据库未作任何修改;请在外勤笔记本上重新导出") from None


def import_field_package(db: Database, path: str | Path, *, decisions: dict[str, str] | None = None,
                         who: str | None = None) -> MergeReport:
    """Merge the package in one transaction; refused while a conflict has no decision."""
    package = read_package(path)
    bad = {k: v for k, v in (decisions or {}).items() if v not in ("local", "incoming")}
    if bad:
        raise DuchabanError("冲突的处理只能是 local(保留本机)或 incoming(采用交换包)")
    carried = {row.get("uuid") for rows in package.records.values() if isinstance(rows, list)
               for row in rows if isinstance(row, dict)}
    unknown = sorted(set(decisions or {}) - carried)
    if unknown:
        # A mistyped uuid would leave the real conflict undecided while the user thinks it is settled.
        raise DuchabanError(f"指定处理的记录“{unknown[0]}”不在这个交换包中,请核对冲突清单中的编号")
    with _malformed_refused(path), db.atomic():
        report = merge_changes(db, package.records, since=package.manifest.get("since"), evidence_files=package.files,
                               decisions=decisions, who=who)
        manifest = package.manifest
        record_package(db, uuid=manifest["uuid"], direction="import", machine=manifest.get("machine"),
                       since=manifest.get("since"), file_name=Path(path).name, summary=report.to_json())
    return report
