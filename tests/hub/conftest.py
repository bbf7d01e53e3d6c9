"""A real PostgreSQL for the hub's tests: one throwaway cluster per test session (duchaban/bench/pg_cluster.py),
a fresh database in it per test."""

import itertools
import shutil
from pathlib import Path

import pytest

from duchaban.bench.pg_cluster import postgres_bin, start_cluster

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster():
    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (installer/setup-dev.sh installs it)")
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture
def hub_url(pg_cluster):
    """The owner's URL of a new, empty database in the cluster."""
    return pg_cluster.create_database(f"hub_{next(_names)}")


@pytest.fixture
def laptops(sample_db_path, tmp_path):
    """The office's database (the demo) and where laptop databases go."""
    folder = tmp_path / "laptops"
    folder.mkdir()
    return sample_db_path, folder


@pytest.fixture
def office_and_two_laptops(laptops, hub_url):
    """The office's database made the hub, and two laptops cloned from it (all three open)."""
    from duchaban.services.office_hub import clone_from_hub, init_hub
    from duchaban.store.database import open_database

    office_path, folder = laptops
    db = open_database(office_path)
    init_hub(db, hub_url, who="王建国")
    clone_from_hub(hub_url, folder / "a.dcb")
    clone_from_hub(hub_url, folder / "b.dcb")
    a, b = open_database(folder / "a.dcb"), open_database(folder / "b.dcb")
    yield db, a, b
    for each in (db, a, b):
        each.close()


def copy_database(source, target):
    shutil.copyfile(source, target)
    if Path(f"{source}.files").exists():      # a cloned laptop has none until a file is opened
        shutil.copytree(f"{source}.files", f"{target}.files")
    return target


from ui.conftest import message_boxes  # noqa: E402,F401 - the window tests here record message boxes too
