"""`make server` end to end: a real Prefect server on 127.0.0.1, the deployments of prefect.yaml, a worker,
and the backfill deployment triggered through the REST API the way the UI's custom run does it.

Marked `server` (deselect with -m 'not server'). Everything runs in temporary directories; `scripts/server.sh
stop` must leave no process behind.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOW = {"start_date": "2025-09-16", "end_date": "2025-09-22"}
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# Logs grow with every run; every other table must not change when a done window runs again.
LOG_TABLES = {"fetch_log", "run_log", "failures", "schema_migrations", "backfill_partitions"}

pytestmark = pytest.mark.server


@dataclass
class Server:
    api: httpx.Client
    env: dict[str, str]
    run_dir: Path
    db: Path

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """One API request; a 503 (the server's SQLite was busy: retryable) is retried, as Prefect's client does."""
        for _ in range(20):
            response = self.api.request(method, path, json=body)
            if response.status_code != 503:
                return response
            time.sleep(0.5)
        return response

    def get(self, path: str) -> Any:
        return self.call("GET", path).raise_for_status().json()

    def backfill_id(self) -> str:
        return str(self.get("/deployments/name/backfill/backfill")["id"])

    def create_run(self, parameters: dict[str, Any]) -> httpx.Response:
        return self.call(
            "POST", f"/deployments/{self.backfill_id()}/create_flow_run", {"parameters": parameters}
        )

    def wait(self, run_id: str, timeout_s: float = 240) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            run: dict[str, Any] = self.get(f"/flow_runs/{run_id}")
            if run["state_type"] in TERMINAL:
                return run
            time.sleep(1)
        logs = "\n".join((self.run_dir / f"{n}.log").read_text()[-3000:] for n in ("worker", "server"))
        raise AssertionError(f"flow run {run_id} did not finish in {timeout_s} s; logs:\n{logs}")

    def artifacts(self, run_id: str) -> dict[str, dict[str, Any]]:
        body = {"artifacts": {"flow_run_id": {"any_": [run_id]}}}
        return {a["key"]: a for a in self.call("POST", "/artifacts/filter", body).raise_for_status().json()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment holds `marker` (KEY=value)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker.encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def script(action: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/server.sh", action], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "INFRADEALS_"))}
    env |= {
        "INFRADEALS_SERVER_PORT": str(port),
        "INFRADEALS_SERVER_DIR": str(base / "run"),
        "INFRADEALS_DATA_DIR": str(base / "data"),
        "PREFECT_HOME": str(base / "prefect"),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_API_LOG_RETRYABLE_ERRORS": "true",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    marker = f"INFRADEALS_SERVER_DIR={base / 'run'}"
    started = script("start", env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api", timeout=30) as api:
            yield Server(api=api, env=env, run_dir=base / "run", db=base / "data" / "infradeals.duckdb")
    finally:
        pids = [int(p.read_text()) for p in (base / "run").glob("*.pid")]
        stopped = script("stop", env)
    assert stopped.returncode == 0, stopped.stderr
    assert pids and not any(Path(f"/proc/{p}").exists() for p in pids)
    assert processes_with(marker) == [], "server.sh stop left processes running"
    assert not list((base / "run").glob("*.pid"))


def table_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {
            n: sorted(con.sql(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
            if n not in LOG_TABLES
        }


def partitions(db: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(
            "SELECT day, source, status, items, deals FROM backfill_partitions ORDER BY 1, 2"
        ).fetchall()


def test_backfill_form_schema_is_typed_and_described(server: Server) -> None:
    deployment = server.get(f"/deployments/{server.backfill_id()}")
    schema = deployment["parameter_openapi_schema"]
    assert deployment["enforce_parameter_schema"] is True
    assert deployment["parameters"] == {}  # nothing frozen at deploy time
    form = schema["definitions"]["BackfillParams"]
    fields = form["properties"]
    assert {"start_date", "end_date", "sources", "force_refetch", "reextract_only"} <= set(fields)
    assert fields["start_date"]["type"] == "string" and fields["start_date"]["format"] == "date"
    assert fields["force_refetch"]["type"] == "boolean"
    assert all(f.get("description") for f in fields.values())
    default = schema["properties"]["params"]["default"]
    assert "end_date" not in default and None not in default.values()  # resolved at run time; no nulls


def test_backfill_through_the_api_is_resumable_and_refuses_bad_windows(server: Server) -> None:
    first = server.create_run({"params": WINDOW})
    assert first.status_code == 201, first.text
    run = server.wait(first.json()["id"])
    assert run["state_type"] == "COMPLETED", run["state"]["message"]
    assert run["name"] == "backfill 2025-09-16..2025-09-22"

    rows = partitions(server.db)
    days = {r[0] for r in rows}
    assert len(days) == 7 and all(r[2] == "done" for r in rows)
    assert sum(r[3] for r in rows) > 0 and sum(r[4] for r in rows) > 0
    before = table_contents(server.db)
    assert before["deals"], "the backfill loaded no deal"
    artifacts = server.artifacts(run["id"])
    assert {"infradeals-backfill-summary", "infradeals-backfill-new-deals"} <= set(artifacts)
    assert "2025-09-22" in artifacts["infradeals-backfill-summary"]["data"]

    # the same window again, and a window whose end is before its start, side by side on the worker
    again = server.create_run({"params": WINDOW})
    bad = server.create_run({"params": {"start_date": "2025-09-22", "end_date": "2025-09-16"}})
    assert again.status_code == 201 and bad.status_code == 201  # the schema cannot compare two dates
    second, refused = server.wait(again.json()["id"]), server.wait(bad.json()["id"])
    assert second["state_type"] == "COMPLETED", second["state"]["message"]
    assert table_contents(server.db) == before
    assert partitions(server.db) == rows
    assert "7 already done (skipped)" in server.artifacts(second["id"])["infradeals-backfill-summary"]["data"]

    assert refused["state_type"] == "FAILED"
    message = refused["state"]["message"]
    assert "start_date 2025-09-22 is after end_date 2025-09-16" in message, message

    # what the schema can check, the server refuses at creation: an unknown field, a wrong type
    for params in ({**WINDOW, "start": "2025-09-16"}, {**WINDOW, "force_refetch": "yes"}):
        refused_now = server.create_run({"params": params})
        assert refused_now.status_code == 409, refused_now.text
        assert "Validation failed" in refused_now.text or "Error creating flow run" in refused_now.text
