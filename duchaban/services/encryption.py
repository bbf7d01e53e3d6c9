"""Encrypting a database at rest (for laptops carried into the field) and decrypting it again.

The file and its backups are rewritten with SQLCipher's ``sqlcipher_export``; nothing plain is left
beside them. Evidence files in the ``.files`` folder are not encrypted (they are opened by other
programs); keep laptops' disks encrypted too if photos are sensitive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from duchaban.core.errors import DuchabanError
from duchaban.store.backup import backup_folder
from duchaban.store.connection import (
    connect,
    forget_passphrase,
    is_encrypted,
    remember_passphrase,
    rewrite_with_key,
)
from duchaban.store.database import open_database
from duchaban.store.sole_use import ensure_sole_use

MIN_PASSPHRASE = 8


# Told (files done, files in all, the file's name) before each file is rewritten.
FileProgress = Callable[[int, int, str], None]


def _rewrite_all(files: list[Path], *, old: str | None, new: str | None, on_file: FileProgress | None) -> None:
    for done, file in enumerate(files):
        if on_file is not None:
            on_file(done, len(files), file.name)
        rewrite_with_key(file, old=old, new=new)


def encrypt_database(path: str | Path, *, passphrase: str, on_file: FileProgress | None = None) -> int:
    """Encrypt the database file and its backups with ``passphrase``; return how many files."""
    path = Path(path)
    if is_encrypted(path):
        raise DuchabanError("数据库已经加密")
    if len(passphrase) < MIN_PASSPHRASE:
        raise DuchabanError(f"密码至少 {MIN_PASSPHRASE} 个字符")
    open_database(path, create=False).close()        # a sound duchaban database, WAL checkpointed on close
    ensure_sole_use(path, doing="加密")
    files = [path] + sorted(backup_folder(path).glob("*.sqlite"))
    _rewrite_all(files, old=None, new=passphrase, on_file=on_file)
    remember_passphrase(path, passphrase)
    return len(files)


def decrypt_database(path: str | Path, *, passphrase: str, on_file: FileProgress | None = None) -> int:
    """Turn an encrypted database (and its backups) back into plain SQLite files."""
    path = Path(path)
    if not is_encrypted(path):
        raise DuchabanError("数据库没有加密")
    connect(path, passphrase=passphrase, remember=False).close()   # a right passphrase before any rewrite
    remember_passphrase(path, passphrase)     # so that the check below opens it with SQLCipher alone
    ensure_sole_use(path, doing="解除加密")
    files = [path] + sorted(backup_folder(path).glob("*.sqlite"))
    _rewrite_all(files, old=passphrase, new=None, on_file=on_file)
    forget_passphrase(path)
    return len(files)
