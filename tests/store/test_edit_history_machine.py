"""Random sequences of directory and task edits, undos and redos (a hypothesis state machine) on
the demo database, with no window. After every step the database is exactly what the history says:
an edit refused changes nothing, undoing lands on the dump from before the step undone, redoing on
the dump from after it. At the end, undoing everything gives the starting dump, redoing everything
gives the dump of the straight run, and the audit chain verifies."""

import shutil

import pytest
from helpers import logical_dump
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from duchaban.core.errors import StoreError
from duchaban.core.plan import Indicator
from duchaban.store import task_edits, unit_edits
from duchaban.store.audit import verify_audit_chain
from duchaban.store.contacts import list_contacts
from duchaban.store.database import open_database
from duchaban.store.tasks import deadline_fields, task_assignments
from duchaban.store.undo import undo_change

pytestmark = pytest.mark.slow

UNITS = ("区科技局", "区财政局", "区经济信息委", "竹山镇", "区新设机构", "区新设机构二")
NEW_UNITS = ("区新设机构", "区新设机构二")
NAMES = ("区科学技术局", "区财政局", "区新设机构", "区新名称")     # a clash, a created unit's name, a free one
ALIASES = ("区科委", "区经信委", "区财政局", "新别名", "  ")      # free, another's alias, a formal name, blank
TASKS = (1, 4, 52)
GROUP = "有关街道"
TOWNS = ("梁山街道", "双桂街道", "竹山镇")
WHO = "测试"


def dump(db) -> str:
    # Edits to a unit or task can touch travelling rows (a merge moves a unit's findings); their
    # revision counters grow with every change and are not content.
    return "\n".join(line for line in logical_dump(db).splitlines()
                     if not line.startswith(('INSERT INTO "row_version"', 'INSERT INTO "change_counter"')))


class EditHistory(RuleBasedStateMachine):
    template = None     # set by the test: the demo database to copy for each example
    folder = None

    def __init__(self):
        super().__init__()
        path = self.folder / "machine.sqlite"
        shutil.copyfile(self.template, path)
        self.db = open_database(path)
        self.done: list = []        # change sets applied, oldest first (the undo stack)
        self.undone: list = []      # change sets that redo, the next redo last
        self.dumps = [dump(self.db)]    # dumps[i]: the database with the first i of ``done`` applied

    # --- helpers ------------------------------------------------------------------------------

    def unit(self, name: str) -> int | None:
        row = self.db.execute("SELECT id FROM unit WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def task(self, number: int) -> int:
        return self.db.execute("SELECT id FROM task WHERE number = ? ORDER BY plan_id LIMIT 1", [number]).fetchone()[0]

    def apply(self, fn, **kwargs) -> None:
        """Run an edit: refused, it changes nothing; applied, it is the next step of the history."""
        before = self.dumps[len(self.done)]
        try:
            change = fn(self.db, who=WHO, **kwargs)
        except StoreError:
            assert dump(self.db) == before
            return
        if not change:
            assert dump(self.db) == before
            return
        self.done.append(change)
        self.undone.clear()             # a new edit ends the redo branch, as in any undo stack
        del self.dumps[len(self.done):]
        self.dumps.append(dump(self.db))

    # --- edits --------------------------------------------------------------------------------

    @rule(unit=st.sampled_from(UNITS), name=st.sampled_from(NAMES))
    def rename(self, unit, name):
        if self.unit(unit) is not None:
            self.apply(unit_edits.change_unit, unit_id=self.unit(unit), name=name)

    @rule(unit=st.sampled_from(UNITS), note=st.sampled_from(("机构改革后", None)), active=st.sampled_from((0, 1)))
    def note_and_active(self, unit, note, active):
        if self.unit(unit) is not None:
            self.apply(unit_edits.change_unit, unit_id=self.unit(unit), note=note, active=active)

    @rule(unit=st.sampled_from(UNITS), alias=st.sampled_from(ALIASES))
    def add_alias(self, unit, alias):
        if self.unit(unit) is not None:
            self.apply(unit_edits.add_unit_alias, unit_id=self.unit(unit), alias=alias)

    @rule(alias=st.sampled_from(ALIASES))
    def remove_alias(self, alias):
        self.apply(unit_edits.remove_unit_alias, alias=alias)

    @rule(name=st.sampled_from(NEW_UNITS + ("区财政局",)), aliases=st.lists(st.sampled_from(ALIASES[:2]), max_size=2))
    def create(self, name, aliases):
        self.apply(unit_edits.create_unit, name=name, kind="department", aliases=aliases)

    @rule(unit=st.sampled_from(NEW_UNITS + ("区科技局",)))      # a unit with tasks is refused
    def remove(self, unit):
        if self.unit(unit) is not None:
            self.apply(unit_edits.remove_unit, unit_id=self.unit(unit))

    @rule(source=st.sampled_from(NEW_UNITS), into=st.sampled_from(UNITS[:3]))
    def merge(self, source, into):
        if self.unit(source) is not None and self.unit(into) is not None:
            self.apply(unit_edits.merge_unit_into, source_id=self.unit(source), target_id=self.unit(into))

    @rule(members=st.lists(st.sampled_from(TOWNS), max_size=3, unique=True))
    def group_members(self, members):
        self.apply(unit_edits.change_group_members, group_id=self.unit(GROUP),
                   member_ids=[self.unit(m) for m in members])

    @rule(unit=st.sampled_from(UNITS), name=st.sampled_from(("赵敏", "钱多", " ")))
    def add_contact(self, unit, name):
        if self.unit(unit) is not None:
            self.apply(unit_edits.add_unit_contact, unit_id=self.unit(unit), name=name, phone="13800000000")

    @rule(unit=st.sampled_from(UNITS))
    def remove_contact(self, unit):
        contacts = list_contacts(self.db, self.unit(unit)) if self.unit(unit) is not None else []
        if contacts:
            self.apply(unit_edits.remove_unit_contact, contact_id=contacts[-1]["id"])

    @rule(number=st.sampled_from(TASKS), text=st.sampled_from(("9月底前", "长期坚持", "")),
          note=st.sampled_from(("常务会议明确", None)))
    def task_deadline_and_note(self, number, text, note):
        task_id = self.task(number)
        self.apply(task_edits.change_task, task_id=task_id, note=note,
                   **deadline_fields(self.db, task_id=task_id, text=text))

    @rule(number=st.sampled_from(TASKS), value=st.sampled_from((30.0, 150.0)),
          measure=st.sampled_from(("家", "")))
    def task_indicators(self, number, value, measure):
        self.apply(task_edits.change_task_indicators, task_id=self.task(number),
                   indicators=[Indicator("引进企业", value, measure, ">=")])

    @rule(number=st.sampled_from(TASKS), unit=st.sampled_from(UNITS), role=st.sampled_from(("cooperating", "lead")))
    def task_units(self, number, unit, role):
        task_id = self.task(number)
        if self.unit(unit) is not None:
            lead = task_assignments(self.db, task_id)[:1]
            self.apply(task_edits.change_task_units, task_id=task_id,
                       assignments=lead + [(self.unit(unit), role)])

    # --- undo and redo ------------------------------------------------------------------------

    @precondition(lambda self: self.done)
    @rule()
    def undo(self):
        self.undone.append(undo_change(self.db, self.done.pop(), who=WHO))
        assert dump(self.db) == self.dumps[len(self.done)]

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self):
        self.done.append(undo_change(self.db, self.undone.pop(), who=WHO))
        assert dump(self.db) == self.dumps[len(self.done)]

    @invariant()
    def audit_chain_holds(self):
        assert verify_audit_chain(self.db) is None

    def teardown(self):
        try:
            straight = self.dumps[len(self.done) + len(self.undone)]
            while self.done:
                self.undone.append(undo_change(self.db, self.done.pop(), who=WHO))
            assert dump(self.db) == self.dumps[0]
            while self.undone:
                self.done.append(undo_change(self.db, self.undone.pop(), who=WHO))
            assert dump(self.db) == straight
            assert verify_audit_chain(self.db) is None
        finally:
            self.db.close()


def test_random_edits_undone_and_redone_give_back_the_same_databases(_demo_template, tmp_path):
    EditHistory.template, EditHistory.folder = _demo_template, tmp_path
    # No shrinking: a failing run prints its steps already, and shrinking on a database this size takes minutes.
    EditHistory.TestCase.settings = settings(max_examples=12, stateful_step_count=15, deadline=None, database=None,
                                             phases=[Phase.explicit, Phase.generate],
                                             suppress_health_check=[HealthCheck.too_slow])
    EditHistory.TestCase().runTest()
