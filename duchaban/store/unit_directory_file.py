"""Loading a directory file (the starter directory, a towns list, a pasted list) into the unit directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.unit_names import (
    KIND_LABELS,
    UNIT_KINDS,
    guess_kind,
    has_no_letters,
    is_group_token,
    normalize_name,
    split_unit_list,
)
from duchaban.store.unit_edits import add_group_members, add_unit_alias, create_unit
from duchaban.store.units import same_name_owner, same_name_text, unit_ids_by_name, unit_kinds_by_name

if TYPE_CHECKING:
    from sqlite_utils import Database

_TOWN_WORDS = {"镇", "乡", "街道"}
# Words a line may begin with as its kind: the labels, their codes and the short forms people type.
_KIND_WORDS = {normalize_name(w) for w in (*KIND_LABELS.values(), *UNIT_KINDS, *_TOWN_WORDS,
                                           "乡镇", "乡镇街道", "其他", "委办局", "管委", "组")}


@dataclass
class DirectoryLoad:
    """What loading a directory file did: units added, and notes for the user to check."""

    added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""    # the file the units came from, when one
    kinds_guessed: list[str] = field(default_factory=list)   # "name(kind)" of new units written without a kind

    def to_json(self) -> dict:
        """``{source, added: [unit name …], notes: [text …], kinds_guessed: ["name(kind)" …]}``."""
        return {"source": self.source, "added": list(self.added), "notes": list(self.notes),
                "kinds_guessed": list(self.kinds_guessed)}

    def to_text(self) -> str:
        lines = [f"提示:{note}" for note in self.notes]
        if self.kinds_guessed:
            lines.append(f"提示:以下单位未写类别,已按名称判断,请核对:{'、'.join(self.kinds_guessed)}")
        lines.append(f"已从“{self.source}”加入 {len(self.added)} 个单位" if self.source
                     else f"已加入 {len(self.added)} 个单位")
        return "\n".join(lines)


def parse_directory_lines(lines: list[str]) -> list[tuple[str, str, list[str], list[str]]]:
    """(kind, name, aliases, members) per line of a directory file or a pasted list.

    Layouts: the starter directory (``kind<TAB>name<TAB>aliases<TAB>members``), the towns list
    (``镇|乡|街道<TAB>name``), or one name per line with the kind guessed from the name.
    StoreError naming the line when a kind is not one of ours.
    """
    return [row[1:5] for row in _numbered_rows(lines)]


def _numbered_rows(lines: list[str]) -> list[tuple[int, str, str, list[str], list[str], bool]]:
    """(line number, kind, name, aliases, members, kind guessed) per line, as parse_directory_lines."""
    rows = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")] + ["", "", ""]
        # "区财政局<TAB>" (a stray tab after a name alone) is one name, not a kind without a name.
        lone_name = not any(cells[1:]) and normalize_name(cells[0]) not in _KIND_WORDS
        if len(raw.split("\t")) == 1 or lone_name:
            words = raw.split()
            if len(words) > 1 and normalize_name(words[0]) in _KIND_WORDS:
                raise StoreError(f"第 {number} 行:“{raw.strip()}”的类别和名称之间是空格,分不清哪些是名称;"
                                 "请用制表符(Tab)分隔类别和名称,或每行只写单位名称")
            name = normalize_name(cells[0] if lone_name else raw)
            rows.append((number, guess_kind(name), name, [], [], True))
            continue
        kind = "town" if cells[0] in _TOWN_WORDS else cells[0]
        if kind not in UNIT_KINDS:
            labels = {label: k for k, label in KIND_LABELS.items()}
            kind = labels.get(kind, kind)
        if kind not in UNIT_KINDS:
            raise StoreError(f"第 {number} 行:未知的单位类别“{cells[0]}”(应为 {'、'.join(KIND_LABELS.values())}"
                             "、镇、乡、街道 之一)")
        if not cells[1]:
            raise StoreError(f"第 {number} 行:缺少单位名称")
        rows.append((number, kind, cells[1], split_unit_list(cells[2]), split_unit_list(cells[3]), False))
    return rows


def _name_problems(db: Database, rows, known: dict[str, int]) -> list[str]:
    """Lines naming a unit twice, or a new unit (or member) that is an existing unit's name or alias
    but for spaces and punctuation, or an alias that is another unit's name: never guessed at."""
    problems, first = [], {}
    for number, _, name, _, _, _ in rows:
        key = normalize_name(name)
        if key in first:
            earlier, earlier_name = first[key]
            problems.append(f"第 {number} 行:“{name}”与第 {earlier} 行重复,同一单位只能写一行" if name == earlier_name
                            else f"第 {number} 行的“{name}”与第 {earlier} 行的“{earlier_name}”只差空格或标点,"
                                 "不能新建同名单位;如确是另一个单位,请改用不同的名称")
            continue
        first[key] = (number, name)
        if name not in known and has_no_letters(name):
            problems.append(f"第 {number} 行:单位名称“{name}”只有数字或符号,不像单位名称,请核对")
        elif name not in known and (owner := same_name_owner(db, name)):
            problems.append(f"第 {number} 行的{same_name_text(name, owner)}")
    names = {normalize_name(n): n for n in known} | {key: name for key, (_, name) in first.items()}
    kinds = unit_kinds_by_name(db) | {name: kind for _, kind, name, _, _, _ in rows}
    seen_aliases: dict[str, tuple[int, str]] = {}
    cache: dict[str, str] = {}
    for number, kind, name, aliases, members, _ in rows:
        for alias in aliases:
            key = normalize_name(alias)
            # A unit already present gets a note for an alias that is a unit's name already present too.
            if key in names and key != normalize_name(name) and not (name in known and names[key] in known):
                problems.append(f"第 {number} 行:别名“{alias}”是另一个单位“{names[key]}”的正式名称,"
                                f"不能作为“{name}”的别名")
            # A unit already present only notes an alias it cannot have; a new unit would fail on it.
            elif seen_aliases.setdefault(key, (number, name))[1] != name and name not in known:
                problems.append(f"第 {number} 行:别名“{alias}”在第 {seen_aliases[key][0]} 行已是"
                                f"“{seen_aliases[key][1]}”的别名,不能两个单位共用")
        if members and kind != "group":
            problems.append(f"第 {number} 行:“{name}”是{KIND_LABELS[kind]},不是单位组,不能填写单位组成员")
            continue
        for member in members:
            if member == name:
                problems.append(f"第 {number} 行:单位组“{name}”不能以自己为成员")
            elif kinds.get(member) == "group":
                problems.append(f"第 {number} 行:单位组“{name}”的成员“{member}”本身是单位组,成员只能是具体单位")
        for member in members:
            in_file = first.get(normalize_name(member))
            if member in known or (in_file and in_file[1] == member):
                continue
            if in_file:
                problems.append(f"第 {number} 行:单位组“{name}”的成员“{member}”与第 {in_file[0]} 行的"
                                f"“{in_file[1]}”只差空格或标点,请写成同一名称")
            elif owner := same_name_owner(db, member):
                problems.append(f"第 {number} 行:单位组“{name}”的成员{same_name_text(member, owner)}")
            elif near := _one_character_apart(member, names.values(), cache):
                problems.append(f"第 {number} 行:单位组“{name}”的成员“{member}”不在名录中,与“{near}”只差一个字;"
                                "如是同一单位请改正,如确是新单位请先单独写一行加入")
    return problems


# Characters that tell sibling units apart (城东街道, 城北街道): a difference in one of them is no typo.
_SIBLING_CHARACTERS = set("东西南北中上下前后左右新老大小一二三四五六七八九十")


def group_like_note(name: str, kind: str) -> str:
    """A unit named like a group (有关部门) but given another kind: added as written, and said."""
    return f"“{name}”的写法像单位组(如“有关部门”“各乡镇(街道)”),却写为{KIND_LABELS[kind]},已按所写类别加入,请核对"


def _one_character_apart(member: str, names, patterns: dict[str, str]) -> str | None:
    """The unit ``member`` is one typo away from (梁山街到 for 梁山街道), if any: a new member like
    that is a question, not a new unit. ``patterns`` caches each name with one character blanked."""
    if len(member) < 3:
        return None
    if not patterns:
        for name in names:
            for i in range(len(name)):
                patterns.setdefault(f"{name[:i]}\0{name[i + 1:]}", name)
    for i, ch in enumerate(member):
        near = patterns.get(f"{member[:i]}\0{member[i + 1:]}")
        if near and near != member and not {ch, near[i]} <= _SIBLING_CHARACTERS:
            return near
    return None


def load_directory_lines(db: Database, lines: list[str], *, who: str | None = None) -> DirectoryLoad:
    """Add the units of directory lines in one transaction; units already present keep their kind
    and gain the file's aliases they lack (an alias taken by another unit is reported, not moved).

    Files load in any order: a group member not yet in the directory is added with the kind its
    name suggests, and reported, so that loading the towns list afterwards changes nothing.
    """
    rows = _numbered_rows(lines)
    result = DirectoryLoad()
    known = unit_ids_by_name(db)
    kinds = unit_kinds_by_name(db)
    problems = _name_problems(db, rows, known)
    if problems:
        raise StoreError("名录文件有问题,未加入任何单位:\n" + "\n".join(problems))
    with db.atomic():
        for number, kind, name, aliases, _, guessed in rows:
            if name not in known:
                known[name] = create_unit(db, name=name, kind=kind, aliases=aliases, who=who).created
                result.added.append(name)
                if guessed:
                    result.kinds_guessed.append(f"{name}({KIND_LABELS[kind]})")
                elif kind != "group" and is_group_token(name):
                    result.notes.append(group_like_note(name, kind))
                continue
            if not guessed and kinds[name] != kind:
                result.notes.append(f"第 {number} 行:“{name}”已在名录中,类别为{KIND_LABELS[kinds[name]]},"
                                    f"文件写作{KIND_LABELS[kind]},未修改;如需修改请在名录中改")
            for alias in aliases:
                try:
                    add_unit_alias(db, unit_id=known[name], alias=alias, who=who)
                except StoreError as exc:
                    result.notes.append(f"“{name}”的别名未加入:{exc}")
        for _, kind, name, _, members, _ in rows:
            if not members:
                continue
            for member in members:
                if member not in known:
                    member_kind = guess_kind(member)
                    known[member] = create_unit(db, name=member, kind=member_kind, who=who).created
                    result.added.append(member)
                    result.notes.append(f"单位组“{name}”的成员“{member}”原不在名录中,"
                                        f"已按名称作为{KIND_LABELS[member_kind]}加入,请核对")
            note = add_group_members(db, group_id=known[name], member_ids=[known[m] for m in members],
                                     new=name in result.added, who=who)
            if note:
                result.notes.append(note)
    return result


def load_directory_file(db: Database, path: str | Path, *, who: str | None = None) -> DirectoryLoad:
    """Add the units of a directory file (see ``load_directory_lines``)."""
    loaded = load_directory_lines(db, read_directory_text(path).splitlines(), who=who)
    loaded.source = str(path)
    return loaded


def read_directory_text(path: str | Path) -> str:
    """A text file's lines in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK; StoreError in
    Chinese for an Excel workbook, UTF-16 without BOM or any other file that is not such text."""
    path = Path(path)
    data = path.read_bytes()
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise StoreError(f"“{path.name}”是 Excel 工作簿,不是文本名录;Excel 名录请用 duchaban units import 导入")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise StoreError(f"“{path.name}”的编码无法识别(可能是不带 BOM 的 UTF-16,或不是文本文件);"
                     "请用记事本打开,另存为 UTF-8 编码后再导入")
