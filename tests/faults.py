"""A fault-injection HTTP server on 127.0.0.1: each path serves one fault; every request is logged.

Used by the crawl unit tests and by the nightly flow's fault test. Pages are written in our own words.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def send(status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            h.send_header(key.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def gzip_bomb(expanded_bytes: int) -> Route:
    """A small gzip body that expands to `expanded_bytes` of spaces."""
    body = gzip.compress(b" " * expanded_bytes, compresslevel=9)
    return send(200, body, Content_Encoding="gzip")


def big(n_bytes: int) -> Route:
    """A body of n_bytes sent in 64 KiB chunks with no Content-Length (the size is known only by reading)."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_529 + b"</p>"
        sent = 0
        try:
            while sent < n_bytes:
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True

    return route


def drip(seconds: int) -> Route:
    """One byte a second for `seconds` seconds."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(seconds))
        h.end_headers()
        try:
            for _ in range(seconds):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return route


class FaultServer:
    """`with FaultServer(routes) as s:` serves routes on http://127.0.0.1:<port>; s.log lists (path, UA)."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.log: list[tuple[str, str]] = []
        self.hits: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer.log.append((self.path, self.headers.get("User-Agent", "")))
                outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                route = outer.routes.get(self.path)
                if route is None:
                    send(404, b"not here", "text/plain")(self)
                else:
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hangs up on a fault (a capped body) is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
