"""Stable ids: hashes of raw source values, never of cleaned text, so a better cleaner does not rekey history."""

from __future__ import annotations

import hashlib


def make_id(*parts: object, length: int = 16) -> str:
    """A stable id: the hash of raw source values (never of cleaned text)."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]
