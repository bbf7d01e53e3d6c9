"""Field exchange by revision, not by clock (SPEC §8): packages hold what changed since the last one
this database wrote, deletions travel as tombstones, and a decided conflict is not asked again."""

import json
import shutil
import zipfile
from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.formats.field_package import read_package
from duchaban.services.field_exchange import export_field_package, import_field_package, preview_field_package
from duchaban.store.database import open_database
from duchaban.store.inspections import follow_up, record_inspection_with_findings


@pytest.fixture
def office_and_laptop(sample_db_path, tmp_path):
    """The office database and a laptop copy of it; the laptop's first package set as its baseline."""
    laptop_path = tmp_path / "laptop" / "field.sqlite"
    laptop_path.parent.mkdir()
    shutil.copyfile(sample_db_path, laptop_path)
    shutil.copytree(f"{sample_db_path}.files", f"{laptop_path}.files")
    office, laptop = open_database(sample_db_path), open_database(laptop_path)
    yield office, laptop
    office.close()
    laptop.close()


def _finding(db, description="生态保护补偿台账缺失"):
    return db.execute("SELECT id, uuid, status FROM finding WHERE description = ?", [description]).fetchone()


def _planned(db):
    return db.execute("SELECT id, uuid, title FROM inspection WHERE state = 'planned'").fetchone()


def test_each_package_holds_what_changed_since_the_last_one(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    first = export_field_package(laptop, out=tmp_path / "1.dcbx")      # never exported: everything
    shared = laptop.execute("SELECT count(*) FROM inspection WHERE confidential = 0").fetchone()[0]
    assert first["counts"]["inspections"] == shared and first["since_seq"] == 0
    assert import_field_package(office, tmp_path / "1.dcbx").changed is False   # all the same records
    record_inspection_with_findings(
        laptop, kind="open", title="防汛检查", started_on=date(2021, 7, 20), plan_id=1, inspectors=["陈静"],
        units=["区水利局"], findings=[{"unit": "区水利局", "description": "防汛物资不足", "reported_by": "陈静"}],
        who="陈静")
    second = export_field_package(laptop, out=tmp_path / "2.dcbx")
    assert second["since_seq"] == first["through_seq"]
    records = read_package(tmp_path / "2.dcbx").records
    assert [r["title"] for r in records["inspections"]] == ["防汛检查"]
    assert [r["description"] for r in records["findings"]] == ["防汛物资不足"]
    assert export_field_package(laptop, out=tmp_path / "3.dcbx")["counts"]["inspections"] == 0
    report = import_field_package(office, tmp_path / "2.dcbx")
    assert report.inserted == {"inspection": 1, "finding": 1}


def test_clocks_decide_nothing(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    finding_id, uuid_, _ = _finding(laptop)
    follow_up(laptop, finding_id=finding_id, text="已建立台账", on_date=date(2021, 7, 20), status="rectified")
    # The laptop's clock was years behind: by time, the office's copy would look newer.
    laptop.execute("UPDATE finding SET updated_at = '2001-01-01T00:00:00Z' WHERE id = ?", [finding_id])
    export_field_package(laptop, everything=True, out=tmp_path / "p.dcbx")
    report = import_field_package(office, tmp_path / "p.dcbx")
    assert report.updated == {"finding": 1}
    assert _finding(office)[2] == "rectified"


def test_a_deletion_travels_once_and_an_older_package_does_not_bring_it_back(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    export_field_package(laptop, out=tmp_path / "before.dcbx")       # still holds the planned inspection
    _, uuid_, title = _planned(laptop)
    # Any deletion, by whatever path, leaves a tombstone: the triggers keep them.
    laptop.execute("DELETE FROM inspection WHERE uuid = ?", [uuid_])
    package = export_field_package(laptop, out=tmp_path / "after.dcbx")
    assert package["counts"]["tombstones"] == 1
    report = import_field_package(office, tmp_path / "after.dcbx", who="王建国")
    assert report.deleted == {"inspection": 1}
    assert office.execute("SELECT count(*) FROM inspection WHERE uuid = ?", [uuid_]).fetchone()[0] == 0
    logged = office.execute("SELECT action, who FROM audit_log WHERE table_name = 'inspection' AND row_key = ?"
                            " ORDER BY id DESC", [uuid_]).fetchone()
    assert tuple(logged) == ("delete", "王建国")
    before = _records(office)
    assert not import_field_package(office, tmp_path / "after.dcbx").changed
    again = import_field_package(office, tmp_path / "before.dcbx")
    assert not again.changed and again.kept_local.get("inspection") == 1
    assert _records(office) == before


def test_deleted_there_but_changed_here_waits_for_a_decision(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    office_id, uuid_, _ = _planned(office)
    office.execute("UPDATE inspection SET title = '防汛专项督查(改期)' WHERE id = ?", [office_id])
    laptop.execute("DELETE FROM inspection WHERE uuid = ?", [uuid_])
    export_field_package(laptop, out=tmp_path / "p.dcbx")
    _, preview = preview_field_package(office, tmp_path / "p.dcbx")
    [conflict] = preview.conflicts
    assert conflict.uuid == uuid_ and "对方已删除" in conflict.label
    before = logical_dump(office)
    with pytest.raises(DuchabanError, match="两边都修改过"):
        import_field_package(office, tmp_path / "p.dcbx")
    assert logical_dump(office) == before
    report = import_field_package(office, tmp_path / "p.dcbx", decisions={uuid_: "local"})
    assert report.kept_local == {"inspection": 1}
    assert office.execute("SELECT title FROM inspection WHERE uuid = ?", [uuid_]).fetchone()[0] == "防汛专项督查(改期)"


def test_a_decided_conflict_is_not_asked_again_on_the_way_back(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    export_field_package(office, out=tmp_path / "office-baseline.dcbx")
    for db, status in ((office, "rectifying"), (laptop, "rectified")):
        follow_up(db, finding_id=_finding(db)[0], text=status, on_date=date(2021, 7, 18), status=status)
    uuid_ = _finding(office)[1]
    export_field_package(laptop, out=tmp_path / "field.dcbx")
    import_field_package(office, tmp_path / "field.dcbx", decisions={uuid_: "local"})
    # The office's answer goes back to the laptop, which takes it without a question.
    export_field_package(office, out=tmp_path / "office.dcbx")
    report = import_field_package(laptop, tmp_path / "office.dcbx")
    assert report.conflicts == [] and report.updated.get("finding") == 1
    assert _finding(laptop)[2] == "rectifying"
    # And the laptop's next package is no conflict at the office either.
    export_field_package(laptop, out=tmp_path / "field-2.dcbx")
    assert preview_field_package(office, tmp_path / "field-2.dcbx")[1].conflicts == []


def test_a_package_from_the_earlier_version_still_imports(office_and_laptop, tmp_path):
    office, laptop = office_and_laptop
    finding_id, uuid_, _ = _finding(laptop)
    follow_up(laptop, finding_id=finding_id, text="已建立台账", on_date=date(2021, 7, 20), status="rectified")
    since = office.execute("SELECT max(updated_at) FROM finding").fetchone()[0]
    export_field_package(laptop, since=since, out=tmp_path / "new.dcbx")
    # Rewrite it as version 1 wrote packages: no revisions, no tombstones, a time to compare with.
    old = tmp_path / "old.dcbx"
    with zipfile.ZipFile(tmp_path / "new.dcbx") as source, zipfile.ZipFile(old, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest.update(version=1)
                for key in ("since_seq", "through_seq", "machine_id"):
                    manifest.pop(key)
                data = json.dumps(manifest, ensure_ascii=False).encode()
            elif item.filename == "records.json":
                records = json.loads(data)
                records.pop("tombstones")
                for rows in records.values():
                    for row in rows:
                        row.pop("_version", None)
                data = json.dumps(records, ensure_ascii=False).encode()
            target.writestr(item, data)
    report = import_field_package(office, old)
    assert report.updated == {"finding": 1}
    assert _finding(office)[2] == "rectified"


def _records(db) -> list[str]:
    """The database's content less the list of packages merged (each merge adds its own line)."""
    return [line for line in logical_dump(db).splitlines() if '"exchange_package"' not in line]


def test_a_deleted_inspection_takes_its_findings_and_their_evidence_links_along(office_and_laptop, tmp_path):
    from duchaban.store.check import check_database

    office, laptop = office_and_laptop
    inspection = laptop.execute("SELECT i.uuid FROM inspection i JOIN finding f ON f.inspection_id = i.id"
                                " JOIN evidence_link l ON l.owner_uuid = f.uuid WHERE i.confidential = 0").fetchone()[0]
    laptop.execute("DELETE FROM inspection WHERE uuid = ?", [inspection])
    laptop.execute("DELETE FROM evidence_link WHERE owner_kind = 'finding' AND owner_uuid NOT IN"
                   " (SELECT uuid FROM finding)")
    export_field_package(laptop, out=tmp_path / "p.dcbx")
    report = import_field_package(office, tmp_path / "p.dcbx")
    assert report.deleted["inspection"] == 1
    assert check_database(office).ok, check_database(office).problems


def test_people_travel_as_staff_records_not_names(office_and_laptop, tmp_path):
    from duchaban.store.staff import add_staff

    office, laptop = office_and_laptop
    add_staff(laptop, name="赵敏", title="借调干部")          # joined the field team on the laptop
    record_inspection_with_findings(
        laptop, kind="open", title="河长制巡查", started_on=date(2021, 7, 22), plan_id=1, inspectors=["赵敏", "陈静"],
        units=["区水利局"], findings=[{"unit": "区水利局", "description": "河道垃圾未清", "reported_by": "赵敏"}],
        who="赵敏")
    export_field_package(laptop, out=tmp_path / "p.dcbx")
    report = import_field_package(office, tmp_path / "p.dcbx")
    assert report.inserted["staff"] == 1
    zhao = office.execute("SELECT id, uuid FROM staff WHERE name = '赵敏'").fetchone()
    assert zhao[1] == laptop.execute("SELECT uuid FROM staff WHERE name = '赵敏'").fetchone()[0]
    reporter = office.execute("SELECT reported_by_id FROM finding WHERE description = '河道垃圾未清'").fetchone()[0]
    assert reporter == zhao[0]
    inspectors = {r[0] for r in office.execute(
        "SELECT s.name FROM inspection_inspector ii JOIN staff s ON s.id = ii.staff_id"
        " JOIN inspection i ON i.id = ii.inspection_id WHERE i.title = '河长制巡查'")}
    assert inspectors == {"赵敏", "陈静"}


def test_a_different_person_under_a_name_taken_here_is_refused(office_and_laptop, tmp_path):
    from duchaban.store.staff import add_staff

    office, laptop = office_and_laptop
    add_staff(office, name="赵敏")
    add_staff(laptop, name="赵敏")          # another record of that name: not provably the same person
    record_inspection_with_findings(
        laptop, kind="open", title="河长制巡查", started_on=date(2021, 7, 22), plan_id=1, inspectors=["赵敏"],
        units=["区水利局"], findings=[], who="赵敏")
    export_field_package(laptop, out=tmp_path / "p.dcbx")
    before = _records(office)
    with pytest.raises(DuchabanError, match="与本数据库中同名的人员不是同一条记录"):
        import_field_package(office, tmp_path / "p.dcbx")
    assert _records(office) == before


def test_a_close_out_travels_with_its_verifier_and_override_reason(office_and_laptop, tmp_path):
    from duchaban.services.demo_inspections import demo_photo
    from duchaban.store.inspections import close_finding
    from duchaban.store.staff import find_staff

    office, laptop = office_and_laptop
    finding_id, uuid_, status = laptop.execute(
        "SELECT id, uuid, status FROM finding WHERE status IN ('open', 'rectifying') AND reported_by != '王建国'"
        " AND inspection_id IN (SELECT id FROM inspection WHERE confidential = 0)").fetchone()
    photo = tmp_path / "整改照片.png"
    photo.write_bytes(demo_photo(30, 20))
    verifier = find_staff(laptop, "王建国")
    close_finding(laptop, finding_id=finding_id, verifier_id=verifier["id"], closed_on=date(2021, 7, 25),
                  override_reason="现场核实已整改,单位未及时报送", evidence_paths=[photo], who="王建国")
    export_field_package(laptop, out=tmp_path / "p.dcbx")
    import_field_package(office, tmp_path / "p.dcbx")
    row = office.execute("SELECT c.override_reason, s.name FROM close_out c JOIN finding f ON f.id = c.finding_id"
                         " JOIN staff s ON s.id = c.verifier_id WHERE f.uuid = ?", [uuid_]).fetchone()
    assert tuple(row) == ("现场核实已整改,单位未及时报送", "王建国")


def test_a_field_package_carries_no_ledgers_bulletins_or_their_deletions(office_and_laptop, tmp_path):
    """Ledgers and bulletins travel through the office hub only: a program that knows only the field
    records must still read every package, and a deletion it does not know would stop its import."""
    office, laptop = office_and_laptop
    first = export_field_package(laptop, out=tmp_path / "1.dcbx")
    laptop.execute("DELETE FROM progress_entry WHERE id = (SELECT min(id) FROM progress_entry)")
    laptop.execute("DELETE FROM submission WHERE id = (SELECT max(id) FROM submission)")
    record_inspection_with_findings(laptop, kind="open", title="防汛检查", started_on=date(2021, 7, 20), plan_id=1,
                                    inspectors=["陈静"], units=["区水利局"], findings=[], who="陈静")
    second = export_field_package(laptop, out=tmp_path / "2.dcbx")
    assert second["since_seq"] == first["through_seq"]
    records = read_package(tmp_path / "2.dcbx").records
    assert [r["title"] for r in records["inspections"]] == ["防汛检查"]
    assert records["tombstones"] == []
    assert not {"submissions", "reports", "bulletins"} & set(records)
    assert import_field_package(office, tmp_path / "2.dcbx").inserted == {"inspection": 1}
