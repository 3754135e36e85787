"""Deal truth gate: the sample newsroom's warehouse, built by the nightly flow, scored against
samples/manifest.yml; every figure at or above eval/sample-floors.json (floors only go up, ceilings down)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import REPO_ROOT
from infradeals.commands._sample_truth import below_floors, build_sample_warehouse, score_warehouse

FLOORS = json.loads((REPO_ROOT / "eval" / "sample-floors.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_the_sample_warehouse_holds_its_floors(tmp_path: Path) -> None:
    report = score_warehouse(build_sample_warehouse(tmp_path))
    assert report.n_gold == 33  # the manifest's distinct deals
    assert below_floors(report, FLOORS) == [], report.model_dump_json(indent=1)


def test_the_floors_name_every_figure_within_bounds() -> None:
    assert set(FLOORS) == {"precision", "recall", "f1", "duplicates", "swapped"}
    assert all(0 <= FLOORS[m] <= 1 for m in ("precision", "recall", "f1"))
    assert all(FLOORS[c] >= 0 for c in ("duplicates", "swapped"))
