"""argparse in Chinese: its headings, its own help lines and its error messages.

argparse writes "usage:", "options:", "show this help message and exit" and its errors in
English (through gettext, which has no Chinese catalogue on an office machine). The parser
below puts the headings in Chinese when it is built and rewrites its error messages from the
templates of Python's argparse; a message it does not know is printed as argparse wrote it,
still under the Chinese prefix.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata

USAGE = "用法:"
POSITIONALS = "位置参数"
OPTIONS = "选项"
SUBCOMMANDS = "子命令"
HELP = "显示本帮助并退出"
VERSION = "显示版本号并退出"

# argparse's error templates (Python 3.11–3.13), as regular expressions, and their Chinese.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), chinese) for pattern, chinese in (
        (r"^argument (?P<arg>.+?): (?P<rest>.*)$", "参数 {arg}:{rest}"),
        (r"^the following arguments are required: (?P<args>.*)$", "缺少必需的参数:{args}"),
        (r"^one of the arguments (?P<args>.*) is required$", "参数 {args} 中必须给出一个"),
        (r"^unrecognized arguments: (?P<args>.*)$", "无法识别的参数:{args}"),
        (r"^invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)$", "无效的选项值 {value}(可选:{choices})"),
        (r"^invalid (?P<type>\w+) value: (?P<value>.*)$", "无效的{type}值:{value}"),
        (r"^expected one argument$", "需要一个值"),
        (r"^expected at most one argument$", "最多需要一个值"),
        (r"^expected at least one argument$", "至少需要一个值"),
        (r"^expected (?P<n>\d+) arguments?$", "需要 {n} 个值"),
        (r"^not allowed with argument (?P<arg>.*)$", "不能与参数 {arg} 同时使用"),
        (r"^ignored explicit argument (?P<value>.*)$", "多余的值 {value}"),
        (r"^ambiguous option: (?P<option>.+?) could match (?P<matches>.*)$", "选项 {option} 不明确,可能是:{matches}"),
        (r"^can't open '(?P<file>.*)': (?P<error>.*)$", "无法打开“{file}”:{error}"),
        (r"^unexpected option string: (?P<value>.*)$", "意外的选项 {value}"),
    ))
_TYPES = {"int": "整数", "float": "数值"}


def chinese_error(message: str) -> str:
    """argparse's English error message in Chinese (nested "argument X: ..." included)."""
    for pattern, chinese in _ERRORS:
        match = pattern.match(message)
        if match:
            parts = match.groupdict()
            if "rest" in parts:
                parts["rest"] = chinese_error(parts["rest"])
            if "type" in parts:
                parts["type"] = _TYPES.get(parts["type"], parts["type"])
            return chinese.format(**parts)
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix):
        text = super()._format_usage(usage, actions, groups, prefix)
        # argparse indents wrapped usage lines by len(prefix); Chinese characters are two columns wide.
        wide = sum(1 for ch in prefix or "" if ord(ch) > 0x2E80)
        first, *rest = text.split("\n")
        return "\n".join([first, *((" " * wide + line) if line.strip() else line for line in rest)])


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, help lines and errors are Chinese; subcommands made
    with add_subparsers() are of this class too."""

    def __init__(self, *args, parents=(), formatter_class=ChineseHelpFormatter, **kwargs):
        # Parents are merged by group title: rename the own groups first, then take them in,
        # or each parent would bring back an English "options" group.
        super().__init__(*args, formatter_class=formatter_class, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(getattr(parent, "_defaults", {}))

    def add_subparsers(self, **kwargs):
        # argparse would list them as "{demo,plan,…}" or by an English metavar such as COMMAND.
        kwargs.setdefault("title", SUBCOMMANDS)
        kwargs.setdefault("metavar", SUBCOMMANDS)
        return super().add_subparsers(**kwargs)

    def add_argument(self, *args, **kwargs):
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", VERSION)
        return super().add_argument(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}:错误:{chinese_error(message)}\n")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def chinese_choices(words: dict[str, str | tuple[str, ...]], help: str, metavar: str | None = None) -> dict:
    """add_argument() keywords for a choice written as its Chinese word or its English code.

    ``words`` maps each code (what the handler receives) to its Chinese word, or to several, the
    first shown. The help lists both, so a script written with the codes still reads plainly.
    """
    lookup: dict[str, str] = {}
    for code, said in words.items():
        for word in (code, *((said,) if isinstance(said, str) else said)):
            lookup[_nfkc(word)] = code
    shown = {code: said if isinstance(said, str) else said[0] for code, said in words.items()}
    listed = "、".join(f"{word}({code})" for code, word in shown.items())

    def choice(text: str) -> str:
        code = lookup.get(_nfkc(text))
        if code is None:
            raise argparse.ArgumentTypeError(f"无效的选项值“{text}”(可选:{listed})")
        return code

    choice.__name__ = "choice"
    return {"type": choice, "metavar": metavar or "{" + ",".join(shown.values()) + "}",
            "help": f"{help}:{listed}"}
