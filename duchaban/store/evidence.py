"""Evidence files (photos, documents), kept by content hash in a folder beside the database.

The database never points at a file the user may move: each file is copied into
``<database>.files/<first two hex digits>/<sha256><suffix>`` and found again by its hash.
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from duchaban.core.errors import StoreError
from duchaban.core.periods import utc_now_iso
from duchaban.store.audit import insert_audited, record_change
from duchaban.store.backup import database_file

if TYPE_CHECKING:
    from sqlite_utils import Database

OWNER_KINDS = ("inspection", "finding", "progress_entry", "close_out")


def evidence_folder(db: Database) -> Path:
    source = database_file(db)
    if source is None:
        raise StoreError("内存数据库不能保存佐证材料")
    return source.with_name(source.name + ".files")


def stored_path(db: Database, sha256: str, file_name: str) -> Path:
    return evidence_folder(db) / sha256[:2] / (sha256 + Path(file_name).suffix.lower())


def add_evidence(db: Database, *, path: str | Path, owner_kind: str, owner_uuid: str, who: str | None = None) -> int:
    """Copy a file into the managed folder (once per content) and link it to its owner; return its id."""
    path = Path(path)
    if owner_kind not in OWNER_KINDS:
        raise StoreError(f"未知的佐证对象“{owner_kind}”")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"无法读取佐证材料“{path.name}”:{exc.strerror}") from None
    sha = hashlib.sha256(data).hexdigest()
    target = stored_path(db, sha, path.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    with db.atomic():
        row = db.execute("SELECT id, uuid FROM evidence WHERE sha256 = ? AND file_name = ?",
                         [sha, path.name]).fetchone()
        if row is None:
            record = {"uuid": str(uuid.uuid4()), "sha256": sha, "file_name": path.name,
                      "media_type": mimetypes.guess_type(path.name)[0], "size": len(data),
                      "added_at": utc_now_iso(), "added_by": who}
            evidence_id = insert_audited(db, "evidence", record, who=who)
            evidence_uuid = record["uuid"]
        else:
            evidence_id, evidence_uuid = row
        linked = db.execute("INSERT OR IGNORE INTO evidence_link (evidence_id, owner_kind, owner_uuid)"
                            " VALUES (?, ?, ?)", [evidence_id, owner_kind, owner_uuid]).rowcount
        if linked:
            record_change(db, who=who, action="insert", table="evidence_link", key=evidence_uuid,
                          after={"evidence": evidence_uuid, "file_name": path.name, "sha256": sha,
                                 "owner_kind": owner_kind, "owner_uuid": owner_uuid})
    return evidence_id


def evidence_for(db: Database, *, owner_kind: str, owner_uuid: str) -> list[dict]:
    return list(db.query(
        "SELECT e.* FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id"
        " WHERE l.owner_kind = ? AND l.owner_uuid = ? ORDER BY e.id", [owner_kind, owner_uuid]))


def _keeps_closing_evidence(db: Database, owner_kind: str, owner_uuid: str) -> bool:
    """Whether the owner was closed (销号) on the strength of its evidence, so one must stay."""
    if owner_kind == "close_out":
        return True
    if owner_kind == "finding":
        row = db.execute("SELECT status FROM finding WHERE uuid = ?", [owner_uuid]).fetchone()
        return row is not None and row[0] == "closed"
    return False


def remove_evidence(db: Database, *, evidence_id: int, owner_kind: str, owner_uuid: str,
                    who: str | None = None) -> dict:
    """Unlink a file from what it supported and return the evidence row. The file stays in the
    managed folder and the evidence row stays (other owners, or the same file added again, find it
    by its hash); the removal is in the audit log. A 销号 keeps at least one file."""
    with db.atomic():
        row = next(iter(db.query(
            "SELECT e.* FROM evidence e JOIN evidence_link l ON l.evidence_id = e.id"
            " WHERE e.id = ? AND l.owner_kind = ? AND l.owner_uuid = ?", [evidence_id, owner_kind, owner_uuid])), None)
        if row is None:
            raise StoreError("该佐证材料已不在此处(可能已被移除)")
        remaining = db.execute("SELECT count(*) FROM evidence_link WHERE owner_kind = ? AND owner_uuid = ?",
                               [owner_kind, owner_uuid]).fetchone()[0]
        if remaining <= 1 and _keeps_closing_evidence(db, owner_kind, owner_uuid):
            raise StoreError(f"“{row['file_name']}”是销号的唯一佐证材料,不能移除;请先添加其他佐证材料")
        db.execute("DELETE FROM evidence_link WHERE evidence_id = ? AND owner_kind = ? AND owner_uuid = ?",
                   [evidence_id, owner_kind, owner_uuid])
        record_change(db, who=who, action="delete", table="evidence_link", key=row["uuid"],
                      before={"evidence": row["uuid"], "file_name": row["file_name"], "sha256": row["sha256"],
                              "owner_kind": owner_kind, "owner_uuid": owner_uuid})
    return row


def evidence_files(db: Database) -> list[tuple[str, str]]:
    """(sha256, file name) of every piece of evidence this database lists."""
    return [tuple(r) for r in db.execute("SELECT sha256, file_name FROM evidence ORDER BY id")]


def absent_evidence(db: Database) -> list[tuple[str, str]]:
    """(sha256, file name) of the listed evidence whose stored file is not on this machine."""
    return [(sha, name) for sha, name in evidence_files(db) if not stored_path(db, sha, name).exists()]


def synced_with_hub(db: Database) -> bool:
    """Whether this database meets an office hub, where its absent evidence files wait to be fetched."""
    return db.execute("SELECT 1 FROM setting WHERE key LIKE 'hub.%' LIMIT 1").fetchone() is not None


def hashes_to(data: bytes, sha256: str) -> bool:
    return hashlib.sha256(data).hexdigest() == sha256


def keep_fetched_file(db: Database, sha256: str, file_name: str, data: bytes) -> Path:
    """Store an evidence file fetched by its hash, only when its bytes hash to it; written under
    another name first, so a half-written file never passes for the evidence."""
    if not hashes_to(data, sha256):
        raise StoreError(f"办公室数据库中的佐证文件“{file_name}”与记录的校验值不符(文件可能已被改动),"
                         "已拒收,本机未保存")
    target = stored_path(db, sha256, file_name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Its own temporary name: two fetches of one file (a double click) must not share one.
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=target.name, suffix=".partial",
                                         delete=False) as out:
            out.write(data)
        Path(out.name).replace(target)
    except OSError as error:
        raise StoreError(f"无法保存佐证文件“{file_name}”:{error.strerror or error}") from None
    return target


# Owners that evidence links name by uuid and that can be deleted (links of ledger entries stay).
DELETABLE_OWNERS = ("inspection", "finding", "close_out")


def unlink_orphan_evidence(db) -> None:
    """Remove links whose owner row is gone: links name their owners by uuid, so no foreign key
    cascades when an inspection (with its findings and close-outs) is deleted. ``db``: a Database
    or a plain connection."""
    for kind in DELETABLE_OWNERS:
        db.execute(f"DELETE FROM evidence_link WHERE owner_kind = ? AND NOT EXISTS"
                   f" (SELECT 1 FROM [{kind}] o WHERE o.uuid = evidence_link.owner_uuid)", [kind])
