"""Plans (分解方案) and their tasks: import a notice, load the demo, edit a task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duchaban.ui.operations.context import OperationContext, tr

if TYPE_CHECKING:
    from duchaban.ui.job_runner import Job


def load_demo(ctx: OperationContext) -> Job:
    """Fill the (empty) database with the demo content in a worker, then show it."""
    from duchaban.ui.jobs import demo_job

    # Not cancellable: the demo is written in several steps, and half a demo helps nobody.
    return ctx.run_job(demo_job, title=tr("正在载入示例数据……"), cancellable=False,
                       done=lambda _summary: ctx.report(None))


def import_plan(ctx: OperationContext) -> None:
    plan_import_dialog(ctx).exec()


def plan_import_dialog(ctx: OperationContext):
    """The import dialog; after a successful import the window shows the plan imported."""
    from duchaban.store.units import list_units
    from duchaban.ui.dialogs.plan_import import PlanImportDialog  # dialogs load on first use

    dialog = PlanImportDialog(ctx.db_path, [u["name"] for u in list_units(ctx.db)], ctx.operator, ctx.parent)

    def imported(result) -> None:
        ctx.show_plan(result.plan_id)
        if result.status == "unchanged":
            text = tr("该文件已导入过,数据库未改动")
        else:
            text = tr("导入完成:新增任务 {a} 项,修改 {c} 项,新增单位 {u} 个").format(
                a=len(result.tasks_added), c=len(result.tasks_changed), u=len(result.units_added))
        ctx.status(text, 10000)

    dialog.imported.connect(imported)
    return dialog


def edit_current_task(ctx: OperationContext) -> None:
    """The task editor on the task in view; its changes are one undo step."""
    if ctx.task_id is None:
        ctx.status(tr("请先选择一项任务"), 5000)
        return
    from duchaban.ui.dialogs.task_edit import TaskEditDialog

    TaskEditDialog(ctx.db, ctx.task_id, ctx.history, ctx.operator, ctx.parent).exec()
