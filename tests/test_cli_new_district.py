"""A new district from nothing to a bulletin on the command line, with no demo involved."""

import json
from pathlib import Path

from docx import Document
from helpers import file_bytes
from ledger_files import fill, template_for

from duchaban.assets import SAMPLE_PLAN, SAMPLE_TOWNS, SAMPLE_UNITS, resource_path
from duchaban.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fresh_database_to_a_bulletin_headed_by_the_office(capsys, tmp_path):
    db = str(tmp_path / "巫溪.dcb")
    office = "巫溪县人民政府督查办公室"
    code, out, err = run(capsys, "office", "set", "--db", db, "--name", "区人民政府督查办公室")
    assert code == 1 and "缺少区县名" in err
    assert run(capsys, "office", "set", "--db", db, "--name", office, "--district", "巫溪县")[0] == 0
    code, out, _ = run(capsys, "office", "show", "--db", db, "--json")
    assert json.loads(out) == {"name": office, "district": "巫溪县"}
    # The starter directory before the towns: its group members are added and reported, not refused.
    code, out, _ = run(capsys, "units", "load", str(resource_path(SAMPLE_UNITS)), "--db", db)
    assert code == 0 and "提示:单位组“有关街道”的成员“梁山街道”" in out
    code, out, _ = run(capsys, "units", "load", str(resource_path(SAMPLE_TOWNS)), "--db", db)
    assert code == 0 and "加入 28 个单位" in out
    code, out, _ = run(capsys, "plan", "import", str(resource_path(SAMPLE_PLAN)), "--db", db)
    assert code == 0 and "156" in out
    templates = tmp_path / "模板"
    code, out, _ = run(capsys, "templates", "export", "--period", "2021Q1", "--out", str(templates), "--db", db,
                       "--unit", "区科技局")
    assert code == 0 and "台账模板 1 份" in out
    filled = fill(template_for(templates, "区科技局"), tmp_path / "科技局.xlsx", percent=30)
    code, out, _ = run(capsys, "submissions", "import", str(filled), "--db", db, "--json")
    assert code == 0 and json.loads(out)["entries_added"] > 0
    bulletin = tmp_path / "一季度通报.docx"
    code, out, err = run(capsys, "bulletin", "--period", "2021Q1", "--out", str(bulletin), "--db", db)
    assert code == 0, err
    paragraphs = [p.text for p in Document(str(bulletin)).paragraphs]
    masthead = next(p for p in paragraphs if "\t" in p)
    assert masthead.startswith(office + "\t")
    assert not any(p.startswith("区人民政府") for p in paragraphs)
    # The 版记's 印发 line (its first line is the 数据校验码).
    assert any(line.startswith(office) and line.endswith("印发") for p in paragraphs for line in p.split("\n"))


def test_bulletin_of_an_office_never_named_is_refused(capsys, tmp_path):
    db = str(tmp_path / "新.dcb")
    assert run(capsys, "units", "load", str(resource_path(SAMPLE_TOWNS)), "--db", db)[0] == 0
    assert run(capsys, "units", "load", str(resource_path(SAMPLE_UNITS)), "--db", db)[0] == 0
    assert run(capsys, "plan", "import", str(resource_path(SAMPLE_PLAN)), "--db", db)[0] == 0
    before = file_bytes(Path(db))
    code, _, err = run(capsys, "bulletin", "--period", "2021Q1", "--out", str(tmp_path / "x.docx"), "--db", db)
    assert code == 1 and "尚未设置本办全称" in err and "office set" in err
    assert not (tmp_path / "x.docx").exists()
    assert file_bytes(Path(db)) == before
