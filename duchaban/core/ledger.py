"""The work ledger (工作台账) as units fill it in: its columns, statuses, and reading their reports.

Pure rules shared by the template writer and the submission reader: which words mean which
status, how a typed percentage is read, and the checksum that proves a returned file's
identity (plan, unit, period, task keys) was not edited.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

# Ledger records are named by what they are, not by where they were first typed in: two laptops
# that import the same file, or a report on the same task, unit and period, make the same record,
# which then meets itself at the hub (same values: one record; different: a conflict to decide)
# instead of arriving as a second report in the same place.
_LEDGER_NAMESPACE = bytes.fromhex("5b0f7f0e8f4b4b7a9d0e6c1a2b3c4d5e")


def _ledger_uuid(name: str) -> str:
    """uuid.uuid5(namespace, name) as text, written out (RFC 4122 §4.3): a ledger import names
    thousands of reports, and building uuid.UUID objects took three times as long."""
    raw = bytearray(hashlib.sha1(_LEDGER_NAMESPACE + name.encode("utf-8")).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50         # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80         # the RFC 4122 variant
    digits = raw.hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def submission_uuid(sha256: str) -> str:
    """The uuid of the submission of the file with this hash."""
    return _ledger_uuid(f"submission|{sha256}")


def report_uuid(task_uuid: str, unit_uuid: str, period_code: str) -> str:
    """The uuid of a unit's report (progress entry) on a task for a period: one per the three."""
    return _ledger_uuid(f"report|{task_uuid}|{unit_uuid}|{period_code}")


# Status codes as stored, and the words a unit picks from the dropdown.
STATUS_LABELS = {"not_started": "未开始", "in_progress": "推进中", "completed": "已完成", "blocked": "受阻"}
# Other words units type instead of choosing from the list.
_STATUS_WORDS = {
    "未开始": "not_started", "未启动": "not_started", "尚未开始": "not_started",
    "推进中": "in_progress", "进行中": "in_progress", "正在推进": "in_progress", "正在实施": "in_progress",
    "按序时推进": "in_progress", "持续推进": "in_progress", "已启动": "in_progress",
    "已完成": "completed", "完成": "completed", "已办结": "completed", "已全部完成": "completed",
    "受阻": "blocked", "滞后": "blocked", "暂停": "blocked", "停滞": "blocked",
}
SAME_AS_ABOVE = ("同上", "同上。", "〃", "\"", "''")

# The ledger's columns: (key, header). Read-only columns first, then the unit's input columns.
TASK_COLUMNS = (("number", "序号"), ("text", "目标任务"), ("section", "所属部分"), ("role", "本单位职责"),
                ("lead", "牵头单位"), ("deadline", "完成时限"))
INPUT_COLUMNS = (("progress_text", "进展情况"), ("status", "完成状态"), ("percent", "完成比例(%)"),
                 ("problems", "存在问题"), ("next_steps", "下步打算"), ("evidence_text", "佐证材料"))
KEY_HEADER = "任务标识"
IDENTITY_VERSION = "1"


@lru_cache(maxsize=256)
def read_status(text: str) -> str | None:
    """The status code for what a unit wrote, or None when it cannot be understood."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).rstrip("。.")
    return _STATUS_WORDS.get(key)


# A typed share: a number, maybe "约" before it and "%" after it; anything else is not guessed at.
_PERCENT_TEXT = re.compile(r"(?:约|近|大约|累计|完成)?\s*(-?\d+(?:\.\d+)?)\s*(%?)")


def read_percent(value, percent_format: bool | None = None) -> float | None:
    """A completion share 0..100 from a cell: 80, "80%", "８０％", "约80%", and a number shown as a
    percentage (Excel stores a typed 80% as 0.8 with a percent format).

    ``percent_format``: whether the cell has a percent number format; None when the file does not
    say (.xls, .ods), and then a number that could be either reading (0.8, 1) is not guessed at.
    Raises ValueError (with a Chinese message) for anything else: text that is not a share ("1/3",
    "9月30日"), a date, a number out of range or of two possible meanings.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("完成比例应为 0–100 的数字")
    if isinstance(value, (date, time)):
        raise ValueError(f"完成比例“{value}”是日期或时间(Excel 把输入识别成了日期),不是 0–100 的数字")
    if isinstance(value, (int, float)):
        number = float(value)
        if percent_format:
            number *= 100
        elif 0 < number < 1 or (percent_format is None and number == 1):
            raise ValueError(f"完成比例“{value:g}”含义不明(是 {value:g}% 还是 {value * 100:g}%?),"
                             "请填 0–100 的数字")
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not re.search(r"\d", text):
            raise ValueError(f"完成比例“{value}”不是数字")
        match = _PERCENT_TEXT.fullmatch(text)
        if not match:
            raise ValueError(f"完成比例“{value}”不是一个 0–100 的数字,无法确定含义")
        number = float(match.group(1))
        if not match.group(2) and 0 < number < 1:
            raise ValueError(f"完成比例“{value}”含义不明(是 {number:g}% 还是 {number * 100:g}%?),"
                             "请填 0–100 的数字")
    if not 0 <= number <= 100:
        raise ValueError(f"完成比例“{value}”超出 0–100")
    return round(number, 1)


def implied_status(percent: float | None) -> str | None:
    """The status a bare percentage implies when the unit left the status empty."""
    if percent is None:
        return None
    if percent >= 100:
        return "completed"
    return "in_progress" if percent > 0 else "not_started"


def identity_checksum(plan_uuid: str, unit_uuid: str, period_code: str, task_keys: list[str]) -> str:
    """The checksum written into a template; a returned file whose identity differs is refused."""
    payload = "|".join([IDENTITY_VERSION, plan_uuid, unit_uuid, period_code, *task_keys])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class TaskReport:
    """One task's report (its line) in a returned ledger."""

    task_key: str
    status: str
    percent: float | None
    progress_text: str
    problems: str
    next_steps: str
    evidence_text: str
