"""督查计划与记录: a calendar of planned and recorded inspections, the list of them, and how often
each unit was inspected in a period (督查频次), so no unit is visited over and over."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.calendar_days import ADJUSTED_WORKDAY, DAY_KIND_LABELS, HOLIDAY, special_days
from duchaban.core.overview import BURDEN_WARNING
from duchaban.core.periods import parse_period
from duchaban.store.inspections import cancel_planned, inspection_burden, list_inspections, planned_inspections
from duchaban.ui.dialogs.ledger_export import PeriodCombo
from duchaban.ui.models.inspection_burden_table import InspectionBurdenModel
from duchaban.ui.models.inspection_table import InspectionTableModel, inspection_day, state_label
from duchaban.ui.store_calls import call_store
from duchaban.ui.views.sizing import columns_fit_content, fit_within_screen
from duchaban.ui.views.table_view import ColumnTableView

if TYPE_CHECKING:
    from sqlite_utils import Database

# The calendar's marks: (text colour, cell colour). Inspection days are filled, holidays and
# adjusted working days tinted, so the three read apart at a glance (and from weekends).
DAY_MARKS = {
    HOLIDAY: ("#c62828", "#ffcdd2"),
    ADJUSTED_WORKDAY: ("#4e342e", "#ffe0b2"),
    "recorded": ("#ffffff", "#1565c0"),
    "planned": ("#000000", "#fdd835"),
    "cancelled": ("#757575", "#eeeeee"),
}
WEEKEND_COLOR = "#8d6e63"
TITLE_WIDTH = 260        # pixels: a longer title is elided, whole in its tooltip


class InspectionsDialog(QDialog):
    """``plan_requested`` / ``record_requested(dict)`` ask the window to open the inspection dialog;
    ``changed(ChangeSet)`` tells it what a cancellation wrote."""

    plan_requested = Signal()
    record_requested = Signal(object)
    changed = Signal(object)

    def __init__(self, db: Database, *, plan_id: int, period_codes: list[str], today: date, operator: str | None,
                 folder: Path, parent=None):
        super().__init__(parent)
        self.db, self.plan_id, self.today, self.operator, self.folder = db, plan_id, today, operator, Path(folder)
        self.setWindowTitle(self.tr("督查计划与记录"))
        fit_within_screen(self, 1100, 680)
        self.rows: list[dict] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._schedule_tab(), self.tr("计划与记录"))
        self.tabs.addTab(self._burden_tab(period_codes), self.tr("督查频次"))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.reload()

    # --- schedule -----------------------------------------------------------------

    def _schedule_tab(self) -> QWidget:
        page = QWidget()
        self.calendar = QCalendarWidget()
        self.calendar.setSelectedDate(QDate(self.today.year, self.today.month, self.today.day))
        self.calendar.setGridVisible(True)
        self.calendar.selectionChanged.connect(self._select_day)
        weekend = QTextCharFormat()
        weekend.setForeground(QColor(WEEKEND_COLOR))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(day, weekend)
        self.special_days = special_days(date(self.today.year - 1, 1, 1), date(self.today.year + 1, 12, 31))
        self.legend = QLabel("  ".join(
            f"<span style='background:{DAY_MARKS[key][1]};color:{DAY_MARKS[key][0]}'>&nbsp;{label}&nbsp;</span>"
            for key, label in ((HOLIDAY, self.tr(DAY_KIND_LABELS[HOLIDAY])),
                               (ADJUSTED_WORKDAY, self.tr(DAY_KIND_LABELS[ADJUSTED_WORKDAY])),
                               ("recorded", self.tr("已开展督查")), ("planned", self.tr("计划督查")))))
        self.legend.setToolTip(self.tr("鼠标停在日期上可看节假日名称和当天的督查"))
        self.show_confidential = QCheckBox(self.tr("显示暗访检查(保密)"))
        self.show_confidential.toggled.connect(lambda _on: self.reload())
        self.show_confidential.toggled.connect(lambda _on: self.reload_burden())
        self.upcoming = QLabel()
        self.upcoming.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.calendar)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.show_confidential)
        left_layout.addWidget(self.upcoming)
        left_layout.addStretch()
        self.model = InspectionTableModel(self)
        self.table = ColumnTableView(self.model, empty_text=self.tr(
            "尚无督查计划或记录\n点“新增计划”安排督查,或用“督查 → 记录督查”记下已开展的督查"))
        # Short columns whole, the units (a list of names) take the rest; a long title is cut at
        # TITLE_WIDTH (its tooltip has it all) so that the units stay readable.
        columns_fit_content(self.table, stretch=self.model.column("units"))
        self.table.horizontalHeader().setSectionResizeMode(self.model.column("title"),
                                                           QHeaderView.ResizeMode.Interactive)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("新增计划(&A)…"), self.plan_requested.emit),
                           (self.tr("按计划记录(&R)…"), self.record_selected),
                           (self.tr("取消计划(&X)…"), self.ask_cancel),
                           (self.tr("督查记录表(&P)…"), self.print_selected),
                           (self.tr("佐证材料(&V)…"), self.show_evidence)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.table)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 740])
        layout = QVBoxLayout(page)
        layout.addWidget(splitter)
        return page

    def reload(self) -> None:
        self.rows = list_inspections(self.db, plan_id=self.plan_id,
                                     include_confidential=self.show_confidential.isChecked())
        self.table.set_rows(self.rows, key=lambda r: r["id"])
        title = self.model.column("title")
        self.table.setColumnWidth(title, min(self.table.sizeHintForColumn(title), TITLE_WIDTH))
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())   # clear the marks
        notes: dict[date, list[str]] = {}
        for day, (kind, words) in self.special_days.items():
            self._mark(day, kind)
            notes.setdefault(day, []).append(words)
        for row in self.rows:
            if inspection_day(row):
                day = date.fromisoformat(inspection_day(row))
                notes.setdefault(day, []).append(f"{state_label(row)}:{row['title']}")
                self._mark(day, row["state"], bold=True)
        for day, lines in notes.items():
            mark = self.calendar.dateTextFormat(QDate(day.year, day.month, day.day))
            mark.setToolTip("\n".join(lines))
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), mark)
        upcoming = [r for r in planned_inspections(self.db, plan_id=self.plan_id)
                    if self.show_confidential.isChecked() or not r["confidential"]]
        self.upcoming.setText(self.tr("计划中的督查 {n} 次:").format(n=len(upcoming)) + "<br>" + "<br>".join(
            f"{r['planned_on'] or '未定日期'} {r['title']}" for r in upcoming[:8]))

    def _mark(self, day: date, key: str, *, bold: bool = False) -> None:
        """Colour a day; an inspection's mark covers a holiday's (the tooltip names both)."""
        mark = QTextCharFormat()
        text, fill = DAY_MARKS[key]
        mark.setForeground(QColor(text))
        mark.setBackground(QColor(fill))
        if bold:
            mark.setFontWeight(700)
        if key == "cancelled":
            mark.setFontStrikeOut(True)
        self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), mark)

    def _select_day(self) -> None:
        chosen = self.calendar.selectedDate().toString("yyyy-MM-dd")
        self.table.select(self.model.find("day", chosen))

    def current(self) -> dict | None:
        return self.table.current()

    def record_selected(self) -> None:
        row = self.current()
        if row is None or row["state"] != "planned":
            self.upcoming.setText(self.tr("请先在列表中选择一次计划中的督查"))
            return
        planned = next(p for p in planned_inspections(self.db, plan_id=self.plan_id) if p["id"] == row["id"])
        self.record_requested.emit(planned)

    def cancel(self, inspection_id: int, reason: str) -> bool:
        ok, change = call_store(self, cancel_planned, self.db, inspection_id=inspection_id, reason=reason,
                                who=self.operator)
        if ok:
            self.reload()
            self.changed.emit(change)
        return ok

    def ask_cancel(self) -> None:
        row = self.current()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, self.windowTitle(), self.tr("取消“{t}”的原因:").format(t=row["title"]))
        if ok:
            self.cancel(row["id"], reason)

    def print_selected(self) -> None:
        from duchaban.ui.record_preview import record_preview

        row = self.current()
        if row is not None:
            dialog = record_preview(self, self.db, "inspection", row["id"], folder=self.folder)
            if dialog is not None:
                dialog.exec()

    def evidence_dialog(self):
        from duchaban.ui.dialogs.evidence import EvidenceDialog

        row = self.current()
        if row is None:
            return None
        return EvidenceDialog(self.db, owner_kind="inspection", owner_uuid=row["uuid"], title=row["title"],
                              operator=self.operator, parent=self)

    def show_evidence(self) -> None:
        dialog = self.evidence_dialog()
        if dialog is not None:
            dialog.exec()

    # --- burden -------------------------------------------------------------------

    def _burden_tab(self, period_codes: list[str]) -> QWidget:
        page = QWidget()
        self.burden_period = PeriodCombo(period_codes)
        self.burden_period.currentTextChanged.connect(lambda _t: self.reload_burden())
        self.burden_note = QLabel()
        self.burden_model = InspectionBurdenModel(self)
        self.burden = ColumnTableView(self.burden_model, stretch="unit")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("周期")))
        top.addWidget(self.burden_period)
        top.addWidget(self.burden_note, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.burden)
        self.reload_burden()
        return page

    def reload_burden(self) -> None:
        try:
            period = parse_period(self.burden_period.currentText())
        except ValueError:
            self.burden_note.setText(self.tr("无法识别的周期"))
            return
        rows = inspection_burden(self.db, starts_on=period.starts_on, ends_on=period.ends_on,
                                 include_confidential=self.show_confidential.isChecked())
        self.burden_model.set_rows(rows)
        self.burden_note.setText(
            self.tr("{n} 个单位接受过督查;{h} 个单位达到 {w} 次及以上,请统筹安排,避免重复督查。").format(
                n=len(rows), h=self.burden_model.heavy_count(), w=BURDEN_WARNING))
