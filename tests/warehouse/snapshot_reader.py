"""Subprocess for the snapshot test: holds one read-only connection to a snapshot and answers each stdin
line with the counts it sees through that same connection."""

from __future__ import annotations

import json
import sys

import duckdb

COUNTS = """
SELECT (SELECT count(*) FROM document_versions) AS versions,
       (SELECT count(*) FROM deal_sources) AS deal_sources,
       (SELECT count(*) FROM run_log) AS runs
"""


def counts(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute(COUNTS).fetchone()
    assert row is not None
    return json.dumps({"versions": row[0], "deal_sources": row[1], "runs": row[2]})


if __name__ == "__main__":
    with duckdb.connect(sys.argv[1], read_only=True) as con:
        print(counts(con), flush=True)
        for _ in sys.stdin:
            print(counts(con), flush=True)
