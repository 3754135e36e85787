from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings, get_settings
from tests.warehouse.batches import consolidate, day1_batch, day2_batch
from warehouse.load import load_batch
from warehouse.snapshot import publish_snapshot


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings pointed at a fresh data directory (warehouse, snapshot and history file inside it)."""
    monkeypatch.setenv("INFRADEALS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INFRADEALS_DB_PATH", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh.duckdb"


@pytest.fixture
def published(settings: Settings) -> Settings:
    """Both days loaded into the configured warehouse and the snapshot published."""
    load_batch(settings.warehouse_path, day1_batch(), consolidate)
    load_batch(settings.warehouse_path, day2_batch(), consolidate)
    publish_snapshot(settings.warehouse_path, settings.snapshot_path)
    return settings
