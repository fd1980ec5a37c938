"""The ``watch`` and ``changes`` commands (registered in :mod:`newsweave.cli`): follow feeds in rounds, and report
what changed in each story since a time.

``newsweave watch`` exits, after its last round (``--once``), with 0 when every fetch worked, 1 when some feed
or page failed (each named on a line of its own on standard error) and 2 when nothing could be fetched or for a
usage, configuration or store error; stopped by SIGTERM (``systemctl stop``) it exits 0, by Ctrl-C 130. On a
terminal a status line shows where the round is; elsewhere every line is plain, for cron and systemd logs
(:mod:`newsweave.watch.display`).
"""
from __future__ import annotations

import argparse
import re
import signal
import sys
from typing import Callable

from .cli_output import EXIT_OK, stderr_console
from .escape import terminal_text
from .settings import load_settings
from .store import open_existing_store, open_store

_SPAN = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def every_seconds(text: str) -> float:
    """``--every``: ``90s``, ``15m``, ``1h``, ``1d`` or a number of seconds (at least 1)."""
    found = _SPAN.match(text.strip().lower())
    if not found or float(found.group(1)) * _SECONDS[found.group(2)] < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a span such as 90s, 15m, 1h (at least 1 s)")
    return float(found.group(1)) * _SECONDS[found.group(2)]


class _Stopped(Exception):
    """SIGTERM (systemctl stop, kill): the watcher ends where it is; what a round saved stays, the rest is redone."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signal.Signals(signum).name)


def _display(quiet: bool):
    """A status line on a terminal, plain log lines elsewhere (:mod:`newsweave.watch.display`)."""
    from .watch.display import LogLines, TerminalDisplay

    console = stderr_console()
    return TerminalDisplay(console) if console.is_terminal else LogLines(quiet=quiet)


def cmd_watch(args: argparse.Namespace) -> int:
    from .atomic_write import write_text_atomic
    from .watch import changes_since, render_changes, watch

    overrides = [*args.set, *([("watch.allow_private", True, "from --allow-private")] if args.allow_private else [])]
    settings = load_settings(args.config, overrides)
    store = open_store(args.db)

    def after(report) -> None:
        if args.changes_out:
            document = changes_since(store, report.started)
            form = "json" if args.changes_out.endswith(".json") else "md"
            write_text_atomic(args.changes_out, render_changes(document, form))

    display = _display(args.quiet)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return watch(args.sources, store, settings, every=args.every, once=args.once, log=display.log, step=display.step,
                     on_round=after)
    except _Stopped as stopped:
        display.close()
        display.log(f"stopped by {stopped}; the next start resumes from what the store holds")
        return EXIT_OK
    except KeyboardInterrupt:
        display.close()
        display.log("interrupted; the next start resumes from what the store holds")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        display.close()
        store.close()


def cmd_changes(args: argparse.Namespace) -> int:
    from .watch import changes_since, render_changes
    from .watch.changes import parse_since

    since = parse_since(args.since)
    store = open_existing_store(args.db, read_only=True)
    try:
        document = changes_since(store, since)
    finally:
        store.close()
    sys.stdout.write(terminal_text(render_changes(document, args.format), block=True))
    if not document["rounds"]:
        stderr_console().print(f"no watch round since {since} in {args.db}; `newsweave watch` logs them", markup=False)
    return EXIT_OK


def add_watch_commands(commands: argparse._SubParsersAction, with_settings: Callable, with_db: Callable) -> None:
    p = commands.add_parser("watch", help="follow feeds in rounds: fetch new pages politely, store them, rebuild the stories they touch")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="feed or sitemap URLs, OPML files, or text files of URLs (one a line)")
    p.add_argument("--every", type=every_seconds, default=900.0, metavar="SPAN", help="time from one round's start to the next (default 15m)")
    p.add_argument("--once", action="store_true", help="one round, then exit (for cron): 0 all fetched, 1 some failed, 2 none")
    p.add_argument("--allow-private", action="store_true", help="fetch from private and loopback addresses too (tests, intranets)")
    p.add_argument("--quiet", "-q", action="store_true", help="off a terminal, no summary line for a round without faults "
                                                                  "(cron mails only when something failed)")
    p.add_argument("--changes-out", metavar="FILE", help="after each round, write that round's changes to FILE (.json: JSON, else Markdown)")
    with_db(p)
    with_settings(p)
    p.set_defaults(func=cmd_watch)

    p = commands.add_parser("changes", help="what changed in each story since a time: new articles and outlets, new stories, "
                                            "facts newly corroborated, new conflicts and quotes (from the watch rounds)")
    p.add_argument("--since", required=True, metavar="TIME", help="ISO date or time (UTC unless it says otherwise), or a span back: 6h, 2d")
    p.add_argument("--format", choices=["md", "json"], default="md", help="Markdown (default) or JSON")
    with_db(p)
    p.set_defaults(func=cmd_changes)
