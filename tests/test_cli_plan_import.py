"""`plan import` of a revised notice: removals are listed and need --confirm-removals; check passes after."""

import json

from helpers import logical_dump

from duchaban.cli import main
from duchaban.store.database import opened_database


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dump(path):
    with opened_database(path) as db:
        return logical_dump(db)


def test_notice_without_unit_lines_is_refused_and_changes_nothing(capsys, sample_db_path, sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    path = tmp_path / "no-units.txt"
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("责任单位")), encoding="utf-8")
    before = dump(sample_db_path)
    for extra in ((), ("--confirm-removals",)):
        code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path), *extra)
        assert code == 1 and "没有读到任何责任单位" in err and "已更新" not in out
    assert dump(sample_db_path) == before
    assert run(capsys, "check", "--db", str(sample_db_path))[0] == 0


def test_removed_cooperating_units_are_listed_and_need_the_flag(capsys, sample_db_path, sample_plan_path, tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    path = tmp_path / "revised.txt"
    path.write_text(text.replace("责任单位:区科技局;配合单位:区经济信息委、区人力社保局。", "责任单位:区科技局。", 1),
                    encoding="utf-8")
    before = dump(sample_db_path)
    code, _, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path), "--dry-run")
    assert code == 0 and "将删除:任务 1 去掉配合单位:区人力社保局" in err
    code, _, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path))
    assert code == 1 and "--confirm-removals" in err and "将删除:任务 1 去掉配合单位:区经济信息委" in err
    assert dump(sample_db_path) == before
    code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path), "--confirm-removals")
    assert code == 0 and "修改 1 项" in out
    assert "(已确认)" in err and "导入前需要确认" not in err     # said yes: not asked again
    assert run(capsys, "check", "--db", str(sample_db_path))[0] == 0


def test_paren_tasks_notice_imports_from_the_command_line(capsys, tmp_path, data_dir):
    # Issue 14: "(一) tasks under 一、 with a 责任单位 line" used to end in "没有找到任何编号任务".
    path = tmp_path / "东溪.txt"
    path.write_text((data_dir / "notices" / "paren-tasks.txt").read_text(encoding="utf-8"), encoding="gb18030")
    db = tmp_path / "new.sqlite"
    code, out, _ = run(capsys, "plan", "import", str(path), "--db", str(db), "--dry-run", "--json")
    assert code == 0
    tasks = json.loads(out)["tasks"]
    assert [(t["number"], t["lead"]) for t in tasks] == [(1, "县发展改革局"), (2, "县商务局"), (3, "县交通局"),
                                                         (4, "县人力社保局"), (5, "县教育局")]
    assert tasks[2]["section"] == ["持续改善民生"]
    code, out, _ = run(capsys, "plan", "import", str(path), "--db", str(db), "--accept-names")
    assert code == 0 and "5 项任务" in out
    with opened_database(db) as database:
        rows = database.execute(
            "SELECT number, leaders, deadline_text, deadline_on FROM task ORDER BY number").fetchall()
    assert rows[1] == (2, "周明", "6月底前", "2022-06-30")
    assert rows[2] == (3, "吴刚、郑华", "长期坚持", None)
    assert run(capsys, "check", "--db", str(db))[0] == 0


def test_numbering_and_labels_given_on_the_command_line(capsys, tmp_path):
    path = tmp_path / "实事.txt"
    path.write_text("2025年民生实事项目安排\n一、新建社区食堂20个。\n承办单位:区民政局\n办结时间:10月底前\n"
                    "二、改造农贸市场5个。\n承办单位:区商务委\n", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    code, _, err = run(capsys, "plan", "import", str(path), "--db", str(db), "--dry-run")
    assert code == 1 and "没有找到任何编号任务" in err
    code, out, _ = run(capsys, "plan", "import", str(path), "--db", str(db), "--dry-run", "--json",
                       "--numbering", "一、", "--label", "承办单位=牵头单位", "--label", "办结时间=完成时限")
    assert code == 0
    assert [(t["number"], t["lead"]) for t in json.loads(out)["tasks"]] == [(1, "区民政局"), (2, "区商务委")]
    code, _, err = run(capsys, "plan", "import", str(path), "--db", str(db), "--label", "承办单位=主管")
    assert code == 1 and "--label 的写法" in err


def test_names_the_directory_lacks_wait_for_the_office(capsys, sample_db_path, sample_plan_path, tmp_path):
    # A typo and a close spelling: neither becomes a unit or an alias until the office says so.
    text = sample_plan_path.read_text(encoding="utf-8").replace("梁平府办发〔2021〕12号", "梁平府办发〔2022〕3号")
    text = text.replace("2021年", "2022年").replace("区科技局", "区科枝局", 1).replace("区商务委", "区商务委员", 1)
    path = tmp_path / "2022.txt"
    path.write_text(text, encoding="utf-8")
    before = dump(sample_db_path)
    code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path))
    assert code == 1 and "以下单位名称需要确认" in err and "“区科枝局”" in err and "--accept-names" in err
    assert dump(sample_db_path) == before
    # Settled one by one: the typo is 区科技局, the close spelling is confirmed as suggested.
    code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path),
                         "--map", "区科枝局=区科技局", "--map", "区商务委员=区商务委")
    assert code == 0 and "新增单位 0 个" in out, err
    with opened_database(sample_db_path) as db:
        assert db.execute("SELECT count(*) FROM unit WHERE name = '区科枝局'").fetchone()[0] == 0


def test_a_years_second_notice_under_another_number_asks_which_it_is(capsys, sample_db_path, sample_plan_path,
                                                                      tmp_path):
    text = sample_plan_path.read_text(encoding="utf-8")
    renumbered, unnumbered = tmp_path / "30号.txt", tmp_path / "网页复制.txt"
    renumbered.write_text(text.replace("梁平府办发〔2021〕12号", "梁平府办发〔2021〕30号"), encoding="utf-8")
    unnumbered.write_text("\n".join(line for line in text.split("\n") if "府办发" not in line), encoding="utf-8")
    before = dump(sample_db_path)
    for path in (renumbered, unnumbered):
        code, out, err = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path))
        assert code == 1 and "数据库中已有2021年的《" in err and "--another-plan" in err, err
        assert dump(sample_db_path) == before
    code, out, err = run(capsys, "plan", "import", str(unnumbered), "--db", str(sample_db_path), "--dry-run")
    assert code == 1 and "没有写明文号" in err
    code, out, err = run(capsys, "plan", "import", str(renumbered), "--db", str(sample_db_path), "--another-plan")
    assert code == 0 and "已导入" in out, err
    with opened_database(sample_db_path) as db:
        assert db.execute("SELECT count(*) FROM plan WHERE year = 2021").fetchone()[0] == 2


def test_a_pdf_without_numbered_tasks_says_what_to_ask_for(capsys, qapp, tmp_path):
    # A table PDF: its text comes out, but not as numbered tasks.
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    path = tmp_path / "任务表.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    lines = ["2021年目标任务分解表", "工作任务  牵头单位  完成时限", "推进园区建设  区经济信息委  年底前"]
    for i, line in enumerate(lines):
        painter.drawText(200, 400 + i * 300, line)
    painter.end()
    code, out, err = run(capsys, "plan", "import", str(path), "--db", str(tmp_path / "x.sqlite"), "--dry-run")
    assert code == 1 and "没有找到任何编号任务" in err and "请向发文单位索取 Word(.docx)或 Excel 版" in err, err
