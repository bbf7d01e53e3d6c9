"""The benchmark's own parts: the scale database, the synthetic plan, the view measurements.

Timings are never asserted here (SPEC §7 is checked by `duchaban bench`); these tests check
that the bench measures the right thing.
"""

import json
import subprocess
import sys

from duchaban.assets import SAMPLE_PLAN, resource_path
from duchaban.bench.measure import (
    Measurement,
    measure_bulletin,
    measure_plan_parse,
    measure_views_at_scale,
    synthetic_plan,
)
from duchaban.bench.scale_db import build_scale_database
from duchaban.core.plan_parser import parse_plan_text
from duchaban.store.check import check_database
from duchaban.store.database import open_database


def test_small_scale_database_is_sound(tmp_path):
    path = tmp_path / "scale.sqlite"
    counts = build_scale_database(path, tasks=120, units=30, progress_entries=2000, inspections=50)
    assert counts == {"tasks": 120, "units": 30, "progress_entries": 2000, "inspections": 50}
    db = open_database(path)
    report = check_database(db)
    assert report.ok, report.problems
    assert report.counts["progress_entry"] == 2000
    assert db.execute("SELECT count(*) FROM task_progress").fetchone()[0] == 120
    db.close()


def test_synthetic_plan_is_ten_copies_with_continuous_numbers():
    text = resource_path(SAMPLE_PLAN).read_text(encoding="utf-8")
    plan = parse_plan_text(synthetic_plan(text, 10))
    assert [t.number for t in plan.tasks] == list(range(1, 1561))
    assert plan.errors == [] and plan.warnings == []


def test_plan_parse_measurements_have_floors():
    results = measure_plan_parse()
    assert [m.name for m in results] == ["plan_parse", "plan_parse_10x"]
    assert all(m.floor > 0 and m.value > 0 and m.met is not None for m in results)


def test_view_measurements_run_in_their_own_process(tmp_path):
    path = tmp_path / "scale.sqlite"
    build_scale_database(path, tasks=200, units=30, progress_entries=3000, inspections=20)
    results = measure_views_at_scale(path)
    assert [m.name for m in results] == [
        "tree_open_scale", "tree_filter_scale", "fts_search_scale", "short_search_scale", "memory_peak_mb"]
    assert all(isinstance(m, Measurement) and m.value > 0 for m in results)


def test_json_shape(tmp_path):
    m = Measurement("x", 0.5, 1.0, "ratio <= 3", True)
    assert m.to_json() == {"floor": 0.5, "value": 1.0, "ratio": 2.0, "target": "ratio <= 3", "met": True, "note": ""}
    assert json.loads(json.dumps(m.to_json()))["ratio"] == 2.0


def test_bench_help():
    result = subprocess.run([sys.executable, "-m", "duchaban", "bench", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--json" in result.stdout


def test_bulletin_measurement_issues_a_real_bulletin(sample_db_path, tmp_path):
    result = measure_bulletin(sample_db_path, tmp_path)
    assert result.name == "bulletin_quarter" and result.floor > 0 and result.value > 0 and result.met is not None
    assert (tmp_path / "bulletin" / "通报.docx").exists() and (tmp_path / "bulletin" / "通报-附件.xlsx").exists()


def test_startup_measurements_time_the_real_program(sample_db_path, tmp_path):
    from duchaban.bench.measure import measure_startup

    results = measure_startup(sample_db_path, tmp_path, runs=1)
    assert [m.name for m in results] == ["startup", "startup_ready", "startup_vs_same_widgets"]
    startup, ready, same = results
    assert startup.met is not None and ready.met is None and same.met is None
    assert startup.floor == ready.floor > 0 and same.floor > 0
    # The window showing the plan comes after its first paint, in the same kind of process.
    assert ready.value > 0 and startup.value > 0 and same.value == startup.value
    assert (tmp_path / "config").is_dir()     # the program's settings stayed in the bench's folder
