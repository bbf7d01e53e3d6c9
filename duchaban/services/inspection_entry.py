"""Recording inspections, findings, follow-ups and close-outs with people, units and statuses named
as a user types them (names or aliases, Chinese labels or codes); each call returns what it recorded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Sequence

from duchaban.core.errors import DuchabanError
from duchaban.core.findings import FINDING_STATUSES, SEVERITIES, rectification_deadline
from duchaban.services.recorded import Recorded

if TYPE_CHECKING:
    from sqlite_utils import Database


def _code(value: str | None, labels: dict[str, str]) -> str | None:
    """A status or severity given by its Chinese label or its code, as its code."""
    return {label: code for code, label in labels.items()}.get(value, value)


def enter_inspection(db: Database, *, kind: str, title: str, started_on: date, plan_id: int | None = None,
                     inspectors: Sequence[str] = (), units: Sequence[str] = (), task_numbers: Sequence[int] = (),
                     summary: str | None = None, planned: bool = False, confidential: bool = False,
                     who: str | None = None) -> Recorded:
    """Record an inspection (or a planned one); confidential only forces it on (unannounced ones are by default)."""
    from duchaban.store.inspections import record_inspection

    inspection_id = record_inspection(
        db, kind=kind, title=title, started_on=started_on, plan_id=plan_id, inspectors=inspectors, units=units,
        task_numbers=task_numbers, summary=summary, planned=planned, confidential=True if confidential else None,
        who=who).created
    return Recorded("inspection", inspection_id, f"已记录督查 {inspection_id}:{title}")


def enter_finding(db: Database, *, inspection_id: int, unit: str, description: str, task_number: int | None = None,
                  severity: str = "normal", demand: str | None = None, deadline: str | None = None,
                  working_days: int | None = None, responsible_person: str | None = None,
                  reported_by: str | None = None, today: date | None = None, who: str | None = None) -> Recorded:
    """Record a finding of an inspection; ``deadline`` in words (2021-07-31, 7个工作日, 15日内) from ``today``."""
    from duchaban.store.inspections import add_finding

    try:
        deadline_on = rectification_deadline(deadline, start=today or date.today()) if deadline else None
    except ValueError as error:
        raise DuchabanError(str(error)) from None
    finding_id = add_finding(
        db, inspection_id=inspection_id, unit=unit, description=description, task_number=task_number,
        severity=_code(severity, SEVERITIES), demand=demand, deadline_on=deadline_on,
        deadline_working_days=working_days, responsible_person=responsible_person, reported_by=reported_by,
        who=who).created
    return Recorded("finding", finding_id, f"已记录问题 {finding_id}:{description.strip()}")


def enter_follow_up(db: Database, *, finding_id: int, text: str, on_date: date, status: str | None = None,
                    who: str | None = None) -> Recorded:
    """Record how a finding's rectification stands; ``status`` by label (整改中) or code."""
    from duchaban.store.inspections import follow_up

    follow_up(db, finding_id=finding_id, text=text, on_date=on_date, status=_code(status, FINDING_STATUSES), who=who)
    return Recorded("follow_up", finding_id, f"已记录问题 {finding_id} 的跟踪情况")


def close_or_reopen_finding(db: Database, *, finding_id: int, reopen: str | None = None, verifier: str | None = None,
                            opinion: str | None = None, override: str | None = None, evidence: Sequence = (),
                            on: date | None = None, who: str | None = None) -> Recorded:
    """Close a finding out (verifier by name or alias, evidence files), or reopen it when ``reopen`` gives why."""
    from duchaban.store.inspections import close_finding, reopen_finding
    from duchaban.store.staff import resolve_staff

    if reopen:
        reopen_finding(db, finding_id=finding_id, reason=reopen, who=who)
        return Recorded("finding_reopened", finding_id, f"问题 {finding_id} 已重新整改")
    person = resolve_staff(db, verifier, role="核验人")
    close_finding(db, finding_id=finding_id, verifier_id=person["id"], closed_on=on or date.today(), opinion=opinion,
                  override_reason=override, evidence_paths=evidence, who=who)
    reason = f";销号理由:{override}" if override else ""
    return Recorded("finding_closed", finding_id, f"问题 {finding_id} 已销号(核验人 {person['name']}){reason}")


def close_or_reopen_task(db: Database, *, plan_id: int, number: int, reopen: str | None = None,
                         verifier: str | None = None, opinion: str | None = None, override: str | None = None,
                         evidence: Sequence = (), on: date | None = None, who: str | None = None) -> Recorded:
    """Close task ``number`` out (requested by ``who``), or undo its close-out when ``reopen`` gives why."""
    from duchaban.store.inspections import close_task, reopen_task
    from duchaban.store.staff import resolve_staff
    from duchaban.store.tasks import task_id_by_number

    task_id = task_id_by_number(db, plan_id, number)
    if task_id is None:
        raise DuchabanError(f"方案中没有任务 {number}")
    if reopen:
        reopen_task(db, task_id=task_id, reason=reopen, who=who)
        return Recorded("task_reopened", number, f"已撤销任务 {number} 的销号")
    person = resolve_staff(db, verifier, role="核验人")
    close_task(db, task_id=task_id, verifier_id=person["id"], closed_on=on or date.today(), requested_by=who,
               opinion=opinion, evidence_paths=evidence, override_reason=override, who=who)
    reason = f";销号理由:{override}" if override else ""
    return Recorded("task_closed", number, f"任务 {number} 已销号(核验人 {person['name']}){reason}")
