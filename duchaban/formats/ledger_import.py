"""Reading returned ledgers (.xlsx, legacy .xls, .ods, WPS .et) and importing a batch of them.

Every file of a folder gets a verdict: accepted, accepted with warnings, rejected, or already
imported; each reason names the sheet and cell. A file is accepted plainly only when every
report provably belongs to its task (SPEC §5): the visible 序号 and task text agree with the
hidden key, numbers are read with their cell's format, and anything unsure is named. Checking
writes nothing; the import writes every accepted file of the batch in one transaction, or
nothing at all, and the result does not depend on the order of the files.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import unicodedata
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from duchaban.core.changes import NO_CHANGE, ChangeSet
from duchaban.core.errors import DuchabanError
from duchaban.core.ledger import (
    INPUT_COLUMNS,
    KEY_HEADER,
    SAME_AS_ABOVE,
    STATUS_LABELS,
    TASK_COLUMNS,
    TaskReport,
    identity_checksum,
    implied_status,
    read_percent,
    read_status,
)
from duchaban.core.periods import containing_period, parse_period, period_text, previous_period
from duchaban.formats.cells import CONTROL_CHARACTERS, MAX_CELL_TEXT, cell_prose, cell_text
from duchaban.formats.ledger_template import IDENTITY_MARKER, IDENTITY_SHEET, LEDGER_SHEET
from duchaban.formats.workbook_probe import HostileWorkbook, SheetFacts, column_letter, probe_xls, probe_xlsx
from duchaban.store.ledgers import (
    ENTRY_FIELDS,
    ensure_period,
    ledger_keys,
    period_entries,
    previous_values,
    report_values,
    save_submission,
    submission_by_sha,
    task_uuids_of,
    unit_uuids,
)
from duchaban.store.progress import advance_task_progress
from duchaban.store.settings import as_of_date

if TYPE_CHECKING:
    from sqlite_utils import Database

ACCEPTED, WARNINGS, REJECTED, ALREADY = "accepted", "warnings", "rejected", "already"
VERDICT_LABELS = {ACCEPTED: "接受", WARNINGS: "接受(有提示)", REJECTED: "拒收", ALREADY: "已导入过"}
LEDGER_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".et")
TEXT_TABLE_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_FILE_BYTES = 30 << 20  # a ledger is tens of kilobytes; anything this big is not one
_SYSTEM_FILES = ("thumbs.db", "desktop.ini")
MAX_STRAY_ROWS = 50  # rows with content but no task key before a file is taken for a foreign table
READ_THREADS = 4     # workbooks read ahead at once (more gains little and holds more files in memory)
# INPUT_COLUMNS' keys as read_reports spells them out, row by row (a test holds the two equal).
_READ_KEYS = ("progress_text", "status", "percent", "problems", "next_steps", "evidence_text")
_NUMBER_HEADER, _TEXT_HEADER = dict(TASK_COLUMNS)["number"], dict(TASK_COLUMNS)["text"]


# The tables an import of returned ledgers writes (the task statuses the trees show derive from them).
LEDGER_IMPORT_TABLES = frozenset({"reporting_period", "submission", "progress_entry", "task_progress"})


class LedgerFileError(DuchabanError):
    """The file cannot be read as a ledger at all."""


@dataclass
class TaskChange:
    number: int
    before: str  # e.g. "推进中 50%" or "" when new
    after: str
    text: str = ""        # the task, as the plan words it
    progress: str = ""    # what the unit wrote under 进展情况, as typed
    previous: str = ""    # what this unit wrote for the period before, when the office has it


@dataclass
class FileVerdict:
    path: Path
    sha256: str = ""
    status: str = REJECTED
    messages: list[str] = field(default_factory=list)
    plan_id: int | None = None
    unit_id: int | None = None
    unit_name: str = ""
    period_code: str = ""
    reports: list[tuple[int, TaskReport]] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)
    adds: int = 0      # entries the import would add, and change (every field compared)
    updates: int = 0

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.status]

    @property
    def importable(self) -> bool:
        return self.status in (ACCEPTED, WARNINGS)

    def to_json(self) -> dict:
        return {"file": self.path.name, "verdict": self.status, "unit": self.unit_name, "period": self.period_code,
                "tasks": len(self.reports), "messages": self.messages,
                "changes": [vars(c) for c in self.changes], "adds": self.adds, "updates": self.updates}


@dataclass
class BatchResult:
    verdicts: list[FileVerdict]
    committed: bool = False
    entries_added: int = 0
    entries_changed: int = 0
    dry_run: bool = False     # the counts say what an import would add and change

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def change(self) -> ChangeSet:
        """What a committed import wrote, for the window to redraw. Not a step on the undo stack: a
        batch of ledgers is taken back by restoring the backup made before it."""
        if not self.committed:
            return NO_CHANGE
        return ChangeSet(also_touched=LEDGER_IMPORT_TABLES,
                         irreversible="台账批量导入不逐步撤销,可恢复导入前的自动备份")

    def to_json(self) -> dict:
        """``{files: [FileVerdict.to_json() …], committed, entries_added, entries_changed}``."""
        return {"files": [v.to_json() for v in self.verdicts], "committed": self.committed,
                "entries_added": self.entries_added, "entries_changed": self.entries_changed}

    def to_text(self) -> str:
        """Each file's verdict and messages (and, on a dry run, its changes), then the totals."""
        lines = []
        for v in self.verdicts:
            lines.append(f"{v.label}\t{v.path.name}\t{v.unit_name} {period_text(v.period_code)}\t{len(v.reports)} 项")
            lines += [f"\t{message}" for message in v.messages]
            if self.dry_run:
                lines += [f"\t将改动 任务 {c.number}:{c.before or '(新增)'} → {c.after}" for c in v.changes]
        if not self.verdicts:
            lines.append("没有找到任何文件")
        accepted = sum(v.importable for v in self.verdicts)
        if self.dry_run:
            lines.append(f"试导入(未写入数据库):可接受 {accepted} 份,拒收 {self.count(REJECTED)} 份,"
                         f"已导入过 {self.count(ALREADY)} 份;导入后将新增进展 {self.entries_added} 条,"
                         f"修改 {self.entries_changed} 条")
        else:
            verb = "已导入" if self.committed else "未导入任何文件"
            lines.append(f"{verb}:接受 {accepted} 份,拒收 {self.count(REJECTED)} 份,已导入过 {self.count(ALREADY)} 份;"
                         f"新增进展 {self.entries_added} 条,修改 {self.entries_changed} 条")
        return "\n".join(lines)


def expand_paths(paths) -> list[Path]:
    """Files as given, folders replaced by every file in them: each one gets a verdict, also the
    ones that are not ledgers (only Office lock files, hidden files and Windows' own are left out)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            # A folder that cannot be opened is listed too (it gets a verdict saying so): passing over
            # it would leave its ledgers out in silence. Folders linked to are not followed.
            closed: list[Path] = []
            files = [Path(folder) / name for folder, _, names in os.walk(path, onerror=lambda e: closed.append(
                Path(e.filename))) for name in names]
            found += sorted(p for p in files if _is_file(p) and not p.name.startswith(("~$", "."))
                            and p.name.lower() not in _SYSTEM_FILES)
            found += sorted(closed)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_dir(path: Path) -> bool:
    """Whether the path is a folder; a path the system will not even look at is not (it then gets
    a verdict of its own, saying why it could not be read)."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_file(path: Path) -> bool:
    """Whether a folder's entry is a file to give a verdict on (not a pipe, not a broken link); one
    the system will not look at is, and its verdict says why it could not be read."""
    try:
        return path.is_file()
    except OSError:
        return True


# --- reading one file ------------------------------------------------------------------


@dataclass
class RawLedger:
    identity: dict[str, str]
    task_keys: list[str]
    rows: list[list]            # the ledger sheet from A1, one list per sheet row
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    sheet_name: str
    facts: SheetFacts | None = None  # cell formats and formulas, when the file format tells (.xlsx)


def read_ledger_workbook(path: Path) -> RawLedger:
    """The identity and ledger sheet of a workbook; LedgerFileError when it is not a readable ledger."""
    return _parse_workbook(path, _probe_workbook(path))


def _probe_workbook(path: Path) -> dict[str, SheetFacts] | None:
    """What the probe learns of the file's sheets (None: not an .xlsx); LedgerFileError for a file
    the reader must not be given: a cell far out (XFD1048576) would make it allocate without bound."""
    try:
        probed = probe_xlsx(path)
        if probed is None:
            probe_xls(path)
    except HostileWorkbook as exc:
        raise LedgerFileError(str(exc)) from None
    except Exception:
        # A structure the probe did not foresee: the reader is not given what was not looked at,
        # and one such file gets its verdict without stopping the batch.
        raise LedgerFileError("文件内部结构无法识别,未读取;请在 Excel 或 WPS 中打开并另存为 .xlsx 后重新报送") from None
    return probed


def _parse_workbook(path: Path, probed: dict[str, SheetFacts] | None) -> RawLedger:
    """The reader's part of read_ledger_workbook, for a file the probe let through."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise LedgerFileError("文件设有打开密码,请去掉密码后重新报送") from None
    except FileNotFoundError:
        raise LedgerFileError("找不到文件") from None
    except Exception:  # damaged zip, truncated file, not a spreadsheet at all
        raise LedgerFileError(_unreadable_reason(path)) from None
    try:
        if IDENTITY_SHEET not in book.sheet_names:
            raise LedgerFileError("不是督查办下发的台账模板(找不到模板识别信息);请使用本期下发的模板填写")
        id_rows = book.get_sheet_by_name(IDENTITY_SHEET).to_python(skip_empty_area=False)
        identity = {cell_text(r[0]): cell_text(r[1]) for r in id_rows if len(r) > 1 and cell_text(r[0])}
        keys = [cell_text(r[3]) for r in id_rows if len(r) > 3 and cell_text(r[3])]
        if identity.get("marker") != IDENTITY_MARKER:
            raise LedgerFileError("模板识别信息不完整,请使用本期下发的模板填写")
        sheet_name = LEDGER_SHEET if LEDGER_SHEET in book.sheet_names else None
        for name in book.sheet_names:
            if sheet_name is None and name != IDENTITY_SHEET:
                head = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=10)
                if any(KEY_HEADER in [cell_text(c) for c in row] for row in head):
                    sheet_name = name
        if sheet_name is None:
            raise LedgerFileError(f"找不到“{LEDGER_SHEET}”工作表")
        sheet = book.get_sheet_by_name(sheet_name)
        facts = probed.get(sheet_name) if probed else None
        return RawLedger(identity, keys, sheet.to_python(skip_empty_area=False),
                         list(sheet.merged_cell_ranges or []), sheet_name, facts)
    except LedgerFileError:
        raise
    except Exception:
        raise LedgerFileError(_unreadable_reason(path)) from None


def _unreadable_reason(path: Path) -> str:
    """Why the reader failed, in the office's words (never a Python error name)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        head = b""
    if path.suffix.lower() == ".et":
        return "WPS 表格(.et)文件无法读取;请在 WPS 中“另存为” Excel 工作簿(.xlsx)后重新报送"
    if head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() in (".xlsx", ".xlsm", ".et"):
        return "文件无法读取(可能设有密码,或是旧版 Excel/WPS 格式但扩展名不符);请另存为 .xlsx 后重新报送"
    return "文件已损坏或不是 Excel 工作簿,无法打开;请重新保存后报送"


_column_letter = column_letter


def _fill_merged(raw: RawLedger, columns: set[int]) -> None:
    """A value typed into merged cells belongs to every row the merge spans."""
    for (r1, c1), (r2, c2) in raw.merged:
        for c in range(c1, c2 + 1):
            if c not in columns or r1 >= len(raw.rows) or c >= len(raw.rows[r1]):
                continue
            value = raw.rows[r1][c1]
            for r in range(r1 + 1, min(r2, len(raw.rows) - 1) + 1):
                row = raw.rows[r]
                if c < len(row) and row[c] in ("", None):
                    row[c] = value


def _header(raw: RawLedger) -> tuple[int, dict[str, int]]:
    for r, row in enumerate(raw.rows[:15]):
        texts = [cell_text(c) for c in row]
        if KEY_HEADER in texts:
            return r, {t: i for i, t in enumerate(texts) if t}
    raise LedgerFileError(f"“{raw.sheet_name}”工作表找不到表头(“{KEY_HEADER}”列)")


@lru_cache(maxsize=4096)
def _comparable(text: str) -> str:
    """Task text as compared (not as stored): width, spaces and line breaks do not count.

    Remembered: a batch compares each task's text once per unit that has the task, and the
    text shown in each returned row is mostly that same text."""
    return "".join(CONTROL_CHARACTERS.sub("", cell_text(text)).split())


# A cell read as text, remembered: the 序号 and 完成状态 columns repeat a few values across a batch.
# Typed, so that a cell's TRUE is not 1.
_repeated_text = lru_cache(maxsize=4096, typed=True)(cell_text)


@lru_cache(maxsize=4096, typed=True)
def _shown_comparable(value) -> str:
    """A read 目标任务 cell as compared: read as text first, then compared as the plan's text is
    (cleaning twice is not cleaning once: ' then a tab then '-… loses one apostrophe each time).
    Remembered by the cell's value; typed, so that a cell's TRUE is not 1."""
    return _comparable(cell_text(value))


def _reads_same_as_above(value: str) -> bool:
    """cell_text(value) in SAME_AS_ABOVE, without cleaning every cell of a ledger to ask: a value
    that is already clean text (no surrounding spaces, no leading apostrophe, normalised) is
    what cell_text would return, so it is compared as it is."""
    if value in SAME_AS_ABOVE:
        return True
    if value[:1] != "'" and value == value.strip() and unicodedata.is_normalized("NFKC", value):
        return False
    return cell_text(value) in SAME_AS_ABOVE


# What may be left of a 同上 typed carelessly: spaces (also zero-width ones), apostrophes, stops.
_NEAR_MISS_NOISE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff'`.。,、;:!?]+")
_QUOTE_MARKS = frozenset("\"'〃″‶“”„＂＇")     # also as typed: the look-alike test asks the first character first
_NEAR_MISS_LENGTH = 16


def _looks_like_same_as_above(value: str) -> bool:
    """A short text that a person would read as 同上 (“同 上”, “同上．”, “＂＂＂”) but that is not
    one of the forms the import follows: kept as typed, and named so that the office can ask."""
    text = unicodedata.normalize("NFKC", value)
    return _NEAR_MISS_NOISE.sub("", text) == "同上" or (bool(text.strip()) and set(text.strip()) <= _QUOTE_MARKS)


def _listed(numbers, limit: int = 20) -> str:
    shown = [str(n) for n in sorted(numbers)]
    return "、".join(shown[:limit]) + ("等" if len(shown) > limit else "")


def read_reports(raw: RawLedger, tasks: dict[str, tuple[int, str]]) -> tuple[list[tuple[str, TaskReport]],
                                                                           list[str], list[str]]:
    """(task key, report) pairs, warnings and errors for the ledger sheet's rows; ``tasks`` gives
    each key's number and text, which the row's visible 序号 and 目标任务 must show."""
    header_row, columns = _header(raw)
    missing = [h for _, h in INPUT_COLUMNS if h not in columns]
    missing += [h for h in (_NUMBER_HEADER, _TEXT_HEADER) if h not in columns]
    if missing:
        raise LedgerFileError(f"“{raw.sheet_name}”缺少列:{'、'.join(missing)}")
    key_col, number_col, text_col = columns[KEY_HEADER], columns[_NUMBER_HEADER], columns[_TEXT_HEADER]
    input_cols = {key: columns[header] for key, header in INPUT_COLUMNS}
    _fill_merged(raw, set(input_cols.values()))
    facts = raw.facts
    # The rows holding an input cell that is a formula without a saved value (almost always none).
    formula_rows = {r for r, c in facts.formulas_without_value if c in input_cols.values()} if facts else set()
    # And those holding an error value (#N/A, #DIV/0!), which the reader gives as an empty cell.
    error_rows = {r for r, c in facts.error_cells if c in input_cols.values()} if facts else set()
    error_values: list[str] = []
    near_misses: list[str] = []
    reports, warnings, errors, seen = [], [], [], {}
    stray = 0
    unfilled: list[int] = []
    misplaced: list[str] = []
    revised: list[int] = []
    task_texts = {k: _comparable(text) for k, (_, text) in tasks.items()}
    all_texts = Counter(task_texts.values())

    def other_texts(key: str) -> Counter:
        return all_texts - Counter([task_texts[key]])
    same_as_above: list[str] = []
    cleaned: list[str] = []
    previous: dict[str, object] = {}
    previous_number = None

    def where(key: str, sheet_row: int) -> str:
        return f"{raw.sheet_name}!{_column_letter(input_cols[key])}{sheet_row}"

    progress_col, status_col, percent_col, problems_col, next_col, evidence_col = (input_cols[k] for k in _READ_KEYS)
    # Short rows (a sheet trimmed by hand) read as empty cells: padding once spares a width test per cell.
    needed = max(key_col, number_col, text_col, *input_cols.values()) + 1
    for r in range(header_row + 1, len(raw.rows)):
        row = raw.rows[r]
        if len(row) < needed:
            row = row + [""] * (needed - len(row))
        sheet_row = r + 1
        key = cell_text(row[key_col])
        # Prose is kept as typed; the status is compared, so it is normalised; the percentage
        # keeps its raw value (a number or typed text) to be read with the cell's format.
        values = {"progress_text": cell_prose(row[progress_col]), "status": _repeated_text(row[status_col]),
                  "percent": row[percent_col], "problems": cell_prose(row[problems_col]),
                  "next_steps": cell_prose(row[next_col]), "evidence_text": cell_prose(row[evidence_col])}
        if r in error_rows:
            for k, c in input_cols.items():
                if (r, c) in facts.error_cells:
                    values[k] = ""
                    error_values.append(f"{where(k, sheet_row)}({facts.error_cells[(r, c)]})")
        has_input = any(values.values()) or values["percent"] not in ("", None)     # a typed 0 is an answer
        if not key:
            if has_input:
                stray += 1
                if stray <= 5:
                    warnings.append(f"{raw.sheet_name} 第 {sheet_row} 行不是模板中的任务(没有任务标识),已忽略")
            continue
        if key not in tasks:
            errors.append(f"{raw.sheet_name}!{_column_letter(key_col)}{sheet_row}:任务标识被改动,无法对应任务")
            continue
        number, task_text = tasks[key]
        if key in seen:
            errors.append(f"{raw.sheet_name} 第 {sheet_row} 行:任务 {number} 重复出现(第 {seen[key]} 行已有)")
            continue
        seen[key] = sheet_row
        shown_number = _repeated_text(row[number_col])
        shown = _shown_comparable(row[text_col])
        if shown_number != str(number) or (shown != task_texts[key] and shown in other_texts(key)):
            misplaced.append(f"第 {sheet_row} 行(看到的序号“{shown_number}”,隐藏标识是任务 {number})")
        elif shown != task_texts[key]:
            # Another task's text would mean a misplaced row; text of no task here, a revised plan.
            revised.append(number)
        if r in formula_rows:
            for k, c in input_cols.items():
                if (r, c) in facts.formulas_without_value:
                    errors.append(f"{where(k, sheet_row)}:是公式,但文件里没有保存计算结果(可能由其他程序生成),"
                                  "读不到内容;请在 Excel 或 WPS 中打开、保存后重新报送")
        for k, value in values.items():
            if not value or value.__class__ is not str:     # an empty cell, a number: nothing to check
                continue
            if _reads_same_as_above(value):
                if previous.get(k) in ("", None):
                    errors.append(f"{where(k, sheet_row)}:填了“同上”,但上面一行没有可沿用的内容")
                else:
                    same_as_above.append(f"{where(k, sheet_row)}(沿用任务 {previous_number})")
                values[k] = previous.get(k, "")
            elif k != "percent":
                if CONTROL_CHARACTERS.search(value):
                    values[k] = value = CONTROL_CHARACTERS.sub("", value)
                    cleaned.append(where(k, sheet_row))
                if len(value) > MAX_CELL_TEXT:
                    errors.append(f"{where(k, sheet_row)}:内容有 {len(value)} 字,超过 Excel 单元格的上限 "
                                  f"{MAX_CELL_TEXT} 字,导入后无法完整写回下期模板;请精简后重新报送")
                elif (len(value) <= _NEAR_MISS_LENGTH and ("上" in value or value[:1] in _QUOTE_MARKS)
                      and k != "status" and _looks_like_same_as_above(value)):
                    near_misses.append(f"{where(k, sheet_row)}(“{value}”)")
        previous, previous_number = values, number
        if not has_input:
            unfilled.append(number)
            continue
        percent_format = None if facts is None else (r, percent_col) in facts.percent_cells
        try:
            percent = read_percent(values["percent"], percent_format)
        except ValueError as exc:
            warnings.append(f"{where('percent', sheet_row)}:{exc},本项比例未导入")
            percent = None
        status_text = values["status"]
        status = read_status(status_text) if status_text else None
        if status_text and status is None:
            warnings.append(f"{where('status', sheet_row)}:完成状态“{status_text}”无法识别,"
                            f"应为{'、'.join(STATUS_LABELS.values())},已按完成比例判断")
        status = status or implied_status(percent) or "in_progress"
        reports.append((key, TaskReport(key, status, percent, values["progress_text"], values["problems"],
                                        values["next_steps"], values["evidence_text"])))
    if misplaced:
        errors.insert(0, f"{len(misplaced)} 行的序号或任务内容与隐藏的任务标识不一致,填报内容可能落在别的任务上"
                         f"(只对部分列排序、移动或改动了隐藏列):{'、'.join(misplaced[:10])}"
                         + ("等" if len(misplaced) > 10 else "") + ";请用下发的模板重新整理后报送")
    deleted = [tasks[k][0] for k in tasks if k not in seen]
    if seen and deleted:
        errors.append(f"缺 {len(deleted)} 项任务:任务 {_listed(deleted)} 的行被删除;"
                      "请保留模板中的全部任务行(不涉及的可留空)后重新报送")
    if revised:
        warnings.append(f"任务 {_listed(revised)} 的任务内容与方案中的现行内容不同(可能在下发模板后修订过),"
                        "填报按序号和任务标识导入,请核对")
    if same_as_above:
        warnings.append(f"以下单元格填了“同上”,已按上一行的内容导入,请核对:{'、'.join(same_as_above[:20])}"
                        + ("等" if len(same_as_above) > 20 else ""))
    if near_misses:
        warnings.append(f"以下单元格的内容像是“同上”,但不是能识别的写法,已按原文导入;如要沿用上一行,请改为“同上”:"
                        f"{'、'.join(near_misses[:20])}" + ("等" if len(near_misses) > 20 else ""))
    if error_values:
        warnings.append(f"以下单元格是公式的错误值,读不到内容,按空白导入,请核对:{'、'.join(error_values[:20])}"
                        + ("等" if len(error_values) > 20 else ""))
    if cleaned:
        warnings.append(f"以下单元格含有看不见的控制字符,已删除:{'、'.join(cleaned[:20])}"
                        + ("等" if len(cleaned) > 20 else ""))
    if stray > MAX_STRAY_ROWS:
        errors.append(f"{raw.sheet_name} 中有 {stray} 行内容不属于模板中的任务,不像是下发的台账模板")
    elif stray > 5:
        warnings.append(f"另有 {stray - 5} 行没有任务标识的内容,已忽略")
    if not seen:
        errors.append(f"“{raw.sheet_name}”中没有任何任务行,台账是空的")
    elif not reports and not errors:
        errors.append(f"“{raw.sheet_name}”中的 {len(seen)} 项任务都没有填写,台账是空的")
    elif unfilled:
        warnings.append(f"有 {len(unfilled)} 项任务未填报:任务 {_listed(unfilled)}")
    return reports, warnings, errors


# --- checking against the database -------------------------------------------------------


def _describe(status: str | None, percent: float | None) -> str:
    if status is None:
        return ""
    return STATUS_LABELS[status] + (f" {percent:g}%" if percent is not None else "")


class _Lookups:
    """Plans, units, tasks and periods by key, read once for a whole batch of files."""

    def __init__(self, db: Database):
        keys = ledger_keys(db)
        self.plans, self.units, self.tasks, self.periods = keys.plans, keys.units, keys.tasks, keys.periods
        # Asked about each file: most are new, and one set spares a query per file.
        self.imported = keys.imported
        self.as_of = as_of_date(db)


@dataclass
class _ReadFile:
    """A file as read from disk, before the database is asked about it."""
    sha256: str | None = None
    unreadable: str | None = None                 # why the file could not be read at all
    raw: RawLedger | LedgerFileError | None = None


def _read_file(path: Path) -> _ReadFile:
    """A file read whole, in this thread (check_file on a single file)."""
    first = _first_look(path)
    return first if isinstance(first, _ReadFile) else _finish_reading(path, first)


def _first_look(path: Path) -> _ReadFile | dict | LedgerFileError | None:
    """A file that will not be read (its verdict, as a _ReadFile), or what the probe found (its
    sheets' facts, None for a file that is not an .xlsx, or why the reader must not see it)."""
    if _is_dir(path):
        try:
            with os.scandir(path):
                pass
        except OSError:
            return _ReadFile(unreadable="没有打开这个文件夹的权限,其中的文件都未读取;"
                                        "请把台账复制到可以打开的文件夹后再导入")
        return _ReadFile(unreadable="这是一个文件夹,不是台账文件")
    suffix = path.suffix.lower()
    # Other files in the folder (photos, notes) are named in the result, but not read.
    if suffix in TEXT_TABLE_SUFFIXES:
        return _ReadFile(unreadable="这是文本表格(.csv 等),没有模板的识别信息(单位、周期、任务标识),无法确认填报归属;"
                                    "请用下发的 .xlsx 模板填写后报送")
    if suffix not in LEDGER_SUFFIXES:
        return _ReadFile(unreadable=f"不是台账文件(台账应为 .xlsx、.xls、.ods 或 .et 表格,这是“{suffix or '无扩展名'}”"
                                    "文件),未读取")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _ReadFile(unreadable=_os_error_reason(exc))
    if size > MAX_FILE_BYTES:
        return _ReadFile(unreadable=f"文件有 {size >> 20} MB,远超台账的大小(几十 KB),不像是台账,未读取")
    try:
        return _probe_workbook(path)
    except LedgerFileError as exc:
        return exc


def _os_error_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "找不到文件(可能已被移走或删除)"
    if isinstance(exc, PermissionError):
        return "没有读取这个文件的权限(可能正被其他程序打开)"
    return f"无法读取文件(系统错误 {exc.errno})"


def _finish_reading(path: Path, probed: dict | LedgerFileError | None) -> _ReadFile:
    """The file's hash and its sheets, after the probe: the part of reading that lets go of
    Python's lock (hashing, the spreadsheet reader), so it may run on another thread."""
    try:
        data = path.read_bytes()
    except OSError as exc:      # gone or locked since it was probed
        return _ReadFile(unreadable=_os_error_reason(exc))
    raw: RawLedger | LedgerFileError
    if isinstance(probed, LedgerFileError):
        raw = probed
    else:
        try:
            raw = _parse_workbook(path, probed)
        except LedgerFileError as exc:
            raw = exc
    return _ReadFile(hashlib.sha256(data).hexdigest(), None, raw)


def _read_files(files: list[Path]) -> Iterator[_ReadFile]:
    """Each file read, in order, as a pipeline: this thread probes each file (pure Python, which
    holds Python's lock) and hands it on to reading threads that hash and parse it (which let go
    of the lock), so that probing the next file overlaps reading this one; on a two-core laptop a
    folder of ledgers reads in about two thirds of the time of one file after another. Stopping
    early (cancel) drops the reads not yet started."""
    workers = min(READ_THREADS, os.cpu_count() or 1, len(files))
    if workers <= 1:
        yield from map(_read_file, files)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="ledger-read")
    pending: deque = deque()
    try:
        for path in files:
            first = _first_look(path)
            pending.append(first if isinstance(first, _ReadFile) else pool.submit(_finish_reading, path, first))
            # Hand back what is ready, so that the caller reports progress (and may cancel) as it goes.
            while pending and (isinstance(pending[0], _ReadFile) or pending[0].done()):
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(item) -> _ReadFile:
    return item if isinstance(item, _ReadFile) else item.result()


def check_file(db: Database, path: Path, *, period_code: str | None = None, replace_closed: bool = False,
               lookups: _Lookups | None = None, read: _ReadFile | None = None) -> FileVerdict:
    """The verdict on one returned ledger against the database; writes nothing. ``read``: the
    file already read (check_submissions reads ahead on other threads). ``replace_closed``: the
    office chose to let this file change a closed period's entries."""
    lookups = lookups or _Lookups(db)
    verdict = FileVerdict(path=path)
    read = read or _read_file(path)
    verdict.sha256 = read.sha256 or ""
    if read.unreadable:
        verdict.messages.append(read.unreadable)
        return verdict
    earlier = submission_by_sha(db, verdict.sha256) if verdict.sha256 in lookups.imported else None
    if earlier is not None:
        verdict.status = ALREADY
        verdict.unit_name, verdict.period_code = earlier["unit_name"], earlier["period_code"]
        verdict.messages.append(f"已于 {earlier['imported_at'][:10]} 导入过(当时的文件名“{earlier['file_name']}”),"
                                "本次不再导入")
        return verdict
    try:
        raw = read.raw
        if isinstance(raw, LedgerFileError):
            raise raw
        _check_identity(lookups, raw, verdict, period_code)
        if verdict.messages:
            return verdict
        tasks = {k: lookups.tasks[k] for k in raw.task_keys if k in lookups.tasks}
        gone = [k for k in raw.task_keys if k not in tasks]
        if gone:
            verdict.messages.append(f"模板中有 {len(gone)} 项任务已不在方案中(方案可能已修订),请重新下发模板")
            return verdict
        reports, warnings, errors = read_reports(
            raw, {k: (tasks[k]["number"], tasks[k]["text"]) for k in raw.task_keys})
    except LedgerFileError as exc:
        verdict.messages.append(str(exc))
        return verdict
    if errors:
        verdict.messages += errors + warnings
        return verdict
    period_id = lookups.periods.get(verdict.period_code)
    existing = {}
    if period_id is not None:
        existing = period_entries(db, unit_id=verdict.unit_id, period_id=period_id)
    for key, report in reports:
        task = tasks[key]
        verdict.reports.append((task["id"], report))
        old = existing.get(task["id"])
        if old is not None and not _differs(old, report):
            continue
        before = _describe(old["status"], old["percent"]) if old else ""
        after = _describe(report.status, report.percent)
        if before == after:
            after += "(文字有改动)"
        verdict.changes.append(TaskChange(task["number"], before, after, task["text"], report.progress_text,
                                          old["progress_text"] if old else ""))
        if old is None:
            verdict.adds += 1
        else:
            verdict.updates += 1
    errors = _unchanged_since_last_period(db, verdict, tasks, warnings)
    errors += _closed_period(lookups, verdict, existing, replace_closed, warnings)
    if errors:
        verdict.messages += errors + warnings
        verdict.reports, verdict.changes, verdict.adds, verdict.updates = [], [], 0, 0
        return verdict
    verdict.messages += warnings
    verdict.status = WARNINGS if warnings else ACCEPTED
    return verdict


def _differs(entry: dict, report: TaskReport) -> bool:
    """Whether saving the report would change the stored entry (as save_submission decides)."""
    return any(entry[k] != getattr(report, k) for k in ENTRY_FIELDS)


def _report_values(report: TaskReport) -> tuple:
    """A report as compared with previous_values (ENTRY_FIELDS in order). Its texts are text, never
    NULL: read_reports reads every cell as text."""
    return report_values(report)


def _unchanged_since_last_period(db: Database, verdict: FileVerdict, tasks: dict, warnings: list[str]) -> list[str]:
    """A template returned as it was sent (pre-filled with last period's reports) is not this
    period's report: refused when every task not yet completed is as last period, named when some
    are (a completed task may well stay as it was)."""
    period = parse_period(verdict.period_code)
    earlier = previous_values(db, unit_id=verdict.unit_id, task_ids=[t for t, _ in verdict.reports],
                              before=period.starts_on)
    numbers = {t["id"]: t["number"] for t in tasks.values()}
    same = {t for t, report in verdict.reports if t in earlier and earlier[t] == _report_values(report)}
    if not same:
        return []
    open_tasks = {t for t, report in verdict.reports if report.status != "completed"}
    if open_tasks and open_tasks <= same:
        return [f"未更新:{len(open_tasks)} 项未完成任务的填报都与上期完全相同,像是未填写就报回的模板;"
                "请更新本期进展后重新报送"]
    warnings.append(f"未更新:有 {len(same)} 项任务的填报与上期完全相同:任务 {_listed(numbers[t] for t in same)}")
    return []


def _closed_period(lookups: _Lookups, verdict: FileVerdict, existing: dict, replace_closed: bool,
                   warnings: list[str]) -> list[str]:
    """A past period's file may add a late report, but changes the entries of a closed period
    only when the office says so."""
    period = parse_period(verdict.period_code)
    current = previous_period(containing_period(period.kind, lookups.as_of))
    if period.ends_on >= current.starts_on:
        return []
    if existing and verdict.updates:
        if not replace_closed:
            return [f"这是已结束周期{period_text(period.code)}的台账(当前报送周期是{period_text(current.code)}),"
                    f"导入将改动该周期已有的 {verdict.updates} 条填报;如确需改动,请勾选“允许改动已结束周期的填报”"
                    "(命令行加 --replace-closed)"]
        warnings.append(f"将改动已结束周期{period_text(period.code)}的 {verdict.updates} 条填报(已确认允许)")
    else:
        warnings.append(f"这是已结束周期{period_text(period.code)}的台账(当前报送周期是{period_text(current.code)}),按该周期的补报导入")
    return []


def _check_identity(lookups: _Lookups, raw: RawLedger, verdict: FileVerdict, period_code: str | None) -> None:
    ident = raw.identity
    expected = identity_checksum(ident.get("plan", ""), ident.get("unit", ""), ident.get("period", ""),
                                 raw.task_keys)
    if ident.get("checksum") != expected:
        verdict.messages.append("模板的识别信息(任务标识、单位或周期)被改动,无法确认来源;请使用下发的模板重新填写")
        return
    plan = lookups.plans.get(ident["plan"])
    if plan is None:
        verdict.messages.append(f"这是“{ident.get('plan_year', '')}年”另一个分解方案的台账"
                                "(可能来自其他区县或已删除的方案),与本数据库不符")
        return
    unit = lookups.units.get(ident["unit"])
    if unit is None:
        verdict.messages.append(f"报送单位“{ident.get('unit_name', '')}”不在本数据库的单位名录中")
        return
    verdict.plan_id, verdict.unit_id, verdict.unit_name = plan, unit[0], unit[1]
    verdict.period_code = ident["period"]
    if period_code is not None and parse_period(period_code).code != verdict.period_code:
        verdict.messages.append(f"这是{period_text(verdict.period_code)}的台账,"
                                f"本次导入的是{period_text(parse_period(period_code).code)}")


# --- a batch ------------------------------------------------------------------------------


def check_submissions(db: Database, paths, *, period_code: str | None = None, replace_closed: bool = False,
                      progress=None) -> list[FileVerdict]:
    """Verdicts for every file (folders expanded). Two different files for one unit and period
    (a draft and a final, a misfiled copy) are both refused, whatever their order: which one is
    right is the office's choice, never the file order's."""
    files = expand_paths(paths)
    read: list[_ReadFile] = []
    # Every file is read before any is checked against the database. Checking asks SQLite a few
    # hundred times, and each query hands Python's lock to a reading thread that keeps it for
    # up to 5 ms: checking while the threads read took twice as long as checking after them.
    # closing(): a cancel stops the reading threads at once, not when the traceback is let go.
    with closing(_read_files(files)) as reads:
        for i, (path, done) in enumerate(zip(files, reads)):
            if progress is not None:
                progress.check()
                progress.report(i, len(files), path.name)
            read.append(done)
    lookups = _Lookups(db)
    verdicts = [check_file(db, path, period_code=period_code, replace_closed=replace_closed, lookups=lookups,
                           read=done) for path, done in zip(files, read)]
    _settle_duplicates(verdicts)
    return verdicts


def _settle_duplicates(verdicts: list[FileVerdict]) -> None:
    importable = [v for v in verdicts if v.importable]
    # Byte-identical copies are one file: the copy with the first name (by name, not position) is read.
    first_of: dict[str, FileVerdict] = {}
    for verdict in sorted(importable, key=lambda v: (v.path.name, str(v.path))):
        kept = first_of.setdefault(verdict.sha256, verdict)
        if kept is not verdict:
            verdict.status = ALREADY
            verdict.messages.insert(0, f"与同一批中的“{kept.path.name}”内容完全相同,只导入一次")
            verdict.reports, verdict.changes, verdict.adds, verdict.updates = [], [], 0, 0
    slots: dict[tuple[int, str], list[FileVerdict]] = {}
    for verdict in verdicts:
        if verdict.importable:
            slots.setdefault((verdict.unit_id, verdict.period_code), []).append(verdict)
    for group in slots.values():
        if len(group) < 2:
            continue
        names = "、".join(f"“{v.path.name}”" for v in sorted(group, key=lambda v: v.path.name))
        for verdict in group:
            verdict.status = REJECTED
            verdict.messages.insert(0, f"同一批文件中有{verdict.unit_name}"
                                       f"{period_text(verdict.period_code)}的 {len(group)} 份"
                                       f"不同的台账({names}),都未导入;请确认哪一份是定稿,只保留那一份后重新导入")
            verdict.reports, verdict.changes, verdict.adds, verdict.updates = [], [], 0, 0


@contextmanager
def _collector_paused():
    """A batch allocates tens of thousands of short-lived cells and rows and makes no reference
    cycles; the cyclic collector would rescan them all again and again (a third of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_submissions(db: Database, paths, *, period_code: str | None = None, who: str | None = None,
                       dry_run: bool = False, replace_closed: bool = False, progress=None) -> BatchResult:
    """Check every file, then write all importable ones in one transaction (unless dry_run: then
    the counts say what the import would add and change)."""
    with _collector_paused():
        return _import_submissions(db, paths, period_code=period_code, who=who, dry_run=dry_run,
                                   replace_closed=replace_closed, progress=progress)


def _import_submissions(db: Database, paths, *, period_code: str | None, who: str | None, dry_run: bool,
                        replace_closed: bool, progress) -> BatchResult:
    result = BatchResult(check_submissions(db, paths, period_code=period_code, replace_closed=replace_closed,
                                           progress=progress), dry_run=dry_run)
    importable = [v for v in result.verdicts if v.importable]
    if dry_run or not importable:
        result.entries_added = sum(v.adds for v in importable)
        result.entries_changed = sum(v.updates for v in importable)
        return result
    if progress is not None:
        progress.check()
        progress.report(len(result.verdicts), len(result.verdicts), "正在写入数据库……")
    submission_ids: list[int] = []
    periods: dict[str, dict] = {}     # a batch is mostly one period: its row is read once
    task_uuids: dict[int, dict[int, str]] = {}      # and one plan: its tasks' names are read once
    with db.atomic():
        units = unit_uuids(db)
        for verdict in importable:
            period = periods.get(verdict.period_code) or periods.setdefault(
                verdict.period_code, ensure_period(db, verdict.period_code))
            if verdict.plan_id not in task_uuids:
                task_uuids[verdict.plan_id] = task_uuids_of(db, verdict.plan_id)
            saved = save_submission(
                db, plan_id=verdict.plan_id, unit_id=verdict.unit_id, period_id=period["id"],
                file_name=verdict.path.name, sha256=verdict.sha256, verdict=verdict.status,
                messages=verdict.messages, reports=verdict.reports, who=who,
                names=(units[verdict.unit_id], verdict.period_code, task_uuids[verdict.plan_id]))
            result.entries_added += len(saved.entries_added)
            result.entries_changed += len(saved.entries_changed)
            submission_ids.append(saved.submission_id)
        advance_task_progress(db, submission_ids=submission_ids)
    result.committed = True
    return result
