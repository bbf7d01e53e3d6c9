"""Loading a directory file (the starter directory, a towns list, a pasted list) into the unit directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.unit_names import KIND_LABELS, UNIT_KINDS, guess_kind, normalize_name, split_unit_list
from duchaban.store.unit_edits import add_unit_alias, change_group_members, create_unit
from duchaban.store.units import unit_ids_by_name

if TYPE_CHECKING:
    from sqlite_utils import Database

_TOWN_WORDS = {"镇", "乡", "街道"}


@dataclass
class DirectoryLoad:
    """What loading a directory file did: units added, and notes for the user to check."""

    added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""    # the file the units came from, when one

    def to_json(self) -> dict:
        """``{source, added: [unit name …], notes: [text …]}``."""
        return {"source": self.source, "added": list(self.added), "notes": list(self.notes)}

    def to_text(self) -> str:
        lines = [f"提示:{note}" for note in self.notes]
        lines.append(f"已从“{self.source}”加入 {len(self.added)} 个单位" if self.source
                     else f"已加入 {len(self.added)} 个单位")
        return "\n".join(lines)


def parse_directory_lines(lines: list[str]) -> list[tuple[str, str, list[str], list[str]]]:
    """(kind, name, aliases, members) per line of a directory file or a pasted list.

    Layouts: the starter directory (``kind<TAB>name<TAB>aliases<TAB>members``), the towns list
    (``镇|乡|街道<TAB>name``), or one name per line with the kind guessed from the name.
    StoreError naming the line when a kind is not one of ours.
    """
    rows = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")] + ["", "", ""]
        if len(raw.split("\t")) == 1:
            name = normalize_name(raw)
            rows.append((guess_kind(name), name, [], []))
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
        rows.append((kind, cells[1], split_unit_list(cells[2]), split_unit_list(cells[3])))
    return rows


def load_directory_lines(db: Database, lines: list[str], *, who: str | None = None) -> DirectoryLoad:
    """Add the units of directory lines in one transaction; units already present keep their kind
    and gain the file's aliases they lack (an alias taken by another unit is reported, not moved).

    Files load in any order: a group member not yet in the directory is added with the kind its
    name suggests, and reported, so that loading the towns list afterwards changes nothing.
    """
    rows = parse_directory_lines(lines)
    result = DirectoryLoad()
    known = unit_ids_by_name(db)
    with db.atomic():
        for kind, name, aliases, _ in rows:
            if name not in known:
                known[name] = create_unit(db, name=name, kind=kind, aliases=aliases, who=who).created
                result.added.append(name)
                continue
            for alias in aliases:
                try:
                    add_unit_alias(db, unit_id=known[name], alias=alias, who=who)
                except StoreError as exc:
                    result.notes.append(f"“{name}”的别名未加入:{exc}")
        for kind, name, _, members in rows:
            if not members:
                continue
            for member in members:
                if member not in known:
                    member_kind = guess_kind(member)
                    known[member] = create_unit(db, name=member, kind=member_kind, who=who).created
                    result.added.append(member)
                    result.notes.append(f"单位组“{name}”的成员“{member}”原不在名录中,"
                                        f"已按名称作为{KIND_LABELS[member_kind]}加入,请核对")
            change_group_members(db, group_id=known[name], member_ids=[known[m] for m in members], who=who)
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
