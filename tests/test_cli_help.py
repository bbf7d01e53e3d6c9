"""The command line's help and argument errors are Chinese, argparse's own words included."""

import re
import subprocess
import sys

import pytest

ARGPARSE_ENGLISH = re.compile(
    r"usage|options|positional arguments|show this help|program's version|error|invalid|required|"
    r"expected|argument|unrecognized|choose from|ambiguous|not allowed", re.IGNORECASE)


def _run(*words: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "duchaban", *words], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


@pytest.mark.parametrize("words, headings", [
    (["--help"], ["用法:duchaban", "选项:", "子命令:", "显示本帮助并退出", "显示版本号并退出"]),
    (["plan", "import", "--help"], ["用法:duchaban plan import", "位置参数:", "选项:", "显示本帮助并退出"]),
    (["exchange", "export", "--help"], ["用法:duchaban exchange export", "选项:"]),
])
def test_help_is_chinese(words, headings):
    result = _run(*words)
    assert result.returncode == 0, result.stderr
    for heading in headings:
        assert heading in result.stdout
    assert not ARGPARSE_ENGLISH.findall(result.stdout), result.stdout


@pytest.mark.parametrize("words, message", [
    (["bogus"], "参数 子命令:无效的选项值 'bogus'(可选:'demo'"),
    (["draw", "--kind", "units", "--count", "x"], "参数 --count:无效的整数值:'x'"),
    (["plan"], "缺少必需的参数:子命令"),
    (["demo", "--db"], "参数 --db:需要一个值"),
    (["check", "--nonsense"], "无法识别的参数:--nonsense"),
    (["print", "foo", "1", "--out", "x.pdf"], "参数 类别:无效的选项值“foo”(可选:督查记录表(inspection)"),
    (["units", "list", "--kind", "局"], "参数 --kind:无效的选项值“局”(可选:部门(department)、乡镇(街道)(town)"),
])
def test_bad_arguments_are_refused_in_chinese(words, message):
    result = _run(*words)
    assert result.returncode == 2
    assert result.stderr.startswith("用法:duchaban")
    assert message in result.stderr
    assert ":错误:" in result.stderr
    assert not ARGPARSE_ENGLISH.findall(result.stderr), result.stderr


def test_wrapped_usage_lines_line_up_under_the_program_name():
    lines = _run("draw", "--help").stdout.splitlines()
    # "用法:" is five columns wide (two per Chinese character): continuations start under "[-h]".
    second = lines[1]
    assert len(second) - len(second.lstrip()) == len("用法:duchaban draw ") + 2


ENGLISH_CHOICES = re.compile(r"COMMAND|\{(department|town|units|inspection|local)\b")


@pytest.mark.parametrize("words, explained", [
    (["--help"], "子命令"), (["plan", "--help"], "子命令 ..."),
    (["units", "list", "--help"], "部门(department)、乡镇(街道)(town)、管委会(committee)"),
    (["draw", "--help"], "单位(units)、任务(tasks)"),
    (["print", "--help"], "督查记录表(inspection)、整改通知书(notice)、抽取记录(draw)"),
    (["sync", "--help"], "本机(local)、办公室(incoming)"),
    (["exchange", "import", "--help"], "本机(local)、交换包(incoming)"),
])
def test_help_shows_chinese_choices_and_explains_the_codes(words, explained):
    result = _run(*words)
    assert result.returncode == 0, result.stderr
    assert not ENGLISH_CHOICES.findall(result.stdout), result.stdout
    assert explained in re.sub(r"\n\s*", "", result.stdout)    # help lines are wrapped


@pytest.mark.parametrize("words, dest, code", [
    (["units", "list", "--kind", "乡镇"], "kind", "town"),
    (["units", "list", "--kind", "乡镇（街道）"], "kind", "town"),
    (["units", "list", "--kind", "department"], "kind", "department"),
    (["draw", "--kind", "单位", "--count", "3", "--unit-kind", "其他单位"], "unit_kind", "other"),
    (["print", "整改通知书", "3", "--out", "x.pdf"], "kind", "notice"),
    (["sync", "--prefer", "办公室"], "prefer", "incoming"),
    (["exchange", "import", "x.dcbx", "--prefer", "本机"], "prefer", "local"),
    (["exchange", "import", "x.dcbx", "--prefer", "incoming"], "prefer", "incoming"),
])
def test_choices_take_the_chinese_word_or_the_code(words, dest, code):
    from duchaban.cli import build_parser

    assert getattr(build_parser().parse_args(words), dest) == code


def test_a_file_that_is_no_database_is_said_in_chinese(tmp_path):
    junk = tmp_path / "passwd"
    junk.write_text("root:x:0:0:root:/root:/bin/bash\n" * 40)
    result = _run("check", "--db", str(junk))
    assert result.returncode == 1
    assert "“passwd”不是有效的督查办数据库或已损坏" in result.stderr
    assert not re.search(r"[A-Za-z]{4,}", result.stderr.replace("passwd", "")), result.stderr
