"""The parsed task decomposition notice: plain data, produced by plan_parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from duchaban.core.errors import PlanParseError

__all__ = ["Indicator", "LineMessage", "ParseHints", "ParsedPlan", "PlanParseError", "Section", "Task"]

# The fields a label can fill (牵头单位 → lead …), as ParseHints names them.
LABEL_FIELDS = ("lead", "responsible", "cooperating", "leaders", "deadline")


@dataclass(frozen=True)
class ParseHints:
    """What the user said about a notice the parser could not read by itself: which numbering
    marks a task ('arabic' 1. 2., 'paren' (一)(二), 'part' 一、二、) and which label words name
    units, leaders or deadlines ((承办单位, 'responsible'), …)."""

    task_numbering: str | None = None
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LineMessage:
    """A message about one source line (1-based); line 0 means the whole text."""

    line: int
    message: str


@dataclass(frozen=True)
class Indicator:
    """A quantitative target inside a task's text, e.g. 130家以上 -> (130, 家, >=)."""

    clause: str
    value: float
    measure: str
    comparator: str  # '>=', '<=' or '='


@dataclass
class Section:
    """A part (level 1, 一、) or sub-section (level 2, (一)); path is (3,) or (3, 2)."""

    path: tuple[int, ...]
    numeral: str
    title: str
    line: int

    @property
    def level(self) -> int:
        return len(self.path)

    @property
    def path_key(self) -> str:
        return ".".join(str(p) for p in self.path)


@dataclass
class Task:
    """One numbered target task with its units as written in the source."""

    number: int
    text: str
    line: int
    section_path: tuple[int, ...] = ()
    lead: str | None = None
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline: date | None = None
    deadline_ongoing: bool = False  # 长期坚持, 持续推进: no end date, the task runs all year
    indicators: list[Indicator] = field(default_factory=list)

    def unit_names(self) -> list[str]:
        """Every unit name the task mentions, lead first, without repeats."""
        return list(dict.fromkeys([*self.responsible, *self.cooperating]))


@dataclass
class ParsedPlan:
    """Everything read from one notice. errors make it unusable for import; warnings do not."""

    doc_number: str = ""
    issuer: str | None = None
    notice_title: str | None = None
    title: str = ""
    issued_on: date | None = None
    year: int | None = None
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[LineMessage] = field(default_factory=list)
    errors: list[LineMessage] = field(default_factory=list)
    _by_path: dict[tuple[int, ...], Section] = field(default_factory=dict, repr=False, compare=False)
    _indexed: int = field(default=-1, repr=False, compare=False)

    def section(self, path: tuple[int, ...]) -> Section | None:
        # An index rebuilt when sections were added: a scan per task is quadratic on huge files.
        if self._indexed != len(self.sections):
            self._by_path = {}
            for s in self.sections:
                self._by_path.setdefault(s.path, s)
            self._indexed = len(self.sections)
        return self._by_path.get(path)

    def section_titles(self, path: tuple[int, ...]) -> list[str]:
        """Titles from the part down to the given section, e.g. [part, sub-section]."""
        titles = []
        for depth in range(1, len(path) + 1):
            s = self.section(path[:depth])
            if s is not None:
                titles.append(s.title)
        return titles
