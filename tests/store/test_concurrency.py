"""Several processes on one database file (SPEC §8): none may lose another's locks.

A process that holds a connection and opens and closes others (as the window's worker jobs do)
must keep its WAL locks, so that a command run beside it never deletes the WAL under it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import logical_dump

from duchaban.store.database import open_database, opened_database
from duchaban.store.sole_use import DatabaseInUse, ensure_sole_use

# The holder: one long-lived connection, like the window's. Each round it opens and closes a
# second connection and asks whether the file is encrypted (both used to close a descriptor on
# the file), writes a row through its own connection, and records whether the WAL is still there.
HOLDER = r'''
import json, os, sys, time
from pathlib import Path
from duchaban.store.connection import is_encrypted
from duchaban.store.database import open_database, opened_database
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
db = open_database(path)
report = {"rounds": 0, "wal_missing": 0, "errors": []}
print("ready", flush=True)
while not stop.exists():
    try:
        open_database(path).close()
        is_encrypted(path)
        db.execute("INSERT INTO setting (key, value) VALUES (?, ?)", [f"holder-{report['rounds']}", "x"])
        db.execute("SELECT count(*) FROM task").fetchone()
    except Exception as exc:
        report["errors"].append(f"{type(exc).__name__}: {exc}")
    if not os.path.exists(f"{path}-wal"):
        report["wal_missing"] += 1
    report["rounds"] += 1
    time.sleep(0.02)
db.close()
print(json.dumps(report), flush=True)
'''


def _cli(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "duchaban", "--db", str(db_path), *args],
                          capture_output=True, text=True, timeout=120)


def test_commands_beside_a_holding_process_keep_its_wal_and_its_writes(sample_db_path, tmp_path):
    stop = tmp_path / "stop"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample_db_path), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for i in range(4):
            assert _cli(sample_db_path, "check").returncode == 0
            added = _cli(sample_db_path, "--operator", "张伟", "inspect", "add", "--kind", "open",
                         "--title", f"旁路督查{i}", "--date", "2021-07-01", "--unit", "区发展改革委")
            assert added.returncode == 0, added.stderr
            listed = _cli(sample_db_path, "inspect", "list", "--json")
            assert listed.returncode == 0
            assert Path(f"{sample_db_path}-wal").exists(), "a command beside the holder deleted its WAL"
    finally:
        stop.touch()
        out, err = holder.communicate(timeout=60)
    report = json.loads(out.strip().splitlines()[-1])
    assert report["errors"] == [], err
    assert report["wal_missing"] == 0
    assert report["rounds"] > 0
    with opened_database(sample_db_path) as db:
        holder_rows = db.execute("SELECT count(*) FROM setting WHERE key LIKE 'holder-%'").fetchone()[0]
        titles = {r[0] for r in db.execute("SELECT title FROM inspection WHERE title LIKE '旁路督查%'")}
    assert holder_rows == report["rounds"]
    assert titles == {f"旁路督查{i}" for i in range(4)}
    assert _cli(sample_db_path, "check").returncode == 0


def _holding(db_path: Path) -> subprocess.Popen:
    """Another process with a connection open on ``db_path`` until its stdin closes."""
    script = ("import sys; from duchaban.store.database import open_database; "
              "db = open_database(sys.argv[1]); db.execute('SELECT count(*) FROM task').fetchone(); "
              "print('ready', flush=True); sys.stdin.read(); db.close()")
    proc = subprocess.Popen([sys.executable, "-c", script, str(db_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_rewriting_commands_are_refused_while_another_process_has_the_file(sample_db_path, monkeypatch):
    before = _dump(sample_db_path)
    holder = _holding(sample_db_path)
    try:
        monkeypatch.setenv("DUCHABAN_PASSPHRASE", "long enough secret")
        for command in (["encrypt"], ["demo", "--force"]):
            result = _cli(sample_db_path, *command)
            assert result.returncode == 1
            assert "正在被其他程序使用" in result.stderr and "数据库未作任何修改" in result.stderr
        assert Path(f"{sample_db_path}-wal").exists()
    finally:
        holder.communicate("", timeout=30)
    assert _dump(sample_db_path) == before
    ensure_sole_use(sample_db_path, doing="加密")       # alone again: no complaint


def test_the_message_names_the_window_that_holds_the_lock(sample_db_path):
    # Qt's QLockFile writes the pid, the application and the host, one per line.
    Path(f"{sample_db_path}.lock").write_text("4242\nduchaban\noffice-pc\n", encoding="utf-8")
    holder = _holding(sample_db_path)
    try:
        with pytest.raises(DatabaseInUse, match=re.escape("督查办窗口(进程 4242,计算机 office-pc)")):
            ensure_sole_use(sample_db_path, doing="加密")
    finally:
        holder.communicate("", timeout=30)


def test_a_connection_of_this_process_counts_too(sample_db_path):
    db = open_database(sample_db_path)
    try:
        with pytest.raises(DatabaseInUse):
            ensure_sole_use(sample_db_path, doing="加密")
        assert db.execute("SELECT count(*) FROM task").fetchone()[0] == 156   # still working
    finally:
        db.close()


def _dump(path: Path) -> str:
    with opened_database(path) as db:
        return logical_dump(db)
