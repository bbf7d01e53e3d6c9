"""The benchmark's own parts: the scale database, the synthetic plan, the view measurements.

Timings are never asserted here (SPEC §7 is checked by `duchaban bench`); these tests check
that the bench measures the right thing.
"""

import json
import subprocess
import sys

import pytest

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

pytestmark = pytest.mark.slow


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


def test_plan_parse_measurements_have_floors_medians_and_spreads():
    results = measure_plan_parse(runs=3)
    assert [m.name for m in results] == ["plan_parse", "plan_parse_10x"]
    for m in results:
        assert m.met is not None and m.runs == 3
        assert m.floor_spread[0] <= m.floor <= m.floor_spread[1]
        assert m.value_spread[0] <= m.value <= m.value_spread[1]
    parse, scaled = results
    # The 10x floor is ten times a one-copy parse: far more than splitting the sample's lines.
    assert scaled.floor > 10 * parse.floor


def test_view_measurements_run_in_their_own_process(tmp_path):
    path = tmp_path / "scale.sqlite"
    build_scale_database(path, tasks=200, units=30, progress_entries=3000, inspections=20)
    results = measure_views_at_scale(path)
    assert [m.name for m in results] == [
        "tree_open_scale", "tree_filter_scale", "fts_search_scale", "short_search_scale", "memory_peak_mb"]
    timed = results[:4]
    assert all(isinstance(m, Measurement) and m.runs == 9 and m.target == "value < 0.050 s" for m in timed)
    assert all(m.value_spread[0] <= m.value <= m.value_spread[1] for m in timed)
    memory = results[4]
    assert memory.value >= memory.floor > 10     # MB: resident memory can only grow, and Python alone is more


def test_json_shape(tmp_path):
    m = Measurement("x", 0.5, 1.0, "ratio <= 3", True, "", (0.4, 0.6), (0.9, 1.2), 5)
    assert m.to_json() == {"floor": 0.5, "value": 1.0, "ratio": 2.0, "target": "ratio <= 3", "met": True, "note": "",
                           "runs": 5, "spread": {"floor": [0.4, 0.6], "value": [0.9, 1.2]}}
    again = Measurement.from_json("x", json.loads(json.dumps(m.to_json())))
    assert again == m


def test_interleaved_runs_every_step_each_round_in_turn():
    from duchaban.bench.timing import interleaved, measurement

    order = []
    samples = interleaved({"floor": lambda: order.append("f") or 1.0, "value": lambda: order.append("v") or 3.0},
                          runs=3)
    assert order == ["f", "v"] * 3
    m = measurement("m", samples["floor"], samples["value"], target="ratio <= 2", met=lambda v, f: v <= 2 * f,
                    note="")
    assert (m.ratio, m.met, m.runs) == (3.0, False, 3)


def test_bench_help():
    result = subprocess.run([sys.executable, "-m", "duchaban", "bench", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "--json" in result.stdout


def test_bulletin_measurement_issues_a_real_bulletin(sample_db_path, tmp_path):
    result = measure_bulletin(sample_db_path, tmp_path, runs=1)
    assert result.name == "bulletin_quarter" and result.met is not None
    assert result.value > result.floor > 0      # a whole bulletin takes longer than two empty documents
    assert (tmp_path / "bulletin" / "通报.docx").exists() and (tmp_path / "bulletin" / "通报-附件.xlsx").exists()


def test_startup_measurements_time_the_real_program(sample_db_path, tmp_path):
    from duchaban.bench.measure import measure_startup

    results = measure_startup(sample_db_path, tmp_path, runs=1)
    assert [m.name for m in results] == ["startup", "startup_ready", "startup_bare_window"]
    startup, ready, bare = results
    assert startup.met is not None and ready.met is not None and bare.met is None
    # One floor (the same-widgets window) for both SPEC targets; the bare window reported beside.
    assert startup.floor == ready.floor > 0 and bare.floor > 0
    assert bare.value == startup.value > 0 and ready.value > 0
    assert (tmp_path / "config").is_dir()     # the program's settings stayed in the bench's folder


def test_submission_import_floor_inserts_the_same_entries(sample_db_path, tmp_path):
    from duchaban.bench.measure import measure_submission_import

    result = measure_submission_import(sample_db_path, tmp_path, count=2, runs=1)
    assert result.name == "submission_import_2" and result.target == "ratio <= 1.5" and result.met is not None
    entries = int(result.note.split("inserting the same ")[1].split(" entries")[0])
    assert entries > 0 and result.floor > 0 and result.value > 0


def test_template_export_floor_writes_the_same_cells(sample_db_path, tmp_path):
    from openpyxl import load_workbook

    from duchaban.bench.measure import measure_template_export

    result = measure_template_export(sample_db_path, tmp_path, runs=1, units=2)
    assert result.name == "templates_export_2" and result.met is not None

    def cells(folder):
        return sorted(repr([(s.title, list(s.iter_rows(values_only=True))) for s in load_workbook(path)])
                      for path in (tmp_path / "templates" / folder).glob("*.xlsx"))

    made, floor = cells("first"), cells("bare")
    assert len(made) == 2 and made == floor


def test_hub_measurements_sync_a_days_work_and_clone(sample_db_path, tmp_path):
    from duchaban.bench.measure import measure_hub
    from duchaban.bench.pg_cluster import postgres_bin

    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed")
    results = measure_hub(sample_db_path, tmp_path, changes=5, runs=1)
    assert [m.name for m in results] == ["hub_sync_5", "hub_clone"]
    assert all(m.met is None and m.target == "none in SPEC (reported)" for m in results)
    # Syncing does more than inserting the same rows; cloning more than copying a file.
    assert all(m.value > m.floor > 0 for m in results)


def test_a_childs_peak_memory_is_its_own_not_its_parents():
    # Linux carries ru_maxrss across exec: the scale views' child would report the bench's own peak
    # (building the scale database) as its memory.
    import subprocess
    import sys

    held = bytearray(200 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])      # touched, so resident
    out = subprocess.run([sys.executable, "-c", "from duchaban.bench.measure import peak_rss_mb; print(peak_rss_mb())"],
                         capture_output=True, text=True, check=True).stdout
    del held
    assert float(out) < 150


def test_the_scale_database_is_built_apart_from_the_bench(tmp_path):
    # Built in the bench's own process, its objects slowed the measurements after it.
    from duchaban.bench.measure import build_scale_database_apart
    from duchaban.store.database import opened_database

    path = tmp_path / "scale.sqlite"
    build_scale_database_apart(path)
    with opened_database(path) as db:
        assert db.execute("SELECT count(*) FROM task").fetchone()[0] == 2000
