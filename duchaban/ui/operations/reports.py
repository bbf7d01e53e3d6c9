"""What goes to the leaders: bulletins, charts, the annual assessment."""

from __future__ import annotations

from duchaban.ui.operations.context import OperationContext, tr
from duchaban.ui.operations.ledgers import period_codes


def open_bulletins(ctx: OperationContext) -> None:
    dialog = bulletin_dialog(ctx)
    if dialog is not None:
        dialog.exec()


def bulletin_dialog(ctx: OperationContext):
    """The bulletin dialog for the open plan; None (with a status message) when there is none."""
    from duchaban.store.bulletins import list_bulletins
    from duchaban.ui.dialogs.bulletin import BulletinDialog

    if not ctx.has_plan():
        return None
    dialog = BulletinDialog(ctx.db_path, plan_id=ctx.plan_id, period_codes=period_codes(ctx),
                            bulletins=list_bulletins(ctx.db, plan_id=ctx.plan_id),
                            folder=ctx.folder / "督查通报", operator=ctx.operator, parent=ctx.parent)
    dialog.issued.connect(lambda _r: dialog.set_bulletins(list_bulletins(ctx.db, plan_id=ctx.plan_id)))
    return dialog


def open_charts(ctx: OperationContext) -> None:
    dialog = charts_dialog(ctx)
    if dialog is not None:
        dialog.exec()


def charts_dialog(ctx: OperationContext):
    from duchaban.core.periods import period_text
    from duchaban.store.bulletins import quarter_trend, task_statuses_on
    from duchaban.store.settings import as_of_date
    from duchaban.store.units import list_units
    from duchaban.ui.dialogs.charts import ChartsDialog

    if not ctx.has_plan():
        return None
    today = as_of_date(ctx.db)
    # The running quarter is measured on the as-of date, and says so.
    # Periods in words; the running quarter's day on a line of its own, so no label is dropped.
    trend = [(period_text(p["code"]) + (tr("<br>(截至{m}月{d}日)").format(
        m=p["measured_on"].month, d=p["measured_on"].day) if p["running"] else ""), p["tasks"])
        for p in quarter_trend(ctx.db, plan_id=ctx.plan_id)]
    groups = {u["name"] for u in list_units(ctx.db, kind="group")}
    return ChartsDialog(tasks=task_statuses_on(ctx.db, plan_id=ctx.plan_id, measured_on=today), trend=trend,
                        measured_on=today.isoformat(), folder=ctx.folder, groups=groups, parent=ctx.parent)


def open_assessment(ctx: OperationContext) -> None:
    dialog = assessment_dialog(ctx)
    if dialog is not None:
        dialog.exec()


def assessment_dialog(ctx: OperationContext):
    from duchaban.ui.dialogs.assessment import AssessmentDialog

    if not ctx.has_plan():
        return None
    return AssessmentDialog(ctx.db, ctx.db_path, plan_id=ctx.plan_id, folder=ctx.folder, operator=ctx.operator,
                            parent=ctx.parent)
