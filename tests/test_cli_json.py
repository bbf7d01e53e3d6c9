"""Every command's `--json`, run as a user would on a copy of the demo database: the keys are the
documented ones, the values are what the database holds, and a listing changes nothing."""

import ast
import json
from pathlib import Path

import pytest
from helpers import file_bytes

import duchaban
from duchaban.cli import main

CLI = Path(duchaban.__file__).parent / "cli.py"


def run_json(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def keys_of(rows: list[dict]) -> set[str]:
    assert rows, "expected rows to check the keys of"
    shapes = {frozenset(row) for row in rows}
    assert len(shapes) == 1, shapes
    return set(next(iter(shapes)))


LISTINGS = [
    (["plan", "list"], {"id", "uuid", "year", "doc_number", "title", "task_count"}),
    (["units", "list"], {"name", "kind", "aliases"}),
    (["staff", "list"], {"id", "uuid", "name", "title", "phone", "is_inspector", "active", "aliases", "typed_name"}),
    (["inspect", "list", "--include-confidential"],
     {"id", "uuid", "kind", "title", "state", "started_on", "planned_on", "confidential", "units", "inspectors",
      "finding_count"}),
    (["finding", "list"], {"id", "uuid", "inspection_id", "unit_name", "task_number", "description", "status",
                           "deadline_on", "reporter", "evidence_count", "overdue", "override_reason"}),
]


@pytest.mark.parametrize("argv, keys", LISTINGS, ids=[" ".join(a) for a, _ in LISTINGS])
def test_a_listing_has_its_documented_keys_and_changes_nothing(capsys, sample_db_path, argv, keys):
    before = file_bytes(sample_db_path)
    rows = run_json(capsys, *argv, "--db", str(sample_db_path), "--json")
    assert keys_of(rows) == keys
    assert file_bytes(sample_db_path) == before


def test_listings_hold_the_demo_content(capsys, sample_db_path):
    db = str(sample_db_path)
    plans = run_json(capsys, "plan", "list", "--db", db, "--json")
    assert [(p["year"], p["task_count"]) for p in plans] == [(2021, 156)]
    units = run_json(capsys, "units", "list", "--db", db, "--json", "--kind", "town")
    assert units and {u["kind"] for u in units} == {"town"}
    staff = {p["name"]: p for p in run_json(capsys, "staff", "list", "--db", db, "--json")}
    assert staff["王建国"]["title"] == "督查办主任" and isinstance(staff["王建国"]["aliases"], list)
    everyone = run_json(capsys, "inspect", "list", "--db", db, "--json", "--include-confidential")
    public = run_json(capsys, "inspect", "list", "--db", db, "--json")
    assert len(public) < len(everyone) and not any(i["confidential"] for i in public)
    findings = run_json(capsys, "finding", "list", "--db", db, "--json")
    assert sum(i["finding_count"] for i in everyone) == len(findings)


def test_office_show(capsys, sample_db_path, tmp_path):
    assert run_json(capsys, "office", "show", "--db", str(sample_db_path), "--json") == {
        "name": "梁平区人民政府督查办公室", "district": "梁平区"}
    empty = tmp_path / "new.sqlite"
    main(["office", "set", "--db", str(empty), "--district", "巫溪县"])
    capsys.readouterr()
    assert run_json(capsys, "office", "show", "--db", str(empty), "--json") == {
        "name": "巫溪县人民政府督查办公室", "district": "巫溪县"}


def test_demo(capsys, tmp_path):
    path = tmp_path / "demo.sqlite"
    summary = run_json(capsys, "demo", "--db", str(path), "--json")
    assert set(summary) == {"path", "tasks", "units", "staff", "submissions", "inspections", "findings"}
    assert summary["path"] == str(path) and summary["tasks"] == 156 and summary["staff"] == 5
    plans = run_json(capsys, "plan", "list", "--db", str(path), "--json")
    assert plans[0]["task_count"] == summary["tasks"]
    units = run_json(capsys, "units", "list", "--db", str(path), "--json")
    assert len([u for u in units if u["kind"] != "group"]) == summary["units"]


def test_draw(capsys, sample_db_path):
    before = file_bytes(sample_db_path)
    drawn = run_json(capsys, "draw", "--kind", "units", "--count", "3", "--inspectors", "2", "--seed", "s1",
                     "--dry-run", "--db", str(sample_db_path), "--json")
    assert set(drawn) == {"id", "kind", "seed", "pool_sha256", "pool_size", "excluded", "chosen", "inspectors"}
    assert drawn["id"] is None and drawn["kind"] == "units" and drawn["seed"] == "s1" and len(drawn["chosen"]) == 3
    assert set(drawn["inspectors"]) == {"id", "chosen", "passed_over"} and len(drawn["inspectors"]["chosen"]) == 2
    assert file_bytes(sample_db_path) == before
    tasks = run_json(capsys, "draw", "--kind", "tasks", "--count", "2", "--seed", "s1", "--db", str(sample_db_path),
                     "--json")
    assert tasks["kind"] == "tasks" and isinstance(tasks["id"], int) and tasks["inspectors"] is None
    assert tasks["pool_size"] == 156


def test_assess(capsys, sample_db_path):
    scores = run_json(capsys, "assess", "--db", str(sample_db_path), "--json")
    assert keys_of(scores) == {"unit", "total", "base", "parts", "detail"}
    assert [s["total"] for s in scores] == sorted((s["total"] for s in scores), reverse=True)
    lines = [line for s in scores for line in s["detail"]]
    assert keys_of(lines) == {"code", "ref", "text", "points"}
    for s in scores:
        assert s["total"] == pytest.approx(s["base"] + sum(s["parts"].values()))


def test_check(capsys, sample_db_path):
    report = run_json(capsys, "check", "--db", str(sample_db_path), "--json")
    assert set(report) == {"ok", "problems", "notes", "counts", "schema_version", "journal_mode"}
    assert report["ok"] is True and report["problems"] == []


def test_submissions_import_dry_run(capsys, sample_db_path, tmp_path):
    db = str(sample_db_path)
    out = tmp_path / "模板"
    assert main(["templates", "export", "--period", "2021Q3", "--out", str(out), "--unit", "区发展改革委",
                 "--db", db]) == 0
    capsys.readouterr()
    before = file_bytes(sample_db_path)
    # A template sent back as it went out is refused (nothing filled in); the JSON says so per file.
    assert main(["submissions", "import", str(out), "--period", "2021Q3", "--dry-run", "--db", db, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"files", "committed", "entries_added", "entries_changed"}
    assert result["committed"] is False
    assert keys_of(result["files"]) == {"file", "verdict", "unit", "period", "tasks", "messages", "changes", "adds",
                                        "updates"}
    (file,) = result["files"]
    assert (file["unit"], file["period"], file["verdict"]) == ("区发展改革委", "2021Q3", "rejected")
    assert any("与上期完全相同" in m for m in file["messages"])
    assert file_bytes(sample_db_path) == before


def test_bulletin_list(capsys, sample_db_path, tmp_path):
    db = str(sample_db_path)
    assert run_json(capsys, "bulletin", "--list", "--db", db, "--json") == []
    assert main(["bulletin", "--period", "2021Q2", "--out", str(tmp_path / "通报.docx"), "--db", db]) == 0
    capsys.readouterr()
    rows = run_json(capsys, "bulletin", "--list", "--db", db, "--json")
    assert keys_of(rows) == {"id", "uuid", "plan_id", "year", "issue_no", "period_code", "generated_at",
                             "generated_by", "include_confidential", "docx_name", "xlsx_name", "kind", "topic",
                             "replaces", "replaced_at"}
    assert (rows[0]["issue_no"], rows[0]["period_code"], rows[0]["kind"]) == (1, "2021Q2", "period")


def test_exchange_import_dry_run(capsys, sample_db_path, tmp_path):
    package = tmp_path / "外勤.dcbx"
    assert main(["exchange", "export", "--all", "--out", str(package), "--db", str(sample_db_path)]) == 0
    capsys.readouterr()
    report = run_json(capsys, "exchange", "import", str(package), "--dry-run", "--db", str(sample_db_path), "--json")
    assert set(report) == {"inserted", "updated", "deleted", "unchanged", "kept_local", "conflicts"}
    assert report["inserted"] == {} and report["conflicts"] == []


def test_units_load_export_and_import(capsys, sample_db_path, tmp_path):
    from duchaban.assets import SAMPLE_UNITS, resource_path

    fresh = tmp_path / "new.sqlite"
    loaded = run_json(capsys, "units", "load", str(resource_path(SAMPLE_UNITS)), "--db", str(fresh), "--json")
    assert set(loaded) == {"source", "added", "notes", "kinds_guessed"}
    assert loaded["source"] == str(resource_path(SAMPLE_UNITS)) and "区发展改革委" in loaded["added"]
    book = tmp_path / "名录.xlsx"
    exported = run_json(capsys, "units", "export", str(book), "--db", str(sample_db_path), "--json")
    assert set(exported) == {"file", "units", "contacts", "staff"}
    assert exported["file"] == str(book) and exported["staff"] == 5
    imported = run_json(capsys, "units", "import", str(book), "--db", str(fresh), "--json")
    assert set(imported) == {"file", "units_added", "units_changed", "aliases_added", "contacts_added",
                             "contacts_changed", "staff_added", "staff_changed", "kinds_guessed", "changes", "notes"}
    assert imported["file"] == str(book) and imported["staff_added"] == exported["staff"]
    assert imported["kinds_guessed"] == []
    listed = run_json(capsys, "units", "list", "--db", str(fresh), "--json")
    assert {u["name"] for u in listed} >= set(loaded["added"]) | set(imported["units_added"])


def test_templates_export(capsys, sample_db_path, tmp_path):
    out = tmp_path / "模板"
    result = run_json(capsys, "templates", "export", "--period", "2021年第三季度", "--out", str(out),
                      "--unit", "区发展改革委", "--unit", "区财政局", "--db", str(sample_db_path), "--json")
    assert set(result) == {"period", "folder", "files"}
    assert result["period"] == "2021Q3" and result["folder"] == str(out)
    assert sorted(result["files"]) == sorted(p.name for p in out.iterdir())
    assert sorted(result["files"]) == ["2021Q3-区发展改革委-工作台账.xlsx", "2021Q3-区财政局-工作台账.xlsx"]


def test_bulletin_issue_and_reissue(capsys, sample_db_path, tmp_path):
    db = str(sample_db_path)
    issued = run_json(capsys, "bulletin", "--period", "2021Q2", "--out", str(tmp_path / "通报.docx"), "--db", db,
                      "--json")
    assert set(issued) == {"id", "year", "issue_no", "kind", "period", "docx", "xlsx", "pdf", "font_notes"}
    assert (issued["year"], issued["issue_no"], issued["kind"], issued["period"]) == (2021, 1, "period", "2021Q2")
    assert Path(issued["docx"]).is_file() and Path(issued["xlsx"]).is_file() and issued["pdf"] is None
    again = run_json(capsys, "bulletin", "--reissue", "1", "--out", str(tmp_path / "再次.docx"), "--db", db, "--json")
    assert (again["id"], again["issue_no"], again["period"]) == (issued["id"], 1, "2021Q2")
    assert Path(again["docx"]).name == "再次.docx"


def test_recording_an_inspection_its_finding_and_their_close_outs(capsys, sample_db_path, tmp_path):
    db = ["--db", str(sample_db_path), "--json"]
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    inspection = run_json(capsys, "inspect", "add", "--kind", "open", "--title", "七月面上督查", "--date", "2021-07-20",
                          "--unit", "区发展改革委", "--inspector", "张伟", "--task", "1", *db)
    assert set(inspection) == {"kind", "id", "changed"} and inspection["kind"] == "inspection"
    assert inspection["id"] in {i["id"] for i in run_json(capsys, "inspect", "list", *db)}
    finding = run_json(capsys, "finding", "add", "--inspection", str(inspection["id"]), "--unit", "区发展改革委",
                       "--text", "台账不全", "--reported-by", "张伟", "--deadline", "15日内", *db)
    assert finding["kind"] == "finding"
    followed = run_json(capsys, "finding", "follow", str(finding["id"]), "--text", "已补齐", "--status", "已整改待核验",
                        *db)
    assert followed == {"kind": "follow_up", "id": finding["id"], "changed": True}
    closed = run_json(capsys, "finding", "close", str(finding["id"]), "--verifier", "李秀梅", "--evidence", str(photo),
                      *db)
    assert closed == {"kind": "finding_closed", "id": finding["id"], "changed": True}
    listed = {f["id"]: f for f in run_json(capsys, "finding", "list", *db)}
    assert listed[finding["id"]]["status"] == "closed" and listed[finding["id"]]["evidence_count"] == 1
    task = run_json(capsys, "close", "1", "--verifier", "李秀梅", "--evidence", str(photo), "--override", "已现场核实",
                    "--operator", "王建国", *db)
    assert task == {"kind": "task_closed", "id": 1, "changed": True}
    reopened = run_json(capsys, "close", "1", "--reopen", "核实有误", *db)
    assert reopened == {"kind": "task_reopened", "id": 1, "changed": True}


def test_aliases_and_people(capsys, sample_db_path):
    db = ["--db", str(sample_db_path), "--json"]
    alias = run_json(capsys, "units", "alias", "区发展改革委", "发改委", *db)
    assert set(alias) == {"kind", "id", "changed"} and alias["kind"] == "unit_alias" and alias["changed"] is True
    assert run_json(capsys, "units", "alias", "区发展改革委", "发改委", *db)["changed"] is False
    units = {u["name"]: u for u in run_json(capsys, "units", "list", *db)}
    assert "发改委" in units["区发展改革委"]["aliases"]
    added = run_json(capsys, "staff", "add", "赵敏", "--title", "科员", "--alias", "小赵", *db)
    assert added["kind"] == "staff"
    people = {p["id"]: p for p in run_json(capsys, "staff", "list", *db)}
    assert people[added["id"]]["name"] == "赵敏" and people[added["id"]]["aliases"] == ["小赵"]
    assert run_json(capsys, "staff", "alias", "赵敏", "敏敏", *db) == {"kind": "staff_alias", "id": added["id"],
                                                                       "changed": True}
    merged = run_json(capsys, "staff", "merge", "赵敏", "刘洋", *db)
    kept = next(p for p in run_json(capsys, "staff", "list", *db) if p["name"] == "刘洋")
    assert merged == {"kind": "staff_merged", "id": kept["id"], "changed": True}
    assert "赵敏" in kept["aliases"] and added["id"] not in {p["id"] for p in run_json(capsys, "staff", "list", *db)}


# --- cli.py writes no JSON shape of its own -------------------------------------------------------

_PRINTERS = {"_print_json", "_show", "dumps", "dump", "print_json"}
_SHAPES = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)


def _inline_shapes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in _PRINTERS and any(isinstance(a, _SHAPES) for a in node.args):
                found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_cli_prints_typed_results_not_json_shapes_of_its_own():
    text = CLI.read_text(encoding="utf-8")
    assert "json.dumps({" not in text and "json.dumps([" not in text
    assert _inline_shapes(text) == []
    # json.dumps appears once: in the one printer every --json goes through.
    assert text.count("json.dumps(") == 1


@pytest.mark.parametrize("source", [
    '_print_json({"a": 1})',
    '_print_json([r["id"] for r in rows])',
    'print(json.dumps({"name": name}))',
    '_print_json({m.name: m.to_json() for m in results})',
])
def test_the_shape_check_sees_inline_shapes(source):
    assert _inline_shapes(source)


def test_the_shape_check_passes_typed_results():
    assert _inline_shapes("_print_json(result.to_json())\n_show(plan_list(db), as_json=True)") == []
