"""The inspection list and the burden (督查频次) table models on the demo database, without a window."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.core.findings import INSPECTION_KINDS, INSPECTION_STATE_COLORS
from duchaban.core.overview import ALERT_COLOR, BURDEN_WARNING
from duchaban.store.inspections import inspection_burden, list_inspections
from duchaban.ui.models.inspection_burden_table import InspectionBurdenModel
from duchaban.ui.models.inspection_table import InspectionTableModel


def test_inspections_read_with_state_in_its_colour(qtmodeltester, sample_db):
    model = InspectionTableModel()
    model.set_rows(list_inspections(sample_db, plan_id=1, include_confidential=True))
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "日期", "方式", "标题", "被督查单位", "状态", "问题数"]
    secret = model.find("title", "城市管理暗访检查")
    assert model.text(secret, "kind") == "暗访检查(保密)"
    planned = model.find("title", "三季度定期督查(计划)")
    assert model.text(planned, "state") == "计划" and model.text(planned, "day") == "2021-09-15"
    state = model.column("state")
    for r in range(model.rowCount()):
        assert model.index(r, state).data(Qt.ItemDataRole.ForegroundRole) == QColor(
            INSPECTION_STATE_COLORS[model.row(r)["state"]])
    recorded = model.find("title", "二季度重点项目定期督查")
    assert model.text(recorded, "day") == "2021-06-17" and model.text(recorded, "state") == "已开展"
    model.sort(model.column("findings"), Qt.SortOrder.DescendingOrder)
    counts = [int(model.text(r, "findings")) for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_burden_has_a_column_per_kind_and_flags_the_heavy(qtmodeltester, sample_db):
    model = InspectionBurdenModel()
    rows = inspection_burden(sample_db, starts_on=date(2021, 4, 1), ends_on=date(2021, 6, 30),
                             include_confidential=True)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "单位", "合计", *INSPECTION_KINDS.values()]
    assert model.rowCount() == 7 and model.text(model.find("unit", "区发展改革委"), "total") == "1"
    assert model.heavy_count() == 0
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    # A unit inspected BURDEN_WARNING times reads in the alert colour, every cell of its row.
    model.set_rows([{**rows[0], "total": BURDEN_WARNING}, *rows[1:]])
    assert model.heavy_count() == 1
    assert all(model.index(0, c).data(Qt.ItemDataRole.ForegroundRole) == QColor(ALERT_COLOR)
               for c in range(model.columnCount()))
