"""Reading the text of a task decomposition notice (目标任务分解方案) into a ParsedPlan.

The notice has a header (document number, issuer, title, body, date), then the plan:
parts ``一、``, sub-sections ``(一)``, numbered tasks ``1.`` each followed by label
lines such as ``责任单位:A、B;配合单位:C。``. SPEC §3 lists the real-world variations
handled here; every line that cannot be placed becomes a warning with its line number.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Mapping

from duchaban.core.deadlines import deadlines_in_text, parse_deadline
from duchaban.core.indicators import extract_indicators
from duchaban.core.periods import chinese_numeral_value, parse_chinese_date
from duchaban.core.plan import LineMessage, ParsedPlan, ParseHints, PlanParseError, Section, Task
from duchaban.core.plan_duties import complete_name, duties_bracket, inline_duties, label_units
from duchaban.core.plan_table import untable
from duchaban.core.unit_names import split_unit_list

_CN_NUM = r"[一二三四五六七八九十]{1,3}"
_PART = re.compile(r"^(" + _CN_NUM + r")\s*[、.．]\s*(.+)$")
_SUB = re.compile(r"^[(（]\s*(" + _CN_NUM + r")\s*[)）]\s*(.+)$")
# "12." "12、" "１２．" but not "5.8亿元" (a decimal) and not "2021年".
# "1.6月底前建成…" is task 1 with a deadline: digits then 月 are a month, not a decimal's.
_TASK = re.compile(r"^([0-9０-９]{1,4})\s*[.．、](?![0-9０-９](?![0-9０-９]*\s*月))\s*(.*)$")

# Label words and the field they fill. Longer spellings first.
_LABEL_FIELDS = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead", "主要责任单位": "lead", "主办单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "其他责任单位": "responsible",
    "配合单位": "cooperating", "配合部门": "cooperating", "协办单位": "cooperating",
    "参与单位": "cooperating", "协同单位": "cooperating", "参与部门": "cooperating",
    "责任领导": "leaders", "牵头领导": "leaders", "分管领导": "leaders", "牵头区领导": "leaders",
    "责任区领导": "leaders", "分管区领导": "leaders", "联系领导": "leaders",
    "完成时限": "deadline", "完成时间": "deadline", "时间要求": "deadline", "时限要求": "deadline",
    "时间节点": "deadline",
    "所属部分": "section",  # a table's column: the part the row's task belongs to
}
# Longer spellings first, so that 主要责任单位 is not read as 责任单位 with 主要 before it.


class Labels:
    """The label words of a notice and the field each fills; a user may add words (承办单位 →
    responsible) for a notice whose labels the parser does not know."""

    def __init__(self, extra: Mapping[str, str] | None = None):
        self.fields = {**_LABEL_FIELDS, **(extra or {})}
        words = sorted(self.fields, key=len, reverse=True)
        # 责 任 单 位: spaced out to fill a justified column is still the label.
        spaced = (r"[ \t\u3000]*".join(map(re.escape, word)) for word in words)
        self.regex = re.compile(r"[(（]?\s*(" + "|".join(spaced) + r")\s*[:：]")

    def field(self, written: str) -> str:
        return self.fields[re.sub(r"\s+", "", written)]


DEFAULT_LABELS = Labels()
_VALUE_TRIM = " \t\u3000。.;；,，"

_DOC_NUMBER = re.compile(r"\S*?[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*\d+\s*号")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_ISSUER = re.compile(r"(人民政府|政府办公室|政府办公厅|办公室|委员会|人民政府办公室)$")

# Web-page and print furniture: never part of the plan, never warned about.
_FURNITURE = re.compile(
    r"^("
    r"回到顶部|返回顶部|返回首页|打印本页|打印|关闭窗口|关闭|收藏|"
    r"分享到.*|【.{0,12}】.*|字号[:：].*|扫一扫.*|"
    r"[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页.*|\d+\s*/\s*\d+|"
    r"(来源|发布时间|发布日期|发布机构|浏览次数|访问量|索引号|主题分类|上一篇|下一篇|当前位置|您现在的位置)[:：].*|"
    r"(首页|网站首页)\s*[>＞»].*|(【[^】]{1,8}】\s*)+|"
    r"[(（]此件公开发布[)）]|[(（]此件主动公开[)）]|"
    r"抄送[:：].*|.*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发"
    r")$"
)


def _digits(text: str) -> int:
    return int(unicodedata.normalize("NFKC", text))


def _task_line(text: str) -> tuple[int, str] | None:
    """(number, text) when the line starts a task: “12.…” with words after it. Tasks are numbered
    from 1, so “0.” (a decimal, a stray list mark) is not one."""
    m = _TASK.match(text)
    if m is None or not m.group(2).strip() or _digits(m.group(1)) == 0:
        return None
    return _digits(m.group(1)), m.group(2).strip()


# Tasks numbered 1. 2. …, (一)(二) under parts 一、, or (only when the user says so) 一、二、.
ARABIC, PAREN, PART = "arabic", "paren", "part"
TASK_NUMBERINGS = (ARABIC, PAREN, PART)

def _numbered(text: str, style: str) -> int | None:
    """The task number a line starts with in this style (the numeral's value for (一))."""
    if style == ARABIC:
        task = _task_line(text)
        return task[0] if task else None
    m = (_SUB if style == PAREN else _PART).match(text)
    return chinese_numeral_value(m.group(1)) if m else None


def _owns_units(text: str, labels: Labels) -> bool:
    return bool(labels.regex.search(text) or duties_bracket(text))


def _credits(lines: list[str], labels: Labels):
    """(style of the task being read, line index) for every line that names a task's units."""
    current: str | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        if _task_line(text):
            current = ARABIC
        elif _SUB.match(text):
            current = PAREN
        elif _PART.match(text):
            current = None
        if current is not None and _owns_units(text, labels):
            yield current, i


def task_style(lines: list[str], labels: Labels = DEFAULT_LABELS) -> str:
    """Which numbering marks the tasks: the one whose items are followed by units most often."""
    counts = {ARABIC: 0, PAREN: 0}
    for style, _ in _credits(lines, labels):
        counts[style] += 1
    return PAREN if counts[PAREN] > counts[ARABIC] else ARABIC


def _first_owned_task(lines: list[str], style: str, labels: Labels) -> int | None:
    """Index of the first task line of this style whose units follow it."""
    for credited_style, index in _credits(lines, labels):
        if credited_style == style:
            for j in range(index, -1, -1):
                if _numbered(lines[j].strip(), style) is not None:
                    return j
    return None


def _join(parts: list[str]) -> str:
    """Join lines broken inside a sentence: no space in Chinese, one between Latin words."""
    pieces: list[str] = []
    for i, part in enumerate(parts):
        left = parts[i - 1] if i else ""
        if left and part and left[-1].isascii() and left[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def _label_segments(text: str, labels: Labels = DEFAULT_LABELS) -> tuple[str, list[tuple[str, str]]]:
    """Split ``text`` at label words: (text before the first label, [(field, value), ...])."""
    matches = list(labels.regex.finditer(text))
    if not matches:
        return text, []
    before = text[: matches[0].start()]
    segments = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        segments.append((labels.field(m.group(1)), text[m.end():end].strip()))
    return before, segments


class _TaskDraft:
    """A task while its lines are still being read.

    Text and label values are kept as lists of pieces and joined once at the end: adding to
    one long string line by line is quadratic on a huge file."""

    def __init__(self, number: int, text: str, line: int, section_path: tuple[int, ...]):
        self.number = number
        self.text_parts = [text] if text else []
        self.line = line
        self.section_path = section_path
        self.field_parts: dict[str, list[str]] = {}
        self.field_lines: dict[str, int] = {}  # the first line of each label, for messages
        self.open_field: str | None = None  # a label value that ended in 、 and goes on
        self.repeated_line: int | None = None  # a second unit line for a field already filled
        self.last_field: str | None = None

    @property
    def has_labels(self) -> bool:
        return bool(self.field_parts)

    @property
    def text(self) -> str:
        return _join(self.text_parts)

    @property
    def fields(self) -> dict[str, str]:
        return {k: "、".join(v) for k, v in self.field_parts.items()}

    def add_text(self, text: str) -> None:
        if text:
            self.text_parts.append(text)

    def add_label(self, field: str, value: str, line: int | None = None) -> None:
        self.field_parts.setdefault(field, []).append(value)
        self.field_lines.setdefault(field, line or self.line)
        self.last_field = field
        stripped = value.rstrip()
        self.open_field = field if stripped.endswith(("、", ",", "，")) or not stripped else None


class _Parser:
    def __init__(self, lines: list[str], hints: ParseHints | None = None):
        self.lines = lines
        self.plan = ParsedPlan()
        self.part_index = 0
        self.sub_index = 0
        self.current_part: tuple[int, ...] | None = None
        self.current_section: tuple[int, ...] = ()
        self.task: _TaskDraft | None = None
        self.numbers_seen: dict[int, int] = {}
        self.last_number = 0
        # The last line ignored since the current task began: units below it belong to no known task.
        self.ignored: tuple[int, str] | None = None
        # (line, task number) of a unit line that repeated a field of the task before this one.
        self.repeat_before: tuple[int, int] | None = None
        self.labels = Labels(dict(hints.labels)) if hints and hints.labels else DEFAULT_LABELS
        self.style = hints.task_numbering if hints and hints.task_numbering else task_style(lines, self.labels)

    def warn(self, line: int, message: str) -> None:
        self.plan.warnings.append(LineMessage(line, message))

    def error(self, line: int, message: str) -> None:
        self.plan.errors.append(LineMessage(line, message))

    # --- finding where the plan begins -----------------------------------------

    def find_body_start(self) -> int:
        """Index of the first line of the plan proper (its first heading or task)."""
        first_task = self._first_task_index()
        if first_task is None:
            raise PlanParseError("没有找到任何编号任务(如“1.…”),这不像一份目标任务分解方案")
        start = first_task
        i = first_task - 1 if self.style != PART else -1
        seen_part = False
        while i >= 0:
            text = self.lines[i].strip()
            if not text:
                i -= 1
                continue
            if self.style == ARABIC and _SUB.match(text) and not seen_part:
                start = i
            elif _PART.match(text):
                start = i
                seen_part = True
                break
            else:
                break
            i -= 1
        return start

    def _first_task_index(self) -> int | None:
        """The first task: the last task numbered 1 (一) at or before the first task that has units.

        A covering notice may number its own requirements 1. 2. (or 一、二、); those have no
        units below them, so they do not count, while a first task that lacks its units does."""
        owned = _first_owned_task(self.lines, self.style, self.labels)
        first = None
        for i, raw in enumerate(self.lines[: (owned + 1) if owned is not None else len(self.lines)]):
            number = _numbered(raw.strip(), self.style)
            if number is None:
                continue
            if number == 1:
                first = i
            elif first is None and owned is None:
                first = i
        if owned is not None and first is None:
            first = owned
        return first

    def read_header(self, end: int) -> None:
        plan = self.plan
        header = [(i + 1, self.lines[i].strip()) for i in range(end) if self.lines[i].strip()]
        title_lines: list[str] = []
        for n, text in header:
            if not plan.doc_number:
                m = _DOC_NUMBER.search(text)
                if m and len(text) <= 40:
                    plan.doc_number = re.sub(r"\s+", "", m.group(0))
                    continue
            if _DATE_LINE.match(text):
                plan.issued_on = parse_chinese_date(text)
                continue
            if title_lines and not title_lines[-1].endswith("通知"):
                title_lines.append(text)
                continue
            if text.startswith("关于") and len(text) <= 60:
                title_lines.append(text)
                continue
            if plan.issuer is None and not title_lines and _ISSUER.search(text) and len(text) <= 30:
                plan.issuer = text
        if title_lines:
            plan.notice_title = "".join(title_lines)
        # The plan's own title is the line just above its first heading (2021年…分解方案).
        last = header[-1][1] if header else ""
        if last and not _FURNITURE.match(last) and not _DATE_LINE.match(last) and len(last) <= 60 \
                and not last.endswith(("。", ":", ":")):
            plan.title = last
        elif plan.notice_title:
            inner = re.sub(r"^关于(印发|下达|转发)?", "", plan.notice_title)
            plan.title = re.sub(r"的通知$", "", inner).strip("《》")
        for source in (plan.title, plan.notice_title or "", plan.doc_number):
            m = _YEAR.search(source) or re.search(r"[〔\[［(（]\s*(\d{4})", source)
            if m:
                plan.year = int(m.group(1))
                break
        if plan.year is None and plan.issued_on:
            plan.year = plan.issued_on.year

    # --- the plan proper ---------------------------------------------------------

    def read_body(self, start: int) -> None:
        for i in range(start, len(self.lines)):
            number = i + 1
            text = self.lines[i].strip()
            if not text or _FURNITURE.match(text):
                continue
            if self.style == ARABIC and (task := _task_line(text)):
                self.start_task(number, *task)
            elif (m := self.labels.regex.match(text)) and m.start() == 0:
                self.add_labels(number, text)
            elif self.style == PART and (m := _PART.match(text)):
                self.start_task(number, self.last_number + 1, m.group(2))
            elif self.style == PAREN and (m := _SUB.match(text)):
                self.start_paren_task(number, m.group(1), m.group(2))
            elif self.style == PART and _SUB.match(text):
                self.add_loose_line(number, text)  # (一) inside a task numbered 一、
            elif m := _SUB.match(text):
                self.start_sub_section(number, m.group(1), m.group(2))
            elif (m := _PART.match(text)) and self.dotted_out_of_order(number, text, m.group(1)):
                pass
            elif m := _PART.match(text):
                self.start_part(number, m.group(1), m.group(2))
            else:
                self.add_loose_line(number, text)
        self.finish_task()

    def dotted_out_of_order(self, line: int, text: str, numeral: str) -> bool:
        """“十二.” where part 2 comes next: a task numbered in Chinese, or a part? Refused, not guessed."""
        value = chinese_numeral_value(numeral)
        if text[len(numeral):].lstrip()[:1] == "、" or value == self.part_index + 1:
            return False
        self.error(line, f"第{line}行“{_clip(text, 20)}”不能确定是部分标题还是任务 {value}"
                         f"(下一个部分应为第{self.part_index + 1}部分):任务请写作“{value}.”,部分请写作“{numeral}、”,"
                         "改正后再导入")
        if self.task is not None:
            self.ignored = (line, text)
        return True

    def enter_named_part(self, line: int, value: str) -> None:
        """A task row's 所属部分 cell: a new part when it names another part than the current one."""
        current = self.plan.section(self.current_part) if self.current_part else None
        m = _PART.match(value)
        if not value or (current is not None and value in (current.title, f"{current.numeral}{current.title}")):
            return
        if m is None:
            self.warn(line, f"第{line}行的所属部分“{_clip(value, 20)}”没有“一、”这样的编号,未作为部分,请核对")
        elif current is None or _title(m.group(2)) != current.title:
            self.start_part(line, m.group(1), m.group(2))

    def start_part(self, line: int, numeral: str, title: str) -> None:
        self.finish_task()
        self.ignored = None
        if self.current_part is None and self.sub_index and self.plan.sections:
            # Sub-sections read as the top level came first: they belong to a part whose heading is missing.
            # (Tasks numbered (一)(二) before any part count sub_index too, but make no section.)
            first = self.plan.sections[0].line
            self.error(line, f"第{line}行的部分“{numeral}、”之前有不属于任何部分的子部分(第{first}行起),"
                             "可能缺少第一部分的标题“一、…”:不能确定这些子部分属于哪一部分,请补上部分标题后再导入")
            self.part_index = max(self.part_index, self.sub_index)
        self.part_index += 1
        self.sub_index = 0
        value = chinese_numeral_value(numeral)
        if value != self.part_index:
            self.warn(line, f"部分编号“{numeral}、”与顺序(第{self.part_index}部分)不符,按顺序处理")
        self.current_part = (self.part_index,)
        self.current_section = self.current_part
        self.plan.sections.append(Section(self.current_part, f"{numeral}、", _title(title), line))

    def start_sub_section(self, line: int, numeral: str, title: str) -> None:
        self.finish_task()
        self.ignored = None
        self.sub_index += 1
        value = chinese_numeral_value(numeral)
        if value != self.sub_index:
            self.warn(line, f"子部分编号“({numeral})”与顺序(第{self.sub_index}个)不符,按顺序处理")
        # A plan without parts uses its sub-sections as the top level.
        path = (*self.current_part, self.sub_index) if self.current_part else (self.sub_index,)
        self.current_section = path
        self.plan.sections.append(Section(path, f"({numeral})", _title(title), line))

    def start_paren_task(self, line: int, numeral: str, rest: str) -> None:
        """A task numbered (一)(二) within its part: numbered on through the plan (1, 2, …)."""
        self.sub_index += 1
        if chinese_numeral_value(numeral) != self.sub_index:
            self.warn(line, f"任务编号“({numeral})”与本部分中的顺序(第{self.sub_index}项)不符,按顺序处理")
        self.start_task(line, self.last_number + 1, rest)

    def start_task(self, line: int, number: int, rest: str) -> None:
        previous = self.task
        self.finish_task()
        if self.ignored is not None and _heading_like(self.ignored[1]):
            ignored_line, ignored_text = self.ignored
            section = self.plan.section(self.current_section)
            where = f"“{section.numeral}{_clip(section.title, 16)}”" if section else "方案开头"
            self.warn(line, f"任务 {number} 上面的第{ignored_line}行“{_clip(ignored_text, 20)}”没有识别;"
                            f"任务 {number} 及以后的任务仍归入{where},如果那一行是部分或子部分的标题,请补上编号")
        self.ignored = None
        self.repeat_before = (previous.repeated_line, previous.number) if previous and previous.repeated_line else None
        before, segments = _label_segments(rest, self.labels)
        text = before.strip().rstrip("(（").strip()
        if number in self.numbers_seen:
            first = self.numbers_seen[number]
            self.error(line, f"任务编号 {number} 重复(第 {first} 行已有任务 {number}),请修改原文后再导入")
        else:
            last = self.last_number
            if number > last + 1:
                missing = f"{last + 1}" if number == last + 2 else f"{last + 1}–{number - 1}"
                self.warn(line, f"任务编号不连续:缺少 {missing}")
            elif number < last:
                self.warn(line, f"任务编号 {number} 排在 {last} 之后,顺序颠倒")
            self.numbers_seen[number] = line
            self.last_number = max(last, number)
        for field, value in segments:
            if field == "section":
                self.enter_named_part(line, _clean_value(value))
        self.task = _TaskDraft(number, text, line, self.current_section)
        for field, value in segments:
            if field != "section":
                self.task.add_label(field, value)

    def add_labels(self, line: int, text: str) -> None:
        if self.task is None:
            self.warn(line, f"这一行的单位不属于任何任务,已忽略:{_clip(text)}")
            return
        label = re.sub(r"\s+", "", self.labels.regex.match(text).group(1))
        if self.ignored is not None:
            # The line above was not read as a task: these units are that line's, not the task's before it.
            ignored_line, ignored_text = self.ignored
            self.error(line, f"第{line}行的{label}不能确定属于哪项任务:上面第{ignored_line}行没有识别为任务"
                             f"(“{_clip(ignored_text, 20)}”),请核对编号后再导入")
            return
        _, segments = _label_segments(text, self.labels)
        repeated = [f for f, _ in segments if f in self.task.field_parts and f != "deadline"]
        if repeated and self.task.open_field is None:
            self.task.repeated_line = self.task.repeated_line or line
            self.warn(line, f"第{line}行又写了一行{label},已并入任务 {self.task.number}(第{self.task.line}行);"
                            f"如果这些单位属于下一项任务,请移到该任务之后")
        for field, value in segments:
            self.task.add_label(field, value, line)

    def add_loose_line(self, line: int, text: str) -> None:
        task = self.task
        if task is not None and task.open_field in ("lead", "responsible", "cooperating") \
                and not complete_name((split_unit_list(text) or [""])[0]):
            # A list ended in 、 but this line does not start with a unit name: a unit, or the text?
            task.open_field = None
            self.error(line, f"第{line}行“{_clip(text, 20)}”接在以“、”结尾的单位列表后面,但不像单位名称:"
                             "不能确定它是单位还是正文,请核对后再导入")
        elif task is not None and task.open_field:
            task.add_label(task.open_field, text, line)
        elif task is not None and (joined := _wrapped_name(task, text)):
            # A name cut at the line end (PDF): 区大数据 / 发展局。
            field = task.last_field
            before, segments = _label_segments(text, self.labels)
            task.field_parts[field][-1] += before.strip()
            self.warn(line, f"第{line}行接着上一行的单位名称,已连成“{joined}”,请核对")
            for label_field, value in segments:
                task.add_label(label_field, value, line)
        elif task is not None and not task.has_labels:
            before, segments = _label_segments(text, self.labels)
            task.add_text(before.strip().rstrip("(（").strip())
            for field, value in segments:
                task.add_label(field, value, line)
        elif _owns_units(text, self.labels):
            # A task's text with its units but no number we read (a table row whose 序号 was lost).
            self.error(line, f"第{line}行写有单位,但没有识别出任务编号:“{_clip(text, 20)}”,"
                             "不能确定是哪项任务,请补上编号后再导入")
        else:
            hint = ""
            if (m := _DECIMAL_START.match(text)) and _digits(m.group(1)) == self.last_number + 1:
                hint = f"(如果这是任务 {self.last_number + 1},请在“{m.group(1)}.”后加一个空格,以免读成小数)"
            self.warn(line, f"无法归入任何任务,已忽略:{_clip(text)}{hint}")
            if task is not None:
                self.ignored = (line, text)

    def finish_task(self) -> None:
        draft, self.task = self.task, None
        if draft is None:
            return
        task = _build_task(draft, self.plan.year, self.warn)
        if self.repeat_before and not task.unit_names():
            repeat_line, before = self.repeat_before
            self.error(repeat_line, f"第{repeat_line}行的单位写在任务 {before} 和任务 {task.number}"
                                    f"(第{task.line}行)之间,任务 {task.number} 没有写明单位:"
                                    "不能确定属于哪项任务,请核对后再导入")
        self.repeat_before = None
        self.plan.tasks.append(task)


def _build_task(draft: _TaskDraft, year: int | None, warn) -> Task:
    fields = {k: _clean_value(v) for k, v in draft.fields.items()}
    text = draft.text
    if not any(fields.get(k) for k in ("lead", "responsible", "cooperating")) and (duties := inline_duties(text)):
        text, roles = duties
        for role, names in roles.items():
            if role == "deadline":
                fields.setdefault("deadline", ";".join(names))
            else:
                fields[role] = "、".join([*split_unit_list(fields.get(role, "")), *names])
    names: dict[str, list[str]] = {}
    for field in ("lead", "responsible", "cooperating"):
        roles, notes = label_units(fields.get(field, ""), field)
        for note in notes:
            warn(draft.field_lines.get(field, draft.line), note)
        for role, role_names in roles.items():
            names.setdefault(role, []).extend(role_names)
    leads = names.get("lead", [])
    responsible = list(dict.fromkeys(leads + names.get("responsible", [])))
    cooperating = [n for n in dict.fromkeys(names.get("cooperating", [])) if n not in responsible]
    for name in dict.fromkeys(n for n in names.get("cooperating", []) if n in responsible):
        warn(draft.field_lines.get("cooperating", draft.line),
             f"任务 {draft.number} 的“{name}”既是责任单位又是配合单位,已只作为责任单位保存,请核对")
    task = Task(
        number=draft.number,
        text=text,
        line=draft.line,
        section_path=draft.section_path,
        lead=responsible[0] if responsible else None,
        responsible=responsible,
        cooperating=cooperating,
        leaders=split_unit_list(fields.get("leaders", "")),
        deadline_text=fields.get("deadline") or None,
        indicators=extract_indicators(text),
    )
    deadline = parse_deadline(task.deadline_text, year) if task.deadline_text else deadlines_in_text(text, year)
    if deadline is not None:
        task.deadline_text, task.deadline, task.deadline_ongoing = deadline.text, deadline.on, deadline.ongoing
        if year and task.deadline and task.deadline.year < year:
            warn(draft.field_lines.get("deadline", draft.line), f"任务 {draft.number} 的完成时限“{task.deadline_text}”"
                 f"早于方案年度 {year} 年,已按 {task.deadline.isoformat()} 保存,请核对")
    elif task.deadline_text:
        warn(draft.line, f"任务 {draft.number} 的完成时限“{task.deadline_text}”无法识别为日期,已按原文保存")
    if not task.text:
        warn(draft.line, f"任务 {draft.number} 没有任务内容")
    if not responsible:
        warn(draft.line, f"任务 {draft.number} 没有写明责任单位")
    return task


def _clean_value(value: str) -> str:
    """A label's value without outer punctuation, nor the ")" closing an inline "(责任单位:…)"."""
    value = value.strip(_VALUE_TRIM)
    while value and value[-1] in ")）" and _count_open(value) < _count_close(value):
        value = value[:-1].strip(_VALUE_TRIM)
    return value


def _count_open(text: str) -> int:
    return text.count("(") + text.count("（")


def _count_close(text: str) -> int:
    return text.count(")") + text.count("）")


_DECIMAL_START = re.compile(r"^([0-9０-９]{1,4})[.．][0-9０-９]")


def _wrapped_name(task: _TaskDraft, text: str) -> str | None:
    """The whole name when ``text`` starts with the rest of a unit name the last label line cut off."""
    field = task.last_field
    if field not in ("lead", "responsible", "cooperating"):
        return None
    value = task.field_parts[field][-1].rstrip()
    if not value or value[-1] in "。.;；,，、:：" or value[-1].isspace():
        return None
    tail = (split_unit_list(value) or [""])[-1]
    head = (split_unit_list(_label_segments(text, DEFAULT_LABELS)[0]) or [""])[0]
    if not tail or not head or (complete_name(tail) and complete_name(head)):
        return None
    return tail + head if complete_name(tail + head) else None


def _heading_like(text: str) -> bool:
    """A short line without a sentence's end: a heading whose numeral is missing, perhaps."""
    return len(text) <= 40 and not text.endswith(("。", ".", ";", "；", ",", "，")) and not re.search("[:：]", text)


def _title(text: str) -> str:
    return text.strip().rstrip("。.")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_LABEL_LIKE = re.compile(r"(?:^|[;；。\s])[(（【]?([\u4e00-\u9fff]{2,8})[)）】]?\s*[:：]")


def label_candidates(lines: list[str], limit: int = 30) -> list[tuple[str, int, str | None]]:
    """Words written like labels (承办单位:…) at least twice: (word, count, the field it fills now
    or None), most frequent first; the guided import asks the user what the unknown ones mean."""
    counts: dict[str, int] = {}
    for raw in lines:
        for m in _LABEL_LIKE.finditer(raw.strip()):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    found = [(w, n, _LABEL_FIELDS.get(w)) for w, n in counts.items() if n >= 2 or w in _LABEL_FIELDS]
    return sorted(found, key=lambda c: -c[1])[:limit]


def numbering_counts(lines: list[str]) -> dict[str, int]:
    """How many lines start with each task numbering (1. / (一) / 一、), for the guided import."""
    counts = dict.fromkeys(TASK_NUMBERINGS, 0)
    for raw in lines:
        text = raw.strip()
        for style in TASK_NUMBERINGS:
            if _numbered(text, style) is not None:
                counts[style] += 1
    return counts


_BRACKETED = re.compile(r"^(?:[(（]\s*([0-9０-９]{1,4})\s*[)）]|([0-9０-９]{1,4})\s*[)）])\s*(\S.*)$")


def _unbracket(lines: list[str], labels: Labels) -> list[str]:
    """Tasks numbered (1) (2) or 1) 2) instead of 1. 2., as lines the parser reads (“1.…”).

    Only when they are the plan's only Arabic numbering and run on from (1) without starting again:
    sub-items (1)(2) under each task “1.” or “(一)” stay the task's text."""
    first = owned = None
    last = 0
    for i, raw in enumerate(lines):
        text = raw.strip()
        m = _BRACKETED.match(text)
        if m and first is None and _digits(m.group(1) or m.group(2)) == 1:
            first = i
        if first is not None and m:
            number = _digits(m.group(1) or m.group(2))
            if number <= last:
                return lines  # numbering that starts again at (1): sub-items within each task
            last = number
        elif first is not None and _task_line(text):
            return lines
        if first is not None and owned is None and _owns_units(text, labels):
            owned = i
    if first is None or owned is None:
        return lines
    out = list(lines[:first])
    for raw in lines[first:]:
        m = _BRACKETED.match(raw.strip())
        out.append(f"{m.group(1) or m.group(2)}.{m.group(3)}" if m else raw)
    return out


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def parse_plan_lines(lines: list[str], hints: ParseHints | None = None) -> ParsedPlan:
    """Parse the notice given as lines (line numbers in messages are 1-based indexes here);
    ``hints`` carry what the user said about a notice that did not parse by itself."""
    if not any(line.strip() for line in lines):
        raise PlanParseError("文件是空的,没有任何内容")
    if hints and hints.task_numbering not in (None, *TASK_NUMBERINGS):
        raise PlanParseError(f"未知的任务编号方式:{hints.task_numbering}")
    # Zero-width spaces and stray BOMs inside a name would make it a different name.
    lines = [_INVISIBLE.sub("", line) for line in lines]
    labels = Labels(dict(hints.labels)) if hints and hints.labels else DEFAULT_LABELS
    parser = _Parser(_unbracket(untable(lines), labels), hints)
    start = parser.find_body_start()
    parser.read_header(start)
    parser.read_body(start)
    _check_section_paths(parser.plan)
    _check_stated_count(parser.plan, parser.lines[:start])
    return parser.plan


_STATED_COUNT = re.compile(r"([0-9０-９]{1,4})\s*项(?:目标|重点|工作|具体)?任务")


def _check_stated_count(plan: ParsedPlan, header: list[str]) -> None:
    """The covering notice's own count (将156项目标任务…) against the tasks read: a task lost at the
    end leaves no gap in the numbering, so only this can see it."""
    stated = [(i + 1, _digits(m.group(1))) for i, text in enumerate(header) for m in _STATED_COUNT.finditer(text)]
    if len({count for _, count in stated}) != 1 or not plan.tasks:
        return
    line, count = stated[0]
    found = len({t.number for t in plan.tasks})
    numbers = sorted({t.number for t in plan.tasks})
    read = f"读到 {found} 项(编号 {numbers[0]}–{numbers[-1]})"
    if found < count:  # tasks lost: refused
        plan.errors.append(LineMessage(line, f"第{line}行写明共 {count} 项任务,但只{read},"
                                             "请核对是否有任务没有读出后再导入"))
    elif found > count:  # nothing lost (a revision that adds tasks): shown
        plan.warnings.append(LineMessage(line, f"第{line}行写明共 {count} 项任务,但{read},请核对"))


def _check_section_paths(plan: ParsedPlan) -> None:
    """Two sections with one path would be one section in the database: refuse rather than merge."""
    seen: dict[tuple[int, ...], Section] = {}
    for section in plan.sections:
        if section.path in seen:
            first = seen[section.path]
            plan.errors.append(LineMessage(section.line, f"第{section.line}行的“{section.numeral}{section.title}”与第"
                                           f"{first.line}行的“{first.numeral}{first.title}”编号位置相同,"
                                           "不能确定各任务属于哪一部分,请核对部分编号后再导入"))
        else:
            seen[section.path] = section


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse the notice's full text; PlanParseError when it is not a notice at all."""
    return parse_plan_lines(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
