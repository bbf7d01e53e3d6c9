"""Property tests: any notice text and any filled-in ledger either imports or is refused with a
message — never a traceback, never a partial write."""

import sqlite3

import pytest
from helpers import logical_dump
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ledger_files import KEY, PERCENT, PROGRESS, STATUS
from openpyxl import load_workbook

from duchaban.core.errors import DuchabanError
from duchaban.core.plan_parser import parse_plan_text
from duchaban.formats.ledger_import import import_submissions
from duchaban.formats.ledger_template import FIRST_DATA_ROW, LEDGER_SHEET, export_templates
from duchaban.formats.plan_source import read_plan_bytes
from duchaban.services.plan_import import commit_plan_import, preview_plan
from duchaban.store.check import check_database
from duchaban.store.database import MEMORY, open_database
from duchaban.store.units import unit_id_by_name

pytestmark = pytest.mark.slow

PLAN_LINES = st.sampled_from([
    "一、总体目标", "二、重点工作", "(一)产业发展", "（二）城市建设", "1.建成园区。", "2、培育企业20家以上。",
    "１．完成投资8%。", "3.", "责任单位:区科技局;配合单位:各乡镇(街道)。", "责任单位:区经信委、区财政局",
    "牵头单位:区教委", "配合单位:", "完成时限:2021年9月底", "完成时限:长期坚持", "回到顶部", "— 2 —",
    "2021年目标任务分解方案", "某府办发〔2021〕3号", "(此件公开发布)", "", "责任单位:区政府各部门、各乡镇(街道)",
    "1.重复的编号。", "4.跳过的编号。", "5.8亿元", "责任单位:(", "责任单位:区城管理局",
])
NOTICE = st.lists(st.one_of(PLAN_LINES, st.text(max_size=30)), max_size=40).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTICE)
@example("0.:")                 # found by this test: a task numbered 0
def test_any_notice_text_parses_or_is_refused(text):
    try:
        plan = parse_plan_text(text)
    except DuchabanError:
        return
    assert all(t.number > 0 for t in plan.tasks)
    assert all(w.line >= 0 for w in plan.warnings + plan.errors)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTICE.map(lambda t: t.encode("utf-8")) | st.binary(max_size=400))
def test_any_notice_file_imports_whole_or_changes_nothing(data):
    db = open_database(MEMORY)
    try:
        before = logical_dump(db)
        try:
            source = read_plan_bytes(data, "fuzz.txt")
            parsed = parse_plan_text("\n".join(source.lines))
            preview = preview_plan(db, source, parsed, year=parsed.year or 2021)
            commit_plan_import(db, preview, who="fuzz")
        except DuchabanError as exc:
            assert str(exc)
            assert logical_dump(db) == before
            return
        assert check_database(db).ok
        assert db.execute("SELECT count(*) FROM task").fetchone()[0] == len(parsed.tasks)
    finally:
        db.close()


# What a person can type into a cell: no control characters (Excel and openpyxl refuse them).
TYPED = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
CELL = st.one_of(
    st.none(), st.integers(-50, 250), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["同上", "已完成", "推进中", "受阻", "80%", "８０％", "=1+1", "@x", "大部分", "", " "]),
    TYPED,
)


@pytest.fixture(scope="module")
def fuzz_setup(_demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    db = open_database(_demo_template)
    [template] = export_templates(db, plan_id=1, period_code="2021Q3", out_dir=folder,
                                  unit_ids=[unit_id_by_name(db, "区科技局")])
    db.close()
    return folder, template


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(0, 40), st.sampled_from([PROGRESS, STATUS, PERCENT, KEY]), CELL),
                      max_size=30))
def test_any_filled_ledger_imports_or_is_refused(_demo_template, fuzz_setup, cells):
    folder, template = fuzz_setup
    book = load_workbook(template)
    sheet = book[LEDGER_SHEET]
    for row, column, value in cells:
        sheet.cell(FIRST_DATA_ROW + row, column).value = value
    path = folder / "filled.xlsx"
    book.save(path)
    db = open_database(MEMORY)
    source = sqlite3.connect(_demo_template)
    source.backup(db.conn)
    source.close()
    try:
        before = logical_dump(db)
        result = import_submissions(db, [path], who="fuzz")
        [verdict] = result.verdicts
        if not verdict.importable:
            assert verdict.messages and logical_dump(db) == before
        assert check_database(db).ok
    finally:
        db.close()
