"""The office hub as the user meets it: set it up, add staff logins, start a laptop from it, sync.

What travels through the hub today are the records the field exchange carries (inspections,
findings, follow-ups, close-outs, evidence, random draws, deletions, and the staff they name). A
new laptop starts from the hub's base copy of the office database, so it also has the plan, the
directory and the ledgers as they were then; changes to those are not synced yet.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.hub.connection import connect_hub, describe
from duchaban.hub.schema import CONFIDENTIAL_ROLE, HEAD_ROLE, STAFF_ROLE, check_version, upgrade_hub
from duchaban.hub.sync import SyncReport, pending_changes, pull, sync, sync_setting_key
from duchaban.store.database import open_database
from duchaban.store.revisions import current_seq
from duchaban.store.settings import MACHINE_ID, set_setting
from duchaban.store.snapshot import write_public_copy

if TYPE_CHECKING:
    from sqlite_utils import Database


def init_hub(db: Database, url: str, *, who: str | None = None) -> dict:
    """Create (or upgrade) the hub's schema; the first time, store this database as the base copy
    that laptops start from and send all of its records."""
    with connect_hub(url) as conn:
        found = upgrade_hub(conn)
        has_base = conn.execute("SELECT count(*) FROM hub_snapshot").fetchone()[0] > 0
        if not has_base:
            with tempfile.TemporaryDirectory(prefix="duchaban-hub-") as folder:
                copy = write_public_copy(db, Path(folder) / "base.sqlite")
                through = conn.execute("SELECT coalesce(max(seq), 0) FROM hub_change").fetchone()[0]
                conn.execute("INSERT INTO hub_snapshot (through_seq, data) VALUES (%s, %s)",
                             [through, copy.read_bytes()])
        report = sync(db, conn, who=who)
    return {"hub": describe(url), "upgraded_from": found, "base_copy": not has_base, "sync": report.to_json()}


def add_staff_login(url: str, *, name: str, password: str, confidential: bool = False, head: bool = False) -> None:
    """A PostgreSQL login for a staff member, in the staff group; ``confidential``: cleared for
    暗访 records; ``head``: the office head. Run by the hub's owner."""
    from psycopg import sql

    if len(password) < 8:
        raise DuchabanError("密码至少 8 个字符")
    groups = [STAFF_ROLE] + ([CONFIDENTIAL_ROLE] if confidential else []) + ([HEAD_ROLE] if head else [])
    with connect_hub(url) as conn:
        check_version(conn)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
        with conn.transaction():
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(f"{verb} ROLE {{}} LOGIN PASSWORD {{}}").format(sql.Identifier(name),
                                                                              sql.Literal(password)))
            for group in (STAFF_ROLE, CONFIDENTIAL_ROLE, HEAD_ROLE):
                grant = "GRANT {} TO {}" if group in groups else "REVOKE {} FROM {}"
                conn.execute(sql.SQL(grant).format(sql.Identifier(group), sql.Identifier(name)))


def clone_from_hub(url: str, target: str | Path, *, who: str | None = None) -> dict:
    """A new laptop's database at ``target``: the hub's base copy, then every change this login may see."""
    target = Path(target)
    if target.exists():
        raise DuchabanError(f"文件“{target}”已存在,请指定一个新的数据库文件")
    with connect_hub(url) as conn:
        check_version(conn)
        base = conn.execute("SELECT data FROM hub_snapshot ORDER BY id DESC LIMIT 1").fetchone()
        if base is None:
            raise DuchabanError("办公室数据库中还没有基础数据:请先在办公室运行 duchaban hub init")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(bytes(base[0]))
        try:
            db = open_database(partial, create=False)
            try:
                with db.atomic():
                    set_setting(db, MACHINE_ID, None)       # a new machine: its own origin at the hub
                    # The base copy's records are at the hub already; from here on only new changes go.
                    set_setting(db, sync_setting_key(conn, "pushed"), str(current_seq(db)), who=who)
                report = pull(db, conn, who=who)
                fetched = _fetch_base_files(db, conn)
            finally:
                db.close()
            partial.replace(target)
            if Path(f"{partial}.files").exists():       # evidence lives beside the database and follows it
                Path(f"{partial}.files").replace(f"{target}.files")
        finally:
            partial.unlink(missing_ok=True)
    return {"database": str(target), "pulled": report.pulled.to_json(), "files_fetched": fetched + report.files_fetched}


def _fetch_base_files(db: Database, conn) -> int:
    """Evidence files of the base copy's records, fetched from the hub (those this login may see)."""
    from duchaban.store.evidence import stored_path

    fetched = 0
    for sha, name in db.execute("SELECT sha256, file_name FROM evidence"):
        path = stored_path(db, sha, name)
        if path.exists():
            continue
        row = conn.execute("SELECT data FROM hub_file WHERE sha256 = %s", [sha]).fetchone()
        if row is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(row[0]))
            fetched += 1
    return fetched


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


def hub_status(db: Database, url: str) -> dict:
    """How many changes wait to be sent, and the hub's address."""
    with connect_hub(url) as conn:
        check_version(conn)
        return {"hub": describe(url), "waiting": pending_changes(db, conn)}
