"""Field-laptop exchange: export what was recorded since a point in time as one package, and merge
a package into this database by UUID — idempotent, with conflicts left to the user."""

from __future__ import annotations

import json
import platform
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.core.periods import parse_time, utc_iso, utc_now_iso
from duchaban.exchange.field_package import Package, read_package, write_package
from duchaban.store.field_sync import MergeReport, collect_changes, merge_changes

if TYPE_CHECKING:
    from sqlite_utils import Database


def _since_iso(since: str) -> str:
    """A time as the window shows it (2021-07-01 08:00, local), a date, or ISO (2021-07-01T08:00:00Z),
    in the stored UTC form."""
    try:
        return utc_iso(parse_time(since))
    except ValueError as exc:
        raise DuchabanError(str(exc)) from None


def export_field_package(db: Database, *, since: str, out: str | Path, include_confidential: bool = False,
                         who: str | None = None) -> dict:
    """Write the package; return its manifest (with counts). Records the export in the database."""
    since_iso = _since_iso(since)
    records = collect_changes(db, since=since_iso, include_confidential=include_confidential)
    counts = {key: len(rows) for key, rows in records.items()}
    manifest = {"uuid": str(uuid.uuid4()), "machine": platform.node(), "operator": who, "since": since_iso,
                "created_at": utc_now_iso(), "include_confidential": include_confidential, "counts": counts}
    path = write_package(out, manifest=manifest, records=records)
    with db.atomic():
        db["exchange_package"].insert({"uuid": manifest["uuid"], "direction": "export", "machine": manifest["machine"],
                                       "since": since_iso, "created_at": manifest["created_at"],
                                       "file_name": path.name, "summary": json.dumps(counts)})
    return manifest


def preview_field_package(db: Database, path: str | Path) -> tuple[Package, MergeReport]:
    """What merging the package would do, conflicts included; nothing is written."""
    package = read_package(path)
    report = merge_changes(db, package.records, since=package.manifest["since"], evidence_files=package.files,
                           dry_run=True)
    return package, report


def import_field_package(db: Database, path: str | Path, *, decisions: dict[str, str] | None = None,
                         who: str | None = None) -> MergeReport:
    """Merge the package in one transaction; refused while a conflict has no decision."""
    package = read_package(path)
    bad = {k: v for k, v in (decisions or {}).items() if v not in ("local", "incoming")}
    if bad:
        raise DuchabanError("冲突的处理只能是 local(保留本机)或 incoming(采用交换包)")
    with db.atomic():
        report = merge_changes(db, package.records, since=package.manifest["since"], evidence_files=package.files,
                               decisions=decisions, who=who)
        manifest = package.manifest
        db.execute("INSERT OR IGNORE INTO exchange_package (uuid, direction, machine, since, created_at, file_name,"
                   " summary) VALUES (?, 'import', ?, ?, ?, ?, ?)",
                   [manifest["uuid"], manifest.get("machine"), manifest["since"], utc_now_iso(), Path(path).name,
                    json.dumps(report.to_json(), ensure_ascii=False)])
    return report
