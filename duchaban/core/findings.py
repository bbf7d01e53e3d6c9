"""Findings (问题) from inspections and their way to rectification and close-out (销号)."""

from __future__ import annotations

from datetime import date

INSPECTION_KINDS = {"open": "面上督查", "unannounced": "暗访检查", "scheduled": "定期督查", "random": "随机抽查"}
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


def transition_refusal(current: str, new: str) -> str | None:
    """Why a finding cannot move from ``current`` to ``new`` (in Chinese), or None when it can."""
    if new == "closed":
        return "销号请使用“销号”操作(需核验人和佐证材料)"
    if new not in TRANSITIONS.get(current, set()):
        return f"问题不能从“{FINDING_STATUSES[current]}”改为“{FINDING_STATUSES.get(new, new)}”"
    return None


def close_refusal(*, status: str, reporter: str | None, verifier: str, evidence_count: int) -> str | None:
    """Why a finding cannot be closed (销号), or None: it needs evidence, and a verifier who did not report it."""
    if status == "closed":
        return "该问题已销号"
    if not verifier.strip():
        return "销号需要核验人"
    if reporter and verifier.strip() == reporter.strip():
        return f"核验人不能是问题的发现人({reporter})"
    if evidence_count < 1:
        return "销号需要至少一份佐证材料"
    return None


def is_overdue(*, status: str, deadline: date | None, today: date) -> bool:
    """A finding is overdue when its rectification deadline has passed and it is not yet rectified."""
    return deadline is not None and today > deadline and status in ("open", "rectifying", "reopened")
