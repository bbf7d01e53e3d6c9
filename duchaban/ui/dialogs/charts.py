"""Charts for the leaders (QtCharts): completion by section, by lead unit, and the trend across
quarters; each can be saved as a PNG for the bulletin or a slide."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
)

from duchaban.core.bulletin_figures import OVERVIEW_CODES, Tally, by_lead_unit, by_leaf_section, overview
from duchaban.core.status import STATUS_COLORS, STATUS_LABELS

UNIT_LIMIT = 25          # lead units shown: the most behind first
LABEL_LIMIT = 18         # characters of a category label
BAR_HEIGHT = 26          # pixels per bar: below this Qt drops every other category label
CHART_FRAME = 170        # title, value axis and legend


def _short(name: str) -> str:
    return name if len(name) <= LABEL_LIMIT else name[:LABEL_LIMIT] + "…"


def bar_label(tally: Tally) -> str:
    """A bar's label: a sub-section carries its part's numeral, so 一(一) and 三(一) differ."""
    if tally.level == 2 and tally.part:
        return _short(tally.part.split("、")[0] + tally.name)
    return _short(tally.name)


def bars_height(count: int) -> int:
    """The height a chart of ``count`` bars needs for every label to show."""
    return CHART_FRAME + BAR_HEIGHT * count


def status_bars(title: str, tallies: list[Tally]) -> QChart:
    """A horizontal stacked bar per tally, one colour per status; the first tally on top."""
    chart = QChart()
    chart.setTitle(title)
    series = QHorizontalStackedBarSeries()
    ordered = list(reversed(tallies))   # Qt draws the first category at the bottom
    for code in OVERVIEW_CODES:
        bar = QBarSet(STATUS_LABELS[code])
        bar.setColor(QColor(STATUS_COLORS[code]))
        bar.append([float(t.counts[code]) for t in ordered])
        series.append(bar)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([bar_label(t) for t in ordered])
    categories.setTruncateLabels(False)
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setTitleText("任务数")
    # Legend and count axis on top: the dialog scrolls a tall chart, and what the colours and
    # lengths mean must show before any scrolling.
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignTop)
    series.attachAxis(categories)
    series.attachAxis(values)
    values.applyNiceNumbers()
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


# The trend's lines: name, colour, what each quarter's tally gives (the overview draws its own legend from these).
TREND_LINES = (("平均进度", STATUS_COLORS["on_track"], lambda t: t.mean_percent),
               ("完成率(含销号)", STATUS_COLORS["completed"], lambda t: t.done_rate),
               ("滞后逾期占比", STATUS_COLORS["lagging"],
                lambda t: round(100.0 * t.behind / t.total, 1) if t.total else 0.0))


def trend_lines(points: list[tuple[str, Tally]]) -> QChart:
    """Average progress and completion rate, quarter by quarter."""
    chart = QChart()
    chart.setTitle("推进趋势")
    categories = QBarCategoryAxis()
    categories.append([code for code, _ in points])
    categories.setTruncateLabels(False)
    values = QValueAxis()
    values.setRange(0, 100)
    values.setLabelFormat("%d%%")
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for name, color, value in TREND_LINES:
        series = QLineSeries()
        series.setName(name)
        series.setColor(QColor(color))
        series.setPointsVisible(True)
        for index, (_, tally) in enumerate(points):
            series.append(index, value(tally))
        chart.addSeries(series)
        series.attachAxis(categories)
        series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class ChartsDialog(QDialog):
    """Tabs of charts built from the tasks' statuses; the data comes in, nothing is queried here."""

    def __init__(self, *, tasks: list[dict], trend: list[tuple[str, list[dict]]], measured_on: str,
                 folder: Path, groups: set[str] = frozenset(), parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("统计图表(截至 {d})").format(d=measured_on))
        self.resize(1000, 700)
        self.folder = Path(folder)
        sections = by_leaf_section(tasks)
        units = by_lead_unit(tasks)[:UNIT_LIMIT]
        for tally in units:
            if tally.name in groups:      # a group named as lead (区政府各部门) is not a unit of its own
                tally.name += "(单位组)"
        self.charts = {
            "section": status_bars(self.tr("分领域任务推进情况"), sections),
            "unit": status_bars(self.tr("牵头单位任务推进情况(滞后较多的 {n} 个)").format(n=UNIT_LIMIT),
                                units),
            "trend": trend_lines([(code, overview(statuses)) for code, statuses in trend]),
        }
        self.tabs = QTabWidget()
        self.views: dict[str, QChartView] = {}
        self.bar_counts = {"section": len(sections), "unit": len(units)}
        for key, label in (("section", self.tr("分领域")), ("unit", self.tr("分单位")), ("trend", self.tr("趋势"))):
            view = QChartView(self.charts[key])
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.views[key] = view
            if key in self.bar_counts:
                # Tall enough for a label on every bar; scrolled when the window is shorter.
                view.setMinimumHeight(bars_height(self.bar_counts[key]))
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(view)
                self.tabs.addTab(scroll, label)
            else:
                self.tabs.addTab(view, label)
        save = QPushButton(self.tr("导出当前图表为 PNG…"))
        save.clicked.connect(self._choose_png)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(save)
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.sections_shown = [t.name for t in sections]

    def current_key(self) -> str:
        return list(self.views)[self.tabs.currentIndex()]

    def _choose_png(self) -> None:
        key = self.current_key()
        default = self.folder / f"{self.tabs.tabText(self.tabs.currentIndex())}.png"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出图表"), str(default), self.tr("PNG 图片 (*.png)"))
        if path:
            self.save_png(key, Path(path))

    def save_png(self, key: str, path: Path, width: int = 1600, height: int = 1000) -> bool:
        """Render the chart at a print-friendly size, independent of the window's size."""
        chart = self.charts[key]
        height = max(height, bars_height(self.bar_counts.get(key, 0)))
        size = chart.size()
        # The chart drawn alone at the print size: the view on screen keeps its own size.
        chart.resize(QSizeF(width, height))
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart.scene().render(painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height))
        painter.end()
        chart.resize(size)
        saved = image.save(str(path), "PNG")
        if not saved:
            QMessageBox.warning(self, self.windowTitle(), self.tr("无法保存“{f}”").format(f=path))
        return saved
