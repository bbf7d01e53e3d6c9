"""Searching tasks by a unit's pinyin initials, as typed in the window's search box."""

from duchaban.store.search import search_task_ids
from duchaban.store.units import unit_id_by_name


def tasks_of(db, name):
    return {r[0] for r in db.execute(
        "SELECT DISTINCT a.task_id FROM assignment a WHERE a.unit_id = ?", [unit_id_by_name(db, name)])}


def test_fgw_finds_the_tasks_of_the_development_and_reform_commission(sample_db):
    found = set(search_task_ids(sample_db, "fgw", plan_id=1))
    assert tasks_of(sample_db, "区发展改革委") <= found
    assert len(tasks_of(sample_db, "区发展改革委")) > 10
    # Combined with a word of the text, both must hold.
    both = set(search_task_ids(sample_db, "fgw 项目", plan_id=1))
    assert both and both <= found


def test_capitals_are_text_not_pinyin(sample_db):
    assert set(search_task_ids(sample_db, "GDP", plan_id=1)) == {
        r[0] for r in sample_db.execute("SELECT id FROM task WHERE text LIKE '%GDP%'")}
