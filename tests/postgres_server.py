"""A throw-away PostgreSQL server for the tests: a temporary data folder, a free port on 127.0.0.1, stopped at the end.

:func:`server` starts it the first time a test asks (once per test session) and :func:`stop` removes it; tests
get a fresh database each from :func:`new_database`. When PostgreSQL's programs (``initdb``, ``pg_ctl``: on PATH or
in Debian's ``/usr/lib/postgresql/VERSION/bin``) or the ``psycopg`` driver are missing, the asking test is skipped
with the reason. ``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` system user
(Debian's package makes it) or as ``nobody``.
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SUPERUSER = "newsweave_test"


class Server:
    """A running server: connect to ``url(database)``."""

    def __init__(self, bin_dir: Path, owner: pwd.struct_passwd | None) -> None:
        self.bin_dir = bin_dir
        self.owner = owner
        self.folder = Path(tempfile.mkdtemp(prefix="newsweave-pg-"))
        self.data = self.folder / "data"
        self.port = 0
        self._numbers = itertools.count(1)
        if owner is not None:  # the server's user must reach its folder (mkdtemp makes it 0700, owned by root)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.owner is not None:
            command = [_runuser() or "runuser", "-u", self.owner.pw_name, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)

    def start(self) -> None:
        done = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-800:]}")
        for _ in range(5):  # a free port can be taken by someone else before the server binds it: try another
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                       "-c full_page_writes=off -c max_connections=100")
            done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")
            if done.returncode == 0:
                return
        log = (self.folder / "server.log").read_text(errors="replace")[-800:] if (self.folder / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()[-400:]} {log}")

    def url(self, database: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"store_{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _runuser() -> str | None:
    """util-linux's runuser (in sbin, which a root PATH may lack)."""
    return shutil.which("runuser") or next((p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.access(p, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_bin_dir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl") if Path(p).with_name("initdb").exists()]
    return max(found, key=lambda p: _version(p.parent.name), default=None)


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: this user, or (as root, whom initdb refuses) ``postgres`` or ``nobody``."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


_server: Server | None = None
_unavailable: str | None = None  # why there is no server here ("" once it is known there can be one)
_failed: str | None = None       # why the server did not start


def server() -> Server:
    """The session's server, started on first use; skips the asking test when PostgreSQL or psycopg is missing, and
    fails it when they are here but the server does not start."""
    global _server, _unavailable, _failed
    if _server is not None:
        return _server
    if _unavailable is None:
        _unavailable = _why_unavailable()
    if _unavailable:
        pytest.skip(_unavailable)
    if _failed:
        pytest.fail(_failed)
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    started = Server(bin_dir, _server_user())
    try:
        started.start()
    except Exception as exc:
        started.stop()
        _failed = f"the throw-away PostgreSQL server did not start: {exc}"
        pytest.fail(_failed)
    _server = started
    atexit.register(stop)  # at the end of the test session
    return started


def _why_unavailable() -> str:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "PostgreSQL tests need the psycopg driver: pip install -e '.[postgres]' (or .[test])"
    if find_bin_dir() is None:
        return "PostgreSQL tests need initdb and pg_ctl (apt-get install postgresql, or put them on PATH)"
    if os.geteuid() == 0 and (_server_user() is None or _runuser() is None):
        return "running as root: initdb needs an unprivileged user (postgres or nobody) and runuser"
    return ""


def new_database() -> str:
    """A fresh database's URL on the session's server (skips when there is none)."""
    return server().new_database()


def stop() -> None:
    """Stop and remove the session's server, if one was started."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None
