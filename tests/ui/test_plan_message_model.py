"""The plan preview's messages model on the sample notice, without a window."""

from PySide6.QtCore import Qt

from duchaban.core.plan import LineMessage
from duchaban.ui.models.plan_message_table import PlanMessageModel

LINES = ["2021年区政府工作报告目标任务分解方案", "", "  1. 推进数字政府建设。  ", "责任单位:区大数据局"]


def test_each_message_stands_beside_the_line_it_is_about(qtmodeltester):
    model = PlanMessageModel()
    model.load([LineMessage(0, "错误:无法从文件中确定方案年度,请指定年度"), LineMessage(3, "注意:任务没有完成时限"),
                LineMessage(99, "注意:超出文件的行号")], LINES)
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["行号", "原文", "说明"]
    assert [(model.text(r, "line"), model.text(r, "source")) for r in range(3)] == [
        ("", ""), ("3", "1. 推进数字政府建设。"), ("99", "")]
    tip = model.index(1, model.column("message")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "注意:任务没有完成时限"      # the whole text, when the column cuts it short
    model.sort(model.column("line"), Qt.SortOrder.DescendingOrder)
    assert [model.text(r, "line") for r in range(3)] == ["", "99", "3"]    # numbers by size; the whole-file note apart
