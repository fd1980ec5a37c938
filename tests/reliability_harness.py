"""Run newsweave as a user would (a separate process) and measure what the reliability suite asserts.

``run_cli(args)`` starts ``python -m newsweave.cli ARGS`` in its own process, kills it past the time
budget, and returns its exit code, output, wall time and peak resident memory. ``kill_when`` SIGKILLs it
(kill -9, its whole process group) once a condition on its output so far holds, and ``setup`` runs Python
code in the child before the command line starts (to mark or pause at a point of the run). The peak is read by the
child itself at exit (its ``VmHWM`` and the largest of its waited-for workers): ``wait4``'s figure is
not used because Linux carries the forking parent's high-water mark into the child across ``exec``,
so under a test runner holding 900 MB every case would report 900 MB. ``integrity_ok`` and ``stored_ids`` read a
SQLite store without going through newsweave.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# Runs the CLI, then writes this process's own peak (VmHWM, reset by exec) and its workers' to a file.
_BOOTSTRAP = """
import atexit, os, resource, sys
def _peak():
    own = 0
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                own = int(line.split()[1])
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ['NEWSWEAVE_TEST_PEAK_FILE'], 'w') as f:
        f.write(str(max(own, workers)))
atexit.register(_peak)
exec(os.environ.get('NEWSWEAVE_TEST_SETUP', ''))
from newsweave.cli import main
sys.argv[0] = 'newsweave'
sys.exit(main(sys.argv[1:]))
"""

TIME_BUDGET_S = 60.0     # no case may run longer
MEMORY_BUDGET_MB = 1536  # no case may use more (peak resident set)


@dataclass
class Outcome:
    code: int | None  # None when killed for running past the budget
    out: str
    err: str
    seconds: float
    peak_mb: float
    killed: bool = False  # killed because ``kill_when`` held (code is then -9)

    @property
    def timed_out(self) -> bool:
        return self.code is None

    def check_budget(self) -> None:
        """Assert the common expectations of every case: finished in time, within memory, no traceback."""
        assert not self.timed_out, f"still running after {TIME_BUDGET_S:.0f} s\n{self.err[-2000:]}"
        assert self.peak_mb < MEMORY_BUDGET_MB, f"peak memory {self.peak_mb:.0f} MB"
        assert "Traceback" not in self.err and "Traceback" not in self.out, self.err[-4000:]


KillWhen = Callable[[str, str, float], bool]  # (stdout so far, stderr so far, seconds since start) -> kill now


def run_cli(args: list[str], timeout: float = TIME_BUDGET_S, cwd: str | Path | None = None,
            env: dict[str, str] | None = None, stdin: str | None = None, kill_when: KillWhen | None = None,
            setup: str = "") -> Outcome:
    """Run ``newsweave ARGS`` in a child process; kill it (and its children) past ``timeout`` seconds.

    ``kill_when``, polled every few milliseconds with the output so far, SIGKILLs the child's process group
    the first time it returns True (``Outcome.killed``). ``setup`` is Python run in the child before the
    command line is imported."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp, \
            tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak_kb"
        if stdin is not None:
            inp.write(stdin.encode("utf-8"))
            inp.seek(0)
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _BOOTSTRAP, *map(str, args)], stdout=out, stderr=err,
                                stdin=inp, cwd=cwd, start_new_session=True,
                                env={**os.environ, **(env or {}), "NEWSWEAVE_TEST_PEAK_FILE": str(peak_file),
                                     "NEWSWEAVE_TEST_SETUP": setup})
        polled_kb = 0
        code: int | None = None
        killed = False
        usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            polled_kb = max(polled_kb, _high_water_kb(proc.pid))
            if kill_when is not None and kill_when(_so_far(out), _so_far(err), time.monotonic() - start):
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                code, killed = os.waitstatus_to_exitcode(status), True
                break
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05 if kill_when is None else 0.005)
        proc.returncode = code if code is not None else -9  # reaped here; keep Popen from waiting again
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        reported = peak_file.read_text() if peak_file.exists() else ""
        peak_kb = int(reported) if reported.isdigit() else polled_kb  # killed: the last figure polled
        return Outcome(code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       seconds, peak_kb / 1024, killed)


def _so_far(file) -> str:
    """What the child has written to ``file`` so far (``pread``: the offset it shares with the child stays)."""
    fd = file.fileno()
    return os.pread(fd, os.fstat(fd).st_size, 0).decode("utf-8", "replace")


def _high_water_kb(pid: int) -> int:
    """A running process's peak resident set so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def integrity_ok(db: str | Path) -> bool:
    """SQLite's own check of a store file."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def stored_ids(db: str | Path) -> set[str]:
    """Ids of the articles a store holds."""
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}
    finally:
        conn.close()
