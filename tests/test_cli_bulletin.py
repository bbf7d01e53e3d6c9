"""`duchaban bulletin`: issue, list, reissue, PDF, and refusals that change nothing."""

import json
import shutil
import subprocess

import pytest
from docx import Document
from helpers import file_bytes

from duchaban.cli import main
from duchaban.formats.pdf_convert import libreoffice_program


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def text_of(path):
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_issue_list_and_reissue(capsys, sample_db_path, tmp_path):
    out_file = tmp_path / "二季度.docx"
    code, out, _ = run(capsys, "bulletin", "--db", str(sample_db_path), "--period", "2021q2", "--out", str(out_file))
    assert code == 0 and "已生成2021年第1期 2021年第二季度通报" in out
    assert out_file.exists() and (tmp_path / "二季度-附件.xlsx").exists()
    code, out, _ = run(capsys, "bulletin", "--db", str(sample_db_path), "--list", "--json")
    [row] = json.loads(out)
    assert (row["year"], row["issue_no"], row["period_code"], row["docx_name"]) == (2021, 1, "2021Q2", "二季度.docx")
    code, out, _ = run(capsys, "bulletin", "--db", str(sample_db_path), "--reissue", "1", "--out",
                       str(tmp_path / "重印.docx"))
    assert code == 0 and text_of(tmp_path / "重印.docx") == text_of(out_file)


@pytest.mark.parametrize("argv, message", [
    (["--period", "2021Q9", "--out", "x.docx"], "无法识别的报送周期"),
    (["--period", "2021Q4", "--out", "x.docx"], "尚未开始"),
    (["--period", "2021Q2"], "--out"),
    (["--out", "x.docx"], "--period"),
    (["--reissue", "3", "--out", "x.docx"], "没有2021年第3期通报"),
    (["--period", "2021Q2", "--out", "x.pdf"], "应以 .docx 结尾"),
])
def test_refusals_exit_1_and_leave_the_database_unchanged(capsys, sample_db_path, tmp_path, argv, message):
    before = file_bytes(sample_db_path)
    argv = [str(tmp_path / a) if a.endswith((".docx", ".pdf")) else a for a in argv]
    code, _, err = run(capsys, "bulletin", "--db", str(sample_db_path), *argv)
    assert code == 1 and message in err and err.startswith("错误:")
    assert file_bytes(sample_db_path) == before
    assert not list(tmp_path.glob("x*"))


def test_pdf_without_libreoffice_says_so(capsys, sample_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run(capsys, "bulletin", "--db", str(sample_db_path), "--period", "2021Q2",
                         "--out", str(tmp_path / "通报.docx"), "--pdf")
    assert code == 1 and "未安装 LibreOffice" in err
    assert (tmp_path / "通报.docx").exists()   # the bulletin itself was issued


@pytest.mark.skipif(libreoffice_program() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and pdftotext are installed by installer/setup-dev.sh")
def test_pdf_through_libreoffice_has_the_chinese_text(capsys, sample_db_path, tmp_path):
    code, out, _ = run(capsys, "bulletin", "--db", str(sample_db_path), "--period", "2021Q2",
                       "--out", str(tmp_path / "通报.docx"), "--pdf")
    assert code == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "通报.pdf"), "-"], capture_output=True, text=True).stdout
    assert "督查通报" in text and "第1期" in text and "推进情况的通报" in text
    assert "— 2 —" in text or "—2—" in text.replace(" ", "")


def _criticisms(capsys, db) -> dict[str, list[str]]:
    """Each unit's bulletin criticisms in `assess --json`, by the bulletin they came from."""
    scores = json.loads(run(capsys, "assess", "--db", str(db), "--json")[1])
    return {s["unit"]: [d["ref"] for d in s["detail"] if d["code"] == "bulletin_criticized"]
            for s in scores if any(d["code"] == "bulletin_criticized" for d in s["detail"])}


def test_a_period_has_one_bulletin_and_a_reissue_replaces_it_and_counts_once(capsys, sample_db_path, tmp_path):
    base = ("bulletin", "--db", str(sample_db_path), "--period", "2021Q1")
    first = tmp_path / "一季度.docx"
    code, out, _ = run(capsys, *base, "--out", str(first))
    assert code == 0 and "已生成2021年第1期 2021年第一季度通报" in out
    criticised = _criticisms(capsys, sample_db_path)
    assert criticised and all(refs == ["第1期"] for refs in criticised.values())
    first_bytes, before = first.read_bytes(), file_bytes(sample_db_path)
    # Issuing the same period again, even onto the first one's file, is refused and changes nothing.
    for target in (first, tmp_path / "又一期.docx"):
        code, _, err = run(capsys, *base, "--out", str(target))
        assert code == 1
        assert "2021年第一季度已印发第1期通报" in err and "重新印发请加 --replace" in err
        assert file_bytes(sample_db_path) == before and first.read_bytes() == first_bytes
    assert not (tmp_path / "又一期.docx").exists() and not (tmp_path / "又一期-附件.xlsx").exists()
    # An explicit re-issue: 第2期 replaces 第1期; both stay listed, the assessment counts the period once.
    code, out, _ = run(capsys, *base, "--out", str(tmp_path / "一季度(重发).docx"), "--replace")
    assert code == 0 and "已生成2021年第2期 2021年第一季度通报,替代第1期" in out
    rows = {r["issue_no"]: r for r in json.loads(run(capsys, "bulletin", "--db", str(sample_db_path),
                                                     "--list", "--json")[1])}
    assert set(rows) == {1, 2} and rows[1]["replaced_at"] and rows[2]["replaces"] == rows[1]["id"]
    assert (rows[1]["docx_name"], rows[2]["docx_name"]) == ("一季度.docx", "一季度(重发).docx")
    assert first.read_bytes() == first_bytes
    listing = run(capsys, "bulletin", "--db", str(sample_db_path), "--list")[1]
    assert "已被重新印发替代,不计入考核" in listing and "替代第1期" in listing
    recount = _criticisms(capsys, sample_db_path)
    assert set(recount) == set(criticised) and all(refs == ["第2期"] for refs in recount.values())
    # A special-topic bulletin takes the next number in the series and leaves the period's count alone.
    code, out, _ = run(capsys, *base, "--out", str(tmp_path / "专项.docx"), "--special", "农村人居环境整治专项督查通报")
    assert code == 0 and "已生成2021年第3期 2021年第一季度专项通报" in out
    assert "农村人居环境整治专项督查通报" in text_of(tmp_path / "专项.docx")
    assert _criticisms(capsys, sample_db_path) == recount
    code = run(capsys, "check", "--db", str(sample_db_path))[0]
    assert code == 0


def test_a_reissue_with_nothing_to_replace_is_refused(capsys, sample_db_path, tmp_path):
    before = file_bytes(sample_db_path)
    code, _, err = run(capsys, "bulletin", "--db", str(sample_db_path), "--period", "2021Q2", "--out",
                       str(tmp_path / "b.docx"), "--replace")
    assert code == 1 and "2021年第二季度尚未印发通报,无需重新印发" in err
    assert file_bytes(sample_db_path) == before and not (tmp_path / "b.docx").exists()
