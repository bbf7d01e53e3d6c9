"""Passwords on the command line without a terminal (a script, a scheduled task, a pipe): a Chinese
error naming the environment variable, no getpass warnings, no traceback, the files unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import file_bytes

from duchaban.services.encryption import encrypt_database
from duchaban.store.connection import forget_passphrase

PASSPHRASE = "督查办密码2021"


def run_without_terminal(*argv: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DUCHABAN_PASSPHRASE", "DUCHABAN_HUB_PASSWORD", "DUCHABAN_HUB")}
    # A new session has no controlling terminal, so getpass could not fall back on /dev/tty either.
    return subprocess.run([sys.executable, "-m", "duchaban", *argv], stdin=stdin, capture_output=True,
                          env=env, text=True, encoding="utf-8", start_new_session=True, timeout=120)


def assert_refused_in_chinese(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode == 1, result.stderr
    assert variable in result.stderr and "没有终端可输入" in result.stderr
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr and "EOFError" not in result.stderr


@pytest.mark.parametrize("stdin", [subprocess.DEVNULL, subprocess.PIPE], ids=["closed", "pipe"])
def test_encrypt_without_a_terminal(sample_db_path, stdin):
    before = file_bytes(sample_db_path)
    result = run_without_terminal("encrypt", "--db", str(sample_db_path), stdin=stdin)
    assert_refused_in_chinese(result, "DUCHABAN_PASSPHRASE")
    assert file_bytes(sample_db_path) == before


def test_decrypt_without_a_terminal(sample_db_path):
    encrypt_database(sample_db_path, passphrase=PASSPHRASE)
    forget_passphrase(sample_db_path)
    before = file_bytes(sample_db_path)
    result = run_without_terminal("encrypt", "--decrypt", "--db", str(sample_db_path))
    assert_refused_in_chinese(result, "DUCHABAN_PASSPHRASE")
    assert file_bytes(sample_db_path) == before


def test_hub_login_without_a_terminal(sample_db_path):
    result = run_without_terminal("hub", "login", "张伟", "--hub", "postgresql://nobody@127.0.0.1:1/none",
                                  "--db", str(sample_db_path))
    assert_refused_in_chinese(result, "DUCHABAN_HUB_PASSWORD")
