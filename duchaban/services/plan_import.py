"""Importing a notice: read and parse the file, match unit names, then write it.

Two steps so that the window can show a preview and let the user settle unknown names
before anything is written: ``preview_plan_file`` never writes; ``commit_plan_import``
writes everything in one transaction or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from duchaban.core.errors import DuchabanError
from duchaban.core.plan import LineMessage, ParsedPlan, ParseHints, PlanParseError
from duchaban.core.plan_parser import label_candidates, numbering_counts, parse_plan_lines
from duchaban.core.unit_matching import AMBIGUOUS, NEAR, NEW, USER, NameMatch, UnitDirectory, resolve_names
from duchaban.core.unit_names import guess_kind, normalize_name
from duchaban.formats.plan_source import PlanSource, read_plan_file
from duchaban.store.plans import (
    EMPTIES_PLAN_MESSAGE,
    PlanImportResult,
    PlanRemovals,
    find_plan,
    import_plan,
    other_plans_of_year,
    plan_removals,
)
from duchaban.store.units import load_directory

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class PlanPreview:
    """A parsed notice with every unit name matched, ready to show or to commit."""

    source: PlanSource
    parsed: ParsedPlan
    matches: dict[str, NameMatch]
    directory: UnitDirectory
    already_imported: bool = False
    removals: PlanRemovals = field(default_factory=PlanRemovals)
    # Plans of the same year under another document number (or none), and whether the user said
    # this notice is another plan of that year, not one of them copied without its number.
    same_year: list[dict] = field(default_factory=list)
    another_plan: bool = False
    removals_confirmed: bool = False     # the user has said yes to what a revision removes

    @property
    def ambiguous(self) -> list[NameMatch]:
        return [m for m in self.matches.values() if m.status == AMBIGUOUS]

    @property
    def can_import(self) -> bool:
        return (not self.parsed.errors and not self.ambiguous and self.parsed.year is not None
                and not self.removals.empties_plan and not self.removals.blocked
                and not (self.same_year and not self.another_plan))

    @property
    def names_to_confirm(self) -> list[NameMatch]:
        """Names the import would settle by itself: a close spelling taken for a unit, or a name
        made a new unit. Shown, and written only once the user has said yes (or chosen with --map)."""
        return [m for m in self.matches.values() if m.status in (NEAR, NEW)]

    def same_year_question(self) -> str:
        """Why a notice of a year that already has a plan under another number waits for the user."""
        plans = "、".join(f"《{p['title']}》({p['doc_number'] or '未写明文号'},{p['tasks']} 项任务)"
                         for p in self.same_year)
        number = f"文号为{self.parsed.doc_number}" if self.parsed.doc_number else "没有写明文号"
        return (f"数据库中已有{self.parsed.year}年的{plans};这份通知{number}。如果它就是已有的方案(例如从网页复制时"
                "漏了或写错了文号),请用带正确文号的原文件导入;如果确是同一年度的另一份方案,请确认后再导入")

    @property
    def needs_confirmation(self) -> bool:
        """The import would remove tasks, assignments or units: the user must say yes."""
        return bool(self.removals) and not self.removals.empties_plan

    def canonical(self, written: str) -> str:
        match = self.matches[written]
        return match.canonical if match.canonical is not None else written

    def name_notes(self) -> list[LineMessage]:
        """A message for every name the user should look at (near, new, ambiguous)."""
        first_line: dict[str, int] = {}
        for task in self.parsed.tasks:
            for name in task.unit_names():
                first_line.setdefault(name, task.line)
        return [
            LineMessage(first_line.get(m.written, 0), m.describe())
            for m in self.matches.values()
            if m.needs_review
        ]

    def messages(self) -> list[LineMessage]:
        """Errors, warnings and name notes, in line order."""
        errors = [LineMessage(e.line, f"错误:{e.message}") for e in self.parsed.errors]
        if self.parsed.year is None:
            errors.append(LineMessage(0, "错误:无法从文件中确定方案年度,请指定年度"))
        errors += [LineMessage(0, f"错误:{why}") for why in self.removals.blocked.values()]
        if self.removals.empties_plan:
            errors.append(LineMessage(0, f"错误:{EMPTIES_PLAN_MESSAGE}"))
        if self.same_year and not self.another_plan:
            errors.append(LineMessage(0, f"错误:{self.same_year_question()}(命令行加 --another-plan)"))
        elif self.removals:
            errors.append(LineMessage(0, f"注意:新版方案{self.removals.summary()}" + (
                "(已确认)" if self.removals_confirmed else ",导入前需要确认")))
        return sorted(errors + self.parsed.warnings + self.name_notes(), key=lambda m: m.line)

    def summary(self) -> str:
        """《title》doc number: how many parts, sub-parts and tasks the notice holds."""
        parts = sum(1 for s in self.parsed.sections if s.level == 1)
        subs = len(self.parsed.sections) - parts
        return (f"《{self.parsed.title}》{self.parsed.doc_number}:{parts} 个部分,{subs} 个子部分,"
                f"{len(self.parsed.tasks)} 项任务")

    def message_lines(self) -> list[str]:
        """Every message with the line it is about (第N行:…), in line order."""
        return [f"第{m.line}行:{m.message}" if m.line else m.message for m in self.messages()]

    def refusal(self) -> str | None:
        """Why the notice cannot be imported as it stands (errors, names to settle), or None."""
        if self.can_import:
            return None
        blocked = [m.message for m in self.messages() if m.message.startswith("错误")]
        blocked += [m.describe() for m in self.ambiguous]
        return f"不能导入:{';'.join(blocked)}"

    def removal_lines(self) -> list[str]:
        """What a revised notice would delete, one line each (将删除:…)."""
        return [f"将删除:{line}" for line in self.removals.lines()] if self.needs_confirmation else []

    def names_confirmation_needed(self) -> str:
        """Why a real import from the command line waits for the names (NEAR, NEW) to be confirmed."""
        listed = ";".join(m.describe() for m in self.names_to_confirm[:15])
        more = f"……等 {len(self.names_to_confirm)} 个" if len(self.names_to_confirm) > 15 else ""
        return (f"不能导入:以下单位名称需要确认:{listed}{more}。逐个用 --map 原文名称=单位名称 指定"
                "(写成原文名称本身表示新建单位),或核对无误后加上 --accept-names 按上面的说明导入")

    def confirmation_needed(self) -> str:
        return (f"不能导入:新版方案{self.removals.summary()};核对上面列出的内容无误后,"
                "加上 --confirm-removals 再导入")

    def to_json(self) -> dict:
        """The ``plan import --json`` shape of SPEC §6, names after alias resolution."""
        parsed = self.parsed
        shape = {
            "doc_number": parsed.doc_number,
            "title": parsed.title,
            "sections": [{"path": parsed.section_titles(s.path)} for s in parsed.sections],
            "tasks": [
                {
                    "number": t.number,
                    "text": t.text,
                    "section": parsed.section_titles(t.section_path),
                    "lead": self.canonical(t.lead) if t.lead else None,
                    "responsible": list(dict.fromkeys(self.canonical(n) for n in t.responsible)),
                    "cooperating": list(dict.fromkeys(self.canonical(n) for n in t.cooperating)),
                }
                for t in parsed.tasks
            ],
            "warnings": [{"line": m.line, "message": m.message} for m in self.messages()],
        }
        # Beyond SPEC §6's shape only when a revision would take something away.
        if self.removals:
            shape["removals"] = {
                "tasks": [{"number": n, "text": text} for n, text in self.removals.tasks],
                "assignments": [{"task": n, "unit": u, "role": r} for n, u, r in self.removals.assignments],
                "units": self.removals.units,
                "empties_plan": self.removals.empties_plan,
            }
        return shape


@dataclass(frozen=True)
class PlanImported:
    """A plan import as committed: the notice's summary and what the import did."""
    summary: str
    result: PlanImportResult

    def to_json(self) -> dict:
        """``{plan_id, status ("created", "updated" or "unchanged"), tasks_added, tasks_changed, tasks_removed
        (task numbers), units_added (names), aliases_added ([alias, unit] pairs)}``."""
        r = self.result
        return {"plan_id": r.plan_id, "status": r.status, "tasks_added": list(r.tasks_added),
                "tasks_changed": list(r.tasks_changed), "tasks_removed": list(r.tasks_removed),
                "units_added": list(r.units_added), "aliases_added": [list(pair) for pair in r.aliases_added]}

    def to_text(self) -> str:
        r = self.result
        if r.status == "unchanged":
            return f"该文件已导入过,数据库未改动:{self.summary}"
        verb = "已导入" if r.status == "created" else "已更新"
        return (f"{verb}{self.summary};新增任务 {len(r.tasks_added)} 项,修改 {len(r.tasks_changed)} 项,"
                f"删除 {len(r.tasks_removed)} 项;新增单位 {len(r.units_added)} 个,新增别名 {len(r.aliases_added)} 个")


def preview_plan(
    db: Database,
    source: PlanSource,
    parsed: ParsedPlan,
    *,
    decisions: Mapping[str, str] | None = None,
    year: int | None = None,
    another_plan: bool = False,
) -> PlanPreview:
    """Match a parsed notice's unit names against the database's directory; writes nothing.

    ``decisions`` maps written names to the unit the user chose; ``year`` overrides the
    year read from the text; ``another_plan``: the user said this notice is another plan of a
    year that has one under another document number.
    """
    if year is not None:
        parsed.year = year
    directory = load_directory(db)
    written = [n for t in parsed.tasks for n in (*t.responsible, *t.cooperating)]
    matches = resolve_names(written, directory, decisions)
    already = find_plan(db, sha256=source.sha256) is not None
    names = {w: m.canonical if m.canonical is not None else w for w, m in matches.items()}
    removals = plan_removals(db, parsed=parsed, source_sha256=source.sha256, names=names)
    same_year = [] if already or parsed.year is None else other_plans_of_year(
        db, year=parsed.year, doc_number=parsed.doc_number, sha256=source.sha256)
    if same_year and find_plan(db, year=parsed.year, doc_number=parsed.doc_number) is not None:
        same_year = []      # a revision of the plan filed under this very number
    return PlanPreview(source, parsed, matches, directory, already_imported=already, removals=removals,
                       same_year=same_year, another_plan=another_plan)


# When a file of this kind yields no numbered task, what is most likely the cause.
_NOTHING_FOUND_HINTS = {
    "pdf": "PDF 中的表格和扫描的页面读不出文字顺序;请向发文单位索取 Word(.docx)或 Excel 版,或改用“手动指定”",
}


def read_and_parse(path: str | Path, hints: ParseHints | None = None) -> tuple[PlanSource, ParsedPlan]:
    """Read and parse a notice file without touching any database."""
    source = read_plan_file(path)
    try:
        return source, parse_plan_lines(source.lines, hints)
    except PlanParseError as exc:
        hint = _NOTHING_FOUND_HINTS.get(source.kind)
        if hint and "没有找到任何编号任务" in str(exc):
            raise PlanParseError(f"{exc}。{hint}") from None
        raise


@dataclass
class NoticeOutline:
    """What the guided import shows for a notice that did not parse: its lines, how many lines
    start with each numbering, and the words written like labels."""

    lines: list[str]
    numberings: dict[str, int]
    labels: list[tuple[str, int, str | None]]


def notice_outline(path: str | Path) -> NoticeOutline:
    """Read a notice file and list the numberings and label-like words it uses."""
    lines = read_plan_file(path).lines
    return NoticeOutline(lines, numbering_counts(lines), label_candidates(lines))


def preview_plan_file(
    db: Database,
    path: str | Path,
    *,
    decisions: Mapping[str, str] | None = None,
    year: int | None = None,
    hints: ParseHints | None = None,
    another_plan: bool = False,
) -> PlanPreview:
    """Read, parse and match a notice file; writes nothing."""
    source, parsed = read_and_parse(path, hints)
    return preview_plan(db, source, parsed, decisions=decisions, year=year, another_plan=another_plan)


class PlanImportBlocked(DuchabanError):
    """The preview has errors or names the user must decide before importing."""


def commit_plan_import(db: Database, preview: PlanPreview, *, who: str | None = None,
                       confirm_removals: bool = False, accept_names: bool = True) -> PlanImportResult:
    """Write a previewed notice in one transaction; PlanImportBlocked if it is not ready.

    A revision that removes tasks, assignments or units needs ``confirm_removals``
    (PlanRemovalsUnconfirmed otherwise). ``accept_names``: the user has seen the names the import
    settles by itself (names_to_confirm) and said yes; the command line asks for it explicitly."""
    if not preview.can_import:
        problems = [m.message for m in preview.messages() if m.message.startswith("错误")]
        problems += [m.describe() for m in preview.ambiguous]
        raise PlanImportBlocked("不能导入:" + ";".join(problems))
    if preview.names_to_confirm and not accept_names:
        raise PlanImportBlocked(preview.names_confirmation_needed())
    new_units: list[tuple[str, str]] = []
    aliases: list[tuple[str, str]] = []
    for match in preview.matches.values():
        canonical = match.canonical
        if preview.directory.lookup(canonical) is None and all(canonical != n for n, _ in new_units):
            new_units.append((canonical, guess_kind(canonical)))
        if match.status in (NEAR, USER, NEW) and normalize_name(match.written) != normalize_name(canonical):
            aliases.append((match.written, canonical))
    return import_plan(
        db,
        parsed=preview.parsed,
        source_name=preview.source.name,
        source_sha256=preview.source.sha256,
        names={w: preview.canonical(w) for w in preview.matches},
        new_units=new_units,
        aliases=aliases,
        who=who,
        confirm_removals=confirm_removals,
    )
