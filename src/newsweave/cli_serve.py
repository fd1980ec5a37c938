"""The ``serve`` command (registered in :mod:`newsweave.cli`): everything that can make it fail — the token, the
store, the host and the port — is checked before the address is announced."""
from __future__ import annotations

import argparse
import errno
import os
import socket

from .cli_output import EXIT_ERROR, EXIT_OK, stderr_console
from .errors import ConfigError
from .store import open_existing_store
from .store.postgres_errors import redact


def port_number(text: str) -> int:
    """``--port``: a number from 0 to 65535 (0, "any free port", is refused later, with the other address checks)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number; give one from 1 to 65535") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number; give one from 1 to 65535")
    return port


def check_address(host: str, port: int) -> None:
    """Raise :class:`ConfigError` (one line, saying what to do) when ``host:port`` cannot be listened on: a host that
    is not a name or address of this machine, a port in use, or one that needs privileges. The probe socket is
    closed at once; the server binds again right after."""
    if port == 0:  # the address announced would not be the one served
        raise ConfigError("--port 0 would serve on a port chosen at random, which cannot be announced; pass --port 1 to 65535")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"cannot serve on --host {host}: not an address or a known host name ({_reason(exc)}); "
                          "pass --host 127.0.0.1 or an address of this machine") from None
    family, kind, proto, _, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a port in TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} on {host} is already in use; pass another --port (e.g. --port {port + 1})") from None
            if exc.errno == errno.EACCES:
                raise ConfigError(f"port {port} needs administrator rights on this machine; pass --port 1024 or above") from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ConfigError(f"cannot serve on --host {host}: not an address of this machine; pass --host 127.0.0.1 "
                                  "or one of this machine's addresses") from None
            raise ConfigError(f"cannot listen on {host}:{port} ({_reason(exc)}); pass another --host or --port") from None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from .web import check_token, serve
    except ImportError as exc:
        stderr_console().print(f"newsweave: error: the web app needs FastAPI and uvicorn ({exc}); reinstall newsweave", markup=False)
        return EXIT_ERROR
    token = args.token or os.environ.get("NEWSWEAVE_TOKEN") or None
    check_token(args.host, token)  # a missing or weak token off loopback is refused before anything is announced
    open_existing_store(args.db, read_only=True).close()  # so is a missing, damaged, foreign or unreadable store
    check_address(args.host, args.port)  # and a host or port that cannot be listened on
    host = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{host}:{args.port}/" + (f"?token={token}" if token else "")
    stderr_console().print(f"newsweave: serving {redact(args.db)} read-only at {address} (Ctrl+C stops)", markup=False)
    serve(args.db, host=args.host, port=args.port, token=token)
    return EXIT_OK


def add_serve_command(commands: argparse._SubParsersAction, with_db) -> None:
    p = commands.add_parser("serve", help="local web app and JSON API over a store (read-only)")
    with_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other needs a token)")
    p.add_argument("--port", type=port_number, default=8000, help="port, 1 to 65535 (default 8000)")
    p.add_argument("--token", default=None, help="token every request must carry (default: $NEWSWEAVE_TOKEN); required off loopback")
    p.set_defaults(func=cmd_serve)
