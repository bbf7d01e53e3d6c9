"""A process killed (SIGKILL) in the middle of an import leaves the database intact, holding
either the whole batch or none of it. Bounded: a dozen kills at spread-out moments."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from ledger_files import fill

from duchaban.exchange.ledger_template import export_templates
from duchaban.store.check import check_database
from duchaban.store.database import open_database
from duchaban.store.ledgers import ledger_units

BATCH = 20
KILLS = 12

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def batch(_demo_template, tmp_path_factory):
    """Twenty filled 2021Q3 ledgers from the demo database."""
    folder = tmp_path_factory.mktemp("kill")
    db = open_database(_demo_template)
    units = [u["id"] for u in ledger_units(db, plan_id=1)][:BATCH]
    templates = export_templates(db, plan_id=1, period_code="2021Q3", out_dir=folder / "templates", unit_ids=units)
    db.close()
    inbox = folder / "inbox"
    inbox.mkdir()
    for i, template in enumerate(templates):
        fill(template, inbox / f"{i:02d}.xlsx", percent=70)
    return inbox


def _import(db_path, inbox) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "duchaban", "submissions", "import", str(inbox), "--db",
                             str(db_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _state(db_path) -> tuple[int, int, bool]:
    db = open_database(db_path, create=False)
    try:
        report = check_database(db)
        submissions = db.execute("SELECT count(*) FROM submission s JOIN reporting_period rp"
                                 " ON rp.id = s.period_id WHERE rp.code = '2021Q3'").fetchone()[0]
        entries = db.execute("SELECT count(*) FROM progress_entry pe JOIN reporting_period rp"
                             " ON rp.id = pe.period_id WHERE rp.code = '2021Q3'").fetchone()[0]
        return submissions, entries, report.ok
    finally:
        db.close()


def test_killed_imports_are_all_or_nothing(_demo_template, batch, tmp_path):
    # How long a whole import takes here, to spread the kills across it.
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(_demo_template, reference)
    start = time.perf_counter()
    assert _import(reference, batch).wait(timeout=120) == 0
    duration = time.perf_counter() - start
    full_submissions, full_entries, ok = _state(reference)
    assert ok and full_submissions == BATCH and full_entries > 0

    rng = random.Random(7)
    outcomes = set()
    for attempt in range(KILLS):
        db_path = tmp_path / f"kill-{attempt}.sqlite"
        shutil.copyfile(_demo_template, db_path)
        process = _import(db_path, batch)
        time.sleep(rng.uniform(0.3, 1.2) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        submissions, entries, ok = _state(db_path)
        assert ok, f"kill {attempt}: integrity check failed"
        assert (submissions, entries) in ((0, 0), (full_submissions, full_entries)), (attempt, submissions, entries)
        outcomes.add(submissions)
    # The kills landed both before and after the commit at least once in most runs; what matters
    # above is that no run was half-imported.
    assert outcomes <= {0, full_submissions}
