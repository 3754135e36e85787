"""Versioned migrations: an empty database and every earlier version reach the same, recorded schema."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.errors import WarehouseError
from core.settings import Settings
from infradeals.cli import main
from warehouse.migrate import MIGRATIONS_DIR, current_version, discover, migrate, pending

OURS = ("documents", "document_versions", "fetch_log", "facts", "mentions", "doc_relevance", "organisations")
OURS_MARTS = ("org_aliases", "deals", "deal_parties", "deal_sources", "run_log", "failures")


def schema(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    cols = con.execute(
        """
        SELECT c.table_name, c.column_index, c.column_name, c.data_type, c.is_nullable, c.comment, t.comment
        FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
        WHERE c.database_name = current_database()
        ORDER BY 1, 2
        """
    ).fetchall()
    return cols


def test_empty_database_gets_every_migration_recorded(db_path: Path) -> None:
    files = discover()
    with duckdb.connect(str(db_path)) as con:
        applied = migrate(con)
        rows = con.execute(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version"
        ).fetchall()
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert [m.version for m in applied] == [m.version for m in files]
    assert rows == [(m.version, m.name, m.checksum) for m in files]
    assert set(OURS + OURS_MARTS) <= tables
    assert [m.label for m in files[:2]] == ["0001_raw_staging", "0002_marts"]


def test_every_table_and_column_has_a_comment(db_path: Path) -> None:
    with duckdb.connect(str(db_path)) as con:
        migrate(con)
        missing = [
            f"{table}.{column}"
            for table, _, column, _, _, comment, tcomment in schema(con)
            if not comment or not tcomment
        ]
    assert missing == []


def test_units_are_stated_for_figures(db_path: Path) -> None:
    with duckdb.connect(str(db_path)) as con:
        migrate(con)
        comments = dict(
            con.execute(
                "SELECT table_name || '.' || column_name, comment FROM duckdb_columns() "
                "WHERE column_name IN ('amount_usd', 'power_mw', 'value')"
            ).fetchall()
        )
    assert "USD" in comments["deals.amount_usd"] and "MW" in comments["deals.power_mw"]
    assert "USD" in comments["facts.value"] and "MW" in comments["facts.value"]


@pytest.mark.parametrize("version", [0, *[m.version for m in discover()][:-1]])
def test_every_earlier_version_upgrades_to_the_same_schema(tmp_path: Path, version: int) -> None:
    with duckdb.connect(str(tmp_path / "fresh.duckdb")) as con:
        migrate(con)
        expected = schema(con)
    with duckdb.connect(str(tmp_path / "old.duckdb")) as con:
        migrate(con, target=version)
        assert current_version(con) == version
        if version >= 1:  # a row written at the old version survives the upgrade
            con.execute(
                "INSERT INTO documents VALUES "
                "('d1', 's', 'http://x.example/a', NULL, 'A', NULL, ?, ?, 'h', 1, "
                "DATE '2026-06-01', ?)",
                [datetime(2026, 6, 1), datetime(2026, 6, 1), datetime(2026, 6, 1)],
            )
        later = migrate(con)
        assert [m.version for m in later] == [m.version for m in discover() if m.version > version]
        assert schema(con) == expected
        if version >= 1:
            assert con.execute("SELECT doc_id, title FROM documents").fetchall() == [("d1", "A")]
        assert migrate(con) == []


def _copy_migrations(tmp_path: Path, upto: int) -> Path:
    directory = tmp_path / "migrations"
    directory.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if int(path.name[:4]) <= upto:
            (directory / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return directory


def test_an_edited_applied_migration_is_refused(tmp_path: Path, db_path: Path) -> None:
    directory = _copy_migrations(tmp_path, 1)
    with duckdb.connect(str(db_path)) as con:
        migrate(con, migrations=discover(directory))
        first = directory / "0001_raw_staging.sql"
        first.write_text(first.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
        with pytest.raises(WarehouseError, match="edited after it was applied"):
            pending(con, discover(directory))


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path, db_path: Path) -> None:
    directory = _copy_migrations(tmp_path, 1)
    with duckdb.connect(str(db_path)) as con:
        migrate(con, target=2)
        with pytest.raises(WarehouseError, match="unknown to this code"):
            pending(con, discover(directory))


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path, db_path: Path) -> None:
    directory = _copy_migrations(tmp_path, 1)
    (directory / "0002_broken.sql").write_text(
        "CREATE TABLE half_done (a INTEGER);\nCREATE TABLE broken (a NO_SUCH_TYPE);\n", encoding="utf-8"
    )
    with duckdb.connect(str(db_path)) as con:
        with pytest.raises(WarehouseError, match="migration 0002_broken failed"):
            migrate(con, migrations=discover(directory))
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert current_version(con) == 1
    assert "documents" in tables and "half_done" not in tables


def test_two_files_with_one_number_are_refused(tmp_path: Path) -> None:
    directory = _copy_migrations(tmp_path, 1)
    (directory / "0001_other.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(WarehouseError, match="two migrations numbered 0001"):
        discover(directory)


def test_applied_at_is_recorded(db_path: Path) -> None:
    before = datetime.now(UTC).replace(tzinfo=None)
    with duckdb.connect(str(db_path)) as con:
        migrate(con)
        stamps = [r[0] for r in con.execute("SELECT applied_at FROM schema_migrations").fetchall()]
    assert stamps and all(s >= before for s in stamps)


def test_migrate_command_creates_upgrades_and_reports(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = [m.label for m in discover()]
    assert main(["migrate", "--status"]) == 0
    assert [line.split() for line in capsys.readouterr().out.splitlines()[1:]] == [
        [x, "pending"] for x in labels
    ]
    assert main(["migrate"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[: len(labels)] == [f"applied {x}" for x in labels]
    assert settings.snapshot_path.exists() and settings.warehouse_path.exists()
    assert main(["migrate"]) == 0
    assert "(up to date)" in capsys.readouterr().out
    assert main(["migrate", "--status"]) == 0
    assert [line.split() for line in capsys.readouterr().out.splitlines()] == [[x, "applied"] for x in labels]
