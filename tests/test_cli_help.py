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
    (["bogus"], "参数 COMMAND:无效的选项值 'bogus'(可选:'demo'"),
    (["draw", "--kind", "units", "--count", "x"], "参数 --count:无效的整数值:'x'"),
    (["plan"], "缺少必需的参数:COMMAND"),
    (["demo", "--db"], "参数 --db:需要一个值"),
    (["check", "--nonsense"], "无法识别的参数:--nonsense"),
    (["print", "foo", "1", "--out", "x.pdf"], "参数 kind:无效的选项值 'foo'"),
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
