"""A pasted list of the office's staff: one person a line, "姓名" or "姓名 职务".

A line that cannot be read as one person is reported with its line number, never guessed at
(three words might be a name with a space in it, or two people on one line; "张伟 李娜" is two
people, not 张伟 whose post is 李娜; "主任 李明" has the two swapped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME = 20
_SEPARATORS = re.compile(r"[\s\t,,、;;]+")
# Words that are a post, never a person: a line or a name that is one of them has the two swapped.
TITLE_WORDS = frozenset({
    "主任", "副主任", "科长", "副科长", "科员", "局长", "副局长", "书记", "副书记", "干部", "专员", "督查员",
    "督查专员", "组长", "副组长", "办事员", "工作人员", "干事", "处长", "股长", "秘书", "负责人", "职员",
    "联络员", "调研员", "主任科员", "一级科员", "二级科员", "一级主任科员", "二级主任科员", "三级主任科员",
    "四级主任科员", "部长", "队长", "站长", "所长", "主席"})
# How a post ends: what the second word of "姓名 职务" must look like to be read as one.
_TITLE_ENDINGS = ("主任", "书记", "干部", "干事", "秘书", "负责人", "主席", "员", "长")


def looks_like_title(word: str) -> bool:
    return word in TITLE_WORDS or word.endswith(_TITLE_ENDINGS)


def staff_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be one person's name (said in Chinese), or None: two people, a name
    and its post, or a post alone are never taken for a name."""
    if _SEPARATORS.search(name):
        return (f"“{name}”中有空格或分隔符,不像一个人的姓名:如果是两个人,请分开添加;"
                "职务请写在“职务”中;姓名中间的空格请去掉")
    if name in TITLE_WORDS:
        return f"“{name}”是职务,不是姓名"
    if len(name) > MAX_NAME:
        return f"姓名超过 {MAX_NAME} 个字"
    return None


@dataclass(frozen=True)
class StaffLine:
    line: int
    name: str
    title: str | None = None


@dataclass(frozen=True)
class StaffList:
    people: tuple[StaffLine, ...]
    problems: tuple[str, ...]


def parse_staff_lines(text: str) -> StaffList:
    """The people of a pasted list, in order, and what is wrong with the lines that are not one person."""
    people: list[StaffLine] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        words = [w for w in _SEPARATORS.split(raw.strip()) if w]
        if not words:
            continue
        if len(words) > 2:
            problems.append(f"第 {number} 行“{raw.strip()}”不是“姓名 职务”:请每行只写一人")
            continue
        name, title = words[0], (words[1] if len(words) == 2 else None)
        if len(name) > MAX_NAME:
            problems.append(f"第 {number} 行的姓名超过 {MAX_NAME} 个字")
            continue
        if name in TITLE_WORDS:
            problems.append(f"第 {number} 行“{raw.strip()}”:“{name}”是职务,姓名应写在前面(“姓名 职务”)")
            continue
        if title is not None and not looks_like_title(title):
            problems.append(f"第 {number} 行“{raw.strip()}”:“{title}”不像职务;如果是两个人,请每行只写一人;"
                            "如果姓名中间有空格,请去掉空格")
            continue
        if name in seen:
            problems.append(f"第 {number} 行的“{name}”与第 {seen[name]} 行重复")
            continue
        seen[name] = number
        people.append(StaffLine(number, name, title))
    return StaffList(tuple(people), tuple(problems))
