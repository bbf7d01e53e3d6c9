"""The period chooser of every dialog: periods in words, in time order, codes still typed in."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from duchaban.core.periods import parse_period, period_text, sorted_periods


class PeriodCombo(QComboBox):
    """An editable list of periods shown in words (2021年第二季度), in time order; the first
    entry given is the one selected. Entries that are not periods (选项 such as "按文件中的周期")
    stay at the top. ``period()`` gives the parsed Period of what is shown or typed (words or a
    code such as 2021Q2), or None."""

    def __init__(self, codes: list[str], parent=None):
        super().__init__(parent)
        self.setEditable(True)
        unique = list(dict.fromkeys(codes))
        others = [c for c in unique if not _is_period(c)]
        for code in others + sorted_periods(c for c in unique if c not in others):
            self.addItem(period_text(code), code)
        if codes:
            self.setCurrentIndex(self.findData(codes[0]))
        self.setToolTip(self.tr("如 2021年第二季度、2021年3月、2021年上半年、2021年度;"
                                "也可写 2021Q2、2021-03、2021H1、2021"))

    def period(self):
        try:
            return parse_period(self.currentText())
        except ValueError:
            return None


def _is_period(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return False
    return True
