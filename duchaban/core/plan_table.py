"""A notice's task table (序号 | 工作任务 | 牵头单位 | 责任单位 | 配合单位 | 完成时限) as the lines the
plan parser reads.

Tables come from .docx, from .xlsx/.xls attachments (任务分解表) and from text pasted out of a
table (cells split by ``|`` or tabs). Each task row becomes ONE line, ``12.任务 牵头单位:A;…``,
so that line numbers in messages still point at the row. A row whose cells all hold the same
text (a heading spanning the table, 一、…) stays a line of its own. Cells are cleaned the way
real tables need: a merged cell that holds its text twice keeps it once, a multi-line unit cell
is a list of units.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

# Header words -> the label the parser reads, "#" for the number, "text" for the task.
COLUMN_LABELS = {
    "序号": "#", "编号": "#", "任务编号": "#",
    "目标任务": "text", "任务内容": "text", "工作任务": "text", "重点任务": "text", "工作内容": "text",
    "任务": "text", "主要任务": "text", "具体任务": "text", "重点工作": "text", "工作事项": "text",
    "目标任务内容": "text", "工作目标": "text", "主要内容": "text", "具体内容": "text", "工作措施": "text",
    "牵头单位": "牵头单位", "牵头部门": "牵头单位", "主要责任单位": "牵头单位", "主办单位": "牵头单位",
    "责任单位": "责任单位", "责任部门": "责任单位",
    "配合单位": "配合单位", "配合部门": "配合单位", "协办单位": "配合单位", "参与单位": "配合单位",
    "完成时限": "完成时限", "完成时间": "完成时限", "时间节点": "完成时限", "时限要求": "完成时限",
    "责任领导": "责任领导", "牵头领导": "责任领导", "分管领导": "责任领导", "牵头区领导": "责任领导",
    "所属部分": "所属部分", "所属板块": "所属部分",
}
_UNIT_LABELS = ("牵头单位", "责任单位", "配合单位", "责任领导")
# 所属部分 (the part a row belongs to) goes on the row's own line, so line numbers still point at rows.
_LABEL_ORDER = ("牵头单位", "责任单位", "配合单位", "责任领导", "完成时限", "所属部分")
_NUMBER = re.compile(r"^[0-9０-９]{1,4}[.．、]?$")
_SPACES = re.compile(r"[ \t\u3000]+")


def header_columns(cells: Sequence[str]) -> list[str] | None:
    """The column meanings when ``cells`` is a header row (a task column and one more), else None."""
    mapped = [COLUMN_LABELS.get(re.sub(r"\s+", "", c)) for c in cells]
    if "text" in mapped and sum(1 for m in mapped if m) >= 2:
        return [m or "" for m in mapped]
    return None


def clean_cell(text: str) -> str:
    """A cell's text with its lines kept, each line once: Word keeps both cells' paragraphs when two
    cells holding the same name are merged, and some exports repeat a merged cell's text."""
    lines = [_SPACES.sub(" ", line).strip() for line in str(text or "").replace("\r", "\n").split("\n")]
    kept = list(dict.fromkeys(line for line in lines if line))
    if len(kept) == 1:
        words = kept[0].split(" ")
        half = len(words) // 2
        if len(words) % 2 == 0 and half and words[:half] == words[half:]:
            kept = [" ".join(words[:half])]
    return "\n".join(kept)


def _column_value(label: str, cells: list[str]) -> str:
    if label in _UNIT_LABELS:
        # One unit per line (or per space) in a unit cell: a list.
        names = [n for c in cells for line in c.split("\n") for n in re.split(r"\s+", line) if n]
        return "、".join(dict.fromkeys(names))
    return "".join(c.replace("\n", "") for c in cells)


def row_line(columns: Sequence[str], cells: Sequence[str], fallback_number: int | None = None) -> str:
    """One table row as a line: a task line with its labels, or the heading text it holds."""
    cells = [clean_cell(c) for c in cells]
    distinct = [c for c in dict.fromkeys(cells) if c]
    if len(distinct) <= 1:
        return distinct[0].replace("\n", "") if distinct else ""
    by_label: dict[str, list[str]] = {}
    for label, cell in zip(columns, cells):
        if label and cell:
            by_label.setdefault(label, []).append(cell)
    number = "".join(by_label.get("#", [])).rstrip(".、．")
    text = _column_value("text", by_label.get("text", []))
    if not number and fallback_number is not None and text:
        number = str(fallback_number)
    if number and not _NUMBER.match(number):
        # 一 / (一) in the number column: a part or sub-section heading row.
        return f"{number}{'' if number.endswith(('、', ')', '）')) else '、'}{text}"
    line = f"{number}.{text}" if number else text
    labels = [f"{label}:{_column_value(label, by_label[label])}" for label in _LABEL_ORDER if by_label.get(label)]
    if labels:
        line += "(" + ";".join(labels) + ")"
    return line


def table_lines(rows: Iterable[Sequence[str]]) -> list[str]:
    """Rows of one table as lines; rows above the header (titles) are kept as text."""
    lines: list[str] = []
    columns: list[str] | None = None
    numbered = False
    count = 0
    for cells in rows:
        if columns is None:
            columns = header_columns(cells)
            if columns is not None:
                numbered = "#" in columns
                lines.append("")
                continue
            # Before the header: text, one line per line of each cell (web pages exported to Word
            # often hold the whole notice in one layout cell).
            for cell in dict.fromkeys(clean_cell(c) for c in cells):
                lines.extend(cell.split("\n") if cell else [])
            continue
        if header_columns(cells) == columns:  # the header repeated on each page
            lines.append("")
            continue
        line = row_line(columns, cells, None if numbered else count + 1)
        if not numbered and line and line[0].isdigit():
            count += 1
        lines.append(line)
    return lines


_TABLE_RULE = re.compile(r"^[|\s:：\-—–=+]+$")


def _cells(text: str, separator: str) -> list[str]:
    # A leading tab is an empty first cell (a lost 序号), not indentation.
    text = text.strip() if separator == "|" else text.strip(" \r\n\u3000")
    if separator == "|":
        text = text.strip("|")
    return [c.strip() for c in text.split(separator)]


def untable(lines: list[str]) -> list[str]:
    """Text pasted from a table (cells split by | or tabs, under a header row such as 序号|工作任务|
    牵头单位) as one task line per row; the same number of lines, so line numbers still hold."""
    out = list(lines)
    columns: list[str] | None = None
    separator = ""
    number = 0
    for i, raw in enumerate(lines):
        if "|" not in raw and "\t" not in raw:
            continue
        sep = "|" if "|" in raw else "\t"
        if columns is None or sep != separator:
            found = header_columns(_cells(raw, sep))
            if found is not None:
                columns, separator, number = found, sep, 0
                out[i] = ""
            continue
        if _TABLE_RULE.match(raw) or header_columns(_cells(raw, sep)) == columns:
            out[i] = ""
            continue
        out[i] = row_line(columns, _cells(raw, sep), None if "#" in columns else number + 1)
        if "#" not in columns and out[i][:1].isdigit():
            number += 1
    return out
