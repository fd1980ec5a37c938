"""One polite, careful HTTP client for the watcher (:class:`Fetcher`), on the standard library only.

Every request: http or https only; the host resolved and checked (:func:`~.addresses.check_host`) and the
connection made to the address checked; robots.txt asked first (:mod:`.robots`); one request at a time per host,
no sooner than the host's delay after the last one (the delay a robots.txt Crawl-delay asks for, up to a cap);
a timeout per read and one for the whole response; the body cut off past the size cap; a timeout, a dropped
connection, 429 and 5xx retried with exponential back-off, a Retry-After honoured up to a cap; redirects followed
up to a limit, each hop checked like the first, a loop caught. A failure is a :class:`FetchFault` saying why.
"""
from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

from ..settings import WatchSettings
from ..version import __version__
from .addresses import AddressRefused, Resolver, check_host
from .robots import Robots

REDIRECTS = {301, 302, 303, 307, 308}
RETRIED = {429, 500, 502, 503, 504}
CHUNK = 65536
AGENT_TOKEN = "newsweave"  # the product token robots.txt groups are matched against


def user_agent(settings: WatchSettings) -> str:
    """``newsweave/VERSION (+CONTACT)``: who is fetching, and how to reach them when a contact is set."""
    return f"{AGENT_TOKEN}/{__version__}" + (f" (+{settings.contact})" if settings.contact else "")


class FetchFault(Exception):
    """One URL could not be fetched; ``kind`` sorts the reasons for the round's summary."""

    def __init__(self, url: str, kind: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.kind, self.reason, self.status = url, kind, reason, status


@dataclass
class Response:
    url: str                      # the URL answered, after redirects
    status: int                   # 200 (or another 2xx), or 304 when a conditional GET found nothing new
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


class _Retry(Exception):
    """A failure worth another try: ``wait`` seconds asked for by the server (Retry-After), or None."""

    def __init__(self, kind: str, reason: str, wait: float | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.wait, self.status = kind, reason, wait, status


class _Pinned:
    """Connects to the address that was checked, not to a second lookup of the host name."""

    address: str
    host: str
    port: int
    timeout: float

    def _socket(self) -> socket.socket:
        return socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = self._socket()


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._socket(), server_hostname=self.host)


def host_key(url: str) -> str:
    """What politeness counts per: the host and port of ``url``, lower-cased."""
    return urlsplit(url).netloc.lower().rsplit("@", 1)[-1]


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now) if when is not None else None


class Fetcher:
    """Fetches URLs one at a time, politely (see the module). ``hosts``: host -> the wall-clock time before which
    it may not be asked again (kept by the watcher between runs); ``clock``, ``sleep`` and ``resolve`` are
    replaceable for tests. ``requests`` counts the requests sent, robots.txt included."""

    def __init__(self, settings: WatchSettings, *, hosts: dict[str, float] | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 resolve: Resolver = socket.getaddrinfo) -> None:
        self.settings = settings
        self.agent = user_agent(settings)
        self.hosts: dict[str, float] = dict(hosts or {})
        self.clock, self.sleep, self.resolve = clock, sleep, resolve
        self.robots = Robots(self._fetch_robots, AGENT_TOKEN, clock=clock)
        self.requests = 0
        # called with ``hosts`` each time a request is about to be sent (its host's next turn reserved first), so a
        # watcher killed mid-request has already saved when the host may be asked again
        self.on_reserve: Callable[[dict[str, float]], None] | None = None

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally when validators are given), following redirects; raises FetchFault."""
        return self._get(url, etag, last_modified, robots=True)

    def _get(self, url: str, etag: str | None, last_modified: str | None, robots: bool) -> Response:
        headers = {"User-Agent": self.agent, "Accept": "*/*", "Connection": "close"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited: list[str] = []
        current = url.split("#", 1)[0]
        for _ in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchFault(url, "refused", f"only http and https URLs are fetched, not {current!r}")
            self._address(url, current)  # refused before robots.txt is asked
            if robots and not self.robots.allowed(current):
                raise FetchFault(url, "robots", f"robots.txt of {parts.netloc} forbids {current}")
            response = self._with_retries(url, current, headers)
            if response.status not in REDIRECTS:
                response.url = current
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchFault(url, "http", f"HTTP {response.status} redirect without a Location, at {current}")
            visited.append(current)
            current = urljoin(current, location.strip()).split("#", 1)[0]
            if current in visited:
                raise FetchFault(url, "redirects", f"redirect loop: {' -> '.join([*visited, current])}")
        raise FetchFault(url, "redirects", f"more than {self.settings.max_redirects} redirects (watch.max_redirects), last {current}")

    def _with_retries(self, url: str, current: str, headers: dict[str, str]) -> Response:
        tries = self.settings.retries + 1
        for attempt in range(tries):
            try:
                return self._once(url, current, headers)
            except _Retry as problem:
                if problem.wait is not None and problem.wait > self.settings.max_retry_after:
                    raise FetchFault(url, problem.kind, f"{problem.reason}; the server asks to retry after {problem.wait:.0f} s, "
                                     f"over watch.max_retry_after ({self.settings.max_retry_after:g} s)", problem.status) from None
                if attempt == tries - 1:
                    raise FetchFault(url, problem.kind, f"{problem.reason} (after {tries} tries)", problem.status) from None
                wait = problem.wait if problem.wait is not None else self.settings.backoff * 2 ** attempt
                key = host_key(current)
                self.hosts[key] = max(self.hosts.get(key, 0.0), self.clock() + wait)
        raise AssertionError("unreachable")

    def _wait_turn(self, key: str) -> None:
        """Sleep until ``key`` may be asked again."""
        pause = self.hosts.get(key, 0.0) - self.clock()
        if pause > 0:
            self.sleep(pause)

    def _book(self, key: str, current: str) -> None:
        """Host ``key`` may not be asked again before now plus its delay."""
        self.hosts[key] = max(self.hosts.get(key, 0.0), self.clock() + self._delay(current))

    def _delay(self, url: str) -> float:
        asked = self.robots.crawl_delay(url) or 0.0
        return max(self.settings.host_delay, min(asked, self.settings.max_host_delay))

    def _address(self, url: str, current: str) -> tuple[str, int]:
        """(the checked address to connect to, the port) for ``current``; raises FetchFault when refused."""
        parts = urlsplit(current)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchFault(url, "refused", f"bad port in {current!r}") from None
        try:
            return check_host(parts.hostname, port, self.settings.allow_private, self.resolve), port
        except AddressRefused as exc:
            raise FetchFault(url, "refused", str(exc)) from None

    def _once(self, url: str, current: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(current)
        https = parts.scheme == "https"
        address, port = self._address(url, current)
        key = host_key(current)
        self._wait_turn(key)
        kind = _PinnedHTTPS if https else _PinnedHTTP
        options = {"context": ssl.create_default_context()} if https else {}
        connection = kind(parts.hostname, port, timeout=self.settings.timeout, **options)
        connection.address = address
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._book(key, current)
        if self.on_reserve is not None:
            self.on_reserve(self.hosts)
        self.requests += 1
        start = self.clock()
        try:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            head = {k.lower(): v for k, v in answer.getheaders()}
            body = b"" if answer.status in REDIRECTS or answer.status == 304 else self._body(url, answer, start)
        except (TimeoutError, socket.timeout):
            raise _Retry("timeout", f"timed out after {self.settings.timeout:g} s (watch.timeout) at {current}") from None
        except ssl.SSLError as exc:
            raise FetchFault(url, "network", f"TLS failed at {current} ({exc.reason or exc})") from None
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            raise _Retry("network", f"connection failed at {current} ({type(exc).__name__}: {exc})") from None
        finally:
            connection.close()
            self._book(key, current)  # the turn counts from the end of the answer
        if answer.status in RETRIED:
            raise _Retry("http", f"HTTP {answer.status} at {current}", retry_after(head.get("retry-after"), self.clock()), answer.status)
        if answer.status >= 400 or answer.status < 200 or (300 <= answer.status < 400 and answer.status not in REDIRECTS | {304}):
            raise FetchFault(url, "http", f"HTTP {answer.status} {answer.reason} at {current}", answer.status)
        return Response(current, answer.status, body, head)

    def _body(self, url: str, answer: http.client.HTTPResponse, start: float) -> bytes:
        """The body, read a chunk at a time: cut off past the size cap or the whole-response timeout."""
        cap = self.settings.max_bytes
        declared = answer.getheader("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchFault(url, "too-large", f"body of {int(declared):,} bytes, over watch.max_bytes ({cap:,})")
        chunks, size = [], 0
        while True:
            chunk = answer.read1(CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise FetchFault(url, "too-large", f"body over watch.max_bytes ({cap:,} bytes); stopped reading")
            if self.clock() - start > self.settings.total_timeout:
                raise FetchFault(url, "timeout", f"body still arriving after {self.settings.total_timeout:g} s "
                                 f"(watch.total_timeout); stopped reading")

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """(status, body) of a robots.txt; status 0 when it could not be fetched at all."""
        try:
            response = self._get(url, None, None, robots=False)
        except FetchFault as fault:
            return fault.status or 0, b""
        return response.status, response.body
