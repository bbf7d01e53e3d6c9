"""Every period chooser shows periods in words, in time order, and still takes typed codes."""

import re

import pytest

from duchaban.ui.operations import ledgers, reports
from duchaban.ui.period_combo import PeriodCombo

RAW_CODE = re.compile(r"^\d{4}(?:-\d{2}|[QH]\d)?$")


def _items(combo):
    return [combo.itemText(i) for i in range(combo.count())]


def test_periods_in_words_in_time_order_first_given_selected(qtbot):
    combo = PeriodCombo(["2021Q2", "2021-07", "2021-06", "2021H2", "2021", "2021Q1", "2021Q2"])
    qtbot.addWidget(combo)
    assert _items(combo) == ["2021年第一季度", "2021年6月", "2021年第二季度", "2021年7月", "2021年下半年", "2021年度"]
    assert combo.currentText() == "2021年第二季度" and combo.period().code == "2021Q2"


def test_a_choice_that_is_not_a_period_stays_on_top(qtbot):
    combo = PeriodCombo(["(按文件中的周期)", "2021Q3", "2021-09"])
    qtbot.addWidget(combo)
    assert _items(combo) == ["(按文件中的周期)", "2021年9月", "2021年第三季度"]
    assert combo.currentText() == "(按文件中的周期)" and combo.period() is None


@pytest.mark.parametrize("typed, code", [("2021年一季度", "2021Q1"), ("2021Q4", "2021Q4"), ("2021年3月", "2021-03"),
                                         ("2021年上半年", "2021H1"), ("2021-11", "2021-11")])
def test_typed_words_or_codes(qtbot, typed, code):
    combo = PeriodCombo(["2021Q2"])
    qtbot.addWidget(combo)
    combo.setEditText(typed)
    assert combo.period().code == code


def test_the_windows_period_choosers_show_no_codes(window):
    from duchaban.ui.dialogs.ledger_export import LedgerExportDialog

    dialog = LedgerExportDialog(ledgers.period_codes(window.context()), window.db_path.parent, parent=window)
    items = _items(dialog.period_combo)
    assert len(items) >= 4 and all("年" in item for item in items)
    assert not [item for item in items if RAW_CODE.match(item)]
    dialog.close()


def test_the_trend_chart_names_quarters_in_words(window, qtbot):
    from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis

    dialog = reports.charts_dialog(window.context())
    qtbot.addWidget(dialog)
    labels = []
    for axis in dialog.charts["trend"].axes():
        if isinstance(axis, (QBarCategoryAxis, QCategoryAxis)):
            labels += list(axis.categories() if isinstance(axis, QBarCategoryAxis) else axis.categoriesLabels())
    assert labels[:2] == ["2021年第一季度", "2021年第二季度"]
    assert labels[2] == "2021年第三季度<br>(截至7月15日)"      # the running quarter, on two lines
