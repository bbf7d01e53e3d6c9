"""Quantitative targets inside a task's text (增长8%, 130家以上, 改造老旧小区119个)."""

from __future__ import annotations

import re
import unicodedata

from duchaban.core.plan import Indicator

# Measures that make a number a target. Longer spellings first so 万亩 wins over 亩.
_MEASURES = (
    "万平方米", "平方公里", "平方米", "万人次", "万千瓦", "亿元", "万元", "万亩", "万吨", "万户",
    "万人", "公里", "千米", "公顷", "个百分点", "%", "‰", "家", "个", "户", "人", "亩", "吨", "座",
    "所", "项", "辆", "条", "处", "套", "台", "张", "床", "名", "场", "次", "件", "栋", "幢", "km",
)
_NUMBER = r"(\d+(?:\.\d+)?)"
_INDICATOR = re.compile(
    _NUMBER + r"\s*(" + "|".join(re.escape(m) for m in _MEASURES) + r")(以上|以下|以内|左右)?"
)
_AT_LEAST = ("以上", "突破", "超过", "不低于", "不少于", "达到", "力争", "提高到", "增长", "增速")
_AT_MOST = ("以下", "以内", "控制在", "不超过", "低于", "下降到", "降至")
_CLAUSE_SPLIT = re.compile(r"[,，;；。:：]")


def _clause_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_SPLIT.search(text, end)
    right = right_match.start() if right_match else len(text)
    return text[left:right].strip()


def _comparator(clause: str, suffix: str | None) -> str:
    if suffix in ("以上",):
        return ">="
    if suffix in ("以下", "以内"):
        return "<="
    if any(word in clause for word in _AT_MOST):
        return "<="
    if any(word in clause for word in _AT_LEAST):
        return ">="
    return "="


def extract_indicators(text: str) -> list[Indicator]:
    """Every number-with-measure in ``text`` as an Indicator, in order of appearance.

    A number directly followed by 年 (a year) has no measure here and is never taken.
    Full-width digits and signs (１０％) are read as their ASCII forms.
    """
    text = unicodedata.normalize("NFKC", text)
    found = []
    for m in _INDICATOR.finditer(text):
        # "5G" or a digit run inside a longer number (e.g. the 20 in "2021个") is not a target.
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue
        clause = _clause_around(text, m.start(), m.end())
        found.append(
            Indicator(
                clause=clause,
                value=float(m.group(1)),
                measure=m.group(2),
                comparator=_comparator(clause, m.group(3)),
            )
        )
    return found
