"""A synthetic database at the scale of SPEC §7: 2,000 tasks, 300 units, 200,000 progress
entries, 20,000 inspections. Written with plain SQL in one transaction (no audit rows of its own:
this is test data, not anybody's work; the commit logs the rows' digests, unsigned, so that
`check` finds the data as its log says)."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from duchaban.assets import SAMPLE_PLAN, resource_path
from duchaban.core.periods import parse_period
from duchaban.core.plan_parser import parse_plan_text
from duchaban.store.database import open_database
from duchaban.store.progress import refresh_task_progress
from duchaban.store.search import reindex_tasks

TASKS, UNITS, PROGRESS_ENTRIES, INSPECTIONS = 2000, 300, 200_000, 20_000
UNITS_PER_TASK = 7
KINDS = ("open", "unannounced", "scheduled", "random")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_scale_database(path: str | Path, *, seed: int = 2021, tasks: int = TASKS, units: int = UNITS,
                         progress_entries: int = PROGRESS_ENTRIES, inspections: int = INSPECTIONS) -> dict[str, int]:
    """Create the scale database at ``path`` (replacing it); return the row counts.

    The defaults are SPEC §7's sizes; tests pass smaller ones.
    """
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    texts = [t.text for t in parse_plan_text(resource_path(SAMPLE_PLAN).read_text(encoding="utf-8")).tasks]
    now = "2021-07-15T00:00:00Z"
    db = open_database(path)
    conn = db.conn
    try:
        with db.atomic():
            conn.execute("INSERT INTO plan (id, uuid, year, doc_number, title, source_name, source_sha256,"
                         " imported_at)"
                         " VALUES (1, ?, 2021, '规模测试〔2021〕1号', '2021年规模测试方案', 'scale', ?, ?)",
                         [_uuid(rng), "0" * 64, now])
            kinds = ["department"] * (units * 2 // 3) + ["committee"] * (units // 30)
            kinds += ["town"] * (units - len(kinds))
            conn.executemany(
                "INSERT INTO unit (id, uuid, name, kind, sort_order, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(i, _uuid(rng), f"区测试单位{i:03d}" + ("镇" if kinds[i - 1] == "town" else "局"), kinds[i - 1],
                  i, now) for i in range(1, units + 1)])
            sections, section_id = [], 0
            for part in range(1, 11):
                section_id += 1
                part_id = section_id
                sections.append((part_id, _uuid(rng), None, 1, str(part), f"{part}、", f"第{part}部分"))
                for sub in range(1, 6):
                    section_id += 1
                    sections.append(
                        (section_id, _uuid(rng), part_id, 2, f"{part}.{sub}", f"({sub})", f"第{sub}组任务"))
            conn.executemany("INSERT INTO section (id, uuid, plan_id, parent_id, level, path_key, numeral, title)"
                             " VALUES (?, ?, 1, ?, ?, ?, ?, ?)", sections)
            subs = [s[0] for s in sections if s[3] == 2]
            conn.executemany(
                "INSERT INTO task (id, uuid, plan_id, section_id, number, text) VALUES (?, ?, 1, ?, ?, ?)",
                [(n, _uuid(rng), subs[(n - 1) * len(subs) // tasks], n, texts[(n - 1) % len(texts)])
                 for n in range(1, tasks + 1)])
            assignments = []
            for task in range(1, tasks + 1):
                chosen = rng.sample(range(1, units + 1), UNITS_PER_TASK)
                roles = ["lead", "responsible", "responsible"] + ["cooperating"] * (UNITS_PER_TASK - 3)
                assignments += [(task, u, r, i) for i, (u, r) in enumerate(zip(chosen, roles))]
            conn.executemany("INSERT INTO assignment (task_id, unit_id, role, ordinal) VALUES (?, ?, ?, ?)",
                             assignments)
            codes = [f"2021-{m:02d}" for m in range(1, 13)] + [f"2021Q{q}" for q in range(1, 5)]
            periods = [parse_period(c) for c in codes]
            conn.executemany("INSERT INTO reporting_period (id, code, kind, starts_on, ends_on) VALUES (?, ?, ?, ?, ?)",
                             [(i, p.code, p.kind, p.starts_on.isoformat(), p.ends_on.isoformat())
                              for i, p in enumerate(periods, start=1)])
            entries = []
            for period_id in range(1, len(periods) + 1):
                for task, unit, _, _ in assignments:
                    if len(entries) == progress_entries:
                        break
                    entries.append((_uuid(rng), task, unit, period_id, "in_progress", rng.randrange(0, 101),
                                    "按计划推进", now))
            conn.executemany("INSERT INTO progress_entry (uuid, task_id, unit_id, period_id, status, percent,"
                             " progress_text, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries)
            inspection_rows, links, findings = [], [], []
            for i in range(1, inspections + 1):
                kind = KINDS[i % 4]
                inspection_rows.append((i, _uuid(rng), kind, f"第{i}次督查", f"2021-{1 + i % 12:02d}-10",
                                    int(kind == "unannounced"), now, now))
                task = rng.randrange(1, tasks + 1)
                unit = assignments[(task - 1) * UNITS_PER_TASK][1]
                links.append((i, unit, task))
                findings.append((_uuid(rng), i, unit, task, "台账资料不完整", now, now))
            conn.executemany("INSERT INTO inspection (id, uuid, plan_id, kind, title, started_on, confidential,"
                             " created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)", inspection_rows)
            conn.executemany("INSERT INTO inspection_unit (inspection_id, unit_id) VALUES (?, ?)",
                             [(i, u) for i, u, _ in links])
            conn.executemany("INSERT INTO inspection_task (inspection_id, task_id) VALUES (?, ?)",
                             [(i, t) for i, _, t in links])
            conn.executemany("INSERT INTO finding (uuid, inspection_id, unit_id, task_id, description, created_at,"
                             " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", findings)
            reindex_tasks(db, range(1, tasks + 1))
            refresh_task_progress(db)
        conn.execute("PRAGMA optimize")
        return {"tasks": tasks, "units": units, "progress_entries": len(entries), "inspections": inspections}
    finally:
        db.close()
