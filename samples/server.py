"""The sample newsroom: a local HTTP proxy on 127.0.0.1 answering http://<host>/<path> from snapshot files.

Layout: <root>/snapshots/<YYYY-MM-DD>/<host>/<path>. For an as-of day D, each path is served from the newest
snapshot <= D that holds it (later snapshots are overlays). Responses carry an ETag (hash of the bytes) and a
Last-Modified (the snapshot day) and answer conditional GETs with 304.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import TracebackType
from urllib.parse import unquote, urlsplit

from core.errors import ConfigError

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


def snapshot_days(root: Path, as_of: date | None) -> list[tuple[date, Path]]:
    """The snapshot directories on or before as_of, newest first."""
    found: list[tuple[date, Path]] = []
    base = root / "snapshots"
    for d in base.iterdir() if base.is_dir() else []:
        try:
            day = date.fromisoformat(d.name)
        except ValueError:
            continue
        if d.is_dir() and (as_of is None or day <= as_of):
            found.append((day, d))
    return sorted(found, reverse=True)


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


class _Handler(BaseHTTPRequestHandler):
    server: _NewsroomHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _target(self) -> tuple[str, str]:
        parts = urlsplit(self.path)
        host = parts.hostname if parts.scheme else (self.headers.get("Host") or "").split(":")[0]
        return (host or "").lower(), unquote(parts.path)

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return etag in tags or "*" in tags
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return parsedate_to_datetime(since) >= modified
            except (TypeError, ValueError):
                return False
        return False

    def do_GET(self) -> None:
        host, path = self._target()
        self.server.count(f"http://{host}{path}")
        found = self.server.lookup(host, path)
        if found is None:
            self._send(404, {"Content-Type": "text/plain; charset=utf-8"}, b"not found\n")
            return
        file, day = found
        data = file.read_bytes()
        modified = datetime(day.year, day.month, day.day, tzinfo=UTC)
        etag = _etag(data)
        headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
        if self._not_modified(etag, modified):
            self._send(304, headers)
            return
        headers["Content-Type"] = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
        self._send(200, headers, data)

    do_HEAD = do_GET


class _NewsroomHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, as_of: date | None, count: Callable[[str], None]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.snapshots = snapshot_days(root, as_of)
        self.count = count

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that drops a kept-alive connection is normal; anything else is printed as usual."""
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def lookup(self, host: str, path: str) -> tuple[Path, date] | None:
        rel = PurePosixPath(path.lstrip("/"))
        if not host or not rel.parts or ".." in rel.parts or host.startswith("."):
            return None
        for day, snap in self.snapshots:
            candidate = snap / host / rel
            if candidate.is_file():
                return candidate, day
        return None


class NewsroomServer:
    """`with NewsroomServer(root, as_of) as server:` serves the newsroom; clients use `server.proxy_url`."""

    def __init__(self, root: Path, as_of: date | None = None) -> None:
        self.root = Path(root)
        self.as_of = as_of
        self._server: _NewsroomHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._requests: Counter[str] = Counter()
        self._lock = threading.Lock()

    def _count(self, url: str) -> None:
        with self._lock:
            self._requests[url] += 1

    def __enter__(self) -> NewsroomServer:
        if not snapshot_days(self.root, self.as_of):
            raise ConfigError(f"no newsroom snapshot on or before {self.as_of or 'today'} under {self.root}")
        self._server = _NewsroomHTTPServer(self.root, self.as_of, self._count)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="newsroom", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server, self._thread = None, None

    @property
    def proxy_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the newsroom server is not running (use it as a context manager)")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> Counter[str]:
        """How many requests each URL received so far (a copy; for tests)."""
        with self._lock:
            return Counter(self._requests)

    def url_count(self, url: str) -> int:
        return self.requests[url]
