"""The office hub as the user meets it: set it up, add staff logins, start a laptop from it, sync.

What travels through the hub: the records the field exchange carries (inspections, findings,
follow-ups, close-outs, evidence, random draws, deletions, and the staff they name), the unit
directory, the ledgers, the issued bulletins, and each machine's audit log. A new laptop starts
from the hub's base copy of the office database, so it also has the plan and the assessment as
they were then; changes to those are not synced yet.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.hub.audit_gather import OriginChain, hub_bulletin_origins, verify_code_at_hub, verify_origins
from duchaban.hub.base_copy import has_base_copy, newest_base_copy, store_base_copy
from duchaban.hub.connection import connect_hub, describe
from duchaban.hub.schema import CONFIDENTIAL_ROLE, HEAD_ROLE, STAFF_ROLE, check_version, set_login, upgrade_hub
from duchaban.hub.sync import SyncReport, pull, sync, sync_setting_key
from duchaban.store.bulletins import name_bulletin_origins
from duchaban.store.database import open_database
from duchaban.store.evidence import absent_evidence
from duchaban.store.revisions import current_seq
from duchaban.store.settings import MACHINE_ID, machine_id, set_setting
from duchaban.store.snapshot import write_public_copy

if TYPE_CHECKING:
    from sqlite_utils import Database


def init_hub(db: Database, url: str, *, who: str | None = None) -> dict:
    """Create (or upgrade) the hub's schema; the first time, store this database as the base copy
    that laptops start from and send all of its records."""
    with connect_hub(url) as conn:
        found = upgrade_hub(conn)
        has_base = has_base_copy(conn)
        machine_id(db)      # before the base copy: what was issued here names this machine's log
        if not has_base:
            with tempfile.TemporaryDirectory(prefix="duchaban-hub-") as folder:
                store_base_copy(conn, write_public_copy(db, Path(folder) / "base.sqlite").read_bytes())
        report = sync(db, conn, who=who)
    return {"hub": describe(url), "upgraded_from": found, "base_copy": not has_base, "sync": report.to_json()}


def add_staff_login(url: str, *, name: str, password: str, confidential: bool = False, head: bool = False) -> None:
    """A PostgreSQL login for a staff member, in the staff group; ``confidential``: cleared for
    暗访 records; ``head``: the office head. Run by the hub's owner."""
    if len(password) < 8:
        raise DuchabanError("密码至少 8 个字符")
    groups = [STAFF_ROLE] + ([CONFIDENTIAL_ROLE] if confidential else []) + ([HEAD_ROLE] if head else [])
    with connect_hub(url) as conn:
        check_version(conn)
        set_login(conn, name=name, password=password, groups=groups)


def clone_from_hub(url: str, target: str | Path, *, who: str | None = None) -> dict:
    """A new laptop's database at ``target``: the hub's base copy, then every change this login may see.
    Evidence files stay at the hub, fetched by hash when first opened (or by ``evidence fetch``)."""
    target = Path(target)
    if target.exists():
        raise DuchabanError(f"文件“{target}”已存在,请指定一个新的数据库文件")
    with connect_hub(url) as conn:
        check_version(conn)
        base = newest_base_copy(conn)
        if base is None:
            raise DuchabanError("办公室数据库中还没有基础数据:请先在办公室运行 duchaban hub init")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(base)
        try:
            db = open_database(partial, create=False)
            try:
                with db.atomic():
                    # What the office issued before bulletins named their machine names the office's log.
                    name_bulletin_origins(db, hub_bulletin_origins(conn))
                    set_setting(db, MACHINE_ID, None)       # a new machine: its own origin at the hub
                    # The base copy's records are at the hub already; from here on only new changes go.
                    set_setting(db, sync_setting_key(conn, "pushed"), str(current_seq(db)), who=who)
                report = pull(db, conn, who=who)
                waiting = len({sha for sha, _ in absent_evidence(db)})
            finally:
                db.close()
            partial.replace(target)
            if Path(f"{partial}.files").exists():       # evidence lives beside the database and follows it
                Path(f"{partial}.files").replace(f"{target}.files")
        finally:
            partial.unlink(missing_ok=True)
    return {"database": str(target), "pulled": report.pulled.to_json(), "files_waiting": waiting}


def sync_with_hub(db: Database, url: str, *, prefer: str | None = None, decisions: dict[str, str] | None = None,
                  who: str | None = None) -> SyncReport:
    """Pull everyone's changes and push this machine's; ``prefer`` settles every conflict one way."""
    chosen = dict(decisions or {})
    with connect_hub(url) as conn:
        if prefer is not None:
            check_version(conn)
            preview = pull(db, conn, dry_run=True)
            chosen = {c.uuid: prefer for c in preview.pulled.conflicts} | chosen
        return sync(db, conn, decisions=chosen, who=who)


@dataclass(frozen=True)
class HubCheck:
    """Each machine's audit log as gathered at the hub, whole or not."""
    chains: tuple[OriginChain, ...]

    @property
    def ok(self) -> bool:
        return not any(c.problems for c in self.chains)

    def to_json(self) -> list[dict]:
        """``[{origin, machine, login, rows, hidden, problems}]``: ``login`` is the account the machine
        belongs to; ``hidden`` counts the rows this login may not read (their links are still checked)."""
        return [{"origin": c.origin, "machine": c.machine, "login": c.login, "rows": c.rows, "hidden": c.hidden,
                 "problems": list(c.problems)} for c in self.chains]

    def to_text(self) -> str:
        lines = []
        for chain in self.chains:
            state = "完整" if not chain.problems else "有问题:" + ";".join(chain.problems)
            hidden = f"(其中 {chain.hidden} 条保密记录本账号无权查看,只核对了链接)" if chain.hidden else ""
            owner = f",{chain.login}的账号" if chain.login else ""
            machine = f"{chain.machine or '未知电脑'}({chain.origin[:8]}{owner})"
            lines.append(f"{machine}\t操作日志 {chain.rows} 条{hidden}\t{state}")
        broken = [c for c in self.chains if c.problems]
        lines.append("各台电脑的操作日志都完整" if not broken else f"{len(broken)} 台电脑的操作日志有问题")
        return "\n".join(lines)


def check_hub(url: str) -> HubCheck:
    """Each machine's audit log as gathered at the hub: whole or not, and why."""
    with connect_hub(url) as conn:
        check_version(conn)
        return HubCheck(tuple(verify_origins(conn)))


def check_code_at_hub(url: str, code: str) -> str | None:
    """None when the verification code names intact history of the machine that printed it, at the hub."""
    with connect_hub(url) as conn:
        check_version(conn)
        return verify_code_at_hub(conn, code)
