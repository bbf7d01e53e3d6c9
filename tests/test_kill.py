"""A process killed (SIGKILL) in the middle of an import leaves the database intact, holding
either the whole batch or none of it. Bounded: six kills aimed at the moment the import is seen
inside its write transaction (proved by the write lock it holds), six at spread-out moments."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from ledger_files import fill

from duchaban.formats.ledger_template import export_templates
from duchaban.store.check import check_database
from duchaban.store.database import open_database
from duchaban.store.ledgers import ledger_units

BATCH = 20
KILLS_IN_TRANSACTION = 6
KILLS_AT_RANDOM = 6

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"), pytest.mark.slow]


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


def _copy_demo(template, path) -> None:
    """The demo database with its evidence files, which check_database expects beside it."""
    shutil.copyfile(template, path)
    shutil.copytree(f"{template}.files", f"{path}.files")


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


def _holds_write_lock(db_path) -> bool:
    """Whether another connection is inside a write transaction on the file (BEGIN IMMEDIATE is refused)."""
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        return True
    finally:
        probe.close()


def _kill_inside_transaction(db_path, inbox, timeout: float = 60) -> bool:
    """Start an import and SIGKILL it the moment it is seen inside its write transaction. True when the
    kill was sent while the transaction was open; False when the import ended before one was seen."""
    process = _import(db_path, inbox)
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if _holds_write_lock(db_path):
                process.send_signal(signal.SIGKILL)
                return True
            time.sleep(0.001)
        return False
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_killed_imports_are_all_or_nothing(_demo_template, batch, tmp_path):
    # How long a whole import takes here, to spread the kills across it.
    reference = tmp_path / "reference.sqlite"
    _copy_demo(_demo_template, reference)
    start = time.perf_counter()
    assert _import(reference, batch).wait(timeout=120) == 0
    duration = time.perf_counter() - start
    full = _state(reference)
    assert full[2] and full[0] == BATCH and full[1] > 0

    # Kills aimed at the write transaction: each must leave nothing of the batch, since the import
    # writes in one transaction; an import written in several would leave part of it here.
    inside = []
    for attempt in range(KILLS_IN_TRANSACTION):
        db_path = tmp_path / f"inside-{attempt}.sqlite"
        _copy_demo(_demo_template, db_path)
        if _kill_inside_transaction(db_path, batch):
            inside.append(_state(db_path))
    assert len(inside) >= KILLS_IN_TRANSACTION - 1, "the import was never seen inside a write transaction"
    assert all(ok for *_, ok in inside), "integrity check failed after a kill inside the transaction"
    # Caught inside, killed before the commit: nothing of the batch. (A commit that finished in the
    # instant between seeing the lock and the signal would leave all of it, never part.)
    assert all((s, e) in ((0, 0), full[:2]) for s, e, _ in inside), inside
    assert sum((s, e) == (0, 0) for s, e, _ in inside) >= len(inside) - 1

    # Kills at spread-out moments (reading, checking, writing, after): never half an import.
    rng = random.Random(7)
    for attempt in range(KILLS_AT_RANDOM):
        db_path = tmp_path / f"kill-{attempt}.sqlite"
        _copy_demo(_demo_template, db_path)
        process = _import(db_path, batch)
        time.sleep(rng.uniform(0.3, 1.2) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        submissions, entries, ok = _state(db_path)
        assert ok, f"kill {attempt}: integrity check failed"
        assert (submissions, entries) in ((0, 0), full[:2]), (attempt, submissions, entries)
