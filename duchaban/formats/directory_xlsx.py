"""The unit directory and staff list as one workbook (单位 / 联系人 / 工作人员), out and back in.

Import merges: it adds what is missing and updates what differs, never deletes. Every
row is checked first; one bad row rejects the whole file with each problem named by sheet
and row, and the database is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.core.unit_names import (
    KIND_LABELS,
    guess_kind,
    has_no_letters,
    is_group_token,
    normalize_name,
    split_unit_list,
)
from duchaban.formats.cells import cell_text, safe_text
from duchaban.store.contacts import list_contacts, update_contact
from duchaban.store.staff import add_staff, list_staff, update_staff
from duchaban.store.unit_directory_file import group_like_note
from duchaban.store.unit_edits import (
    add_group_members,
    add_unit_alias,
    add_unit_contact,
    change_unit,
    create_unit,
    unit_use_text,
)
from duchaban.store.unit_groups import explicit_members_by_group
from duchaban.store.units import list_units, same_name_owner, same_name_text

if TYPE_CHECKING:
    from sqlite_utils import Database

UNITS, CONTACTS, STAFF = "单位", "联系人", "工作人员"
UNIT_HEADERS = ("单位名称", "类别", "别名", "单位组成员", "状态", "备注")
CONTACT_HEADERS = ("单位名称", "姓名", "职务", "电话", "邮箱", "备注")
STAFF_HEADERS = ("姓名", "职务", "电话", "督查人员", "状态")
ACTIVE, INACTIVE = "在用", "停用"
YES, NO = "是", "否"
# Kind labels a person may type, beyond the ones the export writes.
KIND_WORDS = {**{label: kind for kind, label in KIND_LABELS.items()},
              "乡镇": "town", "街道": "town", "镇": "town", "乡": "town", "乡镇街道": "town",
              "委办局": "department", "区级部门": "department", "管委": "committee", "其他": "other", "组": "group"}


class DirectoryFileError(DuchabanError):
    """The workbook cannot be imported; the message lists every problem."""


def _header_style(sheet, headers) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEF", (24, 14, 30, 40, 8, 20)):
        sheet.column_dimensions[column].width = width


@dataclass(frozen=True)
class DirectoryExport:
    """A directory workbook written, and how many rows each sheet got."""
    path: Path
    units: int
    contacts: int
    staff: int

    def to_json(self) -> dict:
        """``{file, units, contacts, staff}`` (row counts)."""
        return {"file": str(self.path), "units": self.units, "contacts": self.contacts, "staff": self.staff}

    def to_text(self) -> str:
        return f"已导出到“{self.path}”:单位 {self.units} 个,联系人 {self.contacts} 人,工作人员 {self.staff} 人"


def export_directory_file(db: Database, path: str | Path) -> DirectoryExport:
    """Write the directory workbook (see ``export_directory``); what was written, typed."""
    return DirectoryExport(Path(path), **export_directory(db, path))


def export_directory(db: Database, path: str | Path) -> dict[str, int]:
    """Write every unit, contact and staff member to an .xlsx; return the row counts."""
    from openpyxl import Workbook  # imported here: start-up should not pay for it

    book = Workbook()
    units_sheet = book.active
    units_sheet.title = UNITS
    _header_style(units_sheet, UNIT_HEADERS)
    units = list_units(db, include_inactive=True)
    members = explicit_members_by_group(db)
    for unit in units:
        units_sheet.append([safe_text(v) for v in (
            unit["name"], KIND_LABELS[unit["kind"]], "、".join(unit["aliases"]),
            "、".join(members.get(unit["id"], [])), ACTIVE if unit["active"] else INACTIVE, unit["note"] or "")])
    contacts_sheet = book.create_sheet(CONTACTS)
    _header_style(contacts_sheet, CONTACT_HEADERS)
    contact_count = 0
    for unit in units:
        for c in list_contacts(db, unit["id"]):
            contacts_sheet.append([safe_text(v or "") for v in (
                unit["name"], c["name"], c["role"], c["phone"], c["email"], c["note"])])
            contact_count += 1
    staff_sheet = book.create_sheet(STAFF)
    _header_style(staff_sheet, STAFF_HEADERS)
    people = list_staff(db, active_only=False)
    for person in people:
        staff_sheet.append([safe_text(v or "") for v in (
            person["name"], person["title"], person["phone"], YES if person["is_inspector"] else NO,
            ACTIVE if person["active"] else INACTIVE)])
    _save(book, path)
    return {"units": len(units), "contacts": contact_count, "staff": len(people)}


GUIDE = "填写说明"
GUIDE_LINES = (
    ("单位名录表格填写说明", ""),
    ("工作表“单位”", "每行一个单位。“单位名称”必填,写正式简称,如“区发展改革委”“梁山街道”。"),
    ("类别", "部门、乡镇(街道)、管委会、其他单位、单位组 之一;不填时按名称判断(以“镇”“乡”“街道”结尾为乡镇(街道),"
             "以“管委会”结尾为管委会,以“区”开头、“局”“委”“办”等结尾为部门),导入后会列出,请核对。"),
    ("别名", "同一单位的其他写法,用顿号分隔,如“区发改委、区发展和改革委”。分解方案中出现这些写法时自动对应到本单位。"),
    ("单位组成员", "只对单位组填写,如“有关街道”的成员“梁山街道、双桂街道”;不填则代表同类的全部单位。"
                   "成员可写在表中任意位置。"),
    ("状态", "在用 或 停用;不填为在用。"),
    ("工作表“联系人”", "各单位的联络员,可以不填。"),
    ("工作表“工作人员”", "督查办的工作人员,可以不填;“督查人员”填 是 或 否。"),
    ("导入", "在软件中选择“名录→从 Excel 导入名录”,或运行 duchaban units import 文件名.xlsx。"
             "导入只增加和修改,不删除;有错误时整个文件不导入,并逐行说明问题。"),
)


def write_blank_directory(path: str | Path) -> Path:
    """Write the blank directory workbook a new office fills in: the three sheets' headers, a
    drop-down of kinds, and a sheet explaining every column. Importing it back reads the same sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    units_sheet = book.active
    units_sheet.title = UNITS
    _header_style(units_sheet, UNIT_HEADERS)
    kinds = DataValidation(type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=True)
    kinds.add("B2:B2000")
    states = DataValidation(type="list", formula1=f'"{ACTIVE},{INACTIVE}"', allow_blank=True)
    states.add("E2:E2000")
    units_sheet.add_data_validation(kinds)
    units_sheet.add_data_validation(states)
    _header_style(book.create_sheet(CONTACTS), CONTACT_HEADERS)
    staff_sheet = book.create_sheet(STAFF)
    _header_style(staff_sheet, STAFF_HEADERS)
    guide = book.create_sheet(GUIDE)
    for heading, text in GUIDE_LINES:
        guide.append([heading, text])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 90
    for row in guide.iter_rows(min_row=2):
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    path = Path(path)
    _save(book, path)
    return path


def _save(book, path: str | Path) -> None:
    """Save the workbook, saying in Chinese why it could not be (no such folder, no permission)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise DirectoryFileError(f"文件夹“{path.parent}”不存在,无法保存“{path.name}”;请先建立该文件夹或换一个位置")
    try:
        book.save(path)
    except PermissionError:
        raise DirectoryFileError(f"没有权限写入“{path}”(文件可能正被 Excel 或 WPS 打开)") from None
    except OSError as exc:
        raise DirectoryFileError(f"无法保存“{path}”(错误号 {exc.errno})") from None


@dataclass
class DirectoryImportResult:
    units_added: list[str] = field(default_factory=list)
    units_changed: list[str] = field(default_factory=list)
    aliases_added: int = 0
    contacts_added: int = 0
    contacts_changed: int = 0
    staff_added: int = 0
    staff_changed: int = 0
    kinds_guessed: list[str] = field(default_factory=list)   # "name(kind)" of new units with no kind given
    path: Path | None = None                                  # the workbook imported
    changes: list[str] = field(default_factory=list)         # "name(what changed)" of each unit changed
    notes: list[str] = field(default_factory=list)           # group members kept, and the like

    def to_json(self) -> dict:
        """``{file, units_added, units_changed (names), aliases_added, contacts_added, contacts_changed,
        staff_added, staff_changed (counts), kinds_guessed ("name(kind)"), changes ("name(what changed)"), notes}``."""
        return {"file": str(self.path) if self.path else None, "units_added": list(self.units_added),
                "units_changed": list(self.units_changed), "aliases_added": self.aliases_added,
                "contacts_added": self.contacts_added, "contacts_changed": self.contacts_changed,
                "staff_added": self.staff_added, "staff_changed": self.staff_changed,
                "kinds_guessed": list(self.kinds_guessed), "changes": list(self.changes), "notes": list(self.notes)}

    def to_text(self) -> str:
        text = (f"已导入“{self.path}”:新增单位 {len(self.units_added)} 个,修改 {len(self.units_changed)} 个,"
                f"新增别名 {self.aliases_added} 个,新增联系人 {self.contacts_added} 人,"
                f"新增工作人员 {self.staff_added} 人")
        if self.changes:
            text += f"\n修改的单位:{'、'.join(self.changes)}"
        if self.kinds_guessed:
            text += f"\n提示:以下单位未填类别,已按名称判断,请核对:{'、'.join(self.kinds_guessed)}"
        text += "".join(f"\n提示:{note}" for note in self.notes)
        return text


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


def _read_sheets(path: Path, merged: dict[str, list] | None = None) -> dict[str, list[list[str]]]:
    """The directory's sheets as text rows from A1; ``merged`` gets each sheet's merged ranges."""
    from python_calamine import CalamineWorkbook

    if not path.is_file():
        raise DirectoryFileError(f"找不到文件:{path}")
    if path.suffix.lower() not in _WORKBOOK_SUFFIXES:
        raise DirectoryFileError(f"“{path.name}”不是 Excel 工作簿(应为 .xlsx、.xls 或 .ods 文件);"
                                 "CSV 或文本文件请先用 Excel 或 WPS 打开,另存为 .xlsx 后再导入")
    if path.stat().st_size == 0:
        raise DirectoryFileError(f"“{path.name}”是空文件,不是 Excel 工作簿")
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in book.sheet_names:
            if name in (UNITS, CONTACTS, STAFF):
                sheet = book.get_sheet_by_name(name)
                sheets[name] = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
                if merged is not None:
                    merged[name] = sheet.merged_cell_ranges or []
    except FileNotFoundError:
        raise DirectoryFileError(f"找不到文件:{path}") from None
    except Exception:  # calamine reports damaged or foreign files with several types, in English
        raise DirectoryFileError(f"“{path.name}”无法作为 Excel 工作簿读取:文件已损坏,或其实不是 Excel 文件"
                                 "(请用 Excel 或 WPS 打开,另存为 .xlsx 后再导入)") from None
    if not sheets:
        raise DirectoryFileError(f"“{path.name}”中没有“{UNITS}”“{CONTACTS}”或“{STAFF}”工作表,不是名录文件")
    return sheets


def _probe(path: Path) -> dict:
    """Facts the reader does not give (formulas without a saved value), found before the reader
    runs, which a sheet reaching far out would overwhelm."""
    from duchaban.formats.workbook_probe import HostileWorkbook, probe_xlsx

    if path.suffix.lower() not in (".xlsx", ".xlsm", ".ods") or not path.is_file():
        return {}
    try:
        return probe_xlsx(path) or {}
    except HostileWorkbook:
        raise DirectoryFileError(f"“{path.name}”的表格延伸到很远的单元格,或文件内部异常地大,未读取;"
                                 "请删除远处的多余内容(可能只是一个空格)后再导入") from None


def _merged_cells(merged: dict[str, list], sheets: dict[str, list[list[str]]]) -> list[str]:
    """Merged cells over several rows: the reader gives the value to the first row only."""
    problems = []
    for sheet, ranges in merged.items():
        rows = sheets[sheet]
        headers = rows[0] if rows else []
        for (top, column), (bottom, _) in ranges:
            # An empty merged cell loses nothing; one with content would be read for its first row only.
            if bottom > top and top < len(rows) and column < len(rows[top]) and rows[top][column]:
                header = headers[column] if column < len(headers) and headers[column] else "单元格"
                problems.append(f"{sheet}表第 {top + 1}–{bottom + 1} 行:“{header}”是合并单元格,只有第一行读得到内容;"
                                "请取消合并、逐行填写后再导入")
    return problems


def _unsaved_formulas(facts: dict, sheets: dict[str, list[list[str]]]) -> list[str]:
    """Formula cells with no saved result (files written by programs, not saved by Excel or WPS):
    the reader sees them empty, so a row would vanish or a kind be guessed without a word."""
    problems = []
    for sheet, rows in sheets.items():
        headers = rows[0] if rows else []
        for row, column in sorted(facts[sheet].formulas_without_value if sheet in facts else ()):
            header = headers[column] if row > 0 and column < len(headers) and headers[column] else "单元格"
            problems.append(f"{sheet}表第 {row + 1} 行:“{header}”是公式,文件中没有保存计算结果;"
                            "请在 Excel 或 WPS 中打开并保存后再导入,或改填文字")
    return problems


def _records(rows: list[list[str]], headers: tuple[str, ...], sheet: str, problems: list[str]):
    """(row number, {header: value}) for each non-blank row, headers found by name in row 1."""
    if not rows:
        return []
    index = {h: i for i, h in enumerate(rows[0]) if h}
    missing = [h for h in headers[:2] if h not in index]
    if missing:
        problems.append(f"{sheet}表:缺少列“{'、'.join(missing)}”")
        return []
    out = []
    for number, row in enumerate(rows[1:], start=2):
        record = {h: (row[index[h]] if h in index and index[h] < len(row) else "") for h in headers}
        if any(record.values()):
            out.append((number, record))
    return out


def import_directory(db: Database, path: str | Path, *, who: str | None = None) -> DirectoryImportResult:
    """Merge a directory workbook into the database in one transaction (all rows, or none)."""
    path = Path(path)
    facts, merged = _probe(path), {}
    sheets = _read_sheets(path, merged)
    problems: list[str] = _unsaved_formulas(facts, sheets) + _merged_cells(merged, sheets)
    unit_rows = _records(sheets.get(UNITS, []), UNIT_HEADERS, UNITS, problems)
    contact_rows = _records(sheets.get(CONTACTS, []), CONTACT_HEADERS, CONTACTS, problems)
    staff_rows = _records(sheets.get(STAFF, []), STAFF_HEADERS, STAFF, problems)
    existing = {u["name"]: u for u in list_units(db, include_inactive=True)}
    names_in_file = {r["单位名称"] for _, r in unit_rows}
    first_rows: dict[str, tuple[int, str]] = {}
    for number, row in unit_rows:
        where = f"{UNITS}表第 {number} 行"
        if not row["单位名称"]:
            problems.append(f"{where}:单位名称为空")
        elif (first := first_rows.setdefault(normalize_name(row["单位名称"]), (number, row["单位名称"])))[0] != number:
            problems.append(_same_unit_twice(where, row["单位名称"], *first))
        elif row["单位名称"] not in existing and has_no_letters(row["单位名称"]):
            problems.append(f"{where}:单位名称“{row['单位名称']}”只有数字或符号,不像单位名称,请核对")
        elif row["单位名称"] not in existing and (owner := same_name_owner(db, row["单位名称"])):
            problems.append(f"{where}的{same_name_text(row['单位名称'], owner)}")
        known_kind = existing.get(row["单位名称"], {}).get("kind")
        kind = KIND_WORDS.get(normalize_name(row["类别"])) if row["类别"] else known_kind
        if kind is None and not row["类别"] and row["单位名称"]:
            kind = guess_kind(row["单位名称"])
            row["kind_guessed"] = True
        if kind is None:
            problems.append(f"{where}:类别“{row['类别']}”无法识别,应为 {'、'.join(KIND_LABELS.values())}")
        row["kind"] = kind
        if row["状态"] not in ("", ACTIVE, INACTIVE):
            problems.append(f"{where}:状态应为“{ACTIVE}”或“{INACTIVE}”")
    problems += _member_problems(unit_rows, existing)
    problems += _alias_problems(unit_rows, existing, first_rows)
    for number, row in contact_rows:
        if row["单位名称"] not in existing and row["单位名称"] not in names_in_file:
            problems.append(f"{CONTACTS}表第 {number} 行:单位“{row['单位名称']}”不在名录中")
        if not row["姓名"]:
            problems.append(f"{CONTACTS}表第 {number} 行:姓名为空")
    staff_first: dict[str, int] = {}
    for number, row in staff_rows:
        if not row["姓名"]:
            problems.append(f"{STAFF}表第 {number} 行:姓名为空")
        elif staff_first.setdefault(row["姓名"], number) != number:
            problems.append(f"{STAFF}表第 {number} 行:“{row['姓名']}”与第 {staff_first[row['姓名']]} 行重复,"
                            "同一人只能写一行")
        if row["督查人员"] not in ("", YES, NO) or row["状态"] not in ("", ACTIVE, INACTIVE):
            problems.append(f"{STAFF}表第 {number} 行:“督查人员”应为是/否,“状态”应为{ACTIVE}/{INACTIVE}")
    if problems:
        raise DirectoryFileError("名录文件有问题,未导入任何内容:\n" + "\n".join(problems))
    result = DirectoryImportResult(path=path)
    try:
        with db.atomic():
            _apply_units(db, unit_rows, existing, result, who)
            _apply_contacts(db, contact_rows, result, who)
            _apply_staff(db, staff_rows, result, who)
    except DuchabanError as exc:
        raise DirectoryFileError(f"名录文件未导入:{exc}") from None
    return result


def _member_problems(unit_rows, existing: dict) -> list[str]:
    """Members that are not in the directory, are groups, or belong to a unit that is not a group."""
    kinds = {name: unit["kind"] for name, unit in existing.items()}
    kinds.update({row["单位名称"]: row["kind"] for _, row in unit_rows if row["kind"]})
    aliases = {a: name for name, unit in existing.items() for a in unit["aliases"]}
    problems = []
    for number, row in unit_rows:
        where = f"{UNITS}表第 {number} 行"
        members = split_unit_list(row["单位组成员"])
        if members and row["kind"] not in ("group", None):
            problems.append(f"{where}:“{row['单位名称']}”是{KIND_LABELS[row['kind']]},不是单位组,"
                            "不能填写单位组成员;如是单位组,请把类别改为“单位组”")
            continue
        for member in members:
            if member == row["单位名称"]:
                problems.append(f"{where}:单位组“{member}”不能以自己为成员")
            elif member not in kinds and normalize_name(member) in aliases:
                problems.append(f"{where}:单位组成员“{member}”是“{aliases[normalize_name(member)]}”的别名,"
                                "请写正式名称")
            elif member not in kinds:
                problems.append(f"{where}:单位组成员“{member}”不在名录中")
            elif kinds[member] == "group":
                problems.append(f"{where}:单位组成员“{member}”本身是单位组,成员只能是具体单位")
    return problems


def _alias_problems(unit_rows, existing: dict, first_rows: dict) -> list[str]:
    """Aliases that are another unit's name (cleaned), in the database or anywhere in the file, or
    another unit's alias: plan matching would send that unit's tasks to this one."""
    names = {normalize_name(n): n for n in existing}
    names.update({key: name for key, (_, name) in first_rows.items()})
    alias_owners = {a: u["name"] for u in existing.values() for a in u["aliases"]}
    seen: dict[str, tuple[int, str]] = {}
    problems = []
    for number, row in unit_rows:
        own = normalize_name(row["单位名称"])
        for alias in split_unit_list(row["别名"]):
            key = normalize_name(alias)
            where = f"{UNITS}表第 {number} 行:别名“{alias}”"
            if has_no_letters(alias):
                problems.append(f"{where}只有数字或符号,不像单位的别名,请核对")
            elif key in names and key != own:
                problems.append(f"{where}是另一个单位“{names[key]}”的正式名称,不能作为“{row['单位名称']}”的别名")
            elif alias_owners.get(key, row["单位名称"]) != row["单位名称"]:
                problems.append(f"{where}已是“{alias_owners[key]}”的别名,不能再作为“{row['单位名称']}”的别名")
            elif seen.setdefault(key, (number, row["单位名称"]))[1] != row["单位名称"]:
                first_number, first_name = seen[key]
                problems.append(f"{where}在第 {first_number} 行已是“{first_name}”的别名,不能两个单位共用")
    return problems


def _same_unit_twice(where: str, name: str, first_number: int, first_name: str) -> str:
    # One unit on two rows would leave which row's kind or state wins to the order of the rows.
    if name == first_name:
        return f"{where}:“{name}”与第 {first_number} 行重复,同一单位只能写一行"
    return (f"{where}的“{name}”与第 {first_number} 行的“{first_name}”只差空格或标点,不能新建同名单位;"
            "如确是另一个单位,请改用不同的名称")


def _apply_units(db, rows, existing, result, who) -> None:
    for _, row in rows:
        name, unit = row["单位名称"], existing.get(row["单位名称"])
        wanted = {"kind": row["kind"]}
        if row["状态"]:
            wanted["active"] = int(row["状态"] == ACTIVE)
        if row["备注"]:
            wanted["note"] = row["备注"]
        if unit is None:
            unit_id = create_unit(db, name=name, kind=row["kind"], who=who).created
            if wanted.get("active") == 0 or "note" in wanted:
                change_unit(db, unit_id=unit_id, who=who, **{k: v for k, v in wanted.items() if k != "kind"})
            existing[name] = {"id": unit_id, "aliases": [], "kind": row["kind"]}
            result.units_added.append(name)
            if row.get("kind_guessed"):
                result.kinds_guessed.append(f"{name}({KIND_LABELS[row['kind']]})")
            elif row["kind"] != "group" and is_group_token(name):
                result.notes.append(group_like_note(name, row["kind"]))
        else:
            changes = {k: v for k, v in wanted.items() if unit[k] != v}
            if changes:
                change_unit(db, unit_id=unit["id"], who=who, **changes)
                result.units_changed.append(name)
                result.changes.append(f"{name}({_change_text(unit, changes)}{unit_use_text(db, unit['id'])})")
        for alias in split_unit_list(row["别名"]):
            if add_unit_alias(db, unit_id=existing[name]["id"], alias=alias, who=who):
                result.aliases_added += 1
    ids = {u["name"]: u["id"] for u in list_units(db, include_inactive=True)}
    for _, row in rows:
        members = split_unit_list(row["单位组成员"])
        if members:
            note = add_group_members(db, group_id=ids[row["单位名称"]], member_ids=[ids[m] for m in members],
                                     new=row["单位名称"] in result.units_added, who=who)
            if note:
                result.notes.append(note)


def _change_text(unit: dict, changes: dict) -> str:
    said = []
    if "kind" in changes:
        said.append(f"类别 {KIND_LABELS[unit['kind']]}→{KIND_LABELS[changes['kind']]}")
    if "active" in changes:
        said.append(INACTIVE if changes["active"] == 0 else f"恢复{ACTIVE}")
    if "note" in changes:
        said.append(f"备注改为“{changes['note']}”")
    return ",".join(said)


def _apply_contacts(db, rows, result, who) -> None:
    ids = {u["name"]: u["id"] for u in list_units(db, include_inactive=True)}
    for _, row in rows:
        unit_id = ids[row["单位名称"]]
        fields = {"role": row["职务"] or "联络员", "phone": row["电话"] or None, "email": row["邮箱"] or None,
                  "note": row["备注"] or None}
        same = next((c for c in list_contacts(db, unit_id) if c["name"] == row["姓名"]), None)
        if same is None:
            add_unit_contact(db, unit_id=unit_id, name=row["姓名"], who=who, **fields)
            result.contacts_added += 1
        elif any(same[k] != v for k, v in fields.items()):
            update_contact(db, contact_id=same["id"], who=who, **fields)
            result.contacts_changed += 1


def _apply_staff(db, rows, result, who) -> None:
    people = {p["name"]: p for p in list_staff(db, active_only=False)}
    for _, row in rows:
        fields = {"title": row["职务"] or None, "phone": row["电话"] or None}
        if row["督查人员"]:
            fields["is_inspector"] = int(row["督查人员"] == YES)
        if row["状态"]:
            fields["active"] = int(row["状态"] == ACTIVE)
        person = people.get(row["姓名"])
        if person is None:
            staff_id = add_staff(db, name=row["姓名"], title=fields["title"], phone=fields["phone"],
                                 is_inspector=bool(fields.get("is_inspector", 1)), who=who)
            if fields.get("active") == 0:
                update_staff(db, staff_id=staff_id, active=0, who=who)
            result.staff_added += 1
        else:
            changes = {k: v for k, v in fields.items() if person[k] != v}
            if changes:
                update_staff(db, staff_id=person["id"], who=who, **changes)
                result.staff_changed += 1
