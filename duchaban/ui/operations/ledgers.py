"""Ledgers (台账): export templates, import returned files, the reporting status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.ui.operations.context import OperationContext, tr

if TYPE_CHECKING:
    from duchaban.ui.job_runner import Job


def period_codes(ctx: OperationContext) -> list[str]:
    """Periods to offer: the one just ended first, then those already in the database."""
    from duchaban.core.periods import suggested_periods
    from duchaban.store.ledgers import list_period_codes
    from duchaban.store.settings import as_of_date

    return list(dict.fromkeys(suggested_periods(as_of_date(ctx.db)) + list_period_codes(ctx.db)))


def export_ledger_templates(ctx: OperationContext) -> None:
    from duchaban.store.units import get_unit
    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

    if not ctx.has_plan():
        return
    unit_name = get_unit(ctx.db, ctx.unit_id)["name"] if ctx.unit_id else None
    dialog = LedgerExportDialog(period_codes(ctx), ctx.folder / "台账模板", unit_name, ctx.parent)
    if dialog.exec():
        start_template_export(ctx, *dialog.choices())


def start_template_export(ctx: OperationContext, period: str, folder: Path, only_unit: bool) -> Job:
    """Write the period's templates in a worker: every unit's, or only the unit in view's."""
    from duchaban.store.settings import OFFICE_NAME, get_setting
    from duchaban.ui.jobs import export_templates_job

    office = get_setting(ctx.db, OFFICE_NAME) or ""
    unit_ids = [ctx.unit_id] if only_unit and ctx.unit_id else None
    return ctx.run_job(export_templates_job, ctx.plan_id, period, folder, unit_ids, office,
                       title=tr("正在生成台账模板……"),
                       done=lambda paths: ctx.status(
                           tr("已在“{f}”生成台账模板 {n} 份").format(f=folder, n=len(paths)), 15000))


def import_submissions(ctx: OperationContext) -> None:
    submission_import_dialog(ctx).exec()


def submission_import_dialog(ctx: OperationContext):
    from duchaban.ui.dialogs.submission_import import SubmissionImportDialog

    dialog = SubmissionImportDialog(ctx.db_path, period_codes(ctx), ctx.operator, ctx.parent)

    def imported(result) -> None:
        ctx.history.record(tr("导入台账"), result.change)     # kept on record: redrawn, not pushed
        ctx.status(tr("台账已导入:{n} 个文件,新增进展 {a} 条,修改 {c} 条").format(
            n=sum(v.importable for v in result.verdicts), a=result.entries_added, c=result.entries_changed), 15000)

    dialog.imported.connect(imported)
    return dialog


def open_submission_status(ctx: OperationContext) -> None:
    from duchaban.store.settings import as_of_date
    from duchaban.ui.dialogs.submission_status import SubmissionStatusDialog

    if ctx.plan_id is not None:
        SubmissionStatusDialog(ctx.db, ctx.plan_id, period_codes(ctx), as_of_date(ctx.db), ctx.operator,
                               ctx.folder, ctx.parent).exec()
