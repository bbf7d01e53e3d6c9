"""Two quarters of realistic ledger reports for the demo database.

Each unit reports on its tasks for 2021Q1 and 2021Q2 the way offices do: most tasks move along
the schedule, some race ahead and finish, some stall with a stated problem, a few units send
nothing. Numbers come from a seeded generator, so every demo database is the same.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from duchaban.core.ledger import TaskReport, implied_status
from duchaban.store.ledgers import ensure_period, ledger_units, save_submission, unit_ledger_tasks
from duchaban.store.progress import refresh_task_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

DEMO_PERIODS = ("2021Q1", "2021Q2")
SEED = 20210715
PROBLEMS = ("项目前期手续办理进度较慢", "资金尚未完全到位", "受疫情影响,部分企业复工延迟",
            "用地指标紧张", "跨部门协调事项较多", "施工图设计调整")
STEPS = ("加快前期手续办理", "积极争取上级资金", "加强调度,倒排工期", "协调解决用地问题", "按序时推进")
PROGRESS = ("已完成年度目标任务分解,建立工作台账", "已召开专题会议部署推进", "项目已开工建设,完成投资{p}%",
            "完成阶段性目标,累计完成{p}%", "正在开展前期调研和方案编制", "已完成招投标,进场施工")


def _reports(rng: random.Random, tasks: list[dict], period_index: int, previous: dict[int, float]):
    reports = []
    for task in tasks:
        base = previous.get(task["task_id"], 0.0)
        temper = rng.random()
        if temper < 0.08:          # stalled
            percent = min(100.0, base + rng.choice((0, 5)))
            problem = rng.choice(PROBLEMS)
        elif temper < 0.18:        # racing ahead
            percent = min(100.0, base + rng.choice((40, 50, 60, 100)))
            problem = "无"
        else:                       # along the schedule, give or take
            percent = min(100.0, base + rng.randint(18, 32))
            problem = "无" if rng.random() < 0.7 else rng.choice(PROBLEMS)
        percent = float(round(percent))
        status = "blocked" if temper < 0.03 else implied_status(percent)
        text = rng.choice(PROGRESS).format(p=int(percent))
        reports.append((task["task_id"], TaskReport(task["uuid"], status, percent, text, problem,
                                                      rng.choice(STEPS), "会议纪要、现场照片")))
        previous[task["task_id"]] = percent
    return reports


def _imported_at(rng: random.Random, due_on: str, late: bool) -> str:
    """When a unit's file came in: a few days before the due date, or a few days after it."""
    days = rng.randint(1, 5) if late else -rng.randint(0, 4)
    return f"{(date.fromisoformat(due_on) + timedelta(days=days)).isoformat()}T02:{rng.randint(0, 59):02d}:00Z"


def fill_demo_ledgers(db: Database, *, plan_id: int, who: str | None = None) -> dict[str, int]:
    """Write the demo's 2021Q1 and 2021Q2 submissions; return how many were written."""
    rng = random.Random(SEED)
    units = ledger_units(db, plan_id=plan_id)
    # Three units never report in Q2: the "missing submissions" view has something to show.
    silent = {u["id"] for u in units[5:8]}
    # Four units send their Q2 ledger after the due date.
    late = {u["id"] for u in units[10:14]}
    # Arrival times have their own generator, so the reported numbers stay what they were.
    arrivals = random.Random(SEED + 1)
    previous: dict[int, dict[int, float]] = {}
    written = 0
    touched: set[int] = set()
    with db.atomic():
        for index, code in enumerate(DEMO_PERIODS):
            period = ensure_period(db, code)
            for unit in units:
                if index == 1 and unit["id"] in silent:
                    continue
                tasks = unit_ledger_tasks(db, plan_id=plan_id, unit_id=unit["id"])
                reports = _reports(rng, tasks, index, previous.setdefault(unit["id"], {}))
                name = f"{code}-{unit['name']}-工作台账.xlsx"
                digest = hashlib.sha256(f"demo|{code}|{unit['uuid']}".encode()).hexdigest()
                save_submission(db, plan_id=plan_id, unit_id=unit["id"], period_id=period["id"], file_name=name,
                                sha256=digest, verdict="accepted", messages=[], reports=reports, who=who,
                                imported_at=_imported_at(arrivals, period["due_on"], index == 1 and unit["id"] in late))
                touched.update(task_id for task_id, _ in reports)
                written += 1
        refresh_task_progress(db, touched)
    return {"submissions": written}
