"""The backfill: its parameters (the UI form), the partition table, and the flow on the sample newsroom."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect import flow, task
from pydantic import ValidationError

import flows.backfill as backfill_module
from core.errors import InfradealsError
from flows import progress
from flows.backfill import backfill
from flows.params import BackfillParams, today_utc
from flows.pipeline import process as real_process
from infradeals.cli import main
from reports.backfill import BackfillSummary
from warehouse.partitions import mark_partitions, partition_states

START, END = date(2025, 9, 16), date(2025, 9, 22)
WINDOW = BackfillParams(start_date=START, end_date=END)
DAYS = [START + timedelta(days=i) for i in range(7)]
LOG_TABLES = {"fetch_log", "run_log", "failures", "schema_migrations", "backfill_partitions"}


# --- parameters ---------------------------------------------------------------------------------------------


def test_empty_dates_resolve_when_the_run_starts() -> None:
    params = BackfillParams()
    assert params.start_date is None and params.end_date is None  # nothing resolved at creation
    assert params.window(today=date(2025, 9, 23)) == (START, END)
    assert BackfillParams(end_date=END).window(today=date(2026, 1, 1)) == (START, END)
    assert BackfillParams(start_date=date(2025, 9, 20), end_date=END).days()[0] == date(2025, 9, 20)
    assert len(params.days()) == 7 and params.days()[-1] == today_utc() - timedelta(days=1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_date": END, "end_date": START}, "start_date 2025-09-22 is after end_date 2025-09-16"),
        ({"end_date": today_utc() + timedelta(days=1)}, "is in the future"),
        ({"start_date": today_utc() + timedelta(days=3)}, "is after end_date"),
        ({"force_refetch": True, "reextract_only": True}, "not both"),
        ({"start": START}, "Extra inputs are not permitted"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BackfillParams(**fields)


def test_the_run_form_has_typed_described_fields_and_no_frozen_dates() -> None:
    schema = backfill.parameters.model_dump()
    form = schema["definitions"]["BackfillParams"]["properties"]
    assert form["start_date"] == {
        "type": "string",
        "format": "date",
        "title": "Start date",
        "description": form["start_date"]["description"],
    }
    assert form["end_date"]["format"] == "date" and "yesterday" in form["end_date"]["description"]
    assert form["sources"]["type"] == "array" and form["force_refetch"]["type"] == "boolean"
    assert all(field["description"] for field in form.values())
    assert "start_date" not in schema["properties"]["params"]["default"]  # empty: resolved at run time
    assert schema.get("required", []) == []  # "Quick run" works: the last 7 days


def test_cli_refuses_a_reversed_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backfill", "--start", "2025-09-22", "--end", "2025-09-16"]) == 2
    assert "start_date 2025-09-22 is after end_date 2025-09-16" in capsys.readouterr().err


# --- the partition table ------------------------------------------------------------------------------------


def test_partition_rows_are_upserted_per_day_and_source(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    assert partition_states(db, DAYS[:2], ["a"]) == {(DAYS[0], "a"): "pending", (DAYS[1], "a"): "pending"}
    mark_partitions(db, [{"day": DAYS[0], "source": "a", "status": "running", "flow_run_id": "r1"}])
    mark_partitions(
        db,
        [
            {"day": DAYS[0], "source": "a", "status": "done", "items": 3, "deals": 2, "flow_run_id": "r1"},
            {"day": DAYS[0], "source": "b", "status": "failed", "error": "boom", "flow_run_id": "r1"},
            {"day": DAYS[1], "source": "a", "status": "done", "flow_run_id": "r1"},
        ],
    )
    states = partition_states(db, DAYS[:3], ["a", "b"])
    assert states[(DAYS[0], "a")] == "done" and states[(DAYS[0], "b")] == "failed"
    assert states[(DAYS[1], "b")] == "pending" and states[(DAYS[2], "a")] == "pending"
    with duckdb.connect(str(db)) as con:
        assert con.execute("SELECT count(*), sum(items) FROM backfill_partitions").fetchone() == (3, 3)
        with pytest.raises(duckdb.ConstraintException):
            con.execute(
                "INSERT INTO backfill_partitions VALUES (?, 'c', 'lost', 0, 0, 0, NULL, NULL, NULL, now())",
                [DAYS[0]],
            )


# --- the flow on the sample newsroom ------------------------------------------------------------------------


def table_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {
            n: sorted(con.sql(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
            if n not in LOG_TABLES
        }


def partition_rows(db: Path) -> dict[tuple[date, str], tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("SELECT day, source, status, items, documents, deals, error FROM backfill_partitions")
        return {(r[0], r[1]): r[2:] for r in rows.fetchall()}


@pytest.mark.usefixtures("prefect_harness")
def test_backfill_records_partitions_retries_failures_and_skips_done_days(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = data_dir / "infradeals.duckdb"

    def failing_on_the_18th(items: list[Any], *args: Any, **kwargs: Any) -> Any:
        if any(i.published == date(2025, 9, 18) for i in items):
            raise RuntimeError("simulated outage on the 18th")
        return real_process(items, *args, **kwargs)

    monkeypatch.setattr(backfill_module, "process", failing_on_the_18th)
    with pytest.raises(
        InfradealsError, match=r"1 failed.*simulated outage on the 18th.*Run the same window again"
    ):
        backfill(WINDOW)
    rows = partition_rows(db)
    assert {day for day, _ in rows} == set(DAYS)
    failed = {k: v for k, v in rows.items() if v[0] == "failed"}
    assert failed and {day for day, _ in failed} == {date(2025, 9, 18)}
    assert all(rows[k][1] > 0 for k in failed)  # only the day's sources with items went through the load
    assert all(v[-1] == "simulated outage on the 18th" for v in failed.values())
    assert all(v[0] == "done" for k, v in rows.items() if k not in failed)

    monkeypatch.setattr(backfill_module, "process", real_process)
    retried = backfill(WINDOW)
    assert {p.day for p in retried.partitions if p.status == "done"} == {date(2025, 9, 18)}
    assert retried.days_with("skipped") == [d for d in DAYS if d != date(2025, 9, 18)]
    rows = partition_rows(db)
    assert all(v[0] == "done" and v[-1] is None for v in rows.values())
    assert partition_rows(data_dir / "infradeals.read.duckdb") == rows  # published after the last update
    assert sum(v[1] for v in rows.values()) >= 3 and sum(v[3] for v in rows.values()) >= 1
    before = table_contents(db)
    assert before["deals"]

    again = backfill(WINDOW)
    assert again.days_with("skipped") == DAYS and again.new_deals == []
    assert table_contents(db) == before and partition_rows(db) == rows

    reextracted = backfill(WINDOW.model_copy(update={"reextract_only": True}))
    assert reextracted.mode == "reextract" and reextracted.failed == []
    assert {(p.day, p.source) for p in reextracted.partitions} == {k for k, v in rows.items() if v[2] > 0}
    assert partition_rows(db) == rows  # same extractor: same counts; items kept
    assert partition_rows(data_dir / "infradeals.read.duckdb") == rows
    assert table_contents(db) == before


@pytest.mark.usefixtures("prefect_harness")
def test_a_source_filter_marks_only_that_source(data_dir: Path) -> None:
    summary = backfill(
        BackfillParams(start_date=date(2025, 9, 22), end_date=date(2025, 9, 22), sources=["dcledger"])
    )
    assert isinstance(summary, BackfillSummary) and summary.sources == ["dcledger"]
    assert set(partition_rows(data_dir / "infradeals.duckdb")) == {(date(2025, 9, 22), "dcledger")}
    with pytest.raises(InfradealsError, match="unknown source"):
        backfill(BackfillParams(start_date=START, end_date=END, sources=["nosuch"]))


# --- feedback -----------------------------------------------------------------------------------------------


@task(name="extract")
def fake_extract(n: int) -> int:
    return n


@flow
def three_extracts() -> None:
    for i in range(3):
        fake_extract(i)
    progress.expect("days", 2)
    progress.advance("days", 2)


@pytest.mark.usefixtures("prefect_harness")
def test_progress_counts_task_runs_only_on_a_terminal() -> None:
    with progress.cli_progress(stream=io.StringIO()) as none:  # not a terminal: no display
        three_extracts()
    assert none is None
    stream = io.StringIO()
    handlers = {id(h): h.console for h in logging.getLogger().handlers if hasattr(h, "console")}
    with progress.cli_progress(enabled=True, stream=stream) as shown:
        assert shown is not None
        three_extracts()
    rows = {t.description: t for t in shown.progress.tasks}
    assert rows["extract"].completed == 3 and rows["days"].completed == rows["days"].total == 2
    assert "extract" in stream.getvalue() and "days" in stream.getvalue()
    assert {id(h): h.console for h in logging.getLogger().handlers if hasattr(h, "console")} == handlers
    progress.advance("days")  # no display: a no-op
