"""The findings (问题整改) table model on the demo database, without a window."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.core.overview import ALERT_COLOR
from duchaban.core.status import OVERDUE, STATUS_COLORS
from duchaban.store.inspections import list_findings
from duchaban.ui.models.finding_table import FindingTableModel

AS_OF = date(2021, 7, 15)


def test_findings_read_with_their_demand_and_overdue_in_red(qtmodeltester, sample_db):
    model = FindingTableModel()
    model.set_rows(list_findings(sample_db, today=AS_OF))
    qtmodeltester.check(model)
    assert ALERT_COLOR == STATUS_COLORS[OVERDUE]      # an overdue finding reads like an overdue task
    assert model.rowCount() == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "督查日期", "方式", "单位", "任务", "问题", "整改期限", "状态", "佐证"]
    status = model.column("status")
    overdue = [r for r in range(6) if model.text(r, "status").endswith("(逾期)")]
    assert [model.text(r, "unit") for r in overdue] == ["竹山镇", "工业园区管委会", "区城市管理局"]
    for r in range(6):
        color = model.index(r, status).data(Qt.ItemDataRole.ForegroundRole)
        assert color == (QColor(ALERT_COLOR) if r in overdue else None)
        # Whatever cell the pointer rests on, the demand made of the unit.
        demand = model.row(r)["demand"]
        assert {model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(8)} == {demand or None}
    closed = next(r for r in range(6) if model.row(r)["status"] == "closed")
    assert model.text(closed, "status") == "已销号" and model.text(closed, "evidence") == "1"


def test_sorting_by_deadline_puts_the_earliest_first(sample_db):
    model = FindingTableModel()
    model.set_rows(list_findings(sample_db, today=AS_OF))
    model.sort(model.column("deadline"))
    deadlines = [model.text(r, "deadline") for r in range(model.rowCount())]
    assert deadlines == sorted(deadlines)
    # A reload keeps the order the user chose.
    model.set_rows(list(reversed(list_findings(sample_db, today=AS_OF))))
    assert [model.text(r, "deadline") for r in range(model.rowCount())] == deadlines
