"""How records-v2.sql was made: run with the release before schema 3 (main at f389a71), e.g.
    cd /work/main && .venv/bin/python tests/data/make_v2_records.py OUT.sqlite tests/data/tiny-plan.txt
then dump its rows after that release's db/schema.sql (see the header of records-v2.sql)."""

import sys
from datetime import date
from pathlib import Path

from duchaban.services.bulletin import draft_bulletin, issue_bulletin
from duchaban.services.plan_import import commit_plan_import, preview_plan_file
from duchaban.store.database import open_database
from duchaban.store.evidence import add_evidence
from duchaban.store.inspections import add_finding, close_finding, close_task, get_finding, record_inspection
from duchaban.store.staff import add_staff

out = Path(sys.argv[1])
db = open_database(out)
preview = preview_plan_file(db, Path(sys.argv[2]))
commit_plan_import(db, preview, who="王建国")
add_staff(db, name="王建国", who="王建国")
add_staff(db, name="李秀梅", who="王建国")
insp = record_inspection(db, kind="open", title="一季度面上督查", started_on=date(2021, 3, 20),
                         inspectors=["王建国", "李秀梅"], units=["区发展改革委"], who="王建国")
f1 = add_finding(db, inspection_id=insp, unit="区发展改革委", description="台账不全", reported_by="张三", who="王建国")
f2 = add_finding(db, inspection_id=insp, unit="区发展改革委", description="进度滞后", reported_by="李秀梅",
                 who="王建国")
ev = out.parent / "photo.txt"
ev.write_text("现场照片说明", encoding="utf-8")
add_evidence(db, path=ev, owner_kind="finding", owner_uuid=get_finding(db, f1)["uuid"], who="王建国")
close_finding(db, finding_id=f1, verifier="李秀梅", closed_on=date(2021, 4, 2), opinion="已整改", who="王建国")
task_id = db.execute("SELECT id FROM task WHERE number = 1").fetchone()[0]
close_task(db, task_id=task_id, verifier=" 赵六 ", closed_on=date(2021, 4, 3), requested_by="王建国",
           evidence_paths=[ev], who="王建国")
plan_id = db.execute("SELECT id FROM plan").fetchone()[0]
for n in (1, 2):
    draft = draft_bulletin(db, plan_id=plan_id, period_code="2021Q1")
    issue_bulletin(db, draft, docx=out.parent / f"b{n}.docx", who="王建国")
db.close()
