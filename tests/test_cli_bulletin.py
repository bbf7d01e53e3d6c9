"""`duchaban bulletin`: issue, list, reissue, PDF, and refusals that change nothing."""

import json
import shutil
import subprocess

import pytest
from docx import Document
from helpers import file_bytes

from duchaban.cli import main
from duchaban.exchange.pdf_convert import libreoffice_program


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
