"""Unit names as notices write them: normalising, splitting lists, kinds and group tokens."""

from __future__ import annotations

import re
import unicodedata

UNIT_KINDS = ("department", "town", "committee", "other", "group")

KIND_LABELS = {
    "department": "部门",
    "town": "乡镇(街道)",
    "committee": "管委会",
    "other": "其他单位",
    "group": "单位组",
}

# Separators between names in 责任单位:A、B,C and trailing punctuation around them.
_LIST_SPLIT = re.compile(r"[、,，;；/／]|\s{2,}")
_TRIM = " \t\u3000。.:：;；,，、"
# Group tokens: "all/some units of a kind", never a single unit.
_GROUP_PREFIX = re.compile(r"^(各|有关|相关|其他|其余|全区各|区级各|区级有关|区政府各|区政府有关|区级)")
_GROUP_BODY = re.compile(r"(乡镇|街道|部门|单位|镇街|镇乡)")


# Zero-width and other invisible characters a copy from a web page or chat brings along.
_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def normalize_name(name: str) -> str:
    """Canonical comparison form: NFKC (full-width to half-width), no spaces, invisible characters
    or outer punctuation."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _INVISIBLE.sub("", re.sub(r"\s+", "", text))
    return text.strip(_TRIM)


def split_unit_list(text: str) -> list[str]:
    """Names in a written list such as ``区科技局、区经济信息委;`` in order, without repeats.

    Separators inside brackets (各乡镇(街道、园区)) do not split.
    """
    names, depth, current = [], 0, []
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and _LIST_SPLIT.match(ch):
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    cleaned = []
    for name in names:
        name = name.strip(_TRIM)
        # "区财政局等" lists an example, the named unit is still responsible.
        if name.endswith("等") and len(name) > 2:
            name = name[:-1]
        if name:
            cleaned.append(name)
    return list(dict.fromkeys(cleaned))


def is_group_token(name: str) -> bool:
    """True for 各乡镇(街道), 区政府有关部门, 有关单位 and the like."""
    n = normalize_name(name)
    return bool(_GROUP_PREFIX.match(n) and _GROUP_BODY.search(n))


def group_member_kind(token: str) -> str | None:
    """The unit kind a group token stands for: towns, departments, or None for any unit."""
    n = normalize_name(token)
    if "部门" in n:
        return "department"
    if any(word in n for word in ("乡镇", "街道", "镇街", "镇乡")):
        return "town"
    return None


def guess_kind(name: str) -> str:
    """Best guess of a unit's kind from its name; the user can correct it in the directory."""
    n = normalize_name(name)
    if is_group_token(n):
        return "group"
    if n.endswith(("镇", "乡", "街道", "街道办事处", "镇人民政府", "乡人民政府")):
        return "town"
    if n.endswith(("管委会", "管委", "管理委员会")):
        return "committee"
    prefix = _PLACE_PREFIX.match(n)
    if prefix and len(n) > prefix.end() and n.endswith(_DEPARTMENT_ENDINGS):
        return "department"
    return "other"


_DEPARTMENT_ENDINGS = ("局", "委", "办", "部", "室", "中心", "社", "院", "队", "所", "会", "处", "站", "团")
# A department's name begins with its place: 区/县/市 alone as notices abbreviate it, or the full
# formal name a directory uses (梁平区财政局, 城口县经济和信息化委员会, 石柱土家族自治县…, …旗).
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{0,10}?(?:区|县|市|旗)")


def has_no_letters(name: str) -> bool:
    """True for 110, 3.5 or 12345: only digits and punctuation, a cell typed in the wrong column."""
    return not re.search(r"[^\W\d_]", name or "")


def looks_like_unit_name(name: str) -> bool:
    """A cheap check that a string is a plausible unit name, not a sentence fragment."""
    n = normalize_name(name)
    return 2 <= len(n) <= 30 and not re.search(r"[。!?!?“”\"]", n)
