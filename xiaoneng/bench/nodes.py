"""``make bench ARGS="--nodes N"``: N app-server groups on one machine as N machines would run
them — a gunicorn master each on its own port, a Celery worker each, one beat — against one
PostgreSQL through PgBouncer in transaction pooling (started here with its own configuration
in a temporary directory).  The load client is split across the nodes; the figures are
intake per node and in total, and the checks that nothing was duplicated or lost: every
tracking number acknowledged is one case (and no case is there twice), and two sweeps run
at once on two workers leave no duplicate warning or fault and nothing unissued."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

POOLER_PORT = 6435


def start_pgbouncer(url: str) -> tuple[subprocess.Popen, str, Path]:
    """PgBouncer in transaction mode in front of the database of ``url``; the process, the
    URL that goes through it and its directory."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise SystemExit("未找到 pgbouncer（Debian：apt-get install pgbouncer）")
    parts = urllib.parse.urlsplit(url)
    name, user = parts.path.lstrip("/"), parts.username or "postgres"
    home = Path(tempfile.mkdtemp(prefix="xn-pgbouncer-"))
    (home / "users.txt").write_text(f'"{user}" ""\n')
    (home / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{name} = host={parts.hostname} port={parts.port or 5432} dbname={name} user={user}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {POOLER_PORT}\nunix_socket_dir = {home}\n"
        f"auth_type = trust\nauth_file = {home}/users.txt\nlogfile = {home}/pgbouncer.log\n"
        "pool_mode = transaction\nmax_client_conn = 500\ndefault_pool_size = 20\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
    )
    shutil.chown(home, "postgres")
    for f in home.iterdir():
        shutil.chown(f, "postgres")
    process = subprocess.Popen([binary, "-q", "-u", "postgres", str(home / "pgbouncer.ini")], stdout=sys.stderr, stderr=sys.stderr)
    pooled = urllib.parse.urlunsplit((parts.scheme, f"{user}@127.0.0.1:{POOLER_PORT}", parts.path, "", ""))
    return process, pooled, home


def worker(env: dict, name: str, root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "xiaoneng",
            "worker",
            "--pool",
            "solo",
            "-n",
            f"{name}@%h",
            "--loglevel",
            "warning",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=root,
        env=env,
        stdout=sys.stderr,
    )


def beat(env: dict, home: Path, root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "xiaoneng", "beat", "--loglevel", "warning", "-s", str(home / "beat-schedule")],
        cwd=root,
        env=env,
        stdout=sys.stderr,
    )


def split_load(load, env: dict, ports: list[int], path: str, key: str, size: dict, *, tag: str) -> list[dict]:
    """The load client on every node at once, the clients shared out; one answer per node
    (with ``tag``, the titles say the node and then the tag, and the answers list the
    tracking numbers)."""
    per_node = dict(size, clients=max(1, size["clients"] // len(ports)))
    with ThreadPoolExecutor(len(ports)) as pool:
        return list(pool.map(lambda n: load(env, ports[n], path, key, per_node, tag=f"node{n + 1}-{tag}" if tag else ""), range(len(ports))))


def checks(manage, env: dict, answers: list[dict]) -> dict:
    """The duplicate and loss checks, run in a Django process (``bench_measure nodes``)."""
    acknowledged = [t for a in answers for t in a.pop("tracking_nos")]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(acknowledged, f)
    try:
        return json.loads(manage(env, "bench_measure", "nodes", "--acknowledged", f.name))
    finally:
        Path(f.name).unlink(missing_ok=True)
