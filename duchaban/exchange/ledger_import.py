"""Reading returned ledgers (.xlsx and legacy .xls) and importing a batch of them.

Every file gets a verdict: accepted, accepted with warnings, rejected, or already imported;
each reason names the sheet and cell. Checking writes nothing; the import writes every
accepted file of the batch in one transaction, or nothing at all.
"""

from __future__ import annotations

import gc
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from duchaban.core.errors import DuchabanError
from duchaban.core.ledger import (
    INPUT_COLUMNS,
    KEY_HEADER,
    SAME_AS_ABOVE,
    STATUS_LABELS,
    LedgerAnswer,
    identity_checksum,
    implied_status,
    read_percent,
    read_status,
)
from duchaban.core.periods import parse_period, period_text
from duchaban.exchange.cells import cell_text
from duchaban.exchange.ledger_template import IDENTITY_MARKER, IDENTITY_SHEET, LEDGER_SHEET
from duchaban.store.ledgers import ensure_period, save_submission, submission_by_sha
from duchaban.store.progress import advance_task_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

ACCEPTED, WARNINGS, REJECTED, ALREADY = "accepted", "warnings", "rejected", "already"
VERDICT_LABELS = {ACCEPTED: "接受", WARNINGS: "接受(有提示)", REJECTED: "拒收", ALREADY: "已导入过"}
LEDGER_SUFFIXES = (".xlsx", ".xls", ".xlsm")
MAX_STRAY_ROWS = 50  # rows with content but no task key before a file is taken for a foreign table
READ_THREADS = 4     # workbooks read ahead at once (more gains little and holds more files in memory)
_INPUT_KEYS = [k for k, _ in INPUT_COLUMNS]
_TEXT_KEYS = ("progress_text", "problems", "next_steps", "evidence_text")


class LedgerFileError(DuchabanError):
    """The file cannot be read as a ledger at all."""


@dataclass
class TaskChange:
    number: int
    before: str  # e.g. "推进中 50%" or "" when new
    after: str


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
    answers: list[tuple[int, LedgerAnswer]] = field(default_factory=list)
    changes: list[TaskChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.status]

    @property
    def importable(self) -> bool:
        return self.status in (ACCEPTED, WARNINGS)

    def to_json(self) -> dict:
        return {"file": self.path.name, "verdict": self.status, "unit": self.unit_name, "period": self.period_code,
                "tasks": len(self.answers), "messages": self.messages,
                "changes": [vars(c) for c in self.changes]}


@dataclass
class BatchResult:
    verdicts: list[FileVerdict]
    committed: bool = False
    entries_added: int = 0
    entries_changed: int = 0

    def count(self, status: str) -> int:
        return sum(1 for v in self.verdicts if v.status == status)


def expand_paths(paths) -> list[Path]:
    """Files as given, folders replaced by the ledger workbooks in them (Office lock files skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in LEDGER_SUFFIXES
                            and p.is_file() and not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


# --- reading one file ------------------------------------------------------------------


@dataclass
class RawLedger:
    identity: dict[str, str]
    task_keys: list[str]
    rows: list[list]            # the ledger sheet from A1, one list per sheet row
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    sheet_name: str


def read_ledger_workbook(path: Path) -> RawLedger:
    """The identity and ledger sheet of a workbook; LedgerFileError when it is not a readable ledger."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise LedgerFileError("文件设有打开密码,请去掉密码后重新报送") from None
    except FileNotFoundError:
        raise LedgerFileError("找不到文件") from None
    except Exception as exc:  # damaged zip, truncated file, not a spreadsheet at all
        raise LedgerFileError(f"文件已损坏或不是 Excel 工作簿,无法打开({type(exc).__name__})") from None
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
        return RawLedger(identity, keys, sheet.to_python(skip_empty_area=False), list(sheet.merged_cell_ranges),
                         sheet_name)
    except LedgerFileError:
        raise
    except Exception as exc:
        raise LedgerFileError(f"文件内容无法读取({type(exc).__name__}: {exc})") from None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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


def read_answers(raw: RawLedger, task_numbers: dict[str, int]) -> tuple[list[tuple[str, LedgerAnswer]], list[str],
                                                                         list[str]]:
    """(task key, answer) pairs, warnings and errors for the ledger sheet's rows."""
    header_row, columns = _header(raw)
    missing = [h for _, h in INPUT_COLUMNS if h not in columns]
    if missing:
        raise LedgerFileError(f"“{raw.sheet_name}”缺少列:{'、'.join(missing)}")
    key_col = columns[KEY_HEADER]
    input_cols = {key: columns[header] for key, header in INPUT_COLUMNS}
    _fill_merged(raw, set(input_cols.values()))
    answers, warnings, errors, seen = [], [], [], {}
    stray = 0
    unfilled: list[int] = []
    previous: dict[str, object] = {}
    def where(key: str, sheet_row: int) -> str:
        return f"{raw.sheet_name}!{_column_letter(input_cols[key])}{sheet_row}"

    for r in range(header_row + 1, len(raw.rows)):
        row = raw.rows[r]
        width = len(row)
        sheet_row = r + 1
        key = cell_text(row[key_col]) if key_col < width else ""
        # Text cells read once; the percentage keeps its raw value (a number or typed text).
        values = {k: (row[c] if c < width else "") if k == "percent" else (cell_text(row[c]) if c < width else "")
                  for k, c in input_cols.items()}
        has_input = any(v not in ("", None) for v in values.values())
        if not key:
            if has_input:
                stray += 1
                if stray <= 5:
                    warnings.append(f"{raw.sheet_name} 第 {sheet_row} 行不是模板中的任务(没有任务标识),已忽略")
            continue
        if key not in task_numbers:
            errors.append(f"{raw.sheet_name}!{_column_letter(key_col)}{sheet_row}:任务标识被改动,无法对应任务")
            continue
        number = task_numbers[key]
        if key in seen:
            errors.append(f"{raw.sheet_name} 第 {sheet_row} 行:任务 {number} 重复出现(第 {seen[key]} 行已有)")
            continue
        seen[key] = sheet_row
        for k in _INPUT_KEYS:
            value = values[k]
            if value in SAME_AS_ABOVE or (k == "percent" and isinstance(value, str)
                                          and cell_text(value) in SAME_AS_ABOVE):
                if k not in previous:
                    errors.append(f"{where(k, sheet_row)}:填了“同上”,但上面一行没有可沿用的内容")
                values[k] = previous.get(k, "")
        previous = values
        if not has_input:
            unfilled.append(number)
            continue
        try:
            percent = read_percent(values["percent"])
        except ValueError as exc:
            warnings.append(f"{where('percent', sheet_row)}:{exc},本项比例未导入")
            percent = None
        status_text = values["status"]
        status = read_status(status_text) if status_text else None
        if status_text and status is None:
            warnings.append(f"{where('status', sheet_row)}:完成状态“{status_text}”无法识别,"
                            f"应为{'、'.join(STATUS_LABELS.values())},已按完成比例判断")
        status = status or implied_status(percent) or "in_progress"
        texts = {k: values[k] for k in _TEXT_KEYS}
        answers.append((key, LedgerAnswer(key, status, percent, **texts)))
    if stray > MAX_STRAY_ROWS:
        errors.append(f"{raw.sheet_name} 中有 {stray} 行内容不属于模板中的任务,不像是下发的台账模板")
    elif stray > 5:
        warnings.append(f"另有 {stray - 5} 行没有任务标识的内容,已忽略")
    if not seen:
        errors.append(f"“{raw.sheet_name}”中没有任何任务行,台账是空的")
    elif not answers and not errors:
        errors.append(f"“{raw.sheet_name}”中的 {len(seen)} 项任务都没有填写,台账是空的")
    elif unfilled:
        shown = "、".join(str(n) for n in sorted(unfilled)[:20]) + ("等" if len(unfilled) > 20 else "")
        warnings.append(f"有 {len(unfilled)} 项任务未填报:任务 {shown}")
    return answers, warnings, errors


# --- checking against the database -------------------------------------------------------


def _describe(status: str | None, percent: float | None) -> str:
    if status is None:
        return ""
    return STATUS_LABELS[status] + (f" {percent:g}%" if percent is not None else "")


class _Lookups:
    """Plans, units, tasks and periods by key, read once for a whole batch of files."""

    def __init__(self, db: Database):
        self.plans = dict(db.execute("SELECT uuid, id FROM plan").fetchall())
        self.units = {r[0]: (r[1], r[2]) for r in db.execute("SELECT uuid, id, name FROM unit")}
        self.tasks = {r[0]: {"id": r[1], "uuid": r[0], "number": r[2]}
                      for r in db.execute("SELECT uuid, id, number FROM task")}
        self.periods = dict(db.execute("SELECT code, id FROM reporting_period").fetchall())


@dataclass
class _ReadFile:
    """A file as read from disk, before the database is asked about it."""
    sha256: str | None = None
    unreadable: str | None = None                 # why the file could not be read at all
    raw: RawLedger | LedgerFileError | None = None


def _read_file(path: Path) -> _ReadFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _ReadFile(unreadable=f"无法读取文件:{exc.strerror}")
    try:
        raw: RawLedger | LedgerFileError = read_ledger_workbook(path)
    except LedgerFileError as exc:
        raw = exc
    return _ReadFile(hashlib.sha256(data).hexdigest(), None, raw)


def _read_files(files: list[Path]) -> Iterator[_ReadFile]:
    """Each file read, in order, by a few threads ahead of the caller: the spreadsheet reader lets
    go of Python's lock while it parses, so a folder of ledgers reads in about half the time on a
    two-core laptop. Stopping early (cancel) drops the reads not yet started."""
    workers = min(READ_THREADS, os.cpu_count() or 1, len(files))
    if workers <= 1:
        yield from map(_read_file, files)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="ledger-read")
    try:
        yield from pool.map(_read_file, files)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def check_file(db: Database, path: Path, *, period_code: str | None = None,
               lookups: _Lookups | None = None, read: _ReadFile | None = None) -> FileVerdict:
    """The verdict on one returned ledger against the database; writes nothing. ``read``: the
    file already read (check_submissions reads ahead on other threads)."""
    lookups = lookups or _Lookups(db)
    verdict = FileVerdict(path=path)
    read = read or _read_file(path)
    if read.unreadable:
        verdict.messages.append(read.unreadable)
        return verdict
    verdict.sha256 = read.sha256
    earlier = submission_by_sha(db, verdict.sha256)
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
        answers, warnings, errors = read_answers(raw, {k: tasks[k]["number"] for k in raw.task_keys})
    except LedgerFileError as exc:
        verdict.messages.append(str(exc))
        return verdict
    if errors:
        verdict.messages += errors + warnings
        return verdict
    verdict.messages += warnings
    verdict.status = WARNINGS if warnings else ACCEPTED
    period_id = lookups.periods.get(verdict.period_code)
    existing = {}
    if period_id is not None:
        existing = {r[0]: {"status": r[1], "percent": r[2]} for r in db.execute(
            "SELECT task_id, status, percent FROM progress_entry WHERE unit_id = ? AND period_id = ?",
            [verdict.unit_id, period_id])}
    for key, answer in answers:
        task = tasks[key]
        verdict.answers.append((task["id"], answer))
        old = existing.get(task["id"])
        before = _describe(old["status"], old["percent"]) if old else ""
        after = _describe(answer.status, answer.percent)
        if before != after:
            verdict.changes.append(TaskChange(task["number"], before, after))
    return verdict


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


def check_submissions(db: Database, paths, *, period_code: str | None = None, progress=None) -> list[FileVerdict]:
    """Verdicts for every file (folders expanded); a unit's second file for the same period is refused."""
    files = expand_paths(paths)
    verdicts: list[FileVerdict] = []
    claimed: dict[tuple[int, str], str] = {}
    lookups = _Lookups(db)
    # closing(): a cancel stops the reading threads at once, not when the traceback is let go.
    with closing(_read_files(files)) as reads:
        for i, (path, read) in enumerate(zip(files, reads)):
            if progress is not None:
                progress.check()
                progress.report(i, len(files), path.name)
            verdict = check_file(db, path, period_code=period_code, lookups=lookups, read=read)
            if verdict.importable:
                slot = (verdict.unit_id, verdict.period_code)
                if slot in claimed:
                    verdict.status = REJECTED
                    verdict.messages.insert(0, f"同一批文件中已有{verdict.unit_name}{period_text(verdict.period_code)}的台账"
                                               f"(“{claimed[slot]}”),请只保留一份")
                else:
                    claimed[slot] = path.name
            verdicts.append(verdict)
    return verdicts


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
                       dry_run: bool = False, progress=None) -> BatchResult:
    """Check every file, then write all importable ones in one transaction (unless dry_run)."""
    with _collector_paused():
        return _import_submissions(db, paths, period_code=period_code, who=who, dry_run=dry_run, progress=progress)


def _import_submissions(db: Database, paths, *, period_code: str | None, who: str | None, dry_run: bool,
                        progress) -> BatchResult:
    result = BatchResult(check_submissions(db, paths, period_code=period_code, progress=progress))
    importable = [v for v in result.verdicts if v.importable]
    if dry_run or not importable:
        return result
    if progress is not None:
        progress.check()
        progress.report(len(result.verdicts), len(result.verdicts), "正在写入数据库……")
    submission_ids: list[int] = []
    with db.atomic():
        for verdict in importable:
            period = ensure_period(db, verdict.period_code)
            saved = save_submission(
                db, plan_id=verdict.plan_id, unit_id=verdict.unit_id, period_id=period["id"],
                file_name=verdict.path.name, sha256=verdict.sha256, verdict=verdict.status,
                messages=verdict.messages, answers=verdict.answers, who=who)
            result.entries_added += len(saved.entries_added)
            result.entries_changed += len(saved.entries_changed)
            submission_ids.append(saved.submission_id)
        advance_task_progress(db, submission_ids=submission_ids)
    result.committed = True
    return result
