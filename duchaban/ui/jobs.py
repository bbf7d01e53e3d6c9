"""Long jobs the window runs through job_runner.Job. Each opens its own connection to the file:
SQLite connections stay in the thread that made them."""

from __future__ import annotations

from pathlib import Path

from duchaban.formats.directory_xlsx import DirectoryImportResult, export_directory, import_directory
from duchaban.formats.ledger_import import BatchResult, import_submissions
from duchaban.formats.ledger_template import export_templates
from duchaban.services.plan_import import (
    NoticeOutline,
    PlanPreview,
    commit_plan_import,
    notice_outline,
    preview_plan_file,
)
from duchaban.store.backup import backup_if_changed
from duchaban.store.database import opened_database
from duchaban.store.plans import PlanImportResult
from duchaban.ui.job_runner import Progress


def export_directory_job(db_path: Path, target: Path, *, progress: Progress) -> dict:
    with opened_database(db_path) as db:
        return export_directory(db, target)


def import_directory_job(db_path: Path, source: Path, who: str | None, *,
                         progress: Progress) -> DirectoryImportResult:
    with opened_database(db_path) as db:
        progress.check()
        backup_if_changed(db, reason="import")
        return import_directory(db, source, who=who)


def preview_plan_job(db_path: Path, notice: Path, decisions: dict, year: int | None, hints=None,
                     another_plan: bool = False, *, progress: Progress) -> PlanPreview:
    """Read, parse and match the notice against the database (writes nothing)."""
    with opened_database(db_path) as db:
        return preview_plan_file(db, notice, decisions=decisions, year=year, hints=hints, another_plan=another_plan)


def notice_outline_job(db_path: Path, notice: Path, *, progress: Progress) -> NoticeOutline:
    """The numberings and label words of a notice that did not parse (for the guided import)."""
    return notice_outline(notice)


def commit_plan_job(db_path: Path, notice: Path, decisions: dict, year: int | None, who: str | None,
                    confirm_removals: bool = False, hints=None, another_plan: bool = False, *,
                    progress: Progress) -> PlanImportResult:
    """Match again on this connection and import in one transaction (the dialog has shown every
    name the import settles, and asked about the close ones)."""
    with opened_database(db_path) as db:
        preview = preview_plan_file(db, notice, decisions=decisions, year=year, hints=hints, another_plan=another_plan)
        progress.check()
        if not preview.already_imported:
            backup_if_changed(db, reason="import")
        return commit_plan_import(db, preview, who=who, confirm_removals=confirm_removals)


def check_submissions_job(db_path: Path, paths: list[Path], period: str | None, replace_closed: bool = False, *,
                          progress: Progress) -> BatchResult:
    """Every file's verdict, nothing written."""
    with opened_database(db_path) as db:
        return import_submissions(db, paths, period_code=period, dry_run=True, replace_closed=replace_closed,
                                  progress=progress)


def import_submissions_job(db_path: Path, paths: list[Path], period: str | None, who: str | None,
                           replace_closed: bool = False, *, progress: Progress) -> BatchResult:
    """Check again on this connection and import the accepted files in one transaction."""
    with opened_database(db_path) as db:
        backup_if_changed(db, reason="import")
        return import_submissions(db, paths, period_code=period, who=who, replace_closed=replace_closed,
                                  progress=progress)


def export_templates_job(db_path: Path, plan_id: int, period: str, folder: Path, unit_ids: list[int] | None,
                         office: str, *, progress: Progress) -> list[Path]:
    """One ledger template per unit."""
    with opened_database(db_path) as db:
        return export_templates(db, plan_id=plan_id, period_code=period, out_dir=folder, unit_ids=unit_ids,
                                office=office, progress=progress)


def draft_bulletin_job(db_path: Path, plan_id: int, period: str, include_confidential: bool,
                       topic: str | None = None, *, progress: Progress):
    """A bulletin draft: the snapshot and drafted wording (writes nothing); ``topic`` for 专项通报."""
    from duchaban.services.bulletin import draft_bulletin

    with opened_database(db_path) as db:
        return draft_bulletin(db, plan_id=plan_id, period_code=period, include_confidential=include_confidential,
                              topic=topic)


def issue_bulletin_job(db_path: Path, draft, docx: Path, who: str | None, pdf: bool, *, progress: Progress):
    """Write and freeze the bulletin; then the PDF when asked (its failure does not undo the bulletin)."""
    from duchaban.core.errors import DuchabanError
    from duchaban.services.bulletin import bulletin_pdf, issue_bulletin

    with opened_database(db_path) as db:
        progress.check()
        backup_if_changed(db, reason="bulletin")
        issued = issue_bulletin(db, draft, docx=docx, who=who)
    if pdf:
        progress.report(0, 0, "正在用 LibreOffice 生成 PDF……")
        try:
            issued.notes.append(f"PDF:{bulletin_pdf(issued)}")
        except DuchabanError as error:
            issued.notes.append(f"未生成 PDF:{error}")
    return issued


def reissue_bulletin_job(db_path: Path, bulletin_id: int, docx: Path, *, progress: Progress):
    from duchaban.services.bulletin import reissue_bulletin

    with opened_database(db_path) as db:
        return reissue_bulletin(db, bulletin_id=bulletin_id, docx=docx)


def assessment_events_job(db_path: Path, plan_id: int, include_confidential: bool, *, progress: Progress):
    """The units assessed, every scoring event, the saved rule set and each unit's kind (writes nothing)."""
    from duchaban.store.assessment import assessment_events, current_rule_set
    from duchaban.store.plans import plan_year
    from duchaban.store.units import unit_kind_labels

    with opened_database(db_path) as db:
        units, events = assessment_events(db, plan_id=plan_id, include_confidential=include_confidential)
        return {"units": units, "events": events, "rules": current_rule_set(db, plan_id=plan_id),
                "kinds": unit_kind_labels(db), "year": plan_year(db, plan_id)}


def export_assessment_job(db_path: Path, target: Path, title: str, scores, rules, kinds: dict, *,
                          progress: Progress) -> Path:
    from duchaban.formats.assessment_xlsx import write_assessment_xlsx

    write_assessment_xlsx(target, title=title, scores=scores, rules=rules, kinds=kinds)
    return target


def export_field_job(db_path: Path, since: str | None, everything: bool, target: Path, include_confidential: bool,
                     who: str | None, *, progress: Progress) -> dict:
    from duchaban.services.field_exchange import export_field_package

    with opened_database(db_path) as db:
        return export_field_package(db, since=since, everything=everything, out=target,
                                    include_confidential=include_confidential, who=who)


def preview_field_job(db_path: Path, package: Path, *, progress: Progress):
    """What merging would do, conflicts included (writes nothing)."""
    from duchaban.services.field_exchange import preview_field_package

    with opened_database(db_path) as db:
        return preview_field_package(db, package)[1]


def import_field_job(db_path: Path, package: Path, decisions: dict, who: str | None, *, progress: Progress):
    from duchaban.services.field_exchange import import_field_package

    with opened_database(db_path) as db:
        progress.check()
        backup_if_changed(db, reason="import")
        return import_field_package(db, package, decisions=decisions, who=who)


def encryption_job(db_path: Path, passphrase: str, encrypt: bool, *, progress: Progress) -> int:
    """Encrypt (or decrypt) the closed database file and its backups; how many files were rewritten."""
    from duchaban.services.encryption import decrypt_database, encrypt_database

    rewrite = encrypt_database if encrypt else decrypt_database
    return rewrite(db_path, passphrase=passphrase,
                   on_file=lambda done, total, name: progress.report(done, total, f"正在改写 {name}……"))


def restore_job(db_path: Path, backup: Path, who: str | None, *, progress: Progress) -> Path | None:
    """Replace the closed database's content with ``backup``'s; the safety backup's path."""
    from duchaban.store.backup import restore_backup

    with opened_database(db_path) as db:
        return restore_backup(db, backup, who=who)


def demo_job(db_path: Path, *, progress: Progress) -> dict:
    """Fill the empty database with the demo content; a summary of what it holds."""
    from duchaban.services.demo import fill_demo

    with opened_database(db_path) as db:
        return fill_demo(db)


def hub_sync_job(db_path: Path, url: str, prefer: str | None, who: str | None, *, progress: Progress):
    """Pull everyone's changes from the office hub, then push this machine's."""
    from duchaban.services.office_hub import sync_with_hub

    with opened_database(db_path) as db:
        return sync_with_hub(db, url, prefer=prefer, who=who)


def fetch_evidence_job(db_path: Path, url: str | None, sha256: str, file_name: str, *, progress: Progress) -> Path:
    """An evidence file not yet on this machine, fetched from the office hub and verified by its hash."""
    from duchaban.services.evidence_fetch import evidence_path

    with opened_database(db_path) as db:
        return evidence_path(db, url, sha256, file_name)
