"""A year's work through the program's own write paths leaves data that agrees with its log: `check`
raises no false alarm (a row the program wrote without logging it would read as tampering)."""

from __future__ import annotations

import shutil
import time
from datetime import date

from ledger_files import fill, template_for

from duchaban.core.periods import utc_now_iso
from duchaban.core.plan import Indicator
from duchaban.formats.ledger_import import import_submissions
from duchaban.formats.ledger_template import export_templates
from duchaban.formats.official_fonts import choose_fonts
from duchaban.services.bulletin import draft_bulletin, issue_bulletin
from duchaban.services.demo_inspections import demo_photo
from duchaban.services.field_exchange import export_field_package, import_field_package
from duchaban.services.plan_import import commit_plan_import, preview_plan_file
from duchaban.services.random_draw import random_draw, unit_pool
from duchaban.store.assessment import assess, save_rule_set
from duchaban.store.check import check_database
from duchaban.store.contacts import update_contact
from duchaban.store.data_check import outside_change_messages
from duchaban.store.database import open_database
from duchaban.store.evidence import add_evidence
from duchaban.store.inspections import (
    close_finding,
    close_task,
    follow_up,
    record_inspection_with_findings,
    reopen_finding,
    reopen_task,
)
from duchaban.store.recusals import add_recusal, remove_recusal
from duchaban.store.staff import add_staff, add_staff_alias, set_password, update_staff
from duchaban.store.staff_merge import merge_staff
from duchaban.store.task_edits import change_task, change_task_indicators, change_task_units
from duchaban.store.tasks import task_id_by_number
from duchaban.store.undo import undo_change
from duchaban.store.unit_edits import (
    add_unit_alias,
    add_unit_contact,
    change_group_members,
    change_unit,
    create_unit,
    merge_unit_into,
    remove_unit,
    remove_unit_alias,
    remove_unit_contact,
)
from duchaban.store.units import unit_id_by_name

WHO = "张伟"


def assert_agrees(db) -> None:
    assert outside_change_messages(db) == []
    report = check_database(db)
    assert report.ok, report.problems


def test_every_write_path_leaves_data_that_agrees_with_its_log(sample_db_path, sample_plan_path, tmp_path):
    laptop_path = tmp_path / "laptop" / "field.sqlite"
    laptop_path.parent.mkdir()
    shutil.copyfile(sample_db_path, laptop_path)
    shutil.copytree(f"{sample_db_path}.files", f"{laptop_path}.files")
    time.sleep(1.1)
    since = utc_now_iso()
    time.sleep(1.1)
    db = open_database(sample_db_path)
    assert_agrees(db)

    # Plan re-import: a task reworded.
    revised = sample_plan_path.read_text(encoding="utf-8").replace("155.严格管好用好公共资金",
                                                                   "155.严格管好用好各类公共资金")
    (tmp_path / "revised.txt").write_text(revised, encoding="utf-8")
    commit_plan_import(db, preview_plan_file(db, tmp_path / "revised.txt"), who=WHO)
    assert_agrees(db)

    # Ledgers returned and imported, then a corrected one.
    export_templates(db, plan_id=1, period_code="2021Q3", out_dir=tmp_path / "templates",
                     unit_ids=[unit_id_by_name(db, "区科技局")])
    import_submissions(db, [fill(template_for(tmp_path / "templates", "区科技局"), tmp_path / "a.xlsx", percent=30)],
                       who=WHO)
    import_submissions(db, [fill(template_for(tmp_path / "templates", "区科技局"), tmp_path / "b.xlsx", percent=45)],
                       who=WHO)
    assert_agrees(db)

    # Task edits.
    task = task_id_by_number(db, 1, 47)
    change_task(db, task_id=task, note="区政府常务会议要求提前完成", who=WHO)
    change_task_indicators(db, task_id=task, indicators=[Indicator("增长 8%", 8.0, "%", ">=")], who=WHO)
    change_task_units(db, task_id=task, assignments=[(unit_id_by_name(db, "区发展改革委"), "lead"),
                                                       (unit_id_by_name(db, "区科技局"), "cooperating")], who=WHO)
    assert_agrees(db)

    # Inspections, findings, follow-ups, evidence, close-outs and reopening.
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(demo_photo(40, 30))
    inspection = record_inspection_with_findings(
        db, kind="open", title="三季度面上督查", started_on=date(2021, 9, 10), plan_id=1, inspectors=["陈静"],
        units=["区城市管理局"], task_numbers=[47],
        findings=[{"unit": "区城市管理局", "description": "台账未按月更新", "reported_by": "陈静"}], who=WHO).created
    finding = db.execute("SELECT id, uuid FROM finding WHERE inspection_id = ?", [inspection]).fetchone()
    follow_up(db, finding_id=finding[0], text="已督促整改", on_date=date(2021, 9, 15), status="rectified", who=WHO)
    add_evidence(db, path=photo, owner_kind="inspection",
                 owner_uuid=db.execute("SELECT uuid FROM inspection WHERE id = ?", [inspection]).fetchone()[0], who=WHO)
    verifier = db.execute("SELECT id FROM staff WHERE name = '张伟'").fetchone()[0]
    close_finding(db, finding_id=finding[0], verifier_id=verifier, closed_on=date(2021, 9, 20), evidence_paths=[photo],
                  who=WHO)
    reopen_finding(db, finding_id=finding[0], reason="复查发现反弹", who=WHO)
    close_task(db, task_id=task, verifier_id=verifier, closed_on=date(2021, 9, 30), requested_by="陈静",
               evidence_paths=[photo], override_reason="经主任同意", who=WHO)
    reopen_task(db, task_id=task, reason="指标口径调整", who=WHO)
    random_draw(db, pool=unit_pool(db, plan_id=1), count=2, seed="2021-09", who=WHO)
    assert_agrees(db)

    # Directory edits, merges and their undo.
    unit = create_unit(db, name="区营商环境局", kind="department", aliases=["区营商局"], who=WHO).created
    change_unit(db, unit_id=unit, note="2021年新设", who=WHO)
    add_unit_alias(db, unit_id=unit, alias="营商环境局", who=WHO)
    remove_unit_alias(db, alias="营商环境局", who=WHO)
    contact = add_unit_contact(db, unit_id=unit, name="钱多", who=WHO).created
    update_contact(db, contact_id=contact, phone="13800000000", who=WHO)
    undo_change(db, remove_unit_contact(db, contact_id=contact, who=WHO), who=WHO)
    target = unit_id_by_name(db, "区经济信息委")
    undo_change(db, merge_unit_into(db, source_id=unit, target_id=target, who=WHO), who=WHO)
    undo_change(db, remove_unit(db, unit_id=unit, who=WHO), who=WHO)
    group = db.execute("SELECT id FROM unit WHERE kind = 'group' LIMIT 1").fetchone()[0]
    change_group_members(db, group_id=group, member_ids=[target, unit], who=WHO)
    staff = add_staff(db, name="李四", title="科员", who=WHO)
    update_staff(db, staff_id=staff, phone="13900000000", who=WHO)
    set_password(db, staff_id=staff, password="督查2021", who=WHO)
    add_staff_alias(db, staff_id=staff, alias="小李", who=WHO)
    add_recusal(db, staff="李四", unit="区城市管理局", reason="曾在该单位工作", who=WHO)
    remove_recusal(db, staff="李四", unit="区城市管理局", who=WHO)
    merge_staff(db, staff_id=add_staff(db, name="李思", who=WHO), into_id=staff, who=WHO)
    assert_agrees(db)

    # Assessment and a bulletin.
    scores, rules = assess(db, plan_id=1, measured_on=date(2021, 9, 30))
    save_rule_set(db, plan_id=1, rules=rules, scores=scores, who=WHO)
    draft = draft_bulletin(db, plan_id=1, period_code="2021Q2")
    issue_bulletin(db, draft, docx=tmp_path / "通报.docx", who=WHO, fonts=choose_fonts(set()))
    assert_agrees(db)

    # Field work on the laptop, merged into the office.
    laptop = open_database(laptop_path)
    visit = record_inspection_with_findings(
        laptop, kind="unannounced", title="夜间暗访", started_on=date(2021, 7, 20), plan_id=1, inspectors=["陈静"],
        units=["区城市管理局"], confidential=False,
        findings=[{"unit": "区城市管理局", "description": "路灯损坏未修复", "reported_by": "陈静"}], who="陈静").created
    add_evidence(laptop, path=photo, owner_kind="inspection",
                 owner_uuid=laptop.execute("SELECT uuid FROM inspection WHERE id = ?", [visit]).fetchone()[0],
                 who="陈静")
    export_field_package(laptop, since=since, out=tmp_path / "外勤.dcbx", who="陈静")
    assert_agrees(laptop)
    laptop.close()
    import_field_package(db, tmp_path / "外勤.dcbx", who=WHO)
    assert_agrees(db)
    db.close()
