"""The 报送情况 table model on the demo database, without a window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.core.overview import ARRIVAL_COLORS, LATE, MISSING, ON_TIME
from duchaban.store.ledgers import ensure_period, submission_status
from duchaban.ui.models.submission_status_table import SubmissionStatusModel


def _model(db):
    plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
    period = ensure_period(db, "2021Q2")
    model = SubmissionStatusModel()
    model.load(submission_status(db, plan_id=plan_id, period_id=period["id"]), period["due_on"])
    return model


def test_every_unit_a_row_with_how_its_ledger_came(qtmodeltester, sample_db):
    model = _model(sample_db)
    qtmodeltester.check(model)
    assert model.rowCount() == 75
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "单位", "类别", "任务数", "报送情况", "文件"]
    row = model.find("unit", "区交通局")
    assert model.text(row, "report") == "逾期报送 2021-07-09"
    assert model.text(row, "kind") == "部门"
    assert int(model.text(row, "tasks")) > 0 and model.text(row, "file").endswith(".xlsx")
    report = model.column("report")
    colors = {model.row(r)["arrival"]: model.index(r, report).data(Qt.ItemDataRole.ForegroundRole)
              for r in range(model.rowCount())}
    assert colors == {state: QColor(ARRIVAL_COLORS[state]) for state in (ON_TIME, LATE, MISSING)}
    missing = [r for r in range(model.rowCount()) if model.row(r)["arrival"] == MISSING]
    assert len(missing) == 3
    assert all(model.text(r, "report") == "未报送" and model.text(r, "file") == "" for r in missing)


def test_sorting_by_report_brings_the_late_together(sample_db):
    model = _model(sample_db)
    model.sort(model.column("report"))
    states = [model.row(r)["arrival"] for r in range(model.rowCount())]
    assert states == sorted(states) and states.count(LATE) == 4
    late = [model.text(r, "report") for r in range(model.rowCount()) if model.row(r)["arrival"] == LATE]
    assert late == sorted(late)     # and by day within
