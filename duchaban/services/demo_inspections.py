"""Inspections of all four kinds for the demo, with findings in every state of rectification."""

from __future__ import annotations

import struct
import tempfile
import zlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.store.evidence import add_evidence
from duchaban.store.inspections import (
    add_finding,
    close_finding,
    follow_up,
    get_finding,
    record_inspection,
    reopen_finding,
)
from duchaban.store.staff import resolve_staff

if TYPE_CHECKING:
    from sqlite_utils import Database

# (kind, title, date, inspectors, units, tasks, summary)
INSPECTIONS = (
    ("open", "一季度目标任务面上督查", date(2021, 4, 8), ["张伟", "陈静"], ["区发展改革委", "区经济信息委"], [1, 2, 52],
     "查阅台账、听取汇报,总体按序时推进。"),
    ("scheduled", "二季度重点项目定期督查", date(2021, 6, 17), ["李秀梅", "刘洋"], ["工业园区管委会", "双桂新城管委会"],
     [54, 84, 85], "现场查看项目建设进度。"),
    ("random", "乡镇(街道)随机抽查", date(2021, 6, 24), ["张伟", "刘洋"], ["竹山镇", "礼让镇"], [3, 17],
     "按双随机抽取结果开展抽查。"),
    ("unannounced", "城市管理暗访检查", date(2021, 6, 29), ["陈静"], ["区城市管理局"], [89, 90],
     "夜间暗访背街小巷环境卫生。"),
)
# (inspection index, unit, task, description, demand, deadline, final status, reporter)
FINDINGS = (
    (0, "区发展改革委", 1, "工作台账未按月更新", "7个工作日内补齐台账", date(2021, 4, 20), "closed", "张伟"),
    (0, "区经济信息委", 52, "项目推进计划未细化到月", "细化月度推进计划", date(2021, 4, 30), "rectified", "陈静"),
    (1, "工业园区管委会", 54, "部分项目开工滞后", "倒排工期,加快建设", date(2021, 7, 10), "rectifying", "李秀梅"),
    (1, "双桂新城管委会", 85, "数字文创小镇前期手续推进缓慢", "协调加快办理", date(2021, 7, 30), "open", "刘洋"),
    (2, "竹山镇", 17, "生态保护补偿台账缺失", "建立补偿台账", date(2021, 7, 5), "open", "张伟"),
    (3, "区城市管理局", 89, "背街小巷垃圾清运不及时", "建立巡查清运机制", date(2021, 7, 12), "reopened", "陈静"),
)


def demo_photo(width: int = 96, height: int = 64) -> bytes:
    """A small real PNG (sky over green, a grey road) standing in for a site photo."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = []
    for y in range(height):
        colour = (135, 190, 235) if y < height // 2 else (96, 160, 72)
        rows.append(b"\x00" + b"".join(bytes((110, 110, 110) if abs(x - width // 2) < 6 and y >= height // 2
                                              else colour) for x in range(width)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def fill_demo_inspections(db: Database, *, plan_id: int, who: str | None = None) -> dict[str, int]:
    """Write the demo inspections and findings; return how many of each."""
    ids = []
    for kind, title, day, inspectors, units, tasks, summary in INSPECTIONS:
        ids.append(record_inspection(db, kind=kind, title=title, started_on=day, plan_id=plan_id,
                                     inspectors=inspectors, units=units, task_numbers=tasks, summary=summary,
                                     method="听取汇报、查阅资料、现场查看", who=who).created)
    record_inspection(db, kind="scheduled", title="三季度定期督查(计划)", started_on=date(2021, 9, 15),
                      plan_id=plan_id, units=["区教委", "区卫生健康委"], planned=True, who=who)
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "整改佐证.png"
        photo.write_bytes(demo_photo())
        for index, unit, task, text, demand, deadline, final, reporter in FINDINGS:
            finding = add_finding(db, inspection_id=ids[index], unit=unit, task_number=task, description=text,
                                  demand=demand, deadline_on=deadline, reported_by=reporter, who=who).created
            if final in ("rectifying", "rectified", "closed", "reopened"):
                follow_up(db, finding_id=finding, text="已制定整改方案", on_date=deadline, status="rectifying", who=who)
            if final in ("rectified", "closed", "reopened"):
                follow_up(db, finding_id=finding, text="整改完成,报送佐证", on_date=deadline, status="rectified",
                          who=who)
            if final in ("closed", "reopened"):
                add_evidence(db, path=photo, owner_kind="finding", owner_uuid=get_finding(db, finding)["uuid"],
                             who=who)
                verifier = "王建国" if reporter != "王建国" else "李秀梅"
                close_finding(db, finding_id=finding, verifier_id=resolve_staff(db, verifier, role="核验人")["id"],
                              closed_on=deadline,
                              opinion="整改到位,同意销号", who=who)
            if final == "reopened":
                reopen_finding(db, finding_id=finding, reason="复查发现问题反弹", who=who)
    return {"inspections": len(INSPECTIONS) + 1, "findings": len(FINDINGS)}
