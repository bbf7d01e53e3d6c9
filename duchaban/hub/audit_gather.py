"""Each machine's hash-chained audit log, gathered at the hub per origin, and verified there.

A laptop's log stays its own chain; at each sync it sends the rows written since the last one, every
column as it has them (so columns added to the log later travel without a change here). The hub
keeps them per origin machine: `duchaban check --hub` verifies that each origin's chain is whole, and
a verification code (数据校验码) printed on another machine's bulletin is checked against that
machine's log at the hub. Verifying reuses the local log's own rules (store.audit) on a copy of the
gathered rows, so the two never disagree about what a whole chain is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from duchaban.core.errors import DuchabanError
from duchaban.store.audit import GENESIS, verify_audit_chain, verify_code

if TYPE_CHECKING:
    from sqlite_utils import Database


def send_audit(db: Database, conn, *, origin: str, since: int, secret: set[tuple[str, str]]) -> tuple[int, int]:
    """Send this machine's audit rows after row ``since`` (inside the push's transaction); (rows
    sent, the last row's id), for the caller to remember once the hub has committed."""
    cursor = db.execute("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [since])
    columns = [c[0] for c in cursor.description]
    rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
    if not rows:
        return 0, since
    secret_keys = {key for _, key in secret}
    conn.cursor().executemany(
        "INSERT INTO hub_audit (origin, id, prev_hash, hash) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [(origin, r["id"], r["prev_hash"], r["hash"]) for r in rows])
    # Rows the hub had already must be these very rows: another machine under this one's id (a copied
    # database file) would otherwise merge two histories into one broken chain.
    held = dict(conn.execute("SELECT id, hash FROM hub_audit WHERE origin = %s AND id >= %s AND id <= %s",
                             [origin, rows[0]["id"], rows[-1]["id"]]).fetchall())
    clash = next((r["id"] for r in rows if held.get(r["id"]) != r["hash"]), None)
    if clash is not None:
        raise DuchabanError(f"办公室数据库中本机标识下的操作日志第 {clash} 条与本机的不同:这个数据库文件很可能"
                            "是从另一台电脑复制来的。请用 duchaban hub clone 为这台电脑建立自己的数据库")
    conn.cursor().executemany(
        "INSERT INTO hub_audit_row (origin, id, confidential, row) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [(origin, r["id"], r["row_key"] in secret_keys, json.dumps(r, ensure_ascii=False)) for r in rows])
    return len(rows), rows[-1]["id"]


@dataclass
class OriginChain:
    origin: str
    machine: str | None
    rows: int
    hidden: int                       # rows this login may not read (their links are still checked)
    problems: list[str] = field(default_factory=list)
    login: str | None = None          # the login the machine belongs to (the only one that may send its log)


def _log_copy(rows: list[dict]) -> Database:
    """The gathered rows as a local audit log, for store.audit's rules to judge."""
    from sqlite_utils import Database

    db = Database(memory=True)
    if rows:
        db["audit_log"].insert_all(rows, pk="id")
    else:
        db.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, hash TEXT)")
    return db


def _links_problems(links: list[tuple]) -> list[str]:
    problems, previous_id, previous_hash = [], 0, GENESIS
    for row_id, prev_hash, digest in links:
        if row_id != previous_id + 1:
            problems.append(f"缺少第 {previous_id + 1}–{row_id - 1} 条")
        elif prev_hash != previous_hash:
            problems.append(f"第 {row_id} 条与前一条接不上")
        previous_id, previous_hash = row_id, digest
    return problems


def _origin_rows(conn, origin: str) -> tuple[list[tuple], list[dict]]:
    links = conn.execute("SELECT id, prev_hash, hash FROM hub_audit WHERE origin = %s ORDER BY id", [origin]).fetchall()
    rows = [r[0] for r in conn.execute("SELECT row FROM hub_audit_row WHERE origin = %s ORDER BY id", [origin])]
    return links, rows


def verify_origins(conn) -> list[OriginChain]:
    """Each origin's gathered chain: whole (no row missing, every link holds), and, for the rows this
    login may read, every row's content as its hash says."""
    machines = {origin: (machine, login) for origin, machine, login in conn.execute(
        "SELECT origin, machine, registered_by FROM hub_origin").fetchall()}
    found = []
    for (origin,) in conn.execute("SELECT DISTINCT origin FROM hub_audit ORDER BY origin").fetchall():
        links, rows = _origin_rows(conn, origin)
        machine, login = machines.get(origin, (None, None))
        chain = OriginChain(origin, machine, len(links), len(links) - len(rows), login=login)
        chain.problems = _links_problems(links)
        if not chain.problems and not chain.hidden:
            broken = verify_audit_chain(_log_copy(rows))
            if broken is not None:
                chain.problems.append(f"第 {broken} 条的内容与其校验值不符(被改动过)")
        elif not chain.problems:
            by_id = {r["id"]: r["hash"] for r in rows}
            changed = [i for i, _, digest in links if i in by_id and by_id[i] != digest]
            chain.problems += [f"第 {i} 条的内容与其链接不符" for i in changed[:5]]
        found.append(chain)
    return found


def hub_bulletin_origins(conn) -> dict[str, str]:
    """Bulletin uuid -> the machine whose log proves its verification code, as the hub knows it."""
    return dict(conn.execute("SELECT uuid, origin FROM hub_bulletin").fetchall())


def verify_code_at_hub(conn, code: str) -> str | None:
    """None when the machine that printed ``code`` has, at the hub, the history it names, intact;
    else why not, in Chinese. The machine is the bulletin's that carries the code, else the one
    whose log holds a row of that number and hash."""
    origins = [r[0] for r in conn.execute("SELECT DISTINCT origin FROM hub_bulletin WHERE check_code = %s",
                                          [code.strip()])]
    if not origins:
        origins = [r[0] for r in conn.execute("SELECT DISTINCT origin FROM hub_audit ORDER BY origin")]
    reasons = []
    for origin in origins:
        links, rows = _origin_rows(conn, origin)
        if len(rows) < len(links):
            reasons.append("本账号无权查看该电脑的全部操作记录(含保密记录),请由有保密权限的人员核对")
            continue
        why = verify_code(_log_copy(rows), code)
        if why is None:
            return None
        reasons.append(why)
    if not reasons:
        return f"办公室数据库中没有任何电脑的操作日志可以核对数据校验码 {code.strip()}"
    if len(set(reasons)) == 1:
        return reasons[0]
    return f"办公室数据库中没有一台电脑的操作日志与数据校验码 {code.strip()} 相符"
