"""Recording inspections from the command line on a fresh database: staff, inspections, findings
and close-outs, people given by name or alias, and honest close-outs (an override reason when the
ledger or rectification does not say done)."""

import json

import pytest
from helpers import file_bytes, restore_records_v2

from duchaban.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def evidence(tmp_path):
    path = tmp_path / "整改照片.jpg"
    path.write_bytes(b"\xff\xd8\xff photo")
    return str(path)


def test_a_fresh_database_records_an_inspection_and_closes_with_and_without_override(
        capsys, tmp_path, data_dir, evidence):
    db = tmp_path / "新.dcb"
    base = ("--db", str(db), "--operator", "王建国")
    assert run(capsys, "plan", "import", str(data_dir / "tiny-plan.txt"), *base, "--accept-names")[0] == 0
    code, out, _ = run(capsys, "staff", "add", "王建国", "--title", "主任", "--alias", "小王", *base)
    assert code == 0 and out.strip() == "已添加工作人员 王建国(别名:小王)"
    assert run(capsys, "staff", "add", "李秀梅", *base)[0] == 0
    code, out, _ = run(capsys, "inspect", "add", "--kind", "面上督查", "--title", "一季度面上督查", "--date",
                       "2021-03-20", "--unit", "区科技局", "--task", "2", "--inspector", "小王",
                       "--inspector", "李秀梅", *base)
    assert code == 0 and "已记录督查 1" in out
    [listed] = json.loads(run(capsys, "inspect", "list", "--json", *base)[1])
    assert listed["kind"] == "open" and listed["inspectors"] == "王建国、李秀梅"
    code, out, _ = run(capsys, "finding", "add", "--inspection", "1", "--unit", "区科技局", "--task", "2",
                       "--text", "产业园建设滞后", "--severity", "严重", "--reported-by", "小王", *base)
    assert code == 0 and "已记录问题 1" in out
    code, out, _ = run(capsys, "finding", "add", "--inspection", "1", "--unit", "区科技局", "--text", "台账不全",
                       "--reported-by", "李秀梅", *base)
    assert code == 0 and "已记录问题 2" in out

    before = file_bytes(db)
    refusals = [
        (("finding", "close", "1", "--verifier", "张三", "--evidence", evidence),
         "“张三”不在工作人员名单中,不能作为核验人。工作人员:王建国、李秀梅"),
        (("finding", "close", "1", "--verifier", "小王", "--evidence", evidence), "核验人不能是问题的发现人(王建国)"),
        (("finding", "close", "1", "--verifier", "李秀梅"), "销号需要至少一份佐证材料"),
        (("finding", "close", "1", "--verifier", "李秀梅", "--evidence", evidence),
         "问题状态为“待整改”,尚未报整改完成,销号需要填写理由"),
        (("close", "2", "--verifier", "李秀梅", "--evidence", evidence),
         "任务 2 不能销号:尚无台账报告,未报完成,销号需要填写理由"),
        (("close", "2", "--verifier", "赵六", "--evidence", evidence), "工作人员:王建国、李秀梅"),
        (("inspect", "add", "--kind", "夜查", "--title", "x", "--date", "2021-03-20"),
         "未知的督查方式“夜查”,应为 面上督查、暗访检查、定期督查、随机抽查"),
        (("finding", "add", "--inspection", "1", "--unit", "区科技", "--text", "x"), "单位“区科技”不在单位名录中"),
    ]
    for words, message in refusals:
        code, _, err = run(capsys, *words, *base)
        assert code == 1 and message in err, (words, err)
        assert file_bytes(db) == before, words

    code, out, _ = run(capsys, "finding", "close", "1", "--verifier", "李秀梅", "--evidence", evidence,
                       "--override", "现场核实已整改,单位未报", *base)
    assert code == 0 and "问题 1 已销号(核验人 李秀梅);销号理由:现场核实已整改,单位未报" in out
    assert run(capsys, "finding", "follow", "2", "--text", "台账已补齐", "--status", "已整改待核验", *base)[0] == 0
    code, out, _ = run(capsys, "finding", "close", "2", "--verifier", "王建国", "--evidence", evidence, *base)
    assert code == 0 and "问题 2 已销号(核验人 王建国)" in out
    findings = {f["id"]: f for f in json.loads(run(capsys, "finding", "list", "--json", *base)[1])}
    assert findings[1]["override_reason"] == "现场核实已整改,单位未报" and findings[1]["reporter"] == "王建国"
    assert findings[2]["override_reason"] is None and findings[2]["status"] == "closed"
    code, out, _ = run(capsys, "close", "2", "--verifier", "李秀梅", "--evidence", evidence,
                       "--override", "区政府决定提前销号", *base)
    assert code == 0 and "任务 2 已销号(核验人 李秀梅)" in out
    code, out, _ = run(capsys, "check", *base)
    assert code == 0 and "检查通过" in out and "升级时" not in out


def test_inspect_add_takes_the_unit_aliases_plan_import_takes_and_the_chinese_kinds(capsys, sample_db_path):
    base = ("--db", str(sample_db_path))
    for kind, code_ in (("暗访检查", "unannounced"), ("定期督查", "scheduled"), ("随机抽查", "random"),
                        ("面上督查", "open")):
        code, out, err = run(capsys, "inspect", "add", "--kind", kind, "--title", f"{kind}一次", "--date",
                             "2021-06-10", "--unit", "区发改委", "--inspector", "张伟", *base)
        assert code == 0, err
    rows = {r["title"]: r for r in json.loads(run(capsys, "inspect", "list", "--json", "--include-confidential",
                                                  *base)[1])}
    assert rows["暗访检查一次"]["kind"] == "unannounced" and rows["暗访检查一次"]["confidential"] == 1
    assert rows["面上督查一次"]["units"] == "区发展改革委"
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "inspect", "add", "--kind", "open", "--title", "x", "--date", "2021-06-10",
                       "--unit", "区发展改委", *base)
    assert code == 1 and "单位“区发展改委”不在单位名录中,是否指“区发展改革委”?" in err
    code, _, err = run(capsys, "inspect", "add", "--kind", "open", "--title", "x", "--date", "2021-06-10",
                       "--unit", "区科技局", "--inspector", "张三", *base)
    assert code == 1 and "“张三”不在工作人员名单中,不能作为督查人员。工作人员:王建国、李秀梅、张伟、陈静、刘洋" in err
    assert file_bytes(sample_db_path) == before


def test_staff_aliases_from_the_command_line(capsys, sample_db_path):
    base = ("--db", str(sample_db_path))
    assert run(capsys, "staff", "alias", "张伟", "小张", *base)[1].strip() == "已为张伟添加别名“小张”"
    staff = {s["name"]: s for s in json.loads(run(capsys, "staff", "list", "--json", *base)[1])}
    assert staff["张伟"]["aliases"] == ["小张"] and not staff["张伟"]["typed_name"]
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "staff", "add", "小张", *base)
    assert code == 1 and "“小张”已是工作人员“张伟”的别名" in err
    code, _, err = run(capsys, "staff", "alias", "陈静", "小张", *base)
    assert code == 1 and "“小张”已是工作人员“张伟”的姓名或别名" in err
    code, _, err = run(capsys, "staff", "add", "周敏", "--alias", "小张", *base)
    assert code == 1 and file_bytes(sample_db_path) == before


def test_a_typed_name_made_a_staff_row_by_the_upgrade_is_merged_into_the_real_person(capsys, tmp_path, data_dir):
    db = restore_records_v2(data_dir, tmp_path / "旧.sqlite")
    base = ("--db", str(db))
    code, out, _ = run(capsys, "check", *base)
    assert code == 0 and "升级时按手填姓名新建的工作人员" in out and "张三、赵六" in out
    # 张三 reported finding 1, which 李秀梅 verified: merging 张三 into 李秀梅 would make her verify her own.
    before = file_bytes(db)
    code, _, err = run(capsys, "staff", "merge", "张三", "李秀梅", *base)
    assert code == 1 and "问题“台账不全”的销号" in err and file_bytes(db) == before
    # 王建国 asked for task 1's close-out, which 赵六 verified.
    code, _, err = run(capsys, "staff", "merge", "赵六", "王建国", *base)
    assert code == 1 and "任务 1 的销号" in err and file_bytes(db) == before
    code, out, _ = run(capsys, "staff", "merge", "赵六", "李秀梅", *base)
    assert code == 0 and "已将“赵六”并入“李秀梅”:1 处记录改为李秀梅" in out
    staff = {s["name"]: s for s in json.loads(run(capsys, "staff", "list", "--json", *base)[1])}
    assert "赵六" not in staff and staff["李秀梅"]["aliases"] == ["赵六"]
    # 赵六 now names 李秀梅, who reported finding 2: as its verifier the alias is refused like her name.
    evidence = tmp_path / "照片.jpg"
    evidence.write_bytes(b"\xff\xd8 photo")
    code, _, err = run(capsys, "finding", "close", "2", "--verifier", "赵六", "--evidence", str(evidence),
                       "--override", "x", *base)
    assert code == 1 and "核验人不能是问题的发现人(李秀梅)" in err
    code, out, _ = run(capsys, "check", *base)
    assert code == 0 and "张三" in out and "赵六" not in out
    from duchaban.store.database import open_database

    opened = open_database(db)
    assert opened.execute("SELECT s.name FROM close_out c JOIN staff s ON s.id = c.verifier_id"
                          " WHERE c.task_id IS NOT NULL").fetchone()[0] == "李秀梅"
    opened.close()
