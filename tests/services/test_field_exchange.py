"""Field laptop and office: packages merged by UUID, idempotent, conflicts left to the user, bad
packages refused with the database unchanged."""

import shutil
import time
import zipfile
from datetime import date

import pytest
from helpers import logical_dump

from duchaban.core.errors import DuchabanError
from duchaban.core.periods import utc_now_iso
from duchaban.formats.field_package import read_package
from duchaban.services.demo_inspections import demo_photo
from duchaban.services.field_exchange import export_field_package, import_field_package, preview_field_package
from duchaban.store.database import open_database
from duchaban.store.evidence import add_evidence, evidence_for, stored_path
from duchaban.store.inspections import follow_up, record_inspection_with_findings


@pytest.fixture
def office_and_laptop(sample_db_path, tmp_path):
    """The office database, and a laptop copy taken from it at ``since``."""
    laptop_path = tmp_path / "laptop" / "field.sqlite"
    laptop_path.parent.mkdir()
    shutil.copyfile(sample_db_path, laptop_path)
    shutil.copytree(f"{sample_db_path}.files", f"{laptop_path}.files")
    # Timestamps have whole seconds: keep the demo's rows, the copy and the field work apart.
    time.sleep(1.1)
    since = utc_now_iso()
    time.sleep(1.1)
    office, laptop = open_database(sample_db_path), open_database(laptop_path)
    yield office, laptop, since
    office.close()
    laptop.close()


def field_visit(laptop, tmp_path):
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(demo_photo(50, 40))
    inspection = record_inspection_with_findings(
        laptop, kind="unannounced", title="夜间暗访", started_on=date(2021, 7, 20), plan_id=1, inspectors=["陈静"],
        units=["区城市管理局"], confidential=False,
        findings=[{"unit": "区城市管理局", "description": "路灯损坏未修复", "reported_by": "陈静"},
                  {"unit": "区城市管理局", "description": "占道经营", "reported_by": "陈静"}], who="陈静").created
    finding_uuid = laptop.execute("SELECT uuid FROM finding WHERE description = '路灯损坏未修复'").fetchone()[0]
    add_evidence(laptop, path=photo, owner_kind="finding", owner_uuid=finding_uuid, who="陈静")
    return inspection, finding_uuid


def test_a_field_visit_merges_once_with_its_evidence(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    _, finding_uuid = field_visit(laptop, tmp_path)
    manifest = export_field_package(laptop, since=since, out=tmp_path / "外勤.dcbx", who="陈静")
    assert manifest["counts"]["inspections"] == 1 and manifest["counts"]["findings"] == 2
    report = import_field_package(office, tmp_path / "外勤.dcbx", who="王建国")
    assert report.inserted == {"inspection": 1, "finding": 2, "evidence": 1}
    [evidence] = evidence_for(office, owner_kind="finding", owner_uuid=finding_uuid)
    assert stored_path(office, evidence["sha256"], evidence["file_name"]).read_bytes() == demo_photo(50, 40)
    # The same package again changes nothing.
    before = logical_dump(office)
    again = import_field_package(office, tmp_path / "外勤.dcbx", who="王建国")
    assert not again.changed and again.unchanged["inspection"] == 1
    assert logical_dump(office) == before


def test_an_edit_made_only_in_the_field_is_taken(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    finding = laptop.execute("SELECT id, uuid FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()
    follow_up(laptop, finding_id=finding[0], text="已建立台账", on_date=date(2021, 7, 20), status="rectified",
              who="张伟")
    export_field_package(laptop, since=since, out=tmp_path / "p.dcbx")
    report = import_field_package(office, tmp_path / "p.dcbx")
    assert report.updated == {"finding": 1} and report.inserted == {"finding_followup": 1}
    assert office.execute("SELECT status FROM finding WHERE uuid = ?", [finding[1]]).fetchone()[0] == "rectified"


def test_an_edit_made_only_in_the_office_is_kept(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    finding = office.execute("SELECT id, uuid FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()
    follow_up(office, finding_id=finding[0], text="正在整改", on_date=date(2021, 7, 16), status="rectifying")
    # The laptop only adds a follow-up note without changing the status.
    laptop_id = laptop.execute("SELECT id FROM finding WHERE uuid = ?", [finding[1]]).fetchone()[0]
    follow_up(laptop, finding_id=laptop_id, text="电话督促", on_date=date(2021, 7, 18))
    export_field_package(laptop, since=since, out=tmp_path / "p.dcbx")
    report = import_field_package(office, tmp_path / "p.dcbx")
    assert report.kept_local == {"finding": 1} and report.inserted == {"finding_followup": 1}
    assert office.execute("SELECT status FROM finding WHERE uuid = ?", [finding[1]]).fetchone()[0] == "rectifying"


def test_the_same_finding_edited_on_both_sides_waits_for_a_decision(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    uuid_ = office.execute("SELECT uuid FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
    office_id = office.execute("SELECT id FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0]
    laptop_id = laptop.execute("SELECT id FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0]
    follow_up(office, finding_id=office_id, text="办公室:整改中", on_date=date(2021, 7, 16), status="rectifying")
    follow_up(laptop, finding_id=laptop_id, text="现场:已整改", on_date=date(2021, 7, 18), status="rectified")
    package = tmp_path / "p.dcbx"
    export_field_package(laptop, since=since, out=package)
    _, preview = preview_field_package(office, package)
    [conflict] = preview.conflicts
    assert conflict.uuid == uuid_ and conflict.differences()["status"] == ("rectifying", "rectified")
    before = logical_dump(office)
    with pytest.raises(DuchabanError, match="1 处两边都修改过的记录"):
        import_field_package(office, package)
    assert logical_dump(office) == before
    import_field_package(office, package, decisions={uuid_: "incoming"})
    assert office.execute("SELECT status FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0] == "rectified"
    texts = {r[0] for r in office.execute("SELECT text FROM finding_followup WHERE finding_id = ?", [office_id])}
    assert {"办公室:整改中", "现场:已整改"} <= texts   # both sides' notes are kept


def test_unannounced_records_travel_only_when_asked(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    record_inspection_with_findings(laptop, kind="unannounced", title="暗访背街小巷", started_on=date(2021, 7, 21),
                                    plan_id=1, units=["区城市管理局"],
                                    findings=[{"unit": "区城市管理局", "description": "垃圾外溢"}])
    plain = export_field_package(laptop, since=since, out=tmp_path / "a.dcbx")
    assert plain["counts"]["inspections"] == 0 and plain["counts"]["findings"] == 0
    full = export_field_package(laptop, since=since, out=tmp_path / "b.dcbx", include_confidential=True)
    assert full["counts"]["inspections"] == 1 and full["counts"]["findings"] == 1


def test_bad_packages_are_refused_and_change_nothing(office_and_laptop, tmp_path, fresh_db):
    office, laptop, since = office_and_laptop
    field_visit(laptop, tmp_path)
    good = tmp_path / "good.dcbx"
    export_field_package(laptop, since=since, out=good)
    not_zip = tmp_path / "x.dcbx"
    not_zip.write_bytes(b"hello")
    foreign = tmp_path / "foreign.dcbx"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("manifest.json", '{"format": "something-else"}')
        archive.writestr("records.json", "{}")
    tampered = tmp_path / "tampered.dcbx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b"!" if info.filename.startswith("files/") else data)
    before = logical_dump(office)
    for path, message in ((not_zip, "不是督查办交换包"), (foreign, "不是督查办交换包"), (tampered, "校验不符"),
                          (tmp_path / "none.dcbx", "文件不存在")):
        with pytest.raises(DuchabanError, match=message):
            import_field_package(office, path)
    assert logical_dump(office) == before
    # A package from another district's database names units this one does not have.
    with pytest.raises(DuchabanError, match="不在本数据库中"):
        import_field_package(fresh_db, good)
    assert fresh_db.execute("SELECT count(*) FROM inspection").fetchone()[0] == 0
    assert read_package(good).manifest["since"] == since


def test_cli_export_import_and_conflict_choices(office_and_laptop, tmp_path, capsys):
    from duchaban.cli import main

    office, laptop, since = office_and_laptop
    uuid_ = office.execute("SELECT uuid FROM finding WHERE description = '生态保护补偿台账缺失'").fetchone()[0]
    for db, text, status in ((office, "办公室", "rectifying"), (laptop, "现场", "rectified")):
        finding_id = db.execute("SELECT id FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0]
        follow_up(db, finding_id=finding_id, text=text, on_date=date(2021, 7, 18), status=status)
    laptop_file = laptop.execute("PRAGMA database_list").fetchone()[2]
    office_file = office.execute("PRAGMA database_list").fetchone()[2]
    package = tmp_path / "p.dcbx"
    assert main(["exchange", "export", "--db", laptop_file, "--since", since, "--out", str(package)]) == 0
    assert "已导出交换包" in capsys.readouterr().out
    assert main(["exchange", "import", "--db", office_file, str(package), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"冲突 {uuid_}" in out and "整改状态:整改中 / 已整改待核验" in out
    assert main(["exchange", "import", "--db", office_file, str(package)]) == 1
    assert "两边都修改过" in capsys.readouterr().err
    assert main(["exchange", "import", "--db", office_file, str(package), "--take", f"{uuid_}=local"]) == 0
    assert office.execute("SELECT status FROM finding WHERE uuid = ?", [uuid_]).fetchone()[0] == "rectifying"
    assert main(["exchange", "export", "--db", laptop_file, "--since", "七月", "--out", str(package)]) == 1
    assert "时间应写作" in capsys.readouterr().err


def test_evidence_removed_at_the_office_is_not_linked_again_by_a_package(office_and_laptop, tmp_path):
    from duchaban.store.evidence import remove_evidence

    office, laptop, since = office_and_laptop
    _, finding_uuid = field_visit(laptop, tmp_path)
    export_field_package(laptop, since=since, out=tmp_path / "外勤.dcbx", who="陈静")
    import_field_package(office, tmp_path / "外勤.dcbx", who="王建国")
    [evidence] = evidence_for(office, owner_kind="finding", owner_uuid=finding_uuid)
    remove_evidence(office, evidence_id=evidence["id"], owner_kind="finding", owner_uuid=finding_uuid, who="王建国")
    before = logical_dump(office)
    again = import_field_package(office, tmp_path / "外勤.dcbx", who="王建国")
    assert evidence_for(office, owner_kind="finding", owner_uuid=finding_uuid) == []
    assert again.kept_local == {"evidence": 1}
    assert logical_dump(office) == before


def _rewritten(good, target, edit_records=None, extra_entry=None):
    """A copy of the package ``good`` with its records changed by ``edit_records`` (or an entry added)."""
    import json

    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "records.json" and edit_records is not None:
                records = json.loads(data)
                edit_records(records)
                data = json.dumps(records, ensure_ascii=False).encode("utf-8")
            out.writestr(info.filename, data)
        if extra_entry is not None:
            out.writestr(*extra_entry)
    return target


def test_a_package_carrying_more_than_field_records_or_malformed_ones_is_refused(office_and_laptop, tmp_path):
    import warnings

    office, laptop, since = office_and_laptop
    field_visit(laptop, tmp_path)
    good = tmp_path / "good.dcbx"
    export_field_package(laptop, since=since, out=good)
    task = office.execute("SELECT uuid FROM task WHERE number = 1").fetchone()[0]
    smuggled = _rewritten(good, tmp_path / "units.dcbx", lambda r: r.update(units=[{"uuid": "x", "name": "区某局"}]))
    tombstone = _rewritten(good, tmp_path / "tomb.dcbx", lambda r: r["tombstones"].append(
        {"table": "task", "uuid": task, "deleted_at": "2021-07-21T00:00:00Z",
         "_version": {"revision": 9, "version": "f" * 32, "history": []}}))
    no_title = _rewritten(good, tmp_path / "notitle.dcbx", lambda r: r["inspections"][0].pop("title"))
    extra_field = _rewritten(good, tmp_path / "extra.dcbx", lambda r: r["findings"][0].update(severity="灾难级"))
    climbing = _rewritten(good, tmp_path / "climb.dcbx",
                          lambda r: r["evidence"][0].update(file_name="../../../../tmp/pwn.sh"))
    tomorrow = _rewritten(good, tmp_path / "tomorrow.dcbx", lambda r: r["findings"][0].update(deadline_on="明天"))
    blank = _rewritten(good, tmp_path / "blank.dcbx", lambda r: r["findings"][0].update(description=" "))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # zipfile warns about the duplicate name it is asked to write
        duplicate = _rewritten(good, tmp_path / "dup.dcbx", extra_entry=("records.json", "{}"))
    before = logical_dump(office)
    for path, message in ((smuggled, "外勤交换包不应带的记录"), (tombstone, "外勤交换包不应带的记录"),
                          (no_title, "记录不完整或有误"), (extra_field, "记录不完整或有误"),
                          (duplicate, "有同名的文件"), (climbing, "不是一个文件名"),
                          (tomorrow, "不是日期的日期.“明天”"), (blank, "没有问题描述的问题")):
        for attempt in (lambda p: preview_field_package(office, p), lambda p: import_field_package(office, p)):
            with pytest.raises(DuchabanError, match=message):
                attempt(path)
        assert logical_dump(office) == before, path.name
    with pytest.raises(DuchabanError, match="不在这个交换包中"):      # a mistyped --take
        import_field_package(office, good, decisions={"0000-not-in-it": "incoming"})
    assert logical_dump(office) == before
    import_field_package(office, good)        # the package as exported still merges


def _deleted_at_the_office_followed_up_in_the_field(office, laptop, since, tmp_path, **status):
    """The office deletes a finding the field then follows up (``status``: the finding changes too);
    the finding's uuid and the field's second package."""
    from duchaban.store.inspection_undo import remove_finding

    field_visit(laptop, tmp_path)
    finding_uuid = laptop.execute("SELECT uuid FROM finding WHERE description = '占道经营'").fetchone()[0]
    first = tmp_path / "first.dcbx"
    export_field_package(laptop, since=since, out=first)
    import_field_package(office, first)

    def finding_id(db):
        return db.execute("SELECT id FROM finding WHERE uuid = ?", [finding_uuid]).fetchone()[0]

    remove_finding(office, finding_id=finding_id(office), who="王建国")
    follow_up(laptop, finding_id=finding_id(laptop), text="外勤继续跟踪", on_date=date(2021, 7, 25), who="陈静",
              **status)
    second = tmp_path / "second.dcbx"
    export_field_package(laptop, since=since, out=second)
    return finding_uuid, second


def test_a_finding_deleted_here_and_followed_up_there_is_a_conflict_to_decide(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    finding_uuid, second = _deleted_at_the_office_followed_up_in_the_field(office, laptop, since, tmp_path,
                                                                          status="rectifying")
    before = logical_dump(office)
    _, preview = preview_field_package(office, second)
    assert [c.uuid for c in preview.conflicts] == [finding_uuid]     # listed, not hidden by the follow-up
    with pytest.raises(DuchabanError, match="两边都修改过"):
        import_field_package(office, second)
    assert logical_dump(office) == before
    import_field_package(office, second, decisions={finding_uuid: "incoming"})
    assert office.execute("SELECT count(*) FROM finding_followup fu JOIN finding f ON f.id = fu.finding_id"
                          " WHERE f.uuid = ? AND fu.text = '外勤继续跟踪'", [finding_uuid]).fetchone()[0] == 1


def test_a_follow_up_of_a_finding_deleted_here_is_kept_out_and_said(office_and_laptop, tmp_path):
    office, laptop, since = office_and_laptop
    # The finding itself is unchanged in the field: the office's deletion stands.
    finding_uuid, second = _deleted_at_the_office_followed_up_in_the_field(office, laptop, since, tmp_path)
    report = import_field_package(office, second)
    assert report.kept_local.get("finding_followup") == 1 and not report.conflicts
    assert office.execute("SELECT count(*) FROM finding WHERE uuid = ?", [finding_uuid]).fetchone()[0] == 0


def test_a_version_written_as_text_is_refused_as_such(office_and_laptop, tmp_path):
    import json

    office, laptop, since = office_and_laptop
    field_visit(laptop, tmp_path)
    good = tmp_path / "good.dcbx"
    export_field_package(laptop, since=since, out=good)
    odd = tmp_path / "odd.dcbx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(odd, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["version"] = "2"
                data = json.dumps(manifest).encode()
            out.writestr(info.filename, data)
    before = logical_dump(office)
    with pytest.raises(DuchabanError, match="版本号“2”有误"):
        import_field_package(office, odd)
    assert logical_dump(office) == before
