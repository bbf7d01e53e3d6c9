"""The assessment's score and detail table models, on scores from core, without a window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from duchaban.core.assessment import PARTS, Event, RuleSet, rule_set, score_units, what_if
from duchaban.ui.models.assessment_tables import LOWERED, RAISED, ScoreDetailModel, ScoreTableModel

UNITS = ["区财政局", "区教委", "竹山镇"]
EVENTS = [Event("区财政局", "ledger_missing", "2021Q2", "未报送"),
          Event("区教委", "lead_done", "任务 3", "已完成"),
          Event("区教委", "lead_done", "任务 9", "已完成")]


def _scores(proposed):
    scores = score_units(UNITS, EVENTS, proposed)
    changes = {c.unit: c for c in what_if(UNITS, EVENTS, RuleSet(), proposed)}
    model = ScoreTableModel()
    model.load(scores, changes, {"区财政局": "部门", "区教委": "部门", "竹山镇": "镇街"})
    return model


def test_scores_rank_units_and_colour_their_moves(qtmodeltester):
    model = _scores(rule_set(base=100, points={"ledger_missing": -10, "lead_done": 3}))
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "名次", "单位", "类别", "现行得分", "试算得分", "变化", *PARTS.values()]
    assert [model.text(r, "unit") for r in range(3)] == ["区教委", "竹山镇", "区财政局"]
    assert [model.text(r, "rank") for r in range(3)] == ["1", "2", "3"]
    finance = model.find("unit", "区财政局")
    assert (model.text(finance, "before"), model.text(finance, "after"), model.text(finance, "delta")) == (
        "97", "90", "-7")
    assert model.text(finance, "ledger") == "-10" and model.text(finance, "kind") == "部门"
    delta = model.column("delta")
    colors = [model.index(r, delta).data(Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert colors == [QColor(RAISED), None, QColor(LOWERED)]      # +2, unchanged, -7
    assert model.index(0, delta).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    model.sort(delta)
    assert [model.text(r, "delta") for r in range(3)] == ["-7", "0", "2"]


def test_the_detail_lists_the_base_then_each_scored_item(qtmodeltester):
    [teacher] = [s for s in score_units(UNITS, EVENTS, RuleSet()) if s.unit == "区教委"]
    model = ScoreDetailModel()
    model.show(teacher)
    qtmodeltester.check(model)
    assert [(model.text(r, "rule"), model.text(r, "ref"), model.text(r, "points")) for r in range(3)] == [
        ("基础分", "", "100"), ("牵头任务完成(含销号)", "任务 3", "2"), ("牵头任务完成(含销号)", "任务 9", "2")]
    assert sum(float(model.text(r, "points")) for r in range(3)) == teacher.total
    model.show(None)
    assert model.rowCount() == 0
