"""The legend of the status colours in the status bar, with the rule behind each colour."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from duchaban.core.status import SCHEDULE_RULE, STATUS_CODES, STATUS_COLORS, STATUS_LABELS, STATUS_RULES

GUIDE_LINK = "guide:status.html"


def _dot(color: str) -> str:
    return f"<span style='color:{color}; font-size:large'>●</span>"


class StatusRulesPopup(QFrame):
    """Each colour, its status and the rule, and what 序时进度 means; a link to the guide's page."""

    guideRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        rows = "".join(f"<tr><td>{_dot(STATUS_COLORS[c])}</td><td><b>{escape(STATUS_LABELS[c])}</b></td>"
                       f"<td>{escape(STATUS_RULES[c])}</td></tr>" for c in STATUS_CODES)
        self.text = QLabel(
            self.tr("<b>任务状态的判定规则</b>(状态由软件按规则判定,不能手工填写)")
            + f"<table cellspacing='0' cellpadding='4'>{rows}</table>"
            + f"<p>{escape(SCHEDULE_RULE)}</p>"
            + self.tr("<p><a href='{link}'>在用户指南中查看详细说明</a></p>").format(link=GUIDE_LINK))
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(560)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.linkActivated.connect(lambda _link: (self.close(), self.guideRequested.emit()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)


class StatusLegend(QWidget):
    """A coloured dot and the name of each status (the rule as a tooltip), and a 判定规则 button
    that opens the rules popup."""

    guideRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.chips: dict[str, QLabel] = {}
        for code in STATUS_CODES:
            chip = QLabel(f"{_dot(STATUS_COLORS[code])}{escape(STATUS_LABELS[code])}")
            chip.setToolTip(STATUS_RULES[code])
            layout.addWidget(chip)
            self.chips[code] = chip
        self.rules_button = QToolButton()
        self.rules_button.setText(self.tr("判定规则"))
        self.rules_button.setToolTip(self.tr("各颜色代表的任务状态及其判定规则"))
        self.rules_button.setAutoRaise(True)
        self.rules_button.clicked.connect(self.show_rules)
        layout.addWidget(self.rules_button)
        self.popup: StatusRulesPopup | None = None

    def show_rules(self) -> StatusRulesPopup:
        self.popup = StatusRulesPopup(self)
        self.popup.guideRequested.connect(self.guideRequested)
        self.popup.adjustSize()
        # Below the button, right-aligned to it, inside the screen.
        corner = self.rules_button.mapToGlobal(QPoint(self.rules_button.width(), self.rules_button.height()))
        position = corner - QPoint(self.popup.width(), 0)
        screen = self.screen().availableGeometry()
        position.setX(max(screen.left(), min(position.x(), screen.right() - self.popup.width())))
        position.setY(max(screen.top(), min(position.y(), screen.bottom() - self.popup.height())))
        self.popup.move(position)
        self.popup.show()
        return self.popup
