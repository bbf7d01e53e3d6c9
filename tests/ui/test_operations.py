"""Menu actions are functions of an explicit context: they run without a main window, and what
they change comes back as change sets on the history (or as a report to redraw everything)."""

from datetime import date

import pytest
from helpers import logical_dump, undone_dump
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from duchaban.core.periods import suggested_periods
from duchaban.ui.dialogs.unit_directory import UnitDirectoryDialog
from duchaban.ui.operations import database, inspections, ledgers, reports
from duchaban.ui.operations.context import OperationContext
from duchaban.ui.undo import EditHistory


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _context(db, path, parent, *, plan_id, said, reported, errors):
    stack = QUndoStack(parent)
    history = EditHistory(stack, errors.append, database=lambda: db, operator=lambda: "张伟")
    return OperationContext(db=db, db_path=path, operator="张伟", plan_id=plan_id, parent=parent, history=history,
                            report=reported.append, status=lambda text, _ms: said.append(text))


def test_actions_that_need_a_plan_say_so_through_the_context(fresh_db, fresh_db_path, parent):
    said, reported = [], []
    ctx = _context(fresh_db, fresh_db_path, parent, plan_id=None, said=said, reported=reported, errors=[])
    for make in (reports.bulletin_dialog, reports.charts_dialog, reports.assessment_dialog,
                 inspections.inspections_dialog, inspections.random_draw_dialog):
        assert make(ctx) is None
    assert said == ["请先导入分解方案"] * 5 and reported == []


def test_a_setting_changed_by_an_action_is_reported_and_a_bad_one_refused(sample_db, sample_db_path, parent,
                                                                          message_boxes):
    said, reported = [], []
    ctx = _context(sample_db, sample_db_path, parent, plan_id=1, said=said, reported=reported, errors=[])
    before = logical_dump(sample_db)
    assert not database.set_as_of_date(ctx, "七月十五")
    assert "2021-07-15" in message_boxes[-1] and reported == [] and logical_dump(sample_db) == before
    assert database.set_as_of_date(ctx, "2021-12-31")
    assert reported == [None]           # not a change set: the window redraws everything
    assert ledgers.period_codes(ctx)[0] == suggested_periods(date(2021, 12, 31))[0]     # offered as of then


def test_directory_edits_undo_and_redo_without_a_main_window(sample_db, sample_db_path, parent, qtbot):
    changes, errors = [], []
    ctx = _context(sample_db, sample_db_path, parent, plan_id=1, said=[], reported=[], errors=errors)
    ctx.history.changed.connect(changes.append)
    dialog = UnitDirectoryDialog(ctx.db, ctx.history, ctx.operator, ctx.parent)
    qtbot.addWidget(dialog)
    unit_id = sample_db.execute("SELECT id FROM unit WHERE name = '区科技局'").fetchone()[0]
    dialog.select_unit(unit_id)
    # (an undo is a change of its own for the other machines: the revision bookkeeping moves on)
    before = undone_dump(sample_db)
    dialog.alias_edit.setText("区科委")
    dialog.add_alias_from_edit()
    after = undone_dump(sample_db)
    assert changes[-1].tables == {"unit_alias"}
    dialog.undo_button.click()
    assert undone_dump(sample_db) == before and changes[-1].tables == {"unit_alias"}
    dialog.redo_button.click()
    assert undone_dump(sample_db) == after and errors == []
    assert [dialog.alias_list.item(i).text() for i in range(dialog.alias_list.count())] == ["区科委"]
    dialog.accept()     # leaves the stack, which dies with the same parent
