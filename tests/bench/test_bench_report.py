"""What `duchaban bench` prints: the measurements' JSON by name, and a table in Chinese."""

import json

from duchaban.bench.report import BenchReport
from duchaban.bench.timing import Measurement


def report() -> BenchReport:
    return BenchReport((
        Measurement("tree_open_scale", 0.01, 0.04, "value < 0.05 s", True, "", (0.009, 0.011), (0.03, 0.05), 5),
        Measurement("templates_export_75", 1.0, 2.5, "ratio <= 2 and value < 3 s", False, "", None, None, 3),
        Measurement("plan_parse_10x", None, None, "ratio <= 1.5", None, "没有 LibreOffice,未测"),
    ))


def test_the_json_is_each_measurement_by_name():
    shown = json.loads(json.dumps(report().to_json()))
    assert list(shown) == ["tree_open_scale", "templates_export_75", "plan_parse_10x"]
    assert set(shown["tree_open_scale"]) == {"floor", "value", "ratio", "target", "met", "note", "runs", "spread"}
    assert shown["tree_open_scale"]["spread"] == {"floor": [0.009, 0.011], "value": [0.03, 0.05]}
    assert shown["templates_export_75"]["ratio"] == 2.5 and shown["templates_export_75"]["met"] is False
    assert Measurement.from_json("tree_open_scale", shown["tree_open_scale"]) == report().measurements[0]


def test_the_table_says_in_chinese_whether_each_target_was_met():
    lines = report().to_text().splitlines()
    assert lines[0].startswith("测量项目") and "是否达到" in lines[0]
    assert lines[1].startswith("tree_open_scale") and lines[1].endswith("value < 0.05 s:达到")
    assert "0.0300–0.0500s" in lines[1]
    assert lines[2].endswith("ratio <= 2 and value < 3 s:未达到") and " 2.50 " in lines[2]
    assert lines[3].startswith("plan_parse_10x") and lines[3].endswith("没有 LibreOffice,未测")
    assert lines[4].startswith("(交替运行的中位数")
