"""Property test (issue 12): a filled template mutated the way clerks do it (sorting some columns,
swapping cells, deleting rows, retyping numbers). Either every answer the import would store is
what the clerk wrote on the row of that task (its visible 序号 and task text), or the file is not
plainly accepted."""

import sqlite3

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ledger_files import KEY, PERCENT, PROGRESS, STATUS, fill
from openpyxl import load_workbook

from duchaban.formats.ledger_import import ACCEPTED, import_submissions
from duchaban.formats.ledger_template import FIRST_DATA_ROW, LEDGER_SHEET, export_templates
from duchaban.store.database import MEMORY, open_database
from duchaban.store.units import unit_id_by_name

pytestmark = pytest.mark.slow

UNIT = "双桂新城管委会"  # 7 tasks: quick to write and read many times
ROWS = 7


@pytest.fixture(scope="module")
def filled(_demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutations")
    db = open_database(MEMORY)
    source = sqlite3.connect(_demo_template)
    source.backup(db.conn)
    source.close()
    [template] = export_templates(db, plan_id=1, period_code="2021Q2", out_dir=folder,
                                  unit_ids=[unit_id_by_name(db, UNIT)])

    def distinct(sheet):  # each task its own answer, so a misplaced one shows
        for i in range(ROWS):
            sheet.cell(FIRST_DATA_ROW + i, PERCENT, 11 + 7 * i)
            sheet.cell(FIRST_DATA_ROW + i, PROGRESS, f"第{i}行的进展")

    path = fill(template, folder / "base.xlsx", edit=distinct)
    yield db, folder, path
    db.close()


# A cell as the clerk leaves it: (value, number format, the share the clerk meant or None).
RETYPES = st.sampled_from(["same", "percent_format", "percent_text", "fraction_plain", "fraction_text", "slash"])
MUTATION = st.one_of(
    st.tuples(st.just("sort"), st.lists(st.integers(1, KEY), min_size=1, max_size=KEY, unique=True),
              st.permutations(range(ROWS))),
    st.tuples(st.just("swap"), st.integers(1, KEY), st.integers(0, ROWS - 1), st.integers(0, ROWS - 1)),
    st.tuples(st.just("delete"), st.integers(0, ROWS - 1)),
    st.tuples(st.just("retype"), st.integers(0, ROWS - 1), RETYPES),
)


def retyped(kind: str, share: float):
    return {"same": (share, "General", share), "percent_format": (share / 100, "0%", share),
            "percent_text": (f"{share:g}%", "General", share), "fraction_plain": (share / 100, "General", share),
            "fraction_text": (f"{share / 100:g}", "@", share), "slash": ("1/3", "@", None)}[kind]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_ledger_answers_stay_on_their_task_or_the_file_is_not_plainly_accepted(filled, mutations):
    db, folder, base = filled
    book = load_workbook(base)
    sheet = book[LEDGER_SHEET]
    # The sheet as a grid of cells, each keeping what the clerk meant by it.
    grid = [{c: (sheet.cell(FIRST_DATA_ROW + r, c).value, "General",
                 sheet.cell(FIRST_DATA_ROW + r, c).value if c == PERCENT else None) for c in range(1, KEY + 1)}
            for r in range(ROWS)]
    for mutation in mutations:
        kind = mutation[0]
        if kind == "sort":
            _, columns, order = mutation
            order = [i for i in order if i < len(grid)]
            moved = [{c: grid[i][c] for c in columns} for i in order]
            for row, cells in zip(grid, moved):
                row.update(cells)
        elif kind == "swap":
            _, column, a, b = mutation
            if a < len(grid) and b < len(grid):
                grid[a][column], grid[b][column] = grid[b][column], grid[a][column]
        elif kind == "delete" and mutation[1] < len(grid):
            del grid[mutation[1]]
        elif kind == "retype" and mutation[1] < len(grid):
            _, row, how = mutation
            value, _, meant = grid[row][PERCENT]
            if isinstance(value, (int, float)) and meant is not None:
                grid[row][PERCENT] = retyped(how, meant)
    sheet.delete_rows(FIRST_DATA_ROW, ROWS)
    for r, row in enumerate(grid):
        for c, (value, number_format, _) in row.items():
            cell = sheet.cell(FIRST_DATA_ROW + r, c, value)
            cell.number_format = number_format
    path = folder / "mutated.xlsx"
    book.save(path)

    result = import_submissions(db, [path], dry_run=True)
    [verdict] = result.verdicts
    event(verdict.status)
    if verdict.status != ACCEPTED:
        assert verdict.messages
        return
    # Plainly accepted: every stored answer is what the row showing that task says.
    texts = dict(db.execute("SELECT number, text FROM task").fetchall())
    numbers = dict(db.execute("SELECT id, number FROM task").fetchall())
    meant = {}
    for row in grid:
        number = row[1][0]
        assert texts[number] == row[2][0], "a row whose 序号 and task text disagree was accepted"
        meant[number] = (row[PROGRESS][0], row[PERCENT][2], row[STATUS][0])
    assert len(verdict.reports) == len(meant) == ROWS
    for task_id, answer in verdict.reports:
        progress, share, status = meant[numbers[task_id]]
        assert (answer.progress_text, answer.percent) == (progress, share)
        assert status == "推进中" and answer.status == "in_progress"
