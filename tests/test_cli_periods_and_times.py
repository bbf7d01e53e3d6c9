"""The command line takes periods as codes or in words and prints them in words; it takes times as
the window shows them."""

import pytest

from duchaban.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("period, code, words", [
    ("2021Q3", "2021Q3", "2021年第三季度"),
    ("2021年第三季度", "2021Q3", "2021年第三季度"),
    ("2021年三季度", "2021Q3", "2021年第三季度"),
    ("2021年9月", "2021-09", "2021年9月"),
    ("2021-09", "2021-09", "2021年9月"),
    ("2021年下半年", "2021H2", "2021年下半年"),
])
def test_templates_export_reads_codes_and_words(capsys, sample_db_path, tmp_path, period, code, words):
    out = tmp_path / "out"
    status, stdout, err = run(capsys, "templates", "export", "--period", period, "--out", str(out),
                              "--db", str(sample_db_path), "--unit", "区科技局")
    assert status == 0, err
    assert f"生成{words}台账模板 1 份" in stdout
    assert [p.name for p in out.iterdir()] == [f"{code}-区科技局-工作台账.xlsx"]   # file names keep the code


def test_unreadable_period_words_change_nothing(capsys, sample_db_path, tmp_path):
    from helpers import file_bytes

    before = file_bytes(sample_db_path)
    status, _, err = run(capsys, "templates", "export", "--period", "2021年第五季度", "--out", str(tmp_path / "o"),
                         "--db", str(sample_db_path))
    assert status == 1 and "无法识别的报送周期“2021年第五季度”" in err and "2021年第二季度" in err
    assert not (tmp_path / "o").exists() and file_bytes(sample_db_path) == before


def test_bulletin_takes_words_and_lists_in_words(capsys, sample_db_path, tmp_path):
    status, out, err = run(capsys, "bulletin", "--db", str(sample_db_path), "--period", "2021年二季度",
                           "--out", str(tmp_path / "通报.docx"))
    assert status == 0, err
    status, out, _ = run(capsys, "bulletin", "--db", str(sample_db_path), "--list")
    assert status == 0 and "2021年第1期\t2021年第二季度\t" in out and "2021Q2" not in out


@pytest.mark.parametrize("since", ["2021-07-01 00:00", "2021-07-01 08:30:00", "2021-07-01", "2021-07-01T00:00:00Z"])
def test_exchange_export_takes_the_time_as_the_window_shows_it(capsys, sample_db_path, tmp_path, since):
    from duchaban.core.periods import parse_time, utc_iso
    from duchaban.formats.field_package import read_package

    out = tmp_path / "外勤.dcbx"
    status, stdout, err = run(capsys, "exchange", "export", "--db", str(sample_db_path), "--since", since,
                              "--out", str(out))
    assert status == 0, err
    assert "已导出交换包" in stdout
    assert read_package(out).manifest["since"] == utc_iso(parse_time(since))


def test_exchange_export_refuses_an_unreadable_time_and_changes_nothing(capsys, sample_db_path, tmp_path):
    from helpers import file_bytes

    before = file_bytes(sample_db_path)
    status, _, err = run(capsys, "exchange", "export", "--db", str(sample_db_path), "--since", "11月30日",
                         "--out", str(tmp_path / "x.dcbx"))
    assert status == 1 and "时间应写作 2026-11-30 08:00" in err and "“11月30日”" in err
    assert not (tmp_path / "x.dcbx").exists() and file_bytes(sample_db_path) == before
