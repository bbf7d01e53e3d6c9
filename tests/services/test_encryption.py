"""Encryption at rest through SQLCipher: the file and its backups unreadable without the passphrase,
everything else working as before once it is given."""

import sqlite3

import pytest
from helpers import table_contents

from duchaban.core.errors import DuchabanError
from duchaban.services.encryption import decrypt_database, encrypt_database
from duchaban.store.backup import backup_database, backup_summary, list_backups, restore_backup
from duchaban.store.check import check_database
from duchaban.store.connection import SQLITE_HEADER, EncryptedDatabase, forget_passphrase, is_encrypted
from duchaban.store.database import open_database, opened_database

PASSPHRASE = "梁平督查2021!"


@pytest.fixture
def plain(sample_db_path):
    with opened_database(sample_db_path) as db:
        backup_database(db, reason="manual")
        dump = table_contents(db)
    yield sample_db_path, dump
    forget_passphrase(sample_db_path)


def test_an_encrypted_file_and_its_backups_need_the_passphrase(plain):
    path, dump = plain
    assert encrypt_database(path, passphrase=PASSPHRASE) == 2
    assert is_encrypted(path) and path.read_bytes()[:16] != SQLITE_HEADER
    [backup] = list_backups(path)
    assert is_encrypted(backup.path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    forget_passphrase(path)
    with pytest.raises(EncryptedDatabase, match="已加密,请输入密码"):
        open_database(path)
    with pytest.raises(EncryptedDatabase, match="密码不正确"):
        open_database(path, passphrase="not the one")
    db = open_database(path, passphrase=PASSPHRASE)
    assert check_database(db).ok and table_contents(db) == dump
    db.close()


def test_once_opened_the_same_process_opens_it_again_and_backs_it_up_encrypted(plain):
    path, dump = plain
    encrypt_database(path, passphrase=PASSPHRASE)
    with opened_database(path) as db:          # a worker opening the file again: no prompt
        db.execute("UPDATE setting SET value = '2021-07-31' WHERE key = 'as_of'")
        new_backup = backup_database(db, reason="manual")
        assert is_encrypted(new_backup)
        assert backup_summary(new_backup)["counts"]["task"] == 156
        restore_backup(db, list_backups(path)[-1].path)
        assert db.execute("SELECT value FROM setting WHERE key = 'as_of'").fetchone()[0] == "2021-07-15"


def test_decrypting_gives_back_the_same_plain_database(plain):
    path, dump = plain
    told = []
    encrypt_database(path, passphrase=PASSPHRASE, on_file=lambda *step: told.append(step))
    [backup] = list_backups(path)
    assert told == [(0, 2, path.name), (1, 2, backup.path.name)]     # each file named before it is rewritten
    with pytest.raises(EncryptedDatabase, match="密码不正确"):
        decrypt_database(path, passphrase="wrong passphrase")
    assert decrypt_database(path, passphrase=PASSPHRASE) == 2
    assert path.read_bytes()[:16] == SQLITE_HEADER
    with opened_database(path) as db:
        assert table_contents(db) == dump and check_database(db).ok


@pytest.mark.parametrize("passphrase, message", [("short", "至少 8 个字符")])
def test_refusals_leave_the_file_as_it_was(plain, passphrase, message):
    path, _ = plain
    before = path.read_bytes()
    with pytest.raises(DuchabanError, match=message):
        encrypt_database(path, passphrase=passphrase)
    with pytest.raises(DuchabanError, match="没有加密"):
        decrypt_database(path, passphrase=PASSPHRASE)
    assert path.read_bytes() == before
    encrypt_database(path, passphrase=PASSPHRASE)
    with pytest.raises(DuchabanError, match="已经加密"):
        encrypt_database(path, passphrase=PASSPHRASE)


def test_cli_encrypts_and_other_commands_use_the_passphrase_from_the_environment(plain, capsys, monkeypatch):
    from duchaban.cli import main

    path, _ = plain
    monkeypatch.setenv("DUCHABAN_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(path)]) == 0
    assert "已加密" in capsys.readouterr().out and is_encrypted(path)
    forget_passphrase(path)
    assert main(["check", "--db", str(path)]) == 0
    assert "检查通过" in capsys.readouterr().out
    forget_passphrase(path)
    monkeypatch.setenv("DUCHABAN_PASSPHRASE", "wrong passphrase")
    assert main(["check", "--db", str(path)]) == 1
    assert "密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("DUCHABAN_PASSPHRASE", PASSPHRASE)
    assert main(["encrypt", "--db", str(path), "--decrypt"]) == 0
    assert not is_encrypted(path)

