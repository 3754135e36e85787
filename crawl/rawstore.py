"""Content-addressed raw bytes: gzip files at <root>/<ab>/<sha256>.gz, written atomically, idempotent."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
import zlib
from pathlib import Path

_HASH = re.compile(r"^[0-9a-f]{64}$")


def content_hash(data: bytes) -> str:
    """sha256 hex of the raw bytes: the key of the raw store and FetchResult.content_hash."""
    return hashlib.sha256(data).hexdigest()


class RawStore:
    """Every fetched document's raw bytes, keyed by sha256, so any day can be re-parsed without fetching."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        if not _HASH.match(digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / digest[:2] / f"{digest}.gz"

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def put(self, data: bytes) -> str:
        """Store the bytes (once) and return their sha256 hex."""
        digest = content_hash(data)
        target = self.path(digest)
        if target.is_file():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{digest[:8]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, digest: str) -> bytes:
        """The bytes stored under this hash; FileNotFoundError if absent, ValueError if corrupt."""
        target = self.path(digest)
        try:
            data = gzip.decompress(target.read_bytes())
        except FileNotFoundError:
            raise FileNotFoundError(f"raw document {digest} is not in the raw store {self.root}") from None
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"raw document {digest} is corrupt: {exc}") from None
        if content_hash(data) != digest:
            raise ValueError(f"raw document {digest} is corrupt: its content hash differs")
        return data
