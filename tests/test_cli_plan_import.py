"""`plan import` of a revised notice: removals are listed and need --confirm-removals; check passes after."""

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
    code, out, _ = run(capsys, "plan", "import", str(path), "--db", str(sample_db_path), "--confirm-removals")
    assert code == 0 and "修改 1 项" in out
    assert run(capsys, "check", "--db", str(sample_db_path))[0] == 0
