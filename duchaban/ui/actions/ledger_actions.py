"""Main-window actions on ledgers: export templates, import returned files, reporting status."""

from __future__ import annotations

from pathlib import Path

from duchaban.ui.models.roles import UnitIdRole
from duchaban.ui.workers import Job


class LedgerActions:
    """Mixed into MainWindow; uses its db, db_path, plan_id, operator, views and run_job."""

    def period_codes(self) -> list[str]:
        """Periods to offer: the one just ended first, then those already in the database."""
        from duchaban.core.periods import suggested_periods
        from duchaban.store.ledgers import list_period_codes
        from duchaban.store.settings import as_of_date

        return list(dict.fromkeys(suggested_periods(as_of_date(self.db)) + list_period_codes(self.db)))

    def export_ledger_templates(self) -> None:
        from duchaban.store.units import get_unit
        from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

        if not self.has_plan():
            return
        unit_id = self.current_unit_id()
        unit_name = get_unit(self.db, unit_id)["name"] if unit_id else None
        dialog = LedgerExportDialog(self.period_codes(), self.db_path.parent / "台账模板", unit_name, self)
        if dialog.exec():
            self.start_template_export(*dialog.choices(), unit_id=unit_id)

    def start_template_export(self, period: str, folder: Path, only_unit: bool, unit_id: int | None = None) -> Job:
        from duchaban.store.settings import OFFICE_NAME, get_setting
        from duchaban.ui.jobs import export_templates_job

        office = get_setting(self.db, OFFICE_NAME) or ""
        unit_ids = [unit_id] if only_unit and unit_id else None
        return self.run_job(export_templates_job, self.plan_id, period, folder, unit_ids, office,
                            title=self.tr("正在生成台账模板……"),
                            done=lambda paths: self.statusBar().showMessage(
                                self.tr("已在“{f}”生成台账模板 {n} 份").format(f=folder, n=len(paths)), 15000))

    def import_submissions(self) -> None:
        self.submission_import_dialog().exec()

    def submission_import_dialog(self):
        from duchaban.ui.dialogs.submission_import import SubmissionImportDialog

        dialog = SubmissionImportDialog(self.db_path, self.period_codes(), self.operator, self)
        dialog.imported.connect(self._on_submissions_imported)
        return dialog

    def _on_submissions_imported(self, result) -> None:
        self.refresh()
        self.statusBar().showMessage(self.tr("台账已导入:{n} 个文件,新增进展 {a} 条,修改 {c} 条").format(
            n=sum(v.importable for v in result.verdicts), a=result.entries_added, c=result.entries_changed), 15000)

    def open_submission_status(self) -> None:
        from duchaban.store.settings import as_of_date
        from duchaban.ui.dialogs.submission_status import SubmissionStatusDialog

        if self.plan_id is not None:
            SubmissionStatusDialog(self.db, self.plan_id, self.period_codes(), as_of_date(self.db), self.operator,
                                   self.db_path.parent, self).exec()

    def current_unit_id(self) -> int | None:
        if self.tabs.currentWidget() is not self.unit_view:
            return None
        return self.unit_view.currentIndex().siblingAtColumn(0).data(UnitIdRole)
