"""What the warehouse remembers for the next run: conditional-GET state and documents to re-extract."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from core.records import DocumentRecord, FetchState
from warehouse.db import as_utc, connect
from warehouse.sqlfiles import statement

REEXTRACT_CHUNK = 256


def fetch_states(db_path: Path) -> dict[str, FetchState]:
    """URL -> the latest ETag, Last-Modified and content hash seen for it; {} when there is no warehouse yet.

    Opens the warehouse read-only, so call it where no load is running (the flow does, before fetching).
    """
    if not db_path.exists():
        return {}
    with connect(db_path, read_only=True) as con:
        rows = con.execute(statement("state", "fetch_states")).fetchall()
    return {
        str(url): FetchState(url=str(url), etag=etag, last_modified=last_modified, content_hash=content_hash)
        for url, etag, last_modified, content_hash in rows
    }


def documents_for_reextract(db_path: Path, since: date | None = None) -> Iterator[DocumentRecord]:
    """The current version of every document published on or after `since` (a document without a published
    date counts from the day it was first seen), in doc_id order.

    Read in chunks, each on its own short read-only connection: no connection stays open between chunks, so
    the caller may load into the warehouse while iterating.
    """
    after = ""
    while db_path.exists():
        with connect(db_path, read_only=True) as con:
            params = {"since": since, "after": after, "chunk": REEXTRACT_CHUNK}
            cur = con.execute(statement("state", "current_documents"), params)
            names = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
        for row in rows:
            record = dict(zip(names, row, strict=True))
            record["fetched_at"] = as_utc(record["fetched_at"])
            yield DocumentRecord(**record)
        if len(rows) < REEXTRACT_CHUNK:
            return
        after = str(rows[-1][0])
