"""A local web site for the watcher's tests, on 127.0.0.1 only: routes per host name (the watcher's resolver sends
every test host to 127.0.0.1, the Host header picks the site), faults on demand, and a log of every request with
its time and answer, to check politeness afterwards."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    wait: float = 0.0              # seconds before answering at all
    trickle: float = 0.0           # seconds between single bytes of the body (a slow body)
    no_length: bool = False        # send no Content-Length: the body ends when the connection closes
    etag: bool = False             # answer If-None-Match with 304 when the body is unchanged
    then: Route | None = None      # the route for every later request (a 503 that recovers)
    handler: Callable[[], Route] | None = None


@dataclass
class Hit:
    at: float
    host: str
    path: str
    status: int
    agent: str


class Site:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                route = site.routes.get((host, self.path))
                if route is not None and route.then is not None:
                    site.routes[(host, self.path)] = route.then
                status = route.status if route else 404
                if route and route.etag and self.headers.get("If-None-Match") == _etag(route.body):
                    status = 304
                with site.lock:
                    site.hits.append(Hit(time.time(), host, self.path, status, self.headers.get("User-Agent", "")))
                if route and route.wait:
                    time.sleep(route.wait)
                body = b"" if status == 304 or route is None else route.body
                try:
                    self.send_response(status)
                    if route:
                        self.send_header("Content-Type", route.content_type)
                        for key, value in route.headers.items():
                            self.send_header(key, value)
                        if route.etag:
                            self.send_header("ETag", _etag(route.body))
                            self.send_header("Last-Modified", formatdate(usegmt=True))
                    if not (route and route.no_length):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if route and route.trickle:
                        for i in range(len(body)):
                            self.wfile.write(body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, host: str, path: str, route: Route) -> None:
        self.routes[(host, path)] = route

    def resolver(self, *hosts: str):
        """A getaddrinfo that sends ``hosts`` to 127.0.0.1 (and fails for any other name)."""
        import socket

        def resolve(host, port, *args, **kwargs):
            if host not in hosts:
                raise socket.gaierror(f"unknown test host {host}")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

        return resolve


def _etag(body: bytes) -> str:
    import hashlib

    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def rss(items: list[tuple[str, str, str]], title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed of (link, title, RFC 822 date) items, link-only (no article text)."""
    from xml.sax.saxutils import escape

    rows = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
                   f"<pubDate>{d}</pubDate><description>Read more.</description></item>" for link, t, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{rows}</channel></rss>").encode("utf-8")
