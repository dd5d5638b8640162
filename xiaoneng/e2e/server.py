"""The server the browser tests talk to: a database of its own holding the demo city, and
gunicorn serving it on a free local port.

The database follows ``DATABASE_URL`` as the rest of the suite does: unset, a SQLite file in
a temporary folder; a PostgreSQL URL, a database of its own on that server named
``test_<name>_e2e`` (dropped at the end; CI's clean-up drops ``test_*`` leftovers too).
``E2E_DEMO_TEMPLATE=folder`` starts from a copy of an already loaded SQLite demo (the folder
holds ``e2e.sqlite3`` and ``media/``) instead of loading it again: for working on the tests;
CI always loads it fresh.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "xiaoneng.settings.e2e"
READY_SECONDS = 60


@dataclass
class Server:
    url: str
    log: Path | None  # None for a server started elsewhere
    seconds_to_load: float  # migrate + demo_city, as measured here


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _database(folder: Path) -> Iterator[str]:
    """The URL of an empty database of this run's own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{folder / 'e2e.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"test_{parts.path.lstrip('/') or 'xiaoneng'}_e2e"
    admin = urlunsplit(parts._replace(path="/postgres"))

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict, *args: str, log: Path) -> None:
    with log.open("a") as out:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} 失败（退出码 {done.returncode}），见 {log}")


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn 未能启动，见 {log}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn {READY_SECONDS} 秒内未就绪，见 {log}")


@contextlib.contextmanager
def demo_server() -> Iterator[Server]:
    """Load the demo city into a fresh database and serve it until the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="xiaoneng-e2e-"))
    log = folder / "server.log"
    with _database(folder) as database_url:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url,
            "XIAONENG_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "WARNING",
        }
        started = time.monotonic()
        template = os.environ.get("E2E_DEMO_TEMPLATE")
        if template and database_url.startswith("sqlite"):
            shutil.copyfile(Path(template) / "e2e.sqlite3", folder / "e2e.sqlite3")
            shutil.copytree(Path(template) / "media", folder / "media")
        _manage(env, "migrate", "--noinput", log=log)
        _manage(env, "demo_city", log=log)
        loaded = time.monotonic() - started
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "xiaoneng.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "120"]
        with log.open("a") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_ready(url, process, log)
            yield Server(url=url, log=log, seconds_to_load=loaded)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    shutil.rmtree(folder, ignore_errors=True)
