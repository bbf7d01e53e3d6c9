"""Main-window actions on plans and tasks: import a notice, load the demo, edit a task."""

from __future__ import annotations


class PlanActions:
    """Mixed into MainWindow; uses its db, db_path, operator, history and status bar."""

    def load_demo(self):
        """Fill the (empty) database with the demo content in a worker, then show it."""
        from duchaban.ui.jobs import demo_job

        # Not cancellable: the demo is written in several steps, and half a demo helps nobody.
        return self.run_job(demo_job, title=self.tr("正在载入示例数据……"), cancellable=False,
                            done=lambda _summary: self.reload())

    def import_plan(self) -> None:
        self.plan_import_dialog().exec()

    def plan_import_dialog(self):
        """The import dialog, wired to refresh this window after a successful import."""
        from duchaban.store.units import list_units
        from duchaban.ui.dialogs.plan_import import PlanImportDialog  # dialogs load on first use

        dialog = PlanImportDialog(self.db_path, [u["name"] for u in list_units(self.db)], self.operator, self)
        dialog.imported.connect(self._on_plan_imported)
        return dialog

    def _on_plan_imported(self, result) -> None:
        self.plan_id = result.plan_id
        self.reload()
        if result.status == "unchanged":
            text = self.tr("该文件已导入过,数据库未改动")
        else:
            text = self.tr("导入完成:新增任务 {a} 项,修改 {c} 项,新增单位 {u} 个").format(
                a=len(result.tasks_added), c=len(result.tasks_changed), u=len(result.units_added))
        self.statusBar().showMessage(text, 10000)

    def edit_current_task(self) -> None:
        task_id = self.current_task_id()
        if task_id is None:
            self.statusBar().showMessage(self.tr("请先选择一项任务"), 5000)
            return
        from duchaban.ui.dialogs.task_edit import TaskEditDialog

        TaskEditDialog(self.db, task_id, self.history, self.operator, self).exec()

    def record_inspection(self) -> None:
        self.inspection_dialog().exec()

    def inspection_dialog(self, *, planned: dict | None = None, plan_ahead: bool = False):
        """The inspection dialog, preset with the task or unit in view (or with a planned round);
        refreshes the window when saved."""
        from duchaban.store.settings import as_of_date
        from duchaban.store.staff import list_staff
        from duchaban.store.tasks import get_task
        from duchaban.store.units import list_units
        from duchaban.ui.dialogs.inspection import InspectionDialog

        task_id = self.current_task_id()
        numbers = [get_task(self.db, task_id)["number"]] if task_id else []
        unit_id = self.current_unit_id()
        directory = list_units(self.db)
        units = [u["name"] for u in directory if u["kind"] != "group"]
        preset = [u["name"] for u in directory if u["id"] == unit_id]
        dialog = InspectionDialog(self.db, plan_id=self.plan_id, staff=[s["name"] for s in list_staff(self.db)],
                                  units=units, operator=self.operator, today=as_of_date(self.db),
                                  task_numbers=numbers, unit_names=preset, planned=planned, plan_ahead=plan_ahead,
                                  parent=self)
        dialog.accepted.connect(self.refresh)
        return dialog

    def open_inspections(self) -> None:
        dialog = self.inspections_dialog()
        if dialog is not None:
            dialog.exec()

    def inspections_dialog(self):
        """督查计划与记录; planning or recording a round opens the inspection dialog over it."""
        from duchaban.store.settings import as_of_date
        from duchaban.ui.dialogs.inspections import InspectionsDialog
        from duchaban.ui.operations.ledgers import period_codes

        if not self.has_plan():
            return None
        dialog = InspectionsDialog(self.db, plan_id=self.plan_id, period_codes=period_codes(self.context()),
                                   today=as_of_date(self.db), operator=self.operator, folder=self.db_path.parent,
                                   parent=self)

        def open_over(**kwargs) -> None:
            editor = self.inspection_dialog(**kwargs)
            editor.accepted.connect(dialog.reload)
            dialog.editor = editor      # tests reach it here
            editor.open()

        dialog.plan_requested.connect(lambda: open_over(plan_ahead=True))
        dialog.record_requested.connect(lambda planned: open_over(planned=planned))
        return dialog

    def open_spot_check(self) -> None:
        dialog = self.spot_check_dialog()
        if dialog is not None:
            dialog.exec()

    def spot_check_dialog(self):
        from duchaban.ui.dialogs.spot_check import SpotCheckDialog

        if not self.has_plan():
            return None
        return SpotCheckDialog(self.db, plan_id=self.plan_id, operator=self.operator, folder=self.db_path.parent,
                               parent=self)

    def open_findings(self) -> None:
        self.findings_dialog().exec()

    def findings_dialog(self):
        from duchaban.store.settings import as_of_date
        from duchaban.ui.dialogs.findings import FindingsDialog

        dialog = FindingsDialog(self.db, today=as_of_date(self.db), operator=self.operator,
                                folder=self.db_path.parent, parent=self)
        dialog.changed.connect(self.refresh)
        return dialog
