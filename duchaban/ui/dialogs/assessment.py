"""The assessment dialog: edit the year's rules and see, before saving, whose score moves and why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.assessment import PARTS, RULES, RuleSet, rule_set, score_units, what_if
from duchaban.store.assessment import save_rule_set
from duchaban.ui.dialogs.job_dialog import JobDialog
from duchaban.ui.models.assessment_tables import ScoreDetailModel, ScoreTableModel
from duchaban.ui.store_calls import call_store
from duchaban.ui.views.sizing import columns_fit_content, fit_within_screen, table_content_width
from duchaban.ui.views.table_view import ColumnTableView


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _view(model) -> ColumnTableView:
    view = ColumnTableView(model)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _item(value, *, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(f"{value:g}" if isinstance(value, float) else str(value))
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AssessmentDialog(JobDialog):
    loaded = Signal()
    exported = Signal(object)

    def __init__(self, db, db_path: Path, *, plan_id: int, folder: Path, operator: str | None, parent=None):
        super().__init__(db_path, parent)
        self.setWindowTitle(self.tr("绩效考核"))
        self.resize(1180, 720)
        self.db, self.plan_id, self.folder, self.operator = db, plan_id, Path(folder), operator
        self.data: dict | None = None
        self.saved = RuleSet()

        self.base_spin = QDoubleSpinBox()
        self.base_spin.setRange(0, 1000)
        self.base_spin.setValue(self.saved.base)
        self.base_spin.valueChanged.connect(self.recompute)
        self.rules_table = _table([self.tr("考核规则"), self.tr("所属部分"), self.tr("现行分值"), self.tr("试算分值")])
        self.rules_table.setRowCount(len(RULES))
        self.spins: dict[str, QDoubleSpinBox] = {}
        for row, (code, (label, part, default)) in enumerate(RULES.items()):
            self.rules_table.setItem(row, 0, _item(label))
            self.rules_table.setItem(row, 1, _item(PARTS[part]))
            self.rules_table.setItem(row, 2, _item(default, align_right=True))
            spin = QDoubleSpinBox()
            spin.setRange(-100, 100)
            spin.setSingleStep(0.5)
            spin.setValue(default)
            spin.valueChanged.connect(self.recompute)
            self.spins[code] = spin
            self.rules_table.setCellWidget(row, 3, spin)
        columns_fit_content(self.rules_table, stretch=0)
        self.include_confidential = QCheckBox(self.tr("计入暗访检查(保密)发现的问题"))
        self.include_confidential.toggled.connect(lambda _on: self.load())
        reset = QPushButton(self.tr("恢复现行规则"))
        reset.clicked.connect(lambda: self.set_rules(self.saved))
        self.save_button = QPushButton(self.tr("保存为本年度规则"))
        self.save_button.clicked.connect(self.save)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        base_row = QHBoxLayout()
        base_row.addWidget(QLabel(self.tr("基础分")))
        base_row.addWidget(self.base_spin)
        base_row.addStretch()
        left_layout.addLayout(base_row)
        left_layout.addWidget(self.rules_table)
        left_layout.addWidget(self.include_confidential)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(reset)
        buttons_row.addWidget(self.save_button)
        left_layout.addLayout(buttons_row)

        self.summary = QLabel(self.tr("正在汇总计分事项……"))
        self.summary.setWordWrap(True)
        self.scores_model = ScoreTableModel(self)
        self.scores_table = _view(self.scores_model)
        columns_fit_content(self.scores_table, stretch=self.scores_model.column("unit"))
        self.scores_table.selectionModel().currentRowChanged.connect(lambda current, _: self.show_detail(current.row()))
        self.detail_model = ScoreDetailModel(self)
        self.detail_table = ColumnTableView(self.detail_model, stretch="text")
        self.detail_table.verticalHeader().setVisible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary)
        top_layout.addWidget(self.scores_table)
        right.addWidget(top)
        right.addWidget(self.detail_table)
        right.setSizes([440, 220])
        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 760])
        splitter.setStretchFactor(0, 0)     # the rules keep their width; the scores take what is left
        splitter.setStretchFactor(1, 1)

        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.clicked.connect(self._choose_export)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(bottom)
        self.scores: list = []
        self.load()

    # --- data ---------------------------------------------------------------------

    def load(self):
        from duchaban.ui.jobs import assessment_events_job

        self.setEnabled(False)
        return self.run_job(assessment_events_job, self.plan_id, self.include_confidential.isChecked(),
                            done=self._on_loaded, failed=self._on_failed)

    def _on_failed(self, message: str) -> None:
        self.setEnabled(True)
        QMessageBox.warning(self, self.windowTitle(), message)

    def _on_loaded(self, data: dict) -> None:
        self.setEnabled(True)
        first = self.data is None
        self.data = data
        self.saved = data["rules"]
        if first:
            self.set_rules(self.saved)
            self.fit_to_content()
        for row, code in enumerate(RULES):
            self.rules_table.item(row, 2).setText(f"{self.saved.points[code]:g}")
        self.recompute()
        self.loaded.emit()

    def content_widths(self) -> tuple[int, int]:
        """The widths the rules and the scores need for every column to show whole."""
        margins = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin) + 4
        return (table_content_width(self.rules_table) + margins,
                table_content_width(self.scores_table) + margins)

    def wanted_width(self) -> int:
        """The dialog's width with both tables whole (about 1280 px: a 1366 px laptop screen has room)."""
        margins = self.layout().contentsMargins()
        return sum(self.content_widths()) + margins.left() + margins.right() + self.splitter.handleWidth()

    def fit_to_content(self) -> None:
        """As wide as the two tables need, within the screen; the rules keep their width."""
        fit_within_screen(self, self.wanted_width(), 720)
        rules = self.content_widths()[0]
        self.splitter.setSizes([rules, max(self.splitter.width() - rules, 0)])

    def proposed(self) -> RuleSet:
        return rule_set(base=self.base_spin.value(), points={code: spin.value() for code, spin in self.spins.items()})

    def set_rules(self, rules: RuleSet) -> None:
        for widget in (self.base_spin, *self.spins.values()):
            widget.blockSignals(True)
        self.base_spin.setValue(rules.base)
        for code, spin in self.spins.items():
            spin.setValue(rules.points[code])
        for widget in (self.base_spin, *self.spins.values()):
            widget.blockSignals(False)
        self.recompute()

    def recompute(self) -> None:
        if self.data is None:
            return
        units, events, proposed = self.data["units"], self.data["events"], self.proposed()
        self.scores = score_units(units, events, proposed)
        changes = {c.unit: c for c in what_if(units, events, self.saved, proposed)}
        moved = sum(1 for c in changes.values() if c.delta)
        self.summary.setText(
            self.tr("{y}年度:{u} 个单位,{e} 个计分事项。与现行规则相比,{m} 个单位的得分有变化。").format(
                y=self.data["year"], u=len(units), e=len(events), m=moved))
        # The unit looked at stays in view as its score moves.
        rows = self.scores_model.load(self.scores, changes, self.data["kinds"])
        self.scores_table.set_rows(rows, key=lambda r: r.score.unit)
        self.show_detail(max(self.scores_table.current_row(), 0))

    def show_detail(self, row: int) -> None:
        entry = self.scores_model.row(row)
        self.detail_model.show(entry.score if entry is not None else None)
        self.detail_table.resizeColumnToContents(self.detail_model.column("rule"))

    # --- saving and export --------------------------------------------------------

    def save(self) -> bool:
        proposed = self.proposed()
        ok, _ = call_store(self, save_rule_set, self.db, plan_id=self.plan_id, rules=proposed, scores=self.scores,
                           who=self.operator)
        if ok:
            self.saved = proposed
            for row, code in enumerate(RULES):
                self.rules_table.item(row, 2).setText(f"{proposed.points[code]:g}")
            self.recompute()
        return ok

    def _choose_export(self) -> None:
        default = self.folder / f"{self.data['year'] if self.data else ''}年度绩效考核得分.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出考核得分"), str(default),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.export(Path(path))

    def export(self, target: Path):
        from duchaban.ui.jobs import export_assessment_job

        if self.data is None:
            return None
        title = self.tr("{y}年度绩效考核得分").format(y=self.data["year"])
        return self.run_job(export_assessment_job, target, title, self.scores, self.proposed(), self.data["kinds"],
                            title=self.tr("正在导出……"), done=self._on_exported, failed=self._on_failed)

    def _on_exported(self, path: Path) -> None:
        QMessageBox.information(self, self.windowTitle(), self.tr("已导出:{p}").format(p=path))
        self.exported.emit(path)
