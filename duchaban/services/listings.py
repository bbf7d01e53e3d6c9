"""The lists the command line shows (plans, units, staff, inspections, findings, bulletins, the office's
name): each one a typed result with its JSON for scripts and its Chinese text for people.

JSON keys are stable; each class's docstring lists them. ``to_text()`` is what ``duchaban … list``
prints: a header row naming the columns, then one tab-separated line per row ("" for an empty list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from duchaban.core.findings import kind_words
from duchaban.core.periods import period_text
from duchaban.core.unit_names import KIND_LABELS

if TYPE_CHECKING:
    from sqlite_utils import Database


def _pick(rows: tuple[dict, ...], keys: tuple[str, ...]) -> list[dict]:
    return [{k: row[k] for k in keys} for row in rows]


def _table(header: tuple[str, ...], lines: list[str]) -> str:
    """Tab-separated lines under a header row naming the columns; "" when there are none."""
    return "\n".join(["\t".join(header), *lines]) if lines else ""


@dataclass(frozen=True)
class PlanList:
    """The plans, newest year first. JSON: ``[{id, uuid, year, doc_number, title, task_count}]``."""
    plans: tuple[dict, ...]
    KEYS = ("id", "uuid", "year", "doc_number", "title", "task_count")

    def to_json(self) -> list[dict]:
        return _pick(self.plans, self.KEYS)

    def to_text(self) -> str:
        return _table(("年度", "文号", "标题", "任务"),
                      [f"{p['year']}\t{p['doc_number']}\t{p['title']}\t{p['task_count']} 项任务" for p in self.plans])


def plan_list(db: Database) -> PlanList:
    """Every plan with its task count."""
    from duchaban.store.browse import list_plans

    return PlanList(tuple(list_plans(db)))


@dataclass(frozen=True)
class UnitList:
    """The directory's units in its order. JSON: ``[{name, kind, aliases}]`` (kind: SPEC's code, aliases: a list)."""
    units: tuple[dict, ...]
    KEYS = ("name", "kind", "aliases")

    def to_json(self) -> list[dict]:
        return _pick(self.units, self.KEYS)

    def to_text(self) -> str:
        return _table(("类别", "单位名称", "别名"),
                      [f"{KIND_LABELS[u['kind']]}\t{u['name']}\t{'、'.join(u['aliases'])}" for u in self.units])


def unit_list(db: Database, *, kind: str | None = None) -> UnitList:
    """The active units, or those of one kind."""
    from duchaban.store.units import list_units

    return UnitList(tuple(list_units(db, kind=kind)))


@dataclass(frozen=True)
class OfficeInfo:
    """The office's full name and district, either None when not set. JSON: ``{name, district}``."""
    name: str | None
    district: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "district": self.district}

    def to_text(self) -> str:
        if not self.name:
            return "尚未设置本办全称:运行 duchaban office set --name 全称 [--district 区县名]"
        return f"本办全称:{self.name}(所在区县:{self.district or '未填写'})"


def office_info(db: Database) -> OfficeInfo:
    """The office's name and district as stored."""
    from duchaban.store.settings import office_or_none

    return OfficeInfo(*office_or_none(db))


@dataclass(frozen=True)
class StaffList:
    """Everyone on the staff list, inactive people included. JSON: ``[{id, uuid, name, title, phone,
    is_inspector, active, aliases, typed_name}]`` (typed_name: created from a hand-typed name on upgrade)."""
    people: tuple[dict, ...]

    def to_json(self) -> list[dict]:
        return [dict(p) for p in self.people]

    def to_text(self) -> str:
        lines = []
        for p in self.people:
            notes = [n for n, on in (("督查人员", p["is_inspector"]), ("停用", not p["active"]),
                                     ("升级时按手填姓名新建,请核对", p["typed_name"])) if on]
            lines.append(f"{p['id']}\t{p['name']}\t{p['title'] or ''}\t{'、'.join(p['aliases'])}\t{','.join(notes)}")
        return _table(("编号", "姓名", "职务", "别名", "备注"), lines)


def staff_list(db: Database) -> StaffList:
    """The staff list with each person's aliases."""
    from duchaban.store.staff import list_staff, staff_aliases

    return StaffList(tuple(
        {"id": r["id"], "uuid": r["uuid"], "name": r["name"], "title": r["title"], "phone": r["phone"],
         "is_inspector": bool(r["is_inspector"]), "active": bool(r["active"]),
         "aliases": staff_aliases(db, r["id"]), "typed_name": r["origin"] == "typed_name"}
        for r in list_staff(db, active_only=False)))


@dataclass(frozen=True)
class InspectionList:
    """Inspections, newest first. JSON: ``[{id, uuid, kind, title, state, started_on, planned_on, confidential,
    units, inspectors, finding_count}]`` (units and inspectors: names joined with 、, or null)."""
    inspections: tuple[dict, ...]
    KEYS = ("id", "uuid", "kind", "title", "state", "started_on", "planned_on", "confidential", "units",
            "inspectors", "finding_count")

    def to_json(self) -> list[dict]:
        return _pick(self.inspections, self.KEYS)

    def to_text(self) -> str:
        return _table(("编号", "日期", "方式", "标题", "被督查单位", "问题"), [
            f"{r['id']}\t{r['started_on'] or '计划 ' + str(r['planned_on'])}\t{r['kind_label']}\t{r['title']}\t"
            f"{r['units'] or ''}\t问题 {r['finding_count']} 个" for r in self.inspections])


def inspection_list(db: Database, *, include_confidential: bool = False) -> InspectionList:
    """The inspections (unannounced ones only when asked)."""
    from duchaban.store.inspections import list_inspections

    return InspectionList(tuple(list_inspections(db, include_confidential=include_confidential)))


@dataclass(frozen=True)
class FindingList:
    """Findings with their rectification state. JSON: ``[{id, uuid, inspection_id, unit_name, task_number,
    description, status, deadline_on, reporter, evidence_count, overdue, override_reason}]``."""
    findings: tuple[dict, ...]
    KEYS = ("id", "uuid", "inspection_id", "unit_name", "task_number", "description", "status", "deadline_on",
            "reporter", "evidence_count", "overdue", "override_reason")

    def to_json(self) -> list[dict]:
        return _pick(self.findings, self.KEYS)

    def to_text(self) -> str:
        # As the window reads them: 待整改(逾期) past the deadline, 暗访检查(保密) for a confidential one.
        return _table(("编号", "单位", "问题", "方式", "整改状态", "整改期限", "发现人", "佐证"), [
            f"{r['id']}\t{r['unit_name']}\t{r['description']}\t{kind_words(r['kind'], r['confidential'])}\t"
            f"{r['status_label']}{'(逾期)' if r['overdue'] else ''}\t{r['deadline_on'] or ''}\t"
            f"发现人 {r['reporter'] or ''}\t佐证 {r['evidence_count']} 份" for r in self.findings])


def finding_list(db: Database) -> FindingList:
    """Every finding, overdue measured on the database's 'today'."""
    from duchaban.store.inspections import list_findings
    from duchaban.store.settings import as_of_date

    return FindingList(tuple(list_findings(db, today=as_of_date(db))))


@dataclass(frozen=True)
class BulletinList:
    """Issued bulletins, newest first. JSON: ``[{id, uuid, plan_id, year, issue_no, period_code, generated_at,
    generated_by, include_confidential, docx_name, xlsx_name, kind, topic, replaces, replaced_at}]``
    (kind: "period" or "special"; replaces: the id of the bulletin a reissue stands in for)."""
    bulletins: tuple[dict, ...]
    KEYS = ("id", "uuid", "plan_id", "year", "issue_no", "period_code", "generated_at", "generated_by",
            "include_confidential", "docx_name", "xlsx_name", "kind", "topic", "replaces", "replaced_at")

    def to_json(self) -> list[dict]:
        return _pick(self.bulletins, self.KEYS)

    def to_text(self) -> str:
        numbers = {row["id"]: row["issue_no"] for row in self.bulletins}
        lines = []
        for row in self.bulletins:
            notes = [f"专项:{row['topic']}" if row["kind"] == "special" else "",
                     f"替代第{numbers[row['replaces']]}期" if row["replaces"] in numbers else "",
                     "已被重新印发替代,不计入考核" if row["replaced_at"] else ""]
            lines.append(f"{row['year']}年第{row['issue_no']}期\t{period_text(row['period_code'])}\t"
                         f"{row['generated_at']}\t{row['generated_by'] or ''}\t{row['docx_name'] or ''}\t"
                         f"{' '.join(n for n in notes if n)}")
        return _table(("期号", "周期", "生成时间", "生成人", "文件", "备注"), lines)


def bulletin_list(db: Database) -> BulletinList:
    """The issued bulletins without their snapshots."""
    from duchaban.store.bulletins import list_bulletins

    return BulletinList(tuple(list_bulletins(db)))
