"""Three laptops and the office sync through one hub in random interleavings of edits, new records,
deletions, task edits, syncs and syncs killed half-way (a hypothesis state machine). At the end, after
everyone syncs twice, every machine holds the same records (the plan's tasks too), and no follow-up
note written anywhere is lost."""

import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from hub.conftest import copy_database
from hub.test_hub_ledgers import import_ledger, ledger_contents, silent_unit
from hub.test_hub_plan import edit, plan_contents
from hub.test_hub_sync import contents
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from duchaban.services.office_hub import clone_from_hub, init_hub, sync_with_hub
from duchaban.store.audit import record_change
from duchaban.store.check import check_database
from duchaban.store.database import open_database
from duchaban.store.inspections import follow_up, record_inspection_with_findings
from duchaban.store.unit_edits import create_unit

pytestmark = pytest.mark.slow

MACHINES = ("office", "a", "b", "c")
STATUSES = ("rectifying", "rectified")


@pytest.fixture
def world(pg_cluster, _demo_template, tmp_path_factory):
    """Builds a fresh office, hub and three laptops for each hypothesis example."""
    count = iter(range(10_000))

    def build():
        n = next(count)
        folder = tmp_path_factory.mktemp(f"hub-world-{n}")
        url = pg_cluster.create_database(f"world_{id(folder)}_{n}")
        office_path = copy_database(_demo_template, folder / "office.dcb")
        with open_database(office_path) as db:
            init_hub(db, url, who="王建国")
        paths = {"office": office_path}
        for name in MACHINES[1:]:
            paths[name] = folder / f"{name}.dcb"
            clone_from_hub(url, paths[name])
        return url, paths

    return build


def _sync_in_a_process_killed(url: str, path, delay: float) -> None:
    process = subprocess.Popen([sys.executable, "-m", "duchaban", "sync", "--db", str(path), "--hub", url,
                                "--prefer", "local"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def directory(db) -> list[tuple]:
    return sorted(db.execute("SELECT u.uuid, u.name, u.kind, u.active, (SELECT group_concat(alias) FROM"
                             " (SELECT alias FROM unit_alias WHERE unit_id = u.id ORDER BY alias)) FROM unit u")
                  .fetchall())


class Office(RuleBasedStateMachine):
    build = None        # set by the test: the world fixture's builder

    @initialize()
    def start(self):
        self.url, self.paths = Office.build()
        self.dbs = {name: open_database(path) for name, path in self.paths.items()}
        self.notes: set[str] = set()
        self.counter = 0

    def teardown(self):
        for db in getattr(self, "dbs", {}).values():
            db.close()

    def _finding(self, db):
        return db.execute("SELECT id, status FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()

    @rule(machine=st.sampled_from(MACHINES), status=st.sampled_from((None, *STATUSES)))
    def note(self, machine, status):
        db = self.dbs[machine]
        finding_id, current = self._finding(db)
        if status == current or current == "closed":
            status = None
        self.counter += 1
        text = f"{machine}-跟踪-{self.counter}"
        follow_up(db, finding_id=finding_id, text=text, on_date=date(2021, 7, 20), status=status)
        self.notes.add(text)

    @rule(machine=st.sampled_from(MACHINES))
    def inspect(self, machine):
        self.counter += 1
        record_inspection_with_findings(
            self.dbs[machine], kind="open", title=f"{machine}-督查-{self.counter}", started_on=date(2021, 7, 21),
            plan_id=1, inspectors=["陈静"], units=["区水利局"],
            findings=[{"unit": "区水利局", "description": f"{machine}-问题-{self.counter}", "reported_by": "陈静"}])

    @rule(machine=st.sampled_from(MACHINES), percent=st.sampled_from((20.0, 50.0, 80.0)))
    def ledger(self, machine, percent):
        """A unit's 2021Q2 ledger imported here; the same percentage is the same file wherever it is imported."""
        db = self.dbs[machine]
        content = f"ledger-{percent}".encode()
        if db.execute("SELECT 1 FROM submission WHERE file_name = ?", [f"{percent:g}.xlsx"]).fetchone() is None:
            import_ledger(db, silent_unit(db)["name"], percent=percent, file_name=f"{percent:g}.xlsx", content=content)

    @rule(machine=st.sampled_from(MACHINES))
    def new_unit(self, machine):
        self.counter += 1
        create_unit(self.dbs[machine], name=f"{machine}-单位-{self.counter}", kind="department",
                 aliases=[f"{machine}-别名-{self.counter}"])

    @rule(machine=st.sampled_from(MACHINES), number=st.sampled_from((10, 52)))
    def edit_task(self, machine, number):
        """A task's note changed in the task editor (every machine here syncs as the hub's owner)."""
        self.counter += 1
        edit(self.dbs[machine], number, note=f"{machine}-备注-{self.counter}")

    @rule(machine=st.sampled_from(MACHINES), data=st.data())
    def delete_own_inspection(self, machine, data):
        db = self.dbs[machine]
        mine = [r[0] for r in db.execute("SELECT uuid FROM inspection WHERE title LIKE '%-督查-%' ORDER BY title")]
        if mine:
            gone = data.draw(st.sampled_from(mine))
            with db.atomic():       # as the program deletes: logged, or `check` would call it tampering
                db.execute("DELETE FROM inspection WHERE uuid = ?", [gone])
                record_change(db, who="陈静", action="delete", table="inspection", key=gone)

    @rule(machine=st.sampled_from(MACHINES), prefer=st.sampled_from(("local", "incoming")))
    def sync(self, machine, prefer):
        sync_with_hub(self.dbs[machine], self.url, prefer=prefer)

    @precondition(lambda self: True)
    @rule(machine=st.sampled_from(MACHINES[1:]), delay=st.floats(0.0, 1.5))
    def killed_sync(self, machine, delay):
        self.dbs[machine].close()
        _sync_in_a_process_killed(self.url, self.paths[machine], delay)
        self.dbs[machine] = open_database(self.paths[machine])
        assert check_database(self.dbs[machine]).ok

    @invariant()
    def sound(self):
        for db in getattr(self, "dbs", {}).values():
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    def check_convergence(self):
        for _ in range(2):
            for name in MACHINES:
                sync_with_hub(self.dbs[name], self.url, prefer="incoming")
        office = contents(self.dbs["office"])
        for name in MACHINES[1:]:
            here = contents(self.dbs[name])
            differing = {t: sorted(set(office[t]) ^ set(here[t]))[:4] for t in office if office[t] != here[t]}
            assert not differing, (name, differing)
            assert ledger_contents(self.dbs[name]) == ledger_contents(self.dbs["office"]), name
            assert directory(self.dbs[name]) == directory(self.dbs["office"]), name
            assert plan_contents(self.dbs[name]) == plan_contents(self.dbs["office"]), name
        written = {r[0] for r in self.dbs["office"].execute("SELECT text FROM finding_followup")}
        assert self.notes <= written, self.notes - written
        for db in self.dbs.values():
            assert check_database(db).ok, check_database(db).problems


def test_three_laptops_converge_whatever_the_interleaving(world):
    Office.build = staticmethod(world)

    class Converging(Office):
        def teardown(self):
            try:
                if hasattr(self, "dbs"):
                    self.check_convergence()
            finally:
                super().teardown()

    from hypothesis.stateful import run_state_machine_as_test

    # No shrinking: each example builds a hub and three laptops; a failure prints its steps as they ran.
    run_state_machine_as_test(Converging, settings=settings(
        max_examples=6, stateful_step_count=12, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
