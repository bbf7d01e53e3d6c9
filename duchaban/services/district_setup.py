"""Setting up a new district (SPEC §9): what the first run asks, shared by the window and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duchaban.assets import SAMPLE_TOWNS, SAMPLE_UNITS, resource_path
from duchaban.store.settings import OFFICE_NAME, get_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from duchaban.store.unit_directory_file import DirectoryLoad

SAMPLE_DISTRICT = "梁平区"


def needs_first_run(db: Database) -> bool:
    """True for a database whose office was never named: the window walks it through set-up."""
    return not get_setting(db, OFFICE_NAME)


def load_sample_directory(db: Database, *, who: str | None = None) -> DirectoryLoad:
    """The sample district's towns and starter directory, in one transaction."""
    # Imported here: every start asks needs_first_run, and only a new district loads a directory.
    from duchaban.store.unit_directory_file import DirectoryLoad, load_directory_file

    with db.atomic():
        towns = load_directory_file(db, resource_path(SAMPLE_TOWNS), who=who)
        units = load_directory_file(db, resource_path(SAMPLE_UNITS), who=who)
    return DirectoryLoad(added=towns.added + units.added, notes=towns.notes + units.notes)


def unit_counts(db: Database) -> dict[str, int]:
    """How many active units of each kind the directory holds."""
    from duchaban.store.units import unit_counts as store_unit_counts

    return store_unit_counts(db, active_only=True)


def plan_count(db: Database) -> int:
    """How many plans the database holds (the wizard's last step offers the import when none)."""
    from duchaban.store.plans import plan_count as store_plan_count

    return store_plan_count(db)
