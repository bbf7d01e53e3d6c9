"""Findings (问题) from inspections and their way to rectification and close-out (销号)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from duchaban.core.ledger import STATUS_LABELS
from duchaban.core.periods import add_working_days

INSPECTION_KINDS = {"open": "面上督查", "unannounced": "暗访检查", "scheduled": "定期督查", "random": "随机抽查"}
# An inspection is planned, then recorded (已开展) or cancelled; each state reads in its own colour.
INSPECTION_STATES = {"planned": "计划", "recorded": "已开展", "cancelled": "已取消"}
INSPECTION_STATE_COLORS = {"planned": "#f9a825", "recorded": "#1565c0", "cancelled": "#9e9e9e"}
SEVERITIES = {"minor": "一般", "normal": "较重", "serious": "严重"}
FINDING_STATUSES = {"open": "待整改", "rectifying": "整改中", "rectified": "已整改待核验", "closed": "已销号",
                    "reopened": "重新整改"}
# Which status may follow which. Closing has its own rule (close_refusal) and its own function.
TRANSITIONS = {
    "open": {"rectifying", "rectified"},
    "rectifying": {"rectified"},
    "rectified": {"rectifying"},
    "reopened": {"rectifying", "rectified"},
    "closed": {"reopened"},
}


def kind_words(kind: str, confidential: bool) -> str:
    """How an inspection's kind is written: 暗访检查(保密) for a confidential one."""
    return INSPECTION_KINDS[kind] + ("(保密)" if confidential else "")


def transition_refusal(current: str, new: str) -> str | None:
    """Why a finding cannot move from ``current`` to ``new`` (in Chinese), or None when it can."""
    if new == "closed":
        return "销号请使用“销号”操作(需核验人和佐证材料)"
    if new not in TRANSITIONS.get(current, set()):
        return f"问题不能从“{FINDING_STATUSES[current]}”改为“{FINDING_STATUSES.get(new, new)}”"
    return None


@dataclass(frozen=True)
class Person:
    """A staff member as checks see them: compared by id, named by name."""

    id: int
    name: str


@dataclass(frozen=True)
class CloseCheck:
    """One condition of a close-out (销号), in the words shown before OK."""

    passed: bool
    text: str


def close_checks(*, closed: bool, requester: Person | None, verifier: Person | None, evidence_count: int,
                 not_done: str | None, override_reason: str | None,
                 requester_role: str = "问题的发现人") -> list[CloseCheck]:
    """Every condition of a close-out, passed or not: not closed already; a verifier who is not
    the person who reported the finding (or asked for the close-out); evidence; and a ledger or
    rectification that says it is done (``not_done`` says what it says instead), or a reason."""
    checks = [CloseCheck(not closed, "已销号,不能重复销号" if closed else "尚未销号")]
    if verifier is None:
        checks.append(CloseCheck(False, "请选择核验人"))
    elif requester is not None and verifier.id == requester.id:
        checks.append(CloseCheck(False, f"核验人不能是{requester_role}({requester.name})"))
    else:
        checks.append(CloseCheck(True, f"核验人 {verifier.name}" + (f",不是{requester_role}" if requester else "")))
    checks.append(CloseCheck(evidence_count > 0, f"佐证材料 {evidence_count} 份" if evidence_count
                             else "销号需要至少一份佐证材料"))
    reason = (override_reason or "").strip()
    if not_done is None:
        checks.append(CloseCheck(True, "已报完成"))
    elif reason:
        checks.append(CloseCheck(True, f"{not_done};销号理由:{reason}"))
    else:
        checks.append(CloseCheck(False, f"{not_done},销号需要填写理由"))
    return checks


def close_refusal(checks: list[CloseCheck]) -> str | None:
    """The first failed check's words, or None when the close-out may go ahead."""
    return next((c.text for c in checks if not c.passed), None)


def finding_not_done(status: str) -> str | None:
    """What a finding's status says when it is not yet rectified, or None when it is."""
    if status == "rectified":
        return None
    return f"问题状态为“{FINDING_STATUSES.get(status, status)}”,尚未报整改完成"


def task_not_done(status: str | None, percent: float | None) -> str | None:
    """What a task's latest ledger report says when it is not "completed", or None when it is."""
    if status == "completed":
        return None
    if status is None:
        return "尚无台账报告,未报完成"
    said = STATUS_LABELS.get(status, status) + (f" {percent:g}%" if percent is not None else "")
    return f"最新台账为“{said}”,未报完成"


def is_overdue(*, status: str, deadline: date | None, today: date) -> bool:
    """A finding is overdue when its rectification deadline has passed and it is not yet rectified."""
    return deadline is not None and today > deadline and status in ("open", "rectifying", "reopened")


# --- rectification deadlines (整改期限) --------------------------------------------------

_WITHIN = re.compile(r"^(\d+)\s*个?\s*(工作日|日|天)\s*(?:内|以内|之内)?$")
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:前|之前|以前)?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:前|之前|以前)?$")
DEADLINE_HINT = "请写日期(如 2021-07-31、7月31日前)或期限(如“7个工作日”“15日内”)"


def rectification_deadline(text: str, *, start: date) -> date:
    """The date a rectification is due, from what the office writes: a date, a day of ``start``'s
    year, so many working days (法定节假日和调休 counted) or calendar days from ``start``.
    ValueError, with the reason in Chinese, for anything else: a deadline is never guessed."""
    written = unicodedata.normalize("NFKC", text or "").strip()
    if m := _WITHIN.match(written):
        count = int(m.group(1))
        if count <= 0:
            raise ValueError(f"整改期限“{text}”应至少 1 天")
        return add_working_days(start, count) if m.group(2) == "工作日" else start + timedelta(days=count)
    parts = None
    if m := _FULL_DATE.match(written):
        parts = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _MONTH_DAY.match(written):
        parts = start.year, int(m.group(1)), int(m.group(2))
    if parts is None:
        raise ValueError(f"整改期限“{text}”无法识别:{DEADLINE_HINT}")
    try:
        due = date(*parts)
    except ValueError:
        raise ValueError(f"整改期限“{text}”不是有效的日期") from None
    if due < start:
        raise ValueError(f"整改期限“{text}”早于发现问题的日期 {start.isoformat()}")
    return due
