"""The shortcuts that spare cleaning every cell of a returned ledger answer exactly as the cleaning would."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duchaban.core.ledger import SAME_AS_ABOVE
from duchaban.formats.cells import cell_text
from duchaban.formats.ledger_import import _reads_same_as_above

TYPED = [
    "同上", "同上。", "〃", '"', "''",                       # as the template's hint lists them
    " 同上 ", "\u3000同上", "同上\n", "'同上", "＂", "＇＇",   # padded, full-width, kept from being a formula
    "同 上", "同上.", "同上,同上", "'", "'=同上", "'\t同上",   # near misses
    "三季度按计划推进", "", " ", "ＡＢＣ", "e\u0301", "'+1",
]


@pytest.mark.parametrize("value", TYPED)
def test_same_as_above_is_read_as_cleaning_the_cell_would(value):
    assert _reads_same_as_above(value) == (cell_text(value) in SAME_AS_ABOVE)


def test_the_typed_forms_are_all_recognised():
    # Guards the test above: it must see both answers.
    assert {_reads_same_as_above(v) for v in TYPED} == {True, False}
    assert all(_reads_same_as_above(v) for v in ("\u3000同上", "＂", "＇＇", "同上\n"))


def test_the_row_reader_reads_every_input_column_in_order():
    # read_reports spells the input columns out for speed; a column added to the template must be read too.
    from duchaban.core.ledger import INPUT_COLUMNS
    from duchaban.formats.ledger_import import _READ_KEYS

    assert _READ_KEYS == tuple(k for k, _ in INPUT_COLUMNS)


@given(st.one_of(st.text(alphabet=st.sampled_from("'\t\r-=+@ 同上任务\u3000ＡA1.\x0b"), max_size=8),
                 st.integers(), st.floats(allow_nan=False), st.booleans()))
def test_a_shown_task_text_is_compared_as_reading_then_comparing_would(value):
    # The shown 目标任务 is read as text and then compared like the plan's text; the shortcut that
    # remembers it by the raw cell must answer the same ("'\t'-…" loses one apostrophe per cleaning).
    from duchaban.formats.ledger_import import _comparable, _shown_comparable

    assert _shown_comparable(value) == _comparable(cell_text(value))


def test_a_cell_cleaned_twice_differs_so_the_shortcut_matters():
    # Guards the property above: cleaning once would not do.
    from duchaban.formats.ledger_import import _comparable

    assert _comparable("'\t'-扩大有效投资") != _comparable(cell_text("'\t'-扩大有效投资"))


def test_a_logical_cell_reads_as_the_spreadsheet_shows_it():
    from duchaban.formats.cells import cell_prose

    assert [cell_prose(True), cell_prose(False), cell_text(True)] == ["TRUE", "FALSE", "TRUE"]
