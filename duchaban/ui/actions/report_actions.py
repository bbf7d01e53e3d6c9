"""Main-window actions for what goes to the leaders: bulletins, charts, the annual assessment."""

from __future__ import annotations


class ReportActions:
    """Mixed into MainWindow; uses its db, db_path, plan_id, operator and period_codes."""

    def open_bulletins(self) -> None:
        dialog = self.bulletin_dialog()
        if dialog is not None:
            dialog.exec()

    def bulletin_dialog(self):
        from duchaban.store.bulletins import list_bulletins
        from duchaban.ui.dialogs.bulletin import BulletinDialog

        if not self.has_plan():
            return None
        dialog = BulletinDialog(self.db_path, plan_id=self.plan_id, period_codes=self.period_codes(),
                                bulletins=list_bulletins(self.db, plan_id=self.plan_id),
                                folder=self.db_path.parent / "督查通报", operator=self.operator, parent=self)
        dialog.issued.connect(lambda _r: dialog.set_bulletins(list_bulletins(self.db, plan_id=self.plan_id)))
        return dialog

    def open_charts(self) -> None:
        dialog = self.charts_dialog()
        if dialog is not None:
            dialog.exec()

    def charts_dialog(self):
        from duchaban.core.periods import period_text
        from duchaban.store.bulletins import quarter_trend, task_statuses_on
        from duchaban.store.settings import as_of_date
        from duchaban.store.units import list_units
        from duchaban.ui.dialogs.charts import ChartsDialog

        if not self.has_plan():
            return None
        today = as_of_date(self.db)
        # The running quarter is measured on the as-of date, and says so.
        # Periods in words; the running quarter's day on a line of its own, so no label is dropped.
        trend = [(period_text(p["code"]) + (self.tr("<br>(截至{m}月{d}日)").format(
            m=p["measured_on"].month, d=p["measured_on"].day) if p["running"] else ""), p["tasks"])
            for p in quarter_trend(self.db, plan_id=self.plan_id)]
        groups = {u["name"] for u in list_units(self.db, kind="group")}
        return ChartsDialog(tasks=task_statuses_on(self.db, plan_id=self.plan_id, measured_on=today), trend=trend,
                            measured_on=today.isoformat(), folder=self.db_path.parent, groups=groups, parent=self)

    def open_assessment(self) -> None:
        dialog = self.assessment_dialog()
        if dialog is not None:
            dialog.exec()

    def assessment_dialog(self):
        from duchaban.ui.dialogs.assessment import AssessmentDialog

        if not self.has_plan():
            return None
        return AssessmentDialog(self.db, self.db_path, plan_id=self.plan_id, folder=self.db_path.parent,
                                operator=self.operator, parent=self)
