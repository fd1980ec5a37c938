"""Request guard for the web app: read-only methods, size limits, host check, token, security headers.

A pure ASGI middleware, so it runs before routing and costs nothing per request beyond a few look-ups.
"""
from __future__ import annotations

import hmac
import ipaddress
import re
from collections import Counter
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl, urlencode

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]

MAX_URL_BYTES = 4096        # path plus query string
MAX_BODY_BYTES = 1024       # the app only reads; a request body has no use
TOKEN_COOKIE = "newsweave_token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9._~-]+")  # safe in a URL, a header and a cookie as they are
_PATH_CHARACTERS = re.compile(rb"[!-~]*")  # printable ASCII: a raw path is percent-encoded


MIN_TOKEN_CHARS = 16
MIN_TOKEN_DISTINCT = 6
# hex: a token that never starts with "-", which a command line would read as an option
MAKE_TOKEN = 'python -c "import secrets; print(secrets.token_hex(32))"'


def _trivial(token: str) -> bool:
    """Few distinct characters, a repeated part ("abcdabcd", "0123456789012345": the start comes back at the
    end), or mostly one even step ("abcdefgh...")."""
    n = len(token)
    if len(set(token)) < MIN_TOKEN_DISTINCT:
        return True
    if any(token[:k] == token[n - k:] for k in range(max(4, n // 4), n)):
        return True
    steps = Counter(ord(b) - ord(a) for a, b in zip(token, token[1:]))
    return steps.most_common(1)[0][1] >= 0.6 * (n - 1)


def token_problem(host: str, token: str | None) -> str | None:
    """Why serving on ``host`` with ``token`` would be unsafe (None when it is fine). Off loopback a token is
    required, of at least :data:`MIN_TOKEN_CHARS` characters and not trivially repetitive; on loopback any is."""
    if token is not None and not TOKEN_CHARACTERS.fullmatch(token):
        return "use only letters, digits and - . _ ~ in the token (it travels in addresses and cookies as it is)"
    if is_loopback(host):
        return None
    if not token:
        return (f"serving on {host} exposes the store to the network; give a token with --token or NEWSWEAVE_TOKEN "
                f"(make one with: {MAKE_TOKEN}), or bind to 127.0.0.1")
    if len(token) < MIN_TOKEN_CHARS or _trivial(token):
        size = f"only {len(token)} character{'s' if len(token) != 1 else ''}" if len(token) < MIN_TOKEN_CHARS else "a repetitive pattern"
        return (f"the token is too weak to guard a server on {host} ({size}; it needs at least {MIN_TOKEN_CHARS} characters "
                f"and no repeated pattern); make one with: {MAKE_TOKEN}")
    return None


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine (``localhost`` or a loopback IP address)."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _same_site_location(raw_path: bytes, query: str) -> bytes | None:
    r"""A redirect target on this server for a raw (still percent-encoded) path: exactly one leading
    slash, so it can never read as another host (``//host``, ``/\host``); None for a path with control bytes."""
    if not _PATH_CHARACTERS.fullmatch(raw_path):
        return None
    path = b"/" + raw_path.lstrip(b"/\\")
    return path + (b"?" + query.encode("ascii") if query else b"")


def _host_name(header: str) -> str:
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """Wraps the app. ``token``: required on every request when set (header, cookie, or ``?token=`` once);
    ``allowed_hosts``: Host header names accepted (None accepts any, for a server behind a token)."""

    def __init__(self, app: ASGIApp, token: str | None = None, allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        problem = self._problem(scope, headers)
        if problem is not None:
            status, message, extra = problem
            await _respond(send, status, message, extra)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        if scope["method"] == "HEAD":  # answered as GET without the body (the routes are declared for GET)
            await self.app({**scope, "method": "GET"}, receive, _without_body(send_with_headers))
            return
        await self.app(scope, receive, send_with_headers)

    def _problem(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, list] | None:
        if scope["method"] not in ("GET", "HEAD"):
            return 405, "newsweave serve is read-only: only GET and HEAD requests are answered", [(b"allow", b"GET, HEAD")]
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"") > MAX_URL_BYTES:
            return 414, f"the address is longer than {MAX_URL_BYTES} bytes; shorten the search", []
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES or "transfer-encoding" in headers:
            return 413, f"request bodies over {MAX_BODY_BYTES} bytes are refused; this server only reads", []
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            return 400, "unexpected Host header; open the app at the address `newsweave serve` printed", []
        if self.token is None:
            return None
        query = parse_qsl((scope.get("query_string") or b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            location = _same_site_location(scope.get("raw_path") or scope["path"].encode("utf-8"),
                                           urlencode([(k, v) for k, v in query if k != "token"]))
            if location is None:
                return 400, "the address has control characters", []
            cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode("ascii")
            return 303, "token accepted", [(b"location", location), (b"set-cookie", cookie)]
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        offered = [credentials.strip()] if scheme.lower() == "bearer" else []
        cookies = (c.strip() for c in headers.get("cookie", "").split(";"))
        offered += [c.split("=", 1)[1] for c in cookies if c.startswith(TOKEN_COOKIE + "=")]
        if any(o and hmac.compare_digest(o.encode("latin-1", "replace"), self.token.encode()) for o in offered):
            return None
        return 401, ("this newsweave server needs its token: open the address with ?token=... that `newsweave serve` printed, "
                     "or send the header Authorization: Bearer TOKEN"), [(b"www-authenticate", b"Bearer")]


def _without_body(send: Callable) -> Callable:
    """``send`` for a HEAD request: the GET answer's status and headers, an empty body."""

    async def send_head(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body"):
                return
            message = {"type": "http.response.body", "body": b""}
        await send(message)

    return send_head


async def _respond(send: Callable, status: int, message: str, extra: list) -> None:
    body = (message + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), *extra, *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
