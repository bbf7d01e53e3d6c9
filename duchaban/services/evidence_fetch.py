"""Evidence files kept at the office hub once per hash, fetched to this machine the first time they
are opened, or all at once before going where the hub is out of reach.

Sync and clone bring the evidence rows (name, size, sha256) but not the files: a laptop holds only
the files its user looked at. A fetched file is kept only when its bytes hash to its sha256.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.hub.base_copy import fetch_file
from duchaban.hub.connection import connect_hub
from duchaban.hub.schema import check_version
from duchaban.store.evidence import (
    absent_evidence,
    evidence_files,
    hashes_to,
    keep_fetched_file,
    stored_path,
    synced_with_hub,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

NOT_FOR_THIS_LOGIN = "办公室数据库中没有这个文件,或本账号无权查看(暗访材料只有获准查看的人员可以取回)"


def _waiting(name: str) -> str:
    return f"佐证文件“{name}”保存在办公室数据库中,本机尚未取回"


@dataclass
class FetchReport:
    """What ``fetch_evidence`` did, by file name."""

    fetched: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)    # not at the hub, or not for this login
    refused: list[str] = field(default_factory=list)        # bytes that do not hash to the record's sha256
    present: int = 0                                        # already on this machine

    def to_json(self) -> dict:
        return {"fetched": self.fetched, "unavailable": self.unavailable, "refused": self.refused,
                "already_here": self.present}

    def to_text(self) -> str:
        lines = [f"已取回佐证文件 {len(self.fetched)} 个,本机原有 {self.present} 个"]
        if self.unavailable:
            lines.append(f"{len(self.unavailable)} 个未能取回({NOT_FOR_THIS_LOGIN}):" + "、".join(self.unavailable))
        if self.refused:
            lines.append(f"{len(self.refused)} 个与记录的校验值不符,已拒收:" + "、".join(self.refused))
        return "\n".join(lines)


def fetch_evidence(db: Database, url: str, *, only: set[str] | None = None, progress=None) -> FetchReport:
    """Fetch from the hub every evidence file this machine lists but does not hold (``only``: those
    sha256s); ``progress``: anything with ``report(done, total, text)``."""
    report = FetchReport()
    wanted: dict[str, str] = {}
    for sha, name in absent_evidence(db):
        if only is None or sha in only:
            wanted.setdefault(sha, name)
    listed = {sha for sha, _ in evidence_files(db)}
    if only is not None:
        unknown = sorted(only - listed)
        if unknown:
            raise DuchabanError(f"本机数据库中没有校验值为 {unknown[0]} 的佐证材料")
    report.present = len(listed if only is None else only & listed) - len(wanted)
    if not wanted:
        return report
    with connect_hub(url) as conn:
        check_version(conn)
        for done, (sha, name) in enumerate(sorted(wanted.items(), key=lambda item: item[1])):
            if progress is not None:
                progress.report(done, len(wanted), f"正在取回佐证文件“{name}”……")
            data = fetch_file(conn, sha)
            if data is None:
                report.unavailable.append(name)
                continue
            if not hashes_to(data, sha):
                report.refused.append(name)
                continue
            keep_fetched_file(db, sha, name, data)
            report.fetched.append(name)
    return report


def evidence_path(db: Database, url: str | None, sha256: str, file_name: str) -> Path:
    """The stored copy of a piece of evidence, fetched from the hub first when this machine does not
    hold it yet; a clear Chinese reason when it cannot be had now."""
    path = stored_path(db, sha256, file_name)
    if path.exists():
        return path
    if not synced_with_hub(db):
        raise DuchabanError(f"佐证文件缺失:{path}\n请从备份恢复数据库旁的 .files 文件夹。")
    if not url:
        raise DuchabanError(_waiting(file_name) + ":请在“文件→与办公室同步”中填写办公室数据库的地址,"
                            "连接办公室网络后即可打开")
    try:
        conn = connect_hub(url)
    except DuchabanError as error:
        raise DuchabanError(f"{_waiting(file_name)},连接办公室网络后即可打开。\n({error})") from None
    with conn:
        check_version(conn)
        data = fetch_file(conn, sha256)
    if data is None:
        raise DuchabanError(f"{_waiting(file_name)},但未能取回:{NOT_FOR_THIS_LOGIN}")
    return keep_fetched_file(db, sha256, file_name, data)
