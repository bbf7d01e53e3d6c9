"""Units named the State Council's way: the task's paragraph ends with
``(A、B牵头,C及各有关部门按职责分工负责)``. Before 牵头 the leads, before 负责 the responsible
units, before 配合/参与/协助 the cooperating ones; 及, 和, 、 separate names (和 only between two
complete names, so 区住房和城乡建设委员会 stays whole). A deadline among them (2023年底前完成)
is returned too; a bracket holding anything else is not a list of duties and is left alone.
"""

from __future__ import annotations

import re

from duchaban.core.deadlines import parse_deadline
from duchaban.core.unit_names import is_group_token, split_unit_list

_DUTY_WORD = re.compile(r"牵头|负责|配合|参与|协助")
_OPEN, _CLOSE = "(（", ")）"


def duties_bracket(text: str) -> tuple[int, str] | None:
    """(where it opens, what it holds) of the bracket ending the text when it names duties:
    (A、B牵头,C、有关乡镇(街道)按职责分工负责). Inner brackets (街道) are part of a name."""
    end = len(text.rstrip().rstrip("。.;；").rstrip())
    if not end or text[end - 1] not in _CLOSE:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        if text[i] in _CLOSE:
            depth += 1
        elif text[i] in _OPEN:
            depth -= 1
            if depth == 0:
                inner = text[i + 1: end - 1]
                return (i, inner) if _DUTY_WORD.search(inner) else None
    return None


def _top_level_split(text: str) -> list[str]:
    """Split at , ; outside inner brackets."""
    pieces, depth, current = [], 0, []
    for ch in text:
        depth += ch in _OPEN
        depth -= ch in _CLOSE
        if ch in ",，;；" and depth <= 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return pieces

# After these a name is complete, so 和/与 between two such names separates them (区住房和城乡建设委员会
# and 区人力资源和社会保障局 keep theirs).
_UNIT_END = re.compile(r"(局|委|办|院|部|会|厅|室|署|行|司|中心|社|团|馆|队|所|站|处|园区|政府|街道|乡镇|单位|部门"
                       r"|公司|集团|法院|检察院)$")
_DUTY_ROLES = (("牵头", "lead"), ("按职责分工负责", "responsible"), ("分工负责", "responsible"),
               ("负责", "responsible"), ("配合", "cooperating"), ("参与", "cooperating"),
               ("协助", "cooperating"))


def _duty_names(text: str) -> list[str]:
    names: list[str] = []
    for piece in split_unit_list(text.replace("及", "、")):
        parts = re.split(r"(?<=[^和与])[和与](?=.)", piece)
        current = ""
        for part in parts:
            if current and _UNIT_END.search(current):
                names.append(current)
                current = part
            else:
                current = f"{current}{'和' if current else ''}{part}"
        if current:
            names.append(current)
    return names


def inline_duties(text: str) -> tuple[str, dict[str, list[str]]] | None:
    """(task text, {role: names}) when the text ends with (A、B牵头,C及D按职责分工负责); a
    deadline among them (2023年底前完成) comes back as role "deadline"."""
    found = duties_bracket(text)
    if found is None:
        return None
    start, inner = found
    roles: dict[str, list[str]] = {}
    for segment in _top_level_split(inner):
        segment = segment.strip()
        for word, role in _DUTY_ROLES:
            if segment.endswith(word):
                names = segment[: -len(word)].strip()
                if role == "responsible" and names.endswith("牵头"):  # A牵头负责
                    role, names = "lead", names[:-2]
                roles.setdefault(role, []).extend(_duty_names(names))
                break
        else:
            if segment and parse_deadline(segment, 2000) is not None:
                roles.setdefault("deadline", []).append(segment)
            elif segment:
                return None  # a bracket that is not a list of duties: leave the text alone
    if not any(v for k, v in roles.items() if k != "deadline"):
        return None
    return text[:start].rstrip(), roles


# Marks written on one name in a label's list: 区科技局(牵头), 区经济信息委(配合).
_NAME_MARK = re.compile(r"\s*[(（]\s*(牵头|配合|协助|参与)\s*[)）]$")
_ASTERISK = re.compile(r"\s*[*＊]+$")
_ET_CETERA = re.compile(r"等(?:部门|单位)$")
_LABEL_ROLES = ("lead", "responsible", "cooperating")


def complete_name(name: str) -> bool:
    """A whole unit name (ends like 局/委/管委会, or 各乡镇(街道)), not a fragment of text."""
    if sum(name.count(c) for c in _OPEN) != sum(name.count(c) for c in _CLOSE):
        return False  # 有关乡镇(街 cut at a line end
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", name.strip())
    return (len(bare) >= 2 and bool(_UNIT_END.search(bare))) or is_group_token(name)


def _split_joined(piece: str) -> list[str]:
    """和/及/与 or single spaces between two complete names separate them (SPEC §3); inside a name
    (区住房和城乡建设委员会, 区人力资源和社会保障局) they do not."""
    words = piece.split()
    if len(words) > 1 and all(complete_name(w) for w in words):
        return [n for w in words for n in _split_joined(w)]
    names: list[str] = []
    current = ""
    for part in re.split(r"(?<=[^和与及])([和与及])(?=.)", piece):
        if part in ("和", "与", "及"):
            current += part
        elif current and current[-1] in "和与及" and complete_name(current[:-1]):
            names.append(current[:-1])
            current = part
        else:
            current += part
    return [*names, current] if current else names


def label_units(value: str, role: str) -> tuple[dict[str, list[str]], list[str]]:
    """({role: names}, notes) from the value of a unit label of this role.

    A clause that ends with 牵头/配合 (区经济信息委牵头,区科技局、工业园区管委会配合) gives its names
    that role; so does a name marked 区科技局(牵头). A mark whose meaning is not written (区经济信息委*)
    is taken off with a note, so the user checks it."""
    roles: dict[str, list[str]] = {}
    notes: list[str] = []
    for segment in _top_level_split(value):
        segment = segment.strip(" \t\u3000。.")
        segment_role = role
        for word, duty in _DUTY_ROLES:
            if segment.endswith(word) and len(segment) > len(word):
                segment, segment_role = segment[: -len(word)], duty
                if duty == "responsible" and segment.endswith("牵头"):  # A牵头负责
                    segment, segment_role = segment[:-2], "lead"
                break
        for piece in split_unit_list(segment):
            for name in _split_joined(piece):
                name_role = segment_role
                if m := _NAME_MARK.search(name):
                    name, name_role = name[: m.start()], "lead" if m.group(1) == "牵头" else "cooperating"
                elif m := _ASTERISK.search(name):
                    name = name[: m.start()]
                    notes.append(f"“{name}{m.group(0).strip()}”的“*”没有说明含义,已按“{name}”读取,请核对它是否为牵头单位")
                name = _ET_CETERA.sub("", name).strip()
                if name:
                    roles.setdefault(name_role, []).append(name)
    return roles, notes
