"""The capacity catalogue's version: a content hash of every data file the model reads, so an estimate can name
the exact catalogue that produced it and a recalibration is a new version without anyone bumping a number."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from analytics.capacity.assumptions import ASSUMPTIONS_YML, SUPPLIERS_YML
from analytics.capacity.catalogue import HARDWARE_CSV, SOURCES_CSV

CATALOGUE_FILES: tuple[Path, ...] = (HARDWARE_CSV, SOURCES_CSV, ASSUMPTIONS_YML, SUPPLIERS_YML)


def catalogue_version(files: Iterable[Path] = CATALOGUE_FILES) -> str:
    """'cat-' + the first 12 hex digits of sha256 over each file's name and bytes, in the given order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return "cat-" + digest.hexdigest()[:12]
