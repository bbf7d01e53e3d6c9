"""A pasted list of the office's staff: one person a line, "姓名" or "姓名 职务".

A line that cannot be read as one person is reported with its line number, never guessed at
(three words might be a name with a space in it, or two people on one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME = 20
_SEPARATORS = re.compile(r"[\s\t,,、;;]+")


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
        if name in seen:
            problems.append(f"第 {number} 行的“{name}”与第 {seen[name]} 行重复")
            continue
        seen[name] = number
        people.append(StaffLine(number, name, title))
    return StaffList(tuple(people), tuple(problems))
