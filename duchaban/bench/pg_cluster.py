"""A throwaway PostgreSQL cluster for the hub's tests and bench: initdb in a temporary folder, started on a
free loopback port with its socket in that folder, stopped and removed afterwards.

PostgreSQL refuses to run as root; when the tests run as root (CI), the cluster runs as the
``postgres`` system user that Debian's package creates. Nothing outside 127.0.0.1 is listened on.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder (Debian keeps them out of PATH), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    superuser: str
    run_as: str | None

    def url(self, user: str | None = None, password: str | None = None, database: str = "postgres") -> str:
        who = user or self.superuser
        secret = f":{password}" if password else ""
        return f"postgresql://{who}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(database=name)

    def stop(self) -> None:
        _run(self, [str(postgres_bin() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
             check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(cluster_or_user, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
    user = cluster_or_user.run_as if isinstance(cluster_or_user, Cluster) else cluster_or_user
    if user:
        args = ["runuser", "-u", user, "--", *args]
    return subprocess.run(args, check=check, capture_output=True, text=True, timeout=120)


def start_cluster() -> Cluster:
    """initdb and start; the superuser logs in by password-less trust on loopback only."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    run_as = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="duchaban-pg-"))
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    superuser = run_as or pwd.getpwuid(os.geteuid()).pw_name
    data = folder / "data"
    _run(run_as, [str(bin_dir / "initdb"), "-D", str(data), "-U", superuser, "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync"])
    port = _free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
               " -c synchronous_commit=off")
    _run(run_as, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
                  "start"])
    # Roles other than the superuser log in with their passwords, as staff would.
    hba = data / "pg_hba.conf"
    hba.write_text(f"host all {superuser} 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                   f"local all all trust\n")
    _run(run_as, [str(bin_dir / "pg_ctl"), "-D", str(data), "reload"])
    return Cluster(folder, port, superuser, run_as)
