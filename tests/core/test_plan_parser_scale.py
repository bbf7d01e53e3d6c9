"""The parser's work grows linearly with the text, whatever its shape (no timed thresholds: two sizes
are compared, loosely enough for a busy machine, tightly enough to catch quadratic growth)."""

import time

import pytest

from duchaban.core.plan_parser import parse_plan_text


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse_plan_text(text)
        best = min(best, time.perf_counter() - start)
    return best


SHAPES = {
    # One task followed by lines that all join its text (was quadratic: the text grew by +=).
    "long_task_text": lambda n: "2021年方案\n一、甲\n1.任务\n" + "这是一行没有标签的长长的文字内容\n" * n,
    # Label lines that keep adding units to one task.
    "many_label_lines": lambda n: "2021年方案\n一、甲\n1.任务\n" + "责任单位:区科技局\n" * n,
    "open_label_list": lambda n: "2021年方案\n一、甲\n1.任务\n责任单位:区科技局、\n" + "区交通局、\n" * n,
    # Many tasks, each over several lines (numbers stay below 10000, the most a task number has).
    "many_tasks": lambda n: "2021年方案\n一、甲\n" + "".join(
        f"{i + 1}.建设一个项目,\n" + "达到百分之十,\n" * 8 + "责任单位:区科技局\n" for i in range(n // 10)),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_parse_time_grows_linearly(shape):
    small, large = SHAPES[shape](10_000), SHAPES[shape](80_000)  # about 0.3 MB and 2 MB
    ratio = _best_time(large) / _best_time(small)
    # 8 times the text: linear work gives about 8, quadratic about 64.
    assert ratio < 20, f"{shape}: 8× the text took {ratio:.1f}× the time"
