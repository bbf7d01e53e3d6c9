"""Long jobs the window runs through workers.Job: each opens its own connection."""

from __future__ import annotations

from pathlib import Path

from duchaban.exchange.directory_xlsx import DirectoryImportResult, export_directory, import_directory
from duchaban.exchange.ledger_import import BatchResult, import_submissions
from duchaban.exchange.ledger_template import export_templates
from duchaban.services.plan_import import PlanPreview, commit_plan_import, preview_plan_file
from duchaban.store.database import open_database
from duchaban.store.plans import PlanImportResult
from duchaban.ui.workers import Progress


def export_directory_job(db_path: Path, target: Path, *, progress: Progress) -> dict:
    db = open_database(db_path, create=False)
    try:
        return export_directory(db, target)
    finally:
        db.close()


def import_directory_job(db_path: Path, source: Path, who: str | None, *,
                         progress: Progress) -> DirectoryImportResult:
    db = open_database(db_path, create=False)
    try:
        progress.check()
        return import_directory(db, source, who=who)
    finally:
        db.close()


def preview_plan_job(db_path: Path, notice: Path, decisions: dict, year: int | None, *,
                     progress: Progress) -> PlanPreview:
    """Worker: read, parse and match the notice against the database (writes nothing)."""
    db = open_database(db_path)
    try:
        return preview_plan_file(db, notice, decisions=decisions, year=year)
    finally:
        db.close()


def commit_plan_job(db_path: Path, notice: Path, decisions: dict, year: int | None, who: str | None, *,
               progress: Progress) -> PlanImportResult:
    """Worker: match again on this connection and import in one transaction."""
    db = open_database(db_path)
    try:
        preview = preview_plan_file(db, notice, decisions=decisions, year=year)
        progress.check()
        return commit_plan_import(db, preview, who=who)
    finally:
        db.close()


def check_submissions_job(db_path: Path, paths: list[Path], period: str | None, *,
                          progress: Progress) -> BatchResult:
    """Worker: every file's verdict, nothing written."""
    db = open_database(db_path, create=False)
    try:
        return import_submissions(db, paths, period_code=period, dry_run=True, progress=progress)
    finally:
        db.close()


def import_submissions_job(db_path: Path, paths: list[Path], period: str | None, who: str | None, *,
                           progress: Progress) -> BatchResult:
    """Worker: check again on this connection and import the accepted files in one transaction."""
    db = open_database(db_path, create=False)
    try:
        return import_submissions(db, paths, period_code=period, who=who, progress=progress)
    finally:
        db.close()


def export_templates_job(db_path: Path, plan_id: int, period: str, folder: Path, unit_ids: list[int] | None,
                         office: str, *, progress: Progress) -> list[Path]:
    """Worker: one ledger template per unit."""
    db = open_database(db_path, create=False)
    try:
        return export_templates(db, plan_id=plan_id, period_code=period, out_dir=folder, unit_ids=unit_ids,
                                office=office, progress=progress)
    finally:
        db.close()
