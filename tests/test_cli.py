"""The command line, run in-process as a user would type it, and once as a real process."""

import json
import subprocess
import sys
from datetime import date

import pytest
from docx import Document
from helpers import file_bytes

from duchaban.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_import_json_acceptance(capsys, tmp_path, sample_plan_path):
    db = tmp_path / "a.sqlite"
    code, out, _ = run(capsys, "plan", "import", str(sample_plan_path), "--db", str(db), "--json", "--accept-names")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"doc_number", "title", "sections", "tasks", "warnings"}
    assert result["doc_number"] == "梁平府办发〔2021〕12号"
    assert len([s for s in result["sections"] if len(s["path"]) == 1]) == 4
    assert len([s for s in result["sections"] if len(s["path"]) == 2]) == 20
    tasks = {t["number"]: t for t in result["tasks"]}
    assert sorted(tasks) == list(range(1, 157))
    assert all(t["lead"] for t in tasks.values())
    assert set(tasks[1]) == {"number", "text", "section", "lead", "responsible", "cooperating"}
    assert tasks[52]["lead"] == "工业园区管委会"
    assert "区经济信息委" in tasks[52]["responsible"]
    assert "双桂新城管委会" in tasks[84]["responsible"]
    assert tasks[153]["cooperating"] == ["区政府各部门", "各乡镇(街道)"]
    assert tasks[154]["responsible"] == ["区政府各部门", "各乡镇(街道)"]
    written_aliases = {"区经济信委", "双桂新城管委", "新城管委会"}
    for t in tasks.values():
        assert not written_aliases & {t["lead"], *t["responsible"], *t["cooperating"]}
    assert tasks[2]["section"] == ["“十四五”时期重点工作", "坚持大数据智能化赋能,区域创新高地引领绿色发展"]
    # The near misses are reported for the user to check.
    assert any("区经济信委" in w["message"] for w in result["warnings"])


def test_plan_import_on_demo_database_resolves_by_alias_silently(capsys, sample_db_path, sample_plan_path):
    before = file_bytes(sample_db_path)
    code, out, _ = run(capsys, "plan", "import", str(sample_plan_path), "--db", str(sample_db_path), "--json")
    assert code == 0
    assert json.loads(out)["warnings"] == []
    assert file_bytes(sample_db_path) == before


def test_plan_import_twice_reports_already_imported(capsys, tmp_path, sample_plan_path):
    db = tmp_path / "a.sqlite"
    assert run(capsys, "plan", "import", str(sample_plan_path), "--db", str(db), "--accept-names")[0] == 0
    before = file_bytes(db)
    code, out, _ = run(capsys, "plan", "import", str(sample_plan_path), "--db", str(db))
    assert code == 0 and "已导入过" in out
    assert file_bytes(db) == before


def test_dry_run_writes_nothing(capsys, sample_db_path, tmp_path):
    path = tmp_path / "2022.txt"
    path.write_text("2022年分解方案\n一、甲\n1.甲。\n责任单位:区科技局\n", encoding="utf-8")
    before = file_bytes(sample_db_path)
    code, out, _ = run(capsys, "plan", "import", str(path), "--dry-run", "--db", str(sample_db_path))
    assert code == 0 and "未写入" in out
    assert file_bytes(sample_db_path) == before
    code, _, _ = run(capsys, "plan", "import", str(path), "--dry-run", "--db", str(tmp_path / "none.sqlite"))
    assert code == 0 and not (tmp_path / "none.sqlite").exists()


def _other_layout_docx(path):
    doc = Document()
    doc.add_paragraph("会议纪要")
    doc.add_paragraph("一、会议听取了汇报。")
    doc.save(path)


BAD_INPUTS = {
    "empty.txt": (b"", "空文件"),
    "binary.txt": (bytes(range(256)) * 10, "二进制"),
    "no-tasks.txt": ("关于开展督查的通知\n一、总体要求\n各单位要高度重视。\n".encode(), "没有找到任何编号任务"),
    "duplicates.txt": ("2021年方案\n一、甲\n1.甲。\n责任单位:区科技局\n1.乙。\n责任单位:区科技局\n".encode(), "重复"),
    "scan.pdf": (b"%PDF-1.4 ...", "PDF"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS) + ["minutes.docx"])
def test_unusable_input_exits_nonzero_and_leaves_database_unchanged(capsys, sample_db_path, tmp_path, name):
    path = tmp_path / name
    if name == "minutes.docx":
        _other_layout_docx(path)
        message = "没有找到任何编号任务"
    else:
        content, message = BAD_INPUTS[name]
        path.write_bytes(content)
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path))
    assert code == 1
    assert message in err
    assert file_bytes(sample_db_path) == before


def test_gb18030_file_with_gaps_imports_with_warnings(capsys, sample_db_path, tmp_path):
    path = tmp_path / "gbk.txt"
    text = "2022年分解方案\n一、甲\n1.甲任务。\n责任单位:区科技局\n3.丙任务。\n责任单位:区经信委\n"
    path.write_bytes(text.encode("gb18030"))
    code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path), "--json")
    assert code == 0
    result = json.loads(out)
    assert [t["lead"] for t in result["tasks"]] == ["区科技局", "区经济信息委"]
    assert {"line": 5, "message": "任务编号不连续:缺少 2"} in result["warnings"]


def test_map_option_settles_an_ambiguous_name(capsys, sample_db_path, tmp_path):
    path = tmp_path / "2022.txt"
    path.write_text("2022年方案\n一、甲\n1.甲。\n责任单位:区某某新中心\n", encoding="utf-8")
    code, out, _ = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path),
                       "--map", "区某某新中心=区机关事务中心", "--json")
    assert code == 0
    assert json.loads(out)["tasks"][0]["lead"] == "区机关事务中心"


def test_bad_map_option(capsys, sample_db_path, sample_plan_path):
    code, _, err = run(capsys, "plan", "import", str(sample_plan_path), "--db", str(sample_db_path), "--map", "x")
    assert code == 1 and "--map" in err


def test_check_and_units_and_plans(capsys, sample_db_path):
    code, out, _ = run(capsys, "check", "--db", str(sample_db_path), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["counts"]["task"] == 156
    code, out, _ = run(capsys, "units", "list", "--db", str(sample_db_path), "--kind", "group", "--json")
    assert {u["name"] for u in json.loads(out)} >= {"各乡镇(街道)", "区政府各部门"}
    code, out, _ = run(capsys, "plan", "list", "--db", str(sample_db_path), "--json")
    assert [p["task_count"] for p in json.loads(out)] == [156]
    code, out, _ = run(capsys, "units", "alias", "区财政局", "区财政", "--db", str(sample_db_path))
    assert code == 0 and "区财政" in out


def test_check_on_missing_database(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--db", str(tmp_path / "none.sqlite"))
    assert code == 1 and "找不到数据库文件" in err


def test_db_before_the_subcommand_is_kept(capsys, sample_db_path):
    code, out, _ = run(capsys, "--db", str(sample_db_path), "check", "--json")
    assert code == 0 and json.loads(out)["counts"]["plan"] == 1


def test_demo_refuses_to_overwrite_without_force(capsys, sample_db_path):
    code, _, err = run(capsys, "demo", "--db", str(sample_db_path))
    assert code == 1 and "--force" in err
    code, out, _ = run(capsys, "demo", "--db", str(sample_db_path), "--force")
    assert code == 0 and "156" in out


def test_real_process_help_and_error_line(tmp_path):
    help_text = subprocess.run([sys.executable, "-m", "duchaban", "plan", "import", "--help"],
                               capture_output=True, text=True, encoding="utf-8")
    assert help_text.returncode == 0 and "--dry-run" in help_text.stdout
    failed = subprocess.run([sys.executable, "-m", "duchaban", "check", "--db", str(tmp_path / "x.sqlite")],
                            capture_output=True, text=True, encoding="utf-8")
    assert failed.returncode == 1
    assert failed.stderr.strip().count("\n") == 0 and "找不到数据库文件" in failed.stderr


def test_units_export_and_import(capsys, sample_db_path, tmp_path):
    path = tmp_path / "名录.xlsx"
    code, out, _ = run(capsys, "units", "export", str(path), "--db", str(sample_db_path))
    assert code == 0 and "单位 80 个" in out
    fresh = tmp_path / "fresh.sqlite"
    run(capsys, "check", "--db", str(sample_db_path))
    from duchaban.store.database import open_database
    open_database(fresh).close()
    code, out, _ = run(capsys, "units", "import", str(path), "--db", str(fresh))
    assert code == 0 and "新增单位 80 个" in out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    before = file_bytes(fresh)
    code, _, err = run(capsys, "units", "import", str(bad), "--db", str(fresh))
    assert code == 1 and "无法作为 Excel" in err
    assert file_bytes(fresh) == before


def test_templates_export_and_submissions_import(capsys, sample_db_path, tmp_path):
    from ledger_files import fill, template_for

    out = tmp_path / "q3"
    code, stdout, _ = run(capsys, "templates", "export", "--period", "2021Q3", "--out", str(out),
                          "--db", str(sample_db_path), "--unit", "区科技局", "--unit", "竹山镇")
    assert code == 0 and "台账模板 2 份" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["2021Q3-区科技局-工作台账.xlsx", "2021Q3-竹山镇-工作台账.xlsx"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    fill(template_for(out, "区科技局"), inbox / "科技局.xlsx", percent=70)
    (inbox / "坏文件.xlsx").write_bytes(b"PK\x03\x04broken")
    code, stdout, err = run(capsys, "submissions", "import", str(inbox), "--db", str(sample_db_path), "--json")
    result = json.loads(stdout)
    assert code == 1 and "拒收" in err
    assert {f["file"]: f["verdict"] for f in result["files"]} == {"科技局.xlsx": "accepted", "坏文件.xlsx": "rejected"}
    assert result["committed"] and result["entries_added"] > 0
    before = file_bytes(sample_db_path)
    code, stdout, _ = run(capsys, "submissions", "import", str(inbox / "科技局.xlsx"), "--db", str(sample_db_path))
    assert code == 0 and "已导入过" in stdout
    assert file_bytes(sample_db_path) == before


def test_submissions_wrong_period_and_dry_run(capsys, sample_db_path, tmp_path):
    from ledger_files import fill, template_for

    out = tmp_path / "q3"
    run(capsys, "templates", "export", "--period", "2021Q3", "--out", str(out), "--db", str(sample_db_path),
        "--unit", "区科技局")
    filled = fill(template_for(out, "区科技局"), tmp_path / "a.xlsx")
    before = file_bytes(sample_db_path)
    code, stdout, _ = run(capsys, "submissions", "import", str(filled), "--period", "2021Q4", "--db",
                          str(sample_db_path))
    assert code == 1 and "这是2021年第三季度的台账,本次导入的是2021年第四季度" in stdout
    code, stdout, _ = run(capsys, "submissions", "import", str(filled), "--dry-run", "--db", str(sample_db_path))
    assert code == 0 and "试导入" in stdout
    assert file_bytes(sample_db_path) == before


@pytest.mark.parametrize(
    "argv, message",
    [
        (["templates", "export", "--period", "2021Q5", "--out", "x"], "无法识别的报送周期"),
        (["templates", "export", "--period", "2021Q3", "--out", "x", "--unit", "不存在的局"], "单位名录中没有"),
        (["templates", "export", "--period", "2021Q3", "--out", "x", "--year", "2030"], "没有2030年的分解方案"),
        (["submissions", "import", "nowhere.xlsx"], "找不到"),
    ],
)
def test_ledger_commands_refuse_bad_arguments(capsys, sample_db_path, tmp_path, argv, message):
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, *argv, "--db", str(sample_db_path))
    assert code == 1 and message in err
    assert file_bytes(sample_db_path) == before


def test_draw_is_reproducible_and_recorded(capsys, sample_db_path):
    args = ("draw", "--kind", "units", "--count", "4", "--seed", "2021-07-双随机", "--unit-kind", "town",
            "--json", "--db", str(sample_db_path))
    code, out, _ = run(capsys, *args)
    first = json.loads(out)
    assert code == 0 and first["pool_size"] == 33 and len(first["chosen"]) == 4 and first["id"]
    second = json.loads(run(capsys, *args)[1])
    assert second["chosen"] == first["chosen"] and second["pool_sha256"] == first["pool_sha256"]
    excluded = json.loads(run(capsys, *args, "--exclude", first["chosen"][0])[1])
    assert excluded["pool_sha256"] != first["pool_sha256"] and first["chosen"][0] not in excluded["chosen"]
    tasks = json.loads(run(capsys, "draw", "--kind", "tasks", "--count", "5", "--dry-run", "--json",
                           "--db", str(sample_db_path))[1])
    assert tasks["id"] is None and len(tasks["seed"]) == 16 and len(tasks["chosen"]) == 5


def test_draw_more_than_the_pool(capsys, sample_db_path):
    code, _, err = run(capsys, "draw", "--kind", "units", "--count", "40", "--unit-kind", "town", "--db",
                       str(sample_db_path))
    assert code == 1 and "只有 33 个" in err


def test_inspect_add_and_list_hides_unannounced(capsys, sample_db_path):
    code, out, _ = run(capsys, "inspect", "add", "--kind", "open", "--title", "二季度面上督查", "--date", "2021-06-10",
                       "--unit", "区科技局", "--task", "2", "--inspector", "张伟", "--db", str(sample_db_path))
    assert code == 0 and "已记录督查" in out
    run(capsys, "inspect", "add", "--kind", "unannounced", "--title", "夜间暗访", "--date", "2021-06-20",
        "--unit", "竹山镇", "--db", str(sample_db_path))
    listed = [r["title"] for r in json.loads(run(capsys, "inspect", "list", "--json", "--db",
                                                 str(sample_db_path))[1])]
    assert "二季度面上督查" in listed and "夜间暗访" not in listed and "城市管理暗访检查" not in listed
    everything = [r["title"] for r in json.loads(run(capsys, "inspect", "list", "--json", "--include-confidential",
                                                     "--db", str(sample_db_path))[1])]
    assert {"夜间暗访", "城市管理暗访检查", "二季度面上督查"} <= set(everything)
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "inspect", "add", "--kind", "open", "--title", "x", "--date", "2021-13-01",
                       "--db", str(sample_db_path))
    assert code == 1 and "日期" in err and file_bytes(sample_db_path) == before


def test_close_a_task_with_evidence_and_a_verifier_then_reopen(capsys, sample_db_path, tmp_path):
    report = tmp_path / "验收报告.pdf"
    report.write_bytes(b"%PDF-1.4 acceptance report")
    base = ("--db", str(sample_db_path), "--operator", "张伟")
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "close", "59", "--verifier", "陈静", *base)
    assert code == 1 and "佐证材料" in err and file_bytes(sample_db_path) == before
    code, _, err = run(capsys, "close", "59", "--verifier", "张伟", "--evidence", str(report), *base)
    assert code == 1 and "核验人不能是申请销号的人" in err and file_bytes(sample_db_path) == before
    code, out, _ = run(capsys, "close", "59", "--verifier", "陈静", "--evidence", str(report), *base)
    assert code == 0 and "已销号" in out
    from duchaban.store.browse import task_rows, task_verdict
    from duchaban.store.database import open_database

    db = open_database(sample_db_path)
    row = next(r for r in task_rows(db, plan_id=1) if r["number"] == 59)
    assert task_verdict(row, date(2021, 7, 15)).code == "closed"
    db.close()
    code, _, err = run(capsys, "close", "59", "--verifier", "陈静", "--evidence", str(report), *base)
    assert code == 1 and "已销号" in err
    code, out, _ = run(capsys, "close", "59", "--reopen", "复核发现未完成", *base)
    assert code == 0 and "撤销" in out


@pytest.mark.parametrize("words, db, exit_when", [
    ([], None, None),
    (["--db", "办公室.dcb"], "办公室.dcb", None),
    (["--exit-when", "painted", "--db", "a.dcb"], "a.dcb", "painted"),
])
def test_the_window_options_are_read_without_the_commands(words, db, exit_when):
    from duchaban.cli import _parse, cmd_gui

    args = _parse(words)
    assert args.handler is cmd_gui and args.db == db and args.exit_when == exit_when


@pytest.mark.parametrize("words, message", [
    (["demp"], "无效的选项值 'demp'"),                      # a mistyped command is named as such
    (["--exit-when", "soon"], "无效的选项值 'soon'"),
    (["--db"], "需要一个值"),
])
def test_bad_window_options_get_one_message_from_the_full_parser(capsys, words, message):
    with pytest.raises(SystemExit) as stop:
        main(words)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count(":错误:") == 1 and message in err and "子命令 ..." in err


def test_units_alias_that_is_another_units_name_but_for_a_space(capsys, sample_db_path):
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "units", "alias", "区发展改革委", "区 财政局", "--db", str(sample_db_path))
    assert code == 1 and "“区 财政局”是另一个单位的正式名称(与“区财政局”只差空格或标点)" in err
    assert file_bytes(sample_db_path) == before


def test_units_alias_for_a_unit_written_by_its_alias_names_the_unit(capsys, sample_db_path):
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "units", "alias", "区发改委", "发改", "--db", str(sample_db_path))
    assert code == 1 and "单位名录中没有“区发改委”:它是“区发展改革委”的别名,请写单位的正式名称“区发展改革委”" in err
    assert file_bytes(sample_db_path) == before
