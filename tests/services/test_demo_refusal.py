"""The demo only fills a database that holds none of the district's own data."""

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.services.demo import demo_refusal, fill_demo
from duchaban.store.settings import office_or_none, set_office
from duchaban.store.staff import add_staff
from duchaban.store.unit_edits import create_unit


def _office(db):
    set_office(db, name="城口县人民政府督查办公室", district="城口县", who="t")


def _unit(db):
    create_unit(db, name="县财政局", kind="department", who="t")


def _staff(db):
    add_staff(db, name="赵敏", title="科员", who="t")


@pytest.mark.parametrize(("own_data", "named"), [(_office, "本办名称"), (_unit, "单位名录"), (_staff, "工作人员")])
def test_demo_refused_on_a_database_with_own_data(fresh_db, own_data, named):
    own_data(fresh_db)
    before = logical_dump(fresh_db)
    assert named in demo_refusal(fresh_db)
    with pytest.raises(DuchabanError, match="示例数据只能载入空数据库") as caught:
        fill_demo(fresh_db)
    assert named in str(caught.value)
    assert logical_dump(fresh_db) == before


def test_district_setup_then_demo_keeps_the_district(fresh_db):
    """The reviewer's case: a new district set up its office and directory, then clicked the demo."""
    _office(fresh_db)
    _unit(fresh_db)
    with pytest.raises(DuchabanError):
        fill_demo(fresh_db)
    assert office_or_none(fresh_db) == ("城口县人民政府督查办公室", "城口县")
    assert fresh_db.execute("SELECT count(*) FROM unit").fetchone()[0] == 1


def test_empty_database_takes_the_demo(fresh_db):
    assert demo_refusal(fresh_db) is None
    assert fill_demo(fresh_db)["tasks"] == 156
