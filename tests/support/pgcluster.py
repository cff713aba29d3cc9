"""A throw-away PostgreSQL cluster on 127.0.0.1 for the tests that need a real server.

Found binaries (``$SANGKIEN_PG_BIN``, ``/usr/lib/postgresql/*/bin``, or ``initdb`` on PATH) are
used to ``initdb`` a cluster in a temporary folder and start it on a free port. ``initdb``
refuses to run as root, so as root the cluster belongs to the ``postgres`` user. Set
``SANGKIEN_TEST_PG_URL`` to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    admin_url: str  # connects to the "postgres" database as a superuser
    data_dir: Path | None = None
    pg_ctl: list[str] | None = None

    def url(self, database: str) -> str:
        return self.admin_url.rsplit("/", 1)[0] + f"/{database}"

    def stop(self) -> None:
        if self.pg_ctl is None or self.data_dir is None:
            return
        subprocess.run(
            [*self.pg_ctl, "stop", "-D", str(self.data_dir), "-m", "immediate"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def find_bin_dir() -> Path | None:
    if os.environ.get("SANGKIEN_PG_BIN"):
        return Path(os.environ["SANGKIEN_PG_BIN"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> tuple[Cluster | None, str]:
    """A running cluster, or None and the reason why not."""
    if os.environ.get("SANGKIEN_TEST_PG_URL"):
        return Cluster(admin_url=os.environ["SANGKIEN_TEST_PG_URL"]), ""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None, "PostgreSQL server binaries not installed (no initdb found)"
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="sangkien-pg-"))
    data = base / "data"
    if as_root:
        runuser = shutil.which("runuser")
        if runuser is None:
            return None, "PostgreSQL unavailable: running as root without runuser"
        prefix = [runuser, "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
        os.chmod(base, 0o755)
    initdb = subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if initdb.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        return None, f"PostgreSQL unavailable: initdb failed: {initdb.stderr.strip()[:300]}"
    port = _free_port()
    pg_ctl = [*prefix, str(bin_dir / "pg_ctl")]
    opts = (
        f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        [
            *pg_ctl,
            "start",
            "-D",
            str(data),
            "-w",
            "-t",
            "60",
            "-o",
            opts,
            "-l",
            str(data / "server.log"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if started.returncode != 0:
        log = (data / "server.log").read_text(errors="replace")[-300:] if data.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        return None, f"PostgreSQL unavailable: server did not start: {log}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    return Cluster(admin_url=url, data_dir=data, pg_ctl=pg_ctl), ""
