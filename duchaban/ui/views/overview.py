"""The overview page (督查概览): who is behind, at a glance, each figure a click away from its list.

The figures come in (store.overview.overview_figures); nothing is queried here. Clicking a figure
fills the list below it; double-clicking a row opens the task or the unit in the main views.
``read_only`` builds the meeting-room version: large type, no lists, Esc leaves full screen.
"""

from __future__ import annotations

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from duchaban.core.bulletin_figures import OVERVIEW_CODES
from duchaban.core.findings import INSPECTION_KINDS, INSPECTION_STATE_COLORS
from duchaban.core.overview import (
    ALERT_COLOR,
    ARRIVAL_CODES,
    ARRIVAL_COLORS,
    ARRIVAL_LABELS,
    BURDEN_WARNING,
    arrival_words,
    most_behind,
)
from duchaban.core.periods import parse_period, period_label
from duchaban.core.status import STATUS_COLORS, STATUS_LABELS
from duchaban.core.unit_names import KIND_LABELS
from duchaban.ui.dialogs.charts import TREND_LINES, trend_lines
from duchaban.ui.models.figure_list import FigureListModel
from duchaban.ui.views.table_view import ColumnTableView

TaskKey, UnitKey = "task", "unit"
BEHIND_SHOWN = 5          # units named on the card itself; the full ranking is its list


def trend_chart_width(chart, categories: list[str]) -> int:
    """The width a trend chart needs for Qt to draw every quarter's label (it hides overlapping ones)."""
    axis = chart.axes(Qt.Orientation.Vertical)[0]
    metrics = QFontMetrics(axis.labelsFont())
    value_labels = metrics.horizontalAdvance("100%") + 16
    slot = max((metrics.horizontalAdvance(c) for c in categories), default=0) + 12
    return value_labels + slot * max(len(categories), 1) + 8


def _figure_button(text: str, color: str, tooltip: str, big: bool) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    size = 20 if big else 13
    button.setStyleSheet(
        f"QPushButton {{ color: {color}; font-size: {size}pt; font-weight: bold; padding: 6px 10px;"
        f" border: 1px solid #cfd8dc; border-radius: 4px; background: #fafafa; text-align: center; }}"
        f" QPushButton:hover {{ background: #eceff1; }}")
    return button


class OverviewPage(QWidget):
    """Cards of figures; ``figure_buttons`` maps each figure's key to its button (for tests too)."""

    taskActivated = Signal(int)
    unitActivated = Signal(int)
    fullScreenRequested = Signal()

    def __init__(self, read_only: bool = False, parent=None):
        super().__init__(parent)
        self.read_only = read_only
        self.figures: dict | None = None
        self.figure_buttons: dict[tuple, QPushButton] = {}
        self.list_key: tuple | None = None
        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: {24 if read_only else 15}pt; font-weight: bold")
        self.fullscreen_button = QPushButton(self.tr("全屏展示(会议室大屏)"))
        self.fullscreen_button.setToolTip(self.tr("只读的全屏概览,按 Esc 退出"))
        self.fullscreen_button.clicked.connect(self.fullScreenRequested)
        self.fullscreen_button.setVisible(not read_only)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.fullscreen_button)
        if read_only:
            hint = QLabel(self.tr("按 Esc 退出全屏"))
            hint.setStyleSheet("color: #78909c")
            head.addWidget(hint)
        self.cards = QWidget()
        self.grid = QGridLayout(self.cards)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.list_title = QLabel()
        self.list_title.setStyleSheet("font-weight: bold")
        self.list_model = FigureListModel(self)
        self.table = ColumnTableView(self.list_model, sortable=False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda index: self._activate_row(index.row()))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.list_title)
        lower_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.cards)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        lower.setVisible(not read_only)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)

    def keyPressEvent(self, event) -> None:
        if self.read_only and event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    # --- figures -----------------------------------------------------------------

    def set_figures(self, figures: dict) -> None:
        """Show these figures (store.overview.overview_figures); the open list is refilled."""
        self.figures = figures
        self.title.setText(self.tr("督查概览(截至 {d})").format(d=figures["today"].isoformat()))
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.figure_buttons.clear()
        self.grid.addWidget(self._tasks_card(), 0, 0)
        self.grid.addWidget(self._ledger_card(), 0, 1)
        self.grid.addWidget(self._findings_card(), 0, 2)
        self.grid.addWidget(self._behind_card(), 1, 0)
        self.grid.addWidget(self._inspections_card(), 1, 1)
        self.grid.addWidget(self._trend_card(), 1, 2)
        for column in range(3):
            self.grid.setColumnStretch(column, 1)
        if not self.read_only:
            self.show_list(self.list_key or ("status", "lagging"))

    def _card(self, title: str) -> tuple[QGroupBox, QGridLayout]:
        box = QGroupBox(title)
        if self.read_only:
            box.setStyleSheet("QGroupBox { font-size: 16pt; font-weight: bold }")
        return box, QGridLayout(box)

    def _add_figure(self, layout: QGridLayout, key: tuple, label: str, count: int, color: str, tooltip: str,
                    row: int, column: int) -> None:
        button = _figure_button(f"{label}\n{count}", color, tooltip, self.read_only)
        if not self.read_only:
            button.clicked.connect(lambda _c=False, k=key: self.show_list(k))
        self.figure_buttons[key] = button
        layout.addWidget(button, row, column)

    def _tasks_card(self) -> QGroupBox:
        tasks = self.figures["tasks"]
        box, layout = self._card(self.tr("任务推进(共 {n} 项)").format(n=len(tasks)))
        for i, code in enumerate(OVERVIEW_CODES):
            count = sum(t["status"] == code for t in tasks)
            self._add_figure(layout, ("status", code), STATUS_LABELS[code], count, STATUS_COLORS[code],
                             self.tr("点击查看{s}的任务").format(s=STATUS_LABELS[code]), i // 3, i % 3)
        return box

    def _ledger_card(self) -> QGroupBox:
        period = self.figures["period"]
        if period is None:
            box, layout = self._card(self.tr("台账报送"))
            layout.addWidget(QLabel(self.tr("尚无报送周期")), 0, 0)
            return box
        label = period_label(parse_period(period["code"]))
        # The year is in the page's title: a long card title would widen the column on a small screen.
        box, layout = self._card(self.tr("台账报送({p},{d}截止)").format(p=label[5:], d=period["due_on"][5:]))
        for i, state in enumerate(ARRIVAL_CODES):
            count = sum(r["state"] == state for r in self.figures["ledgers"])
            self._add_figure(layout, ("ledger", state), ARRIVAL_LABELS[state], count, ARRIVAL_COLORS[state],
                             self.tr("点击查看{s}的单位").format(s=ARRIVAL_LABELS[state]), 0, i)
        return box

    def _findings_card(self) -> QGroupBox:
        findings = self.figures["findings"]
        box, layout = self._card(self.tr("督查问题整改"))
        overdue = sum(bool(f["overdue"]) for f in findings)
        self._add_figure(layout, ("findings", "overdue"), self.tr("整改逾期"), overdue, ALERT_COLOR,
                         self.tr("已过整改期限仍未整改到位的问题"), 0, 0)
        self._add_figure(layout, ("findings", "open"), self.tr("未销号"), len(findings), "#37474f",
                         self.tr("尚未销号的问题(不含保密的暗访检查)"), 0, 1)
        secret = self.figures.get("confidential_findings") or {"open": 0}
        self.confidential_note = None
        # The office's own window says what its figures leave out, so they add up with 问题整改跟踪;
        # the meeting-room screen does not even hint at a 暗访.
        if secret["open"] and not self.read_only:
            note = QLabel(self.tr("另有暗访(保密)问题未销号 {o} 个,其中逾期 {d} 个,只在“问题整改跟踪”中列出").format(
                o=secret["open"], d=secret["overdue"]))
            note.setWordWrap(True)
            note.setStyleSheet("color: #616161")
            self.confidential_note = note
            layout.addWidget(note, 1, 0, 1, 2)
        return box

    def _behind_card(self) -> QGroupBox:
        # Every unit behind is counted; the card names only the first few, and says so.
        ranked = most_behind(self.figures["standings"], limit=len(self.figures["standings"]))
        box, layout = self._card(self.tr("最滞后的单位"))
        self.behind_count = None
        if len(ranked) > BEHIND_SHOWN:
            # Inside the card, not in its title: a long title would widen the column on a small screen.
            self.behind_count = QLabel(
                self.tr("共 {n} 个单位滞后,以下列出前 {k} 个").format(n=len(ranked), k=BEHIND_SHOWN))
            self.behind_count.setWordWrap(True)
            self.behind_count.setStyleSheet("color: #37474f" + ("; font-size: 14pt" if self.read_only else ""))
            layout.addWidget(self.behind_count, 0, 0, 1, 2)
        for i, standing in enumerate(ranked[:BEHIND_SHOWN], start=1):
            name = QLabel(f"{i}. {standing.name}")
            name.setToolTip(standing.summary)
            why = QLabel(standing.summary)
            why.setStyleSheet(f"color: {ALERT_COLOR}")
            why.setToolTip(standing.summary)
            why.setWordWrap(True)     # a long reason takes two lines rather than widening the page
            if self.read_only:
                for widget in (name, why):
                    widget.setStyleSheet(widget.styleSheet() + "; font-size: 14pt")
            layout.addWidget(name, i, 0)
            layout.addWidget(why, i, 1)
        if not ranked:
            layout.addWidget(QLabel(self.tr("没有滞后的单位")), 1, 0)
        if not self.read_only:
            self._add_figure(layout, ("units", None), self.tr("滞后单位"), len(ranked), "#37474f",
                             self.tr("点击查看全部 {n} 个滞后单位的排名(按滞后任务、台账、问题综合排序)").format(
                                 n=len(ranked)), BEHIND_SHOWN + 1, 0)
        layout.setRowStretch(BEHIND_SHOWN + 2, 1)   # names at the top, not spread over the card
        return box

    def _inspections_card(self) -> QGroupBox:
        today = self.figures["today"]
        box, layout = self._card(self.tr("督查检查({m}月)").format(m=today.month))
        self._add_figure(layout, ("inspections", None), self.tr("本月督查"), len(self.figures["inspections"]),
                         INSPECTION_STATE_COLORS["recorded"], self.tr("本月已开展的督查(不含保密的暗访检查)"), 0, 0)
        burden = self.figures["burden"]
        heavy = sum(r["total"] >= BURDEN_WARNING for r in burden)
        self._add_figure(layout, ("burden", None), self.tr("今年受检单位"), len(burden),
                         ALERT_COLOR if heavy else "#37474f",
                         self.tr("各单位今年接受督查的次数;{w} 次及以上的 {h} 个,请避免重复督查").format(
                             w=BURDEN_WARNING, h=heavy), 0, 1)
        # The most inspected units, named: 减负 means none of them is visited again and again.
        for i, row in enumerate(burden[:BEHIND_SHOWN]):
            line = QLabel(self.tr("{u}:今年受督查 {n} 次").format(u=row["name"], n=row["total"]))
            size = "; font-size: 14pt" if self.read_only else ""
            line.setStyleSheet(("color: #c62828" if row["total"] >= BURDEN_WARNING else "color: #37474f") + size)
            layout.addWidget(line, i + 1, 0, 1, 2)
        layout.setRowStretch(BEHIND_SHOWN + 1, 1)
        return box

    def _trend_card(self) -> QGroupBox:
        box, layout = self._card(self.tr("推进趋势(按季度)"))
        trend = self.figures["trend"]
        # Short quarter names (二季度) and no legend inside the chart: on a small screen (a projector at
        # 1200×650) Qt hides category labels that would overlap and legend texts that do not fit.
        points = [(period_label(parse_period(p["code"]))[6:], p["tally"]) for p in trend]
        chart = trend_lines(points)
        chart.setTitle("")
        chart.legend().hide()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        font = QFont()
        if self.read_only:
            font.setPointSize(13)
            for axis in chart.axes():
                axis.setLabelsFont(font)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumSize(trend_chart_width(chart, [label for label, _ in points]), 140)
        # One label per line, each whole: Qt breaks Chinese anywhere (滞后逾期占|比) once a label wraps.
        legend = QWidget()
        legend_layout = QGridLayout(legend)
        legend_layout.setContentsMargins(0, 0, 0, 0)
        entries = [f'<span style="color: {color}">■</span> {self.tr(name)}' for name, color, _ in TREND_LINES]
        running = [p for p in trend if p["running"]]
        if running:
            entries.append(self.tr("{q}截至{m}月{d}日").format(
                q=period_label(parse_period(running[-1]["code"]))[6:],
                m=running[-1]["measured_on"].month, d=running[-1]["measured_on"].day))
        for n, text in enumerate(entries):
            entry = QLabel(text)
            entry.setFont(font)
            # The meeting-room screen has large type in a narrow card: two entries a line there.
            per_line = 2 if self.read_only else 3
            legend_layout.addWidget(entry, n // per_line, n % per_line)
        legend_layout.setColumnStretch(3, 1)
        self.trend_chart, self.trend_legend = chart, legend
        layout.addWidget(view, 0, 0)
        layout.addWidget(legend, 1, 0)
        layout.setRowStretch(0, 1)
        return box

    # --- the list behind a figure ----------------------------------------------------

    def show_list(self, key: tuple) -> None:
        """Fill the list below with the rows behind the figure ``key``."""
        self.list_key = key
        kind, value = key
        title, headers, rows = getattr(self, f"_{kind}_rows")(value)
        self.list_title.setText(self.tr("{t}:{n} 条(双击打开)").format(t=title, n=len(rows)))
        self.list_model.show(headers, rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def list_targets(self) -> list[tuple]:
        """What each row of the list opens: (TaskKey or UnitKey, id)."""
        return [self.list_model.target(r) for r in range(self.list_model.rowCount())]

    def _activate_row(self, row: int) -> None:
        target = self.list_model.target(row)
        if not target:
            return
        kind, key = target
        (self.taskActivated if kind == TaskKey else self.unitActivated).emit(key)

    def _status_rows(self, code: str):
        rows = [((t["number"], t["text"], t["lead"] or "", STATUS_LABELS[t["status"]]), (TaskKey, t["id"]),
                 STATUS_COLORS[t["status"]]) for t in self.figures["tasks"] if t["status"] == code]
        return (self.tr("{s}的任务").format(s=STATUS_LABELS[code]),
                (("number", self.tr("序号")), ("task", self.tr("任务")), ("lead", self.tr("牵头单位")),
                 ("status", self.tr("状态"))), rows)

    def _ledger_rows(self, state: str):
        rows = [((r["name"], KIND_LABELS[r["kind"]], r["task_count"], arrival_words(r["state"], r["sent_on"])),
                 (UnitKey, r["unit_id"]), ARRIVAL_COLORS[r["state"]])
                for r in self.figures["ledgers"] if r["state"] == state]
        return (self.tr("台账{s}的单位").format(s=ARRIVAL_LABELS[state]),
                (("unit", self.tr("单位")), ("kind", self.tr("类别")), ("tasks", self.tr("任务数")),
                 ("report", self.tr("报送情况"))), rows)

    def _findings_rows(self, which: str):
        chosen = [f for f in self.figures["findings"] if f["overdue"] or which == "open"]
        rows = [((f["unit_name"], f["description"], f["deadline_on"] or "",
                  self.tr("逾期") + "·" + f["status_label"] if f["overdue"] else f["status_label"]),
                 (UnitKey, f["unit_id"]), ALERT_COLOR if f["overdue"] else None) for f in chosen]
        title = self.tr("整改逾期的问题") if which == "overdue" else self.tr("未销号的问题")
        return title, (("unit", self.tr("单位")), ("problem", self.tr("问题")), ("deadline", self.tr("整改期限")),
                       ("status", self.tr("状态"))), rows

    def _units_rows(self, _value):
        rows = [((s.name, s.summary, s.behind_tasks, s.score), (UnitKey, s.unit_id), None)
                for s in most_behind(self.figures["standings"], limit=len(self.figures["standings"]))]
        return (self.tr("滞后单位排名"),
                (("unit", self.tr("单位")), ("standing", self.tr("情况")), ("behind", self.tr("滞后逾期任务")),
                 ("score", self.tr("综合分"))), rows)

    def _inspections_rows(self, _value):
        rows = [((i["started_on"], i["title"], i["units"] or "", i["kind_label"]), None, None)
                for i in self.figures["inspections"]]
        return self.tr("本月督查"), (("day", self.tr("日期")), ("title", self.tr("督查")), ("units", self.tr("单位")),
                                    ("kind", self.tr("方式"))), rows

    def _burden_rows(self, _value):
        rows = [((r["name"], "、".join(f"{label} {r[k]}" for k, label in INSPECTION_KINDS.items() if r[k]),
                  r["total"]), (UnitKey, r["unit_id"]), ALERT_COLOR if r["total"] >= BURDEN_WARNING else None)
                for r in self.figures["burden"]]
        return (self.tr("今年各单位受督查次数"),
                (("unit", self.tr("单位")), ("kinds", self.tr("督查方式")), ("total", self.tr("次数"))), rows)
