"""The raw store: content-addressed gzip files, atomic and idempotent."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from crawl.rawstore import RawStore


def test_round_trip_layout_and_idempotence(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    data = "<p>Über 6 gigawatts</p>".encode()
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    path = tmp_path / "raw" / digest[:2] / f"{digest}.gz"
    assert path.is_file() and gzip.decompress(path.read_bytes()) == data
    first_bytes = path.read_bytes()
    assert store.put(data) == digest  # the same bytes again: same key, file untouched
    assert path.read_bytes() == first_bytes
    assert store.get(digest) == data and store.has(digest)
    files = [p for p in (tmp_path / "raw").rglob("*") if p.is_file()]
    assert files == [path]  # no temporary file left behind


def test_two_documents_two_files(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    a, b = store.put(b"a"), store.put(b"b")
    assert a != b and store.get(a) == b"a" and store.get(b) == b"b"


def test_missing_corrupt_and_bad_keys(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    absent = hashlib.sha256(b"never stored").hexdigest()
    assert not store.has(absent)
    with pytest.raises(FileNotFoundError, match="not in the raw store"):
        store.get(absent)
    digest = store.put(b"original")
    store.path(digest).write_bytes(gzip.compress(b"tampered"))
    with pytest.raises(ValueError, match="corrupt"):
        store.get(digest)
    store.path(digest).write_bytes(b"not gzip")
    with pytest.raises(ValueError, match="corrupt"):
        store.get(digest)
    with pytest.raises(ValueError, match="not a sha256"):
        store.get("../../etc/passwd")
