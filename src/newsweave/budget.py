"""A time and memory budget per document for extraction, so one runaway page cannot hang or sink a batch.

How it is enforced, and why so. While a document is extracted, an interval timer (``setitimer``)
sends SIGALRM to the process every :data:`TICK_S` seconds; the handler checks the time spent and the
growth of the resident memory since the document began (``/proc/self/statm``, Linux) and raises
:class:`BudgetExceeded` once either is over budget. Python runs a signal handler between two
bytecodes of the main thread, so the exception surfaces inside trafilatura's (or our) Python loops
wherever they are; the time measured on pages that hang (10^5..10^6 ``<p>`` elements: quadratic work
in trafilatura's Python code) goes to such loops, each C call in them (lxml, ``re``) being short.
:class:`BudgetExceeded` derives from ``BaseException``, so the ``except Exception`` clauses inside
trafilatura cannot swallow it; if one did, the next tick raises again.

Both executors run extraction in the main thread of their process (the in-process executor in the
caller's, each process-pool worker in its own), which is where signals are delivered, so the same
mechanism serves both without extra processes. Alternatives considered: a watchdog child process
per document would also stop a hang inside one C call, but costs a fork and a pickled round trip per
document (minutes on a 30,000-record collection) and still needs this budget's caller-side logic;
``RLIMIT_AS`` bounds a whole process, not one document, and would cap the in-process caller too;
a structural pre-check (counting elements) would refuse pages that trafilatura handles fine.
Limits of the choice: a single C call that never returns is not interrupted, memory grown inside one
tick is seen only at the next tick, and outside the main thread (or without ``setitimer``) the
document runs unbounded.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

TICK_S = 0.1  # how often time and memory are checked while a document is extracted


class BudgetExceeded(BaseException):
    """A document went over its extraction budget; ``reason`` says which and what to do."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _page_size() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return 4096


_PAGE = _page_size()


def resident_mb() -> float | None:
    """The process's resident memory now, in MB (None where ``/proc/self/statm`` is not available)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def can_interrupt() -> bool:
    """Whether a budget can interrupt work here: ``setitimer`` exists and this is the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def extraction_budget(seconds: float, memory_mb: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` inside the ``with`` block once it has run over ``seconds`` or grown
    the resident memory by over ``memory_mb``. The previous SIGALRM handler and timer are restored after."""
    if not can_interrupt():
        yield
        return
    start = time.monotonic()
    base = resident_mb()

    def check(signum: int, frame: Any) -> None:
        if time.monotonic() - start > seconds:
            raise BudgetExceeded(f"extraction took over {seconds:g} s; the page is too large or too complex to extract "
                                 "(raise the limit with --extract-seconds if it is really one article)")
        now = resident_mb() if base is not None else None
        if now is not None and now - base > memory_mb:
            raise BudgetExceeded(f"extraction needed over {memory_mb:g} MB of memory; the page is too large or too complex "
                                 "to extract (raise the limit with --extract-memory-mb if it is really one article)")

    previous = signal.signal(signal.SIGALRM, check)
    outer = signal.setitimer(signal.ITIMER_REAL, TICK_S, TICK_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer[0] > 0:  # someone else's timer was running: let it go on with what it had left
            spent = time.monotonic() - start
            signal.setitimer(signal.ITIMER_REAL, max(outer[0] - spent, 0.001), outer[1])
