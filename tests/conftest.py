"""Shared fixtures: real database files in tmp_path, the sample notice, the demo database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from duchaban.assets import SAMPLE_PLAN, resource_path  # noqa: E402
from duchaban.services.demo import build_demo  # noqa: E402
from duchaban.store.database import open_database  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def sample_plan_path() -> Path:
    return resource_path(SAMPLE_PLAN)


@pytest.fixture
def fresh_db_path(tmp_path) -> Path:
    """A new, empty database file with the schema applied (closed again)."""
    path = tmp_path / "fresh.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def fresh_db(fresh_db_path):
    db = open_database(fresh_db_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path)
    return path


@pytest.fixture
def sample_db_path(_demo_template, tmp_path) -> Path:
    """A copy of the demo database (sample directory, staff, the 2021 notice) for one test."""
    path = tmp_path / "sample.sqlite"
    shutil.copyfile(_demo_template, path)
    # Evidence lives beside the file; a copy of the database takes its folder along.
    shutil.copytree(f"{_demo_template}.files", f"{path}.files")
    return path


@pytest.fixture
def sample_db(sample_db_path):
    db = open_database(sample_db_path)
    yield db
    db.close()
