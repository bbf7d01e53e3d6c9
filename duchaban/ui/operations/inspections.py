"""Inspections (督查): record one, plan rounds, draw units at random, follow findings."""

from __future__ import annotations

from duchaban.ui.operations.context import OperationContext, tr
from duchaban.ui.operations.ledgers import period_codes


def record_inspection(ctx: OperationContext) -> None:
    inspection_dialog(ctx).exec()


def inspection_dialog(ctx: OperationContext, *, planned: dict | None = None, plan_ahead: bool = False):
    """The inspection dialog, preset with the task or unit in view (or with a planned round);
    the window is redrawn when it is saved."""
    from duchaban.store.settings import as_of_date
    from duchaban.store.staff import list_staff
    from duchaban.store.tasks import get_task
    from duchaban.store.units import list_units
    from duchaban.ui.dialogs.inspection import InspectionDialog

    numbers = [get_task(ctx.db, ctx.task_id)["number"]] if ctx.task_id else []
    directory = list_units(ctx.db)
    units = [u["name"] for u in directory if u["kind"] != "group"]
    preset = [u["name"] for u in directory if u["id"] == ctx.unit_id]
    dialog = InspectionDialog(ctx.db, plan_id=ctx.plan_id, staff=[s["name"] for s in list_staff(ctx.db)],
                              units=units, operator=ctx.operator, today=as_of_date(ctx.db),
                              task_numbers=numbers, unit_names=preset, planned=planned, plan_ahead=plan_ahead,
                              parent=ctx.parent)
    dialog.accepted.connect(lambda: ctx.history.record(tr("记录督查"), dialog.change))
    return dialog


def open_inspections(ctx: OperationContext) -> None:
    dialog = inspections_dialog(ctx)
    if dialog is not None:
        dialog.exec()


def inspections_dialog(ctx: OperationContext):
    """督查计划与记录; planning or recording a round opens the inspection dialog over it."""
    from duchaban.store.settings import as_of_date
    from duchaban.ui.dialogs.inspections import InspectionsDialog

    if not ctx.has_plan():
        return None
    dialog = InspectionsDialog(ctx.db, plan_id=ctx.plan_id, period_codes=period_codes(ctx),
                               today=as_of_date(ctx.db), operator=ctx.operator, folder=ctx.folder,
                               parent=ctx.parent)

    def open_over(**kwargs) -> None:
        editor = inspection_dialog(ctx, **kwargs)
        editor.accepted.connect(dialog.reload)
        dialog.editor = editor      # tests reach it here
        editor.open()

    dialog.plan_requested.connect(lambda: open_over(plan_ahead=True))
    dialog.changed.connect(lambda change: ctx.history.record(tr("取消计划督查"), change))
    dialog.record_requested.connect(lambda planned: open_over(planned=planned))
    return dialog


def open_random_draw(ctx: OperationContext) -> None:
    dialog = random_draw_dialog(ctx)
    if dialog is not None:
        dialog.exec()


def random_draw_dialog(ctx: OperationContext):
    from duchaban.ui.dialogs.random_draw import RandomDrawDialog

    if not ctx.has_plan():
        return None
    return RandomDrawDialog(ctx.db, plan_id=ctx.plan_id, operator=ctx.operator, folder=ctx.folder, parent=ctx.parent)


def open_findings(ctx: OperationContext) -> None:
    findings_dialog(ctx).exec()


def findings_dialog(ctx: OperationContext):
    from duchaban.store.settings import as_of_date
    from duchaban.ui.dialogs.findings import FindingsDialog

    dialog = FindingsDialog(ctx.db, today=as_of_date(ctx.db), operator=ctx.operator, folder=ctx.folder,
                            parent=ctx.parent)
    dialog.changed.connect(lambda change: ctx.report(None) if change is None
                           else ctx.history.record(tr("问题整改跟踪"), change))
    return dialog
